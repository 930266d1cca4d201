"""Where questions are sent: the retriever in this process, or a running palermo service."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from corpora.errors import AnswerModeUnavailableError, ServiceUnavailableError
from evals.metrics import Retrieved
from retrieval.hybrid import Retriever
from service.answering.answerer import Answerer
from service.answering.payload import answer_payload
from service.answering.records import AnswerRequest, Turn


@dataclass(frozen=True)
class SearchOutcome:
    """Ranked pinpoints and labels of one search, with its wall time."""

    ranked: list[Retrieved]
    labels: list[str]
    latency_ms: float


@dataclass(frozen=True)
class AnswerOutcome:
    """A composed answer as the evaluator sees it."""

    text: str
    cited: list[Retrieved]
    labels: list[str]
    sources_text: str
    abstained: bool
    premise_corrected: bool
    latency_ms: float
    cites_unknown: bool = False


class EvalBackend(Protocol):
    """Answers retrieval questions (and, in answer mode, composes answers) for the runner."""

    def search(self, question: str, history: list[str], k: int, retriever: str) -> SearchOutcome:
        """Top-k provisions for a question."""

    def ask(self, question: str, history: tuple[dict, ...]) -> AnswerOutcome:
        """A cited answer to a question after the given conversation."""


def _outcome(payload: dict, latency_ms: float) -> AnswerOutcome:
    """Read an answer in the shape of ``POST /v1/ask``."""
    citations = payload.get("citations", [])
    return AnswerOutcome(
        text=payload.get("answer", ""),
        cited=[Retrieved(c["instrument_id"], c.get("article"), c.get("paragraph")) for c in citations],
        labels=[c.get("label", "") for c in citations],
        sources_text=" ".join([*(c.get("quote", "") for c in citations), payload.get("abstention_reason") or ""]),
        abstained=bool(payload.get("abstained")), premise_corrected=bool(payload.get("premise_corrected")),
        latency_ms=latency_ms, cites_unknown=any(not c.get("quote") for c in citations),
    )


class InProcessBackend:
    """The retriever of this process (the default)."""

    def __init__(self, retriever: Retriever, answerer: Answerer | None = None, mode: str = "extractive") -> None:
        self.retriever = retriever
        self.answerer = answerer
        self.mode = mode

    def ask(self, question: str, history: tuple[dict, ...]) -> AnswerOutcome:
        if self.answerer is None:
            raise AnswerModeUnavailableError("this backend was built without an answerer")
        started = time.perf_counter()
        turns = tuple(Turn(turn.get("role", "user"), turn["content"]) for turn in history)
        answer = self.answerer.ask(AnswerRequest(question, turns, mode=self.mode))
        latency = (time.perf_counter() - started) * 1000
        return _outcome(answer_payload(answer), latency)

    def search(self, question: str, history: list[str], k: int, retriever: str) -> SearchOutcome:
        started = time.perf_counter()
        result = self.retriever.search(question, k=k, mode=retriever, history=history)
        latency = (time.perf_counter() - started) * 1000
        ranked = [Retrieved(hit.instrument_id, hit.article, hit.paragraph) for hit in result.hits]
        return SearchOutcome(ranked, [hit.label for hit in result.hits], latency)


class HttpBackend:
    """A running palermo service: ``GET {api}/v1/search?q=...&k=...&retriever=...&history=...``."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 60.0, mode: str = "extractive") -> None:
        self.base_url = base_url.rstrip("/")
        self.mode = mode
        self.api_key = api_key
        self.timeout = timeout

    def search(self, question: str, history: list[str], k: int, retriever: str) -> SearchOutcome:
        query = urllib.parse.urlencode([("q", question), ("k", k), ("retriever", retriever)]
                                       + [("history", turn) for turn in history])
        started = time.perf_counter()
        payload = self.request_json(f"/v1/search?{query}")
        latency = (time.perf_counter() - started) * 1000
        hits = payload.get("hits", [])
        ranked = [Retrieved(hit["instrument_id"], hit.get("article"), hit.get("paragraph")) for hit in hits]
        return SearchOutcome(ranked, [hit.get("label", "") for hit in hits], latency)

    def ask(self, question: str, history: tuple[dict, ...]) -> AnswerOutcome:
        body = {"question": question, "history": [dict(turn) for turn in history], "mode": self.mode}
        started = time.perf_counter()
        payload = self.request_json("/v1/ask", body)
        return _outcome(payload, (time.perf_counter() - started) * 1000)

    def request_json(self, path: str, body: dict | None = None) -> dict:
        """GET ``path`` (or POST ``body`` as JSON); service errors and outages become ServiceUnavailableError."""
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, headers={"Accept": "application/json"})
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.api_key:
            request.add_header("X-API-Key", self.api_key)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raw = exc.read().decode("utf-8", "replace")
            try:
                detail = json.loads(raw).get("detail", raw[:300])
            except (json.JSONDecodeError, AttributeError):
                detail = raw[:300]
            raise ServiceUnavailableError(f"the palermo service at {self.base_url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServiceUnavailableError(
                f"cannot reach the palermo service at {self.base_url} ({reason}); start it with `palermo serve` "
                "or drop --api to run in process"
            ) from None
        except json.JSONDecodeError:
            raise ServiceUnavailableError(f"the service at {self.base_url} did not answer JSON") from None
