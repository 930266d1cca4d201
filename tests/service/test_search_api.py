"""The HTTP API on the small real index: search, health, problem+json errors, and eval parity."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

from evals.backends import HttpBackend, InProcessBackend
from service.app import create_app
from service.state import ServiceState


@pytest.fixture(scope="module")
def app(small_index):
    state = ServiceState.around(small_index["settings"], small_index["registry"], small_index["store"], small_index["encoder"])
    return create_app(small_index["settings"], small_index["registry"], state)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as test_client:
        yield test_client


def test_search_returns_pinpoint_citations(client):
    response = client.get("/v1/search", params={"q": "UNTOC 18(15)", "k": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["hits"][0]["label"] == "UNTOC art. 18(15)" and body["hits"][0]["match"] == "exact"
    assert body["analysis"]["instrument_ids"] == ["BWBV0001668"]


def test_filters_and_history(client):
    response = client.get("/v1/search", params=[("q", "And in which language?"), ("history", "What does the European Convention on Extradition require?"),
                                                ("language", "en"), ("k", "5")])
    hits = response.json()["hits"]
    assert response.status_code == 200 and {h["instrument_id"] for h in hits} == {"BWBV0001010"}


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"q": ""}, 422, "invalid-request"),
        ({"q": "x" * 2001}, 422, "invalid-request"),
        ({"q": "   "}, 422, "invalid-request"),
        ({"q": "a\x00b"}, 422, "invalid-request"),
        ({"q": "extradition", "k": 0}, 422, "invalid-request"),
        ({"q": "extradition", "retriever": "magic"}, 422, "invalid-request"),
        ({"q": "extradition", "language": "xx"}, 422, "invalid-request"),
        ({"q": "extradition", "instrument": "Treaty of Nowhere"}, 404, "not-found"),
    ],
)
def test_bad_input_is_problem_json(client, params, status, code):
    response = client.get("/v1/search", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == f"urn:palermo:problem:{code}" and body["status"] == status and body["detail"]


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok", "points": None, "warnings": []}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["points"] > 500 and ready["warnings"] == []


def test_unknown_route_is_problem_json(client):
    response = client.get("/v1/nothing")
    assert response.status_code == 404 and response.json()["type"] == "urn:palermo:problem:http-404"


@pytest.mark.enable_socket
def test_eval_over_http_gives_the_same_rankings_and_answers_as_in_process(app, small_index):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        http = HttpBackend(f"http://127.0.0.1:{port}")
        local = InProcessBackend(app.state.palermo.retriever)
        for question, history in (("What does paragraph 21 of the 2024 report say?", []),
                                  ("Can bank secrecy justify refusing assistance?", []),
                                  ("And which language?", ["What does the European Convention on Extradition require?"])):
            for mode in ("hybrid", "bm25"):
                assert http.search(question, history, 10, mode).labels == local.search(question, history, 10, mode).labels
        answering = InProcessBackend(app.state.palermo.retriever, app.state.palermo.answerer)
        for question in ("What must a request under UNTOC 18(15) contain?", "What is the fax number of Eurojust?"):
            over_http, in_process = http.ask(question, ()), answering.ask(question, ())
            assert over_http.labels == in_process.labels and over_http.text == in_process.text
            assert over_http.abstained == in_process.abstained
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.parametrize("question", [
    "extradition",                                                   # one word
    " ".join(["mutual legal assistance bank secrecy"] * 80),         # long (about 1,900 characters)
    "?!... ;;; ---",                                                 # only punctuation
    "Can 引渡 be refused под предлогом political offence السياسية?",   # mixed scripts
])
def test_odd_questions_get_an_answer_or_a_4xx_never_a_500(client, question):
    for path, params in (("/v1/search", {"q": question, "k": 5}), ("/v1/search", {"q": question, "language": "xx"})):
        response = client.get(path, params=params)
        assert response.status_code in (200, 422), response.text
    response = client.post("/v1/ask", json={"question": question})
    assert response.status_code in (200, 422), response.text


def test_a_4000_word_question_is_refused_with_422(client):
    response = client.get("/v1/search", params={"q": " ".join(["word"] * 4000)})
    assert response.status_code == 422 and response.headers["content-type"].startswith("application/problem+json")
