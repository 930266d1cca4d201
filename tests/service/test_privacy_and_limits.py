"""Confidentiality and browser policy of the real app: what a request carries never reaches the logs (a
full run over real HTTP, logging at DEBUG, uvicorn's access log on: questions, conversation history, draft
facts, documents, translations), API keys are never logged, CORS is
closed by default, security headers on every response; per-key rate limits answer 429 + Retry-After."""

from __future__ import annotations

import logging

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from corpora.errors import ConfigurationError
from corpora.log_privacy import uvicorn_log_config
from service.app import create_app
from service.state import ServiceState
from service.translation import Translator
from tests.live_server import LiveServer
from ui.client import PalermoClient
from tests.translation.tiny_package import PAIRS, tiny_package

SECRETS = {
    "question": "Quorblax Vantrell extradition wire fraud Zyphos",
    "history": "Mellivant Ostrakov was arrested in Drummoor",
    "search": "Plenthorax Quibbleton bank secrecy",
    "translate": "De minister Kwartelbeek zendt het verzoek.",
    "document": "De rechtbank Zonderveld weigert het verzoek.",
    "api_key": "key-Vortigern-5f3a9c",
    "ui_question": "Thraxendor Velloquist asset freezing",
    "draft_facts": "Oskarine Blauwhoven moved funds through Frellmarket Holdings",
    "file_name": "Zwanenburcht-dossier",
    "ui_lookup": "Grimsvaldheim",
}


def _app(small_index, **update):
    settings = small_index["settings"].model_copy(update=update)
    state = ServiceState.around(settings, small_index["registry"], small_index["store"], small_index["encoder"])
    return create_app(settings, small_index["registry"], state)


@pytest.fixture
def everything_logged(caplog):
    """Every log record of every logger at DEBUG, uvicorn's own (non-propagating) loggers included."""
    caplog.set_level(logging.DEBUG)
    names = ("uvicorn", "uvicorn.error", "uvicorn.access")
    for name in names:
        logging.getLogger(name).addHandler(caplog.handler)
    yield caplog
    for name in names:
        logging.getLogger(name).removeHandler(caplog.handler)


@pytest.mark.enable_socket
def test_a_full_run_leaves_no_request_content_in_the_logs(small_index, tmp_path, everything_logged, capfd):
    packages = tmp_path / "argos"
    translator = Translator(small_index["settings"].model_copy(update={"argos_packages_dir": packages}))
    for pair in PAIRS:
        translator.install_package(tiny_package(*pair.split("-")))
    app = _app(small_index, argos_packages_dir=packages, api_keys=[SECRETS["api_key"]], access_log=True)
    options = {"log_level": "debug", "access_log": True, "log_config": uvicorn_log_config(uvicorn.config.LOGGING_CONFIG)}
    key = {"X-API-Key": SECRETS["api_key"]}
    with LiveServer(app, **options) as server, httpx.Client(base_url=server.url, timeout=60, headers=key) as http:
        assert http.post("/v1/ask", json={"question": SECRETS["question"]}).status_code == 200
        chat = {"question": "And for mutual legal assistance?",
                "history": [{"role": "user", "content": SECRETS["history"]}, {"role": "assistant", "content": "Noted."}]}
        assert http.post("/v1/ask", json=chat).status_code == 200
        assert http.post("/v1/ask/stream", json={"question": SECRETS["question"]}).status_code == 200
        assert http.get("/v1/search", params={"q": SECRETS["search"], "history": SECRETS["history"]}).status_code == 200
        assert http.post("/v1/translate", json={"q": SECRETS["translate"], "source": "nl", "target": "en"}).status_code == 200
        upload = http.post("/v1/translate/file", data={"target": "en", "source": "nl"},
                           files={"file": ("verzoek.txt", SECRETS["document"].encode())})
        assert upload.status_code == 200
        assert http.post("/v1/ask", json={"question": SECRETS["question"] * 400}).status_code == 422  # an error too
        assert http.get("/v1/search", params={"q": "x"}, headers={"X-API-Key": SECRETS["api_key"] + "-wrong"}).status_code == 401
        libre = http.post("/translate_file", data={"source": "nl", "target": "en"},
                          files={"file": (f"{SECRETS['file_name']}.txt", SECRETS["document"].encode())})
        assert http.get(libre.json()["translatedFileUrl"]).status_code == 200  # its name is in the download path
        draft = {"requesting_state": "Netherlands", "requested_state": "Belgium", "kind": "mutual_legal_assistance",
                 "offence": "money laundering", "facts": SECRETS["draft_facts"]}
        assert http.post("/v1/drafts", json=draft).status_code == 200
        web = PalermoClient(server.url, SECRETS["api_key"])  # the web interface's client (httpx logs its URLs)
        assert web.ask(SECRETS["ui_question"])["answer"] and web.instruments(q=SECRETS["ui_lookup"]) == []
    out, err = capfd.readouterr()
    logged = "\n".join([everything_logged.text, out, err])
    assert "GET /v1/search?[query removed]" in logged and "POST /v1/translate/file" in logged  # the access log ran
    assert "/v1/instruments?[query removed]" in logged  # and httpx's request log
    leaked = [name for name, secret in SECRETS.items()
              if secret in logged or any(word in logged for word in secret.split() if len(word) > 8)]
    assert not leaked, [line for line in logged.splitlines() if any(w in line for n in leaked for w in SECRETS[n].split("-"))][:5]


def test_cors_is_closed_by_default_and_opens_per_origin(small_index):
    preflight = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"}
    with TestClient(_app(small_index)) as closed:
        response = closed.options("/v1/search?q=x", headers=preflight)
        assert "access-control-allow-origin" not in response.headers
        assert "access-control-allow-origin" not in closed.get("/v1/search?q=x", headers={"Origin": preflight["Origin"]}).headers
    with TestClient(_app(small_index, cors_origins=["https://intranet.example"])) as open_:
        allowed = open_.options("/v1/search?q=x", headers={**preflight, "Origin": "https://intranet.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://intranet.example"
        assert "access-control-allow-origin" not in open_.options("/v1/search?q=x", headers=preflight).headers


def test_security_headers_on_every_response(small_index):
    with TestClient(_app(small_index, max_request_bytes=1_000)) as client:
        responses = [client.get("/healthz"), client.get("/v1/instruments"), client.get("/v1/nowhere"),
                     client.post("/v1/ask", content=b"x" * 5_000, headers={"content-type": "application/json"})]
        for response in responses:
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["referrer-policy"] == "no-referrer"
            assert response.headers["content-security-policy"].startswith("default-src 'none'")
            assert response.headers["cache-control"] == "no-store"
        assert [r.status_code for r in responses] == [200, 200, 404, 413]
        assert "frame-ancestors 'none'" == client.get("/docs").headers["content-security-policy"]


def test_rate_limit_answers_429_with_retry_after(small_index):
    app = _app(small_index, rate_limit="3/minute", api_keys=["k1", "k2"], api_host="0.0.0.0")
    with TestClient(app, client=("203.0.113.9", 4000)) as remote:
        statuses = [remote.get("/v1/instruments", headers={"X-API-Key": "k1"}).status_code for _ in range(3)]
        refused = remote.get("/v1/instruments", headers={"X-API-Key": "k1"})
        assert statuses == [200, 200, 200] and refused.status_code == 429
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert 1 <= int(refused.headers["retry-after"]) <= 60 and refused.json()["type"] == "urn:palermo:problem:rate-limited"
        assert remote.get("/v1/instruments", headers={"X-API-Key": "k2"}).status_code == 200  # per key
        assert remote.get("/healthz").status_code == 200  # probes are never limited
        invented = [remote.get("/v1/instruments", headers={"X-API-Key": f"guess-{n}"}).status_code for n in range(4)]
        assert invented == [401, 401, 401, 429]  # invented keys count against the address
        assert remote.get("/v1/search", params={"q": "x"}, headers={"X-API-Key": "clé".encode("latin-1")}).status_code == 429
    with TestClient(app, client=("127.0.0.1", 4000)) as local:  # loopback is not limited by default
        assert {local.get("/v1/instruments", headers={"X-API-Key": "k1"}).status_code for _ in range(5)} == {200}
        assert local.get("/v1/instruments", headers={"X-API-Key": "clé".encode("latin-1")}).status_code == 401  # not a 500
    with pytest.raises(ConfigurationError, match="PALERMO_RATE_LIMIT"):
        _app(small_index, rate_limit="often")
