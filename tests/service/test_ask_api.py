"""POST /v1/ask, /v1/ask/stream and the source view on the small real index."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.state import ServiceState


@pytest.fixture(scope="module")
def client(small_index):
    state = ServiceState.around(small_index["settings"], small_index["registry"], small_index["store"], small_index["encoder"])
    with TestClient(create_app(small_index["settings"], small_index["registry"], state)) as test_client:
        yield test_client


def _ask(client, **body):
    response = client.post("/v1/ask", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_answer_quotes_the_provision_it_cites(client):
    body = _ask(client, question="What must a request for mutual legal assistance contain under the Palermo Convention?")
    assert not body["abstained"]
    labels = [c["label"] for c in body["citations"]]
    assert "UNTOC art. 18(15)" in labels
    cited = next(c for c in body["citations"] if c["label"] == "UNTOC art. 18(15)")
    assert "identity of the authority making the request" in cited["quote"]
    assert all(s["citation_ids"] for s in body["sentences"])  # every statement is cited
    ids = {c["id"] for c in body["citations"]}
    assert all(cid in ids for s in body["sentences"] for cid in s["citation_ids"])
    assert "[1]" in body["answer"] and body["timings_ms"]["total"] > 0


def test_abstains_on_what_the_corpus_cannot_hold(client):
    body = _ask(client, question="What is the e-mail address of the Dutch central authority for extradition?")
    assert body["abstained"] and "do not address this" in body["answer"]
    assert body["citations"] and all(c["role"] == "related" for c in body["citations"])
    body = _ask(client, question="What did the Conference of the Parties decide at its 2027 session?")
    assert body["abstained"] and "after 2024" in body["abstention_reason"]


def test_false_premise_is_corrected_first(client):
    body = _ask(client, question="Since provisional arrest under the European Convention on Extradition may last "
                                 "up to 90 days, how do we use that time?")
    assert body["premise_corrected"]
    assert body["sentences"][0]["kind"] == "premise" and "90" in body["sentences"][0]["text"]
    assert any(c["label"] == "ECE art. 16(4)" for c in body["citations"])


def test_follow_up_carries_the_instrument(client):
    body = _ask(client, question="And through which channel must the request be sent?",
                history=[{"role": "user", "content": "What must an extradition request under the European Convention on Extradition contain?"},
                         {"role": "assistant", "content": "Article 12 lists the documents."}])
    assert body["citations"][0]["instrument_id"] == "BWBV0001010"


def test_filters_restrict_the_sources(client):
    body = _ask(client, question="Can assistance be refused?", filters={"instruments": ["ETS 30"]})
    assert {c["instrument_id"] for c in body["citations"]} == {"BWBV0001009"}


def test_stream_sends_sentences_then_citations_then_done(client):
    with client.stream("POST", "/v1/ask/stream", json={"question": "UNTOC 18(15)"}) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        events = [line.split(": ", 1)[1] for line in response.iter_lines() if line.startswith("event: ")]
    assert events[0] == "sentence" and events[-2:] == ["citations", "done"]


def test_generative_mode_without_llm_is_503_and_extractive_keeps_working(client):
    response = client.post("/v1/ask", json={"question": "UNTOC 18(15)", "mode": "generative"})
    assert response.status_code == 503 and response.headers["content-type"] == "application/problem+json"
    assert "PALERMO_LLM_MODEL_PATH" in response.json()["detail"]
    assert client.post("/v1/ask", json={"question": "UNTOC 18(15)"}).status_code == 200


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"question": ""}, 422),
        ({"question": "   "}, 422),
        ({"question": "x" * 2001}, 422),
        ({"question": "\x00\x01\x02\x03binary"}, 422),
        ({"question": "extradition", "filters": {"colour": ["red"]}}, 422),
        ({"question": "extradition", "filters": {"topics": ["astrology"]}}, 422),
        ({"question": "extradition", "filters": {"instruments": ["Treaty of Nowhere"]}}, 404),
        ({"question": "extradition", "history": "not a list"}, 422),
        ({"question": "extradition", "history": [{"role": "judge", "content": "x"}]}, 422),
        ({"question": "extradition", "mode": "oracle"}, 422),
        ({"question": "extradition", "k": 0}, 422),
        ({"q": "wrong field"}, 422),
    ],
)
def test_bad_input_is_problem_json_never_500(client, body, status):
    response = client.post("/v1/ask", json=body)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_binary_body_and_huge_body(client):
    response = client.post("/v1/ask", content=b"\xff\xfe\x00garbage", headers={"content-type": "application/json"})
    assert response.status_code == 422
    huge = json.dumps({"question": "x", "history": [{"role": "user", "content": "y" * 19_000}] * 60})
    response = client.post("/v1/ask", content=huge, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["limit_bytes"] == 1_000_000


def test_instruments_list_detail_and_article_in_all_languages(client):
    listed = client.get("/v1/instruments", params={"q": "palermo"}).json()
    assert [i["id"] for i in listed] == ["BWBV0001668"]
    detail = client.get("/v1/instruments/UNTOC").json()
    assert any(a["article"] == "18" and a["heading"] == "Mutual legal assistance" for a in detail["articles"])
    view = client.get("/v1/instruments/UNTOC/articles/18").json()
    languages = [v["language"] for v in view["versions"]]
    assert languages[0] == "en" and "nl" in languages
    english = view["versions"][0]["provisions"]
    assert any(p["label"] == "UNTOC art. 18(15)" for p in english)
    assert client.get("/v1/instruments/UNTOC/articles/999").status_code == 404
    assert client.get("/v1/instruments/Nowhere").status_code == 404
    assert client.get("/v1/instruments", params={"kind": "spaceship"}).status_code == 422


@pytest.mark.parametrize("question", [
    "The requesting State must always use diplomatic channels.",                       # all premise, no question
    "Since extradition is mandatory, requests must be sent only by fax, and arrest lasts 90 days, what now?",
    "Extradition must be refused and must never be refused. Which is it?",            # contradicts itself
    "What must an extradition request contain, and what is the fax number of the central authority?",
])
def test_awkward_questions_get_an_answer_or_an_abstention_never_a_500(client, question):
    body = _ask(client, question=question)
    assert body["answer"] and (body["abstained"] or body["citations"])
    assert all(c["quote"] for c in body["citations"])


def test_a_contradicting_history_still_answers(client):
    history = [{"role": "user", "content": "Under the European Convention on Extradition, what is provisional arrest?"},
               {"role": "assistant", "content": "..."},
               {"role": "user", "content": "No, I meant under the Palermo Convention."}]
    body = _ask(client, question="How long can it last?", history=history)
    assert body["answer"]
