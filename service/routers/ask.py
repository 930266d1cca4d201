"""POST /v1/ask and POST /v1/ask/stream: cited answers."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.concurrency import iterate_in_threadpool

from service.answering.payload import answer_payload
from service.answering.records import AnswerFilters, AnswerRequest, Turn
from service.deps import AnswererDep
from service.schemas import AskRequest, AskResponse

router = APIRouter(prefix="/v1", tags=["answers"])


def to_request(body: AskRequest) -> AnswerRequest:
    """The HTTP body as the answerer's request."""
    filters = AnswerFilters(instruments=tuple(body.filters.instruments), kinds=tuple(body.filters.kinds),
                            topics=tuple(body.filters.topics), languages=tuple(body.filters.languages))
    history = tuple(Turn(turn.role, turn.content) for turn in body.history)
    return AnswerRequest(body.question, history, filters, body.mode, body.k)


@router.post("/ask", response_model=AskResponse, responses={
    404: {"description": "Unknown instrument in the filters"}, 422: {"description": "Invalid question or filters"},
    501: {"description": "Generative mode without an LLM"}, 503: {"description": "LLM or store unavailable"}})
def ask(body: AskRequest, answerer: AnswererDep) -> dict:
    """A cited answer: every sentence tied to the provisions it quotes, or an abstention."""
    return answer_payload(answerer.ask(to_request(body)))


def _events(payload: dict) -> Iterator[str]:
    for sentence in payload["sentences"]:
        yield f"event: sentence\ndata: {json.dumps(sentence, ensure_ascii=False)}\n\n"
    for item in payload["checklist"]:
        yield f"event: checklist\ndata: {json.dumps(item, ensure_ascii=False)}\n\n"
    yield f"event: citations\ndata: {json.dumps(payload['citations'], ensure_ascii=False)}\n\n"
    yield f"event: done\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n"


@router.post("/ask/stream", responses={200: {"content": {"text/event-stream": {}},
                                            "description": "Server-sent events: sentence*, checklist*, citations, done"}})
def ask_stream(body: AskRequest, answerer: AnswererDep) -> StreamingResponse:
    """The same answer as server-sent events: each sentence as it is ready, then the citations, then
    ``done`` with the whole answer. Errors before the first event are problem+json like /v1/ask."""
    payload = answer_payload(answerer.ask(to_request(body)))
    return StreamingResponse(iterate_in_threadpool(_events(payload)), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store"})

