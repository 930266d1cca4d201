"""Generative mode through llama-index's OpenAI-compatible client against a scripted local server:
the plumbing, the citation verifier on what comes back, and a server that is down."""

from __future__ import annotations

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.state import ServiceState

pytestmark = pytest.mark.enable_socket


class ScriptedModel(BaseHTTPRequestHandler):
    """Speaks /v1/chat/completions; answers with one supported sentence, one with a wrong figure,
    one citing a source that was never given and one without any citation."""

    def do_POST(self) -> None:  # noqa: N802 (http.server naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][-1]["content"]
        first_source = re.search(r"^\[1\] [^:]+: (.+?[.;:])", prompt, re.MULTILINE).group(1)
        content = (f"{first_source} [1]. The time limit is 17 days [1]. "
                   "States must always comply with every request [9]. Extradition is never refused.")
        reply = {"id": "x", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
                 "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
                 "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def scripted_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ScriptedModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def _client(small_index, **overrides) -> TestClient:
    settings = small_index["settings"].model_copy(update=overrides)
    state = ServiceState.around(settings, small_index["registry"], small_index["store"], small_index["encoder"])
    return TestClient(create_app(settings, small_index["registry"], state))


def test_verifier_keeps_only_supported_sentences(small_index, scripted_server):
    with _client(small_index, llm_base_url=scripted_server) as client:
        response = client.post("/v1/ask", json={"question": "What must a request under UNTOC 18(15) contain?",
                                                "mode": "generative"})
    body = response.json()
    assert response.status_code == 200 and body["mode"] == "generative"
    assert body["verifier"]["kept"] == 1 and body["verifier"]["rejected_citations"] == 1
    assert body["verifier"]["removed"] + body["verifier"]["flagged"] == 3
    texts = [s["text"] for s in body["sentences"] if not s["flagged"]]
    assert len(texts) == 1 and "17 days" not in " ".join(texts)
    assert any("[9]" in removed for removed in body["removed_sentences"])
    cited = {c["id"] for c in body["citations"]}
    assert all(cid in cited for s in body["sentences"] for cid in s["citation_ids"])


def test_unreachable_llm_server_is_503_and_extractive_still_works(small_index):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with _client(small_index, llm_base_url=f"http://127.0.0.1:{port}/v1", llm_timeout=5) as client:
        response = client.post("/v1/ask", json={"question": "UNTOC 18(15)", "mode": "generative"})
        assert response.status_code == 503 and response.headers["content-type"] == "application/problem+json"
        assert "the LLM did not answer" in response.json()["detail"]
        assert client.post("/v1/ask", json={"question": "UNTOC 18(15)"}).status_code == 200
