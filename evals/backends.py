"""Where questions are sent: the retriever in this process, or a running palermo service."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from corpora.errors import ServiceUnavailableError
from evals.metrics import Retrieved
from retrieval.hybrid import Retriever


@dataclass(frozen=True)
class SearchOutcome:
    """Ranked pinpoints and labels of one search, with its wall time."""

    ranked: list[Retrieved]
    labels: list[str]
    latency_ms: float


class EvalBackend(Protocol):
    """Answers retrieval questions for the runner."""

    def search(self, question: str, history: list[str], k: int, retriever: str) -> SearchOutcome:
        """Top-k provisions for a question."""


class InProcessBackend:
    """The retriever of this process (the default)."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def search(self, question: str, history: list[str], k: int, retriever: str) -> SearchOutcome:
        started = time.perf_counter()
        result = self.retriever.search(question, k=k, mode=retriever, history=history)
        latency = (time.perf_counter() - started) * 1000
        ranked = [Retrieved(hit.instrument_id, hit.article, hit.paragraph) for hit in result.hits]
        return SearchOutcome(ranked, [hit.label for hit in result.hits], latency)


class HttpBackend:
    """A running palermo service: ``GET {api}/v1/search?q=...&k=...&retriever=...&history=...``."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def search(self, question: str, history: list[str], k: int, retriever: str) -> SearchOutcome:
        query = urllib.parse.urlencode([("q", question), ("k", k), ("retriever", retriever)]
                                       + [("history", turn) for turn in history])
        started = time.perf_counter()
        payload = self._get(f"/v1/search?{query}")
        latency = (time.perf_counter() - started) * 1000
        hits = payload.get("hits", [])
        ranked = [Retrieved(hit["instrument_id"], hit.get("article"), hit.get("paragraph")) for hit in hits]
        return SearchOutcome(ranked, [hit.get("label", "") for hit in hits], latency)

    def _get(self, path: str) -> dict:
        request = urllib.request.Request(self.base_url + path, headers={"Accept": "application/json"})
        if self.api_key:
            request.add_header("X-API-Key", self.api_key)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            raise ServiceUnavailableError(f"the palermo service at {self.base_url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServiceUnavailableError(
                f"cannot reach the palermo service at {self.base_url} ({reason}); start it with `palermo serve` "
                "or drop --api to run in process"
            ) from None
        except json.JSONDecodeError:
            raise ServiceUnavailableError(f"the service at {self.base_url} did not answer JSON") from None
