"""The only module of the web interface that calls the palermo HTTP API.

Every failure becomes a :class:`ServiceError` carrying the problem+json ``title`` and
``detail`` (or a plain sentence when the service cannot be reached), so pages show a
readable message and never a traceback.
"""

from __future__ import annotations

import json
from urllib.parse import quote
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx


class ServiceError(Exception):
    """The service answered with an error, or could not be asked."""

    def __init__(self, title: str, detail: str = "", status: int | None = None) -> None:
        super().__init__(f"{title}: {detail}" if detail else title)
        self.title = title
        self.detail = detail
        self.status = status


class ServiceUnavailable(ServiceError):
    """The service is not running, or not reachable at the configured URL."""


@dataclass(frozen=True)
class StreamEvent:
    """One server-sent event of /v1/ask/stream: sentence, checklist, citations or done."""

    event: str
    data: Any


@dataclass(frozen=True)
class TranslatedFile:
    """A translated document as returned by /v1/translate/file."""

    filename: str
    content: bytes
    media_type: str
    source_language: str
    applied_glossary: list[str] = field(default_factory=list)


def _problem(response: httpx.Response) -> ServiceError:
    """The problem+json body of an error response as a ServiceError."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    title = str(body.get("title") or response.reason_phrase or "Service error")
    detail = str(body.get("detail") or "")
    return ServiceError(title, detail if detail != title else "", response.status_code)


class PalermoClient:
    """Typed calls to the palermo API (base URL and key come from settings, read by the entry point)."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 120.0) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"X-API-Key": api_key} if api_key else {}
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=httpx.Timeout(timeout, connect=3.0))

    def _unreachable(self, exc: Exception) -> ServiceUnavailable:
        return ServiceUnavailable("The palermo service is not reachable",
                                  f"no answer from {self.base_url} ({type(exc).__name__}); start it with "
                                  "`palermo serve` (or `make run`), then try again")

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise ServiceError("The service did not answer in time", f"{method} {path} timed out") from exc
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from exc
        if response.status_code >= 400:
            raise _problem(response)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._request(method, path, **kwargs).json()

    # health -----------------------------------------------------------------------------------
    def is_up(self) -> bool:
        """True when /healthz answers (a short timeout: used for the 'service down' banner)."""
        try:
            return self._http.get("/healthz", timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    def ready(self) -> dict:
        """GET /readyz: the index is open and holds points."""
        return self._json("GET", "/readyz")

    # answers ----------------------------------------------------------------------------------
    @staticmethod
    def ask_body(question: str, history: list[dict] | None = None, filters: dict | None = None,
                 mode: str = "extractive") -> dict:
        """The JSON body of /v1/ask (empty filter lists dropped)."""
        clean = {name: list(values) for name, values in (filters or {}).items() if values}
        return {"question": question, "history": list(history or []), "filters": clean, "mode": mode}

    def ask(self, question: str, history: list[dict] | None = None, filters: dict | None = None,
            mode: str = "extractive") -> dict:
        """POST /v1/ask: the whole cited answer at once."""
        return self._json("POST", "/v1/ask", json=self.ask_body(question, history, filters, mode))

    def ask_stream(self, question: str, history: list[dict] | None = None, filters: dict | None = None,
                   mode: str = "extractive") -> Iterator[StreamEvent]:
        """POST /v1/ask/stream: events as they arrive (sentence*, checklist*, citations, done)."""
        body = self.ask_body(question, history, filters, mode)
        try:
            with self._http.stream("POST", "/v1/ask/stream", json=body) as response:
                if response.status_code >= 400:
                    response.read()
                    raise _problem(response)
                yield from _parse_sse(response.iter_lines())
        except httpx.TimeoutException as exc:
            raise ServiceError("The service did not answer in time", "the answer stream timed out") from exc
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from exc

    # sources ----------------------------------------------------------------------------------
    def instruments(self, q: str | None = None, kind: str | None = None, topic: str | None = None,
                    counterpart: str | None = None) -> list[dict]:
        """GET /v1/instruments with optional search and filters."""
        params = {key: value for key, value in {"q": q, "kind": kind, "topic": topic,
                                                 "counterpart": counterpart}.items() if value}
        return self._json("GET", "/v1/instruments", params=params)

    def instrument(self, instrument_id: str) -> dict:
        """GET /v1/instruments/{id}: the instrument and its articles."""
        return self._json("GET", f"/v1/instruments/{_segment(instrument_id)}")

    def article(self, instrument_id: str, article: str) -> dict:
        """GET /v1/instruments/{id}/articles/{article}: every language version of an article."""
        return self._json("GET", f"/v1/instruments/{_segment(instrument_id)}/articles/{_segment(article)}")

    # drafting ---------------------------------------------------------------------------------
    def draft(self, body: dict) -> dict:
        """POST /v1/drafts: legal basis, cited checklist (filled / missing), the .docx base64-encoded."""
        return self._json("POST", "/v1/drafts", json=body)

    # translation ------------------------------------------------------------------------------
    def languages(self) -> list[dict]:
        """GET /v1/languages: installed source languages and their targets."""
        return self._json("GET", "/v1/languages")

    def detect(self, text: str) -> list[dict]:
        """POST /v1/detect: likely languages, best first."""
        return self._json("POST", "/v1/detect", json={"q": text})

    def translate(self, text: str, source: str, target: str, use_termbases: bool = True) -> dict:
        """POST /v1/translate (plain text)."""
        body = {"q": text, "source": source, "target": target, "format": "text", "use_termbases": use_termbases}
        return self._json("POST", "/v1/translate", json=body)

    def translate_file(self, filename: str, content: bytes, source: str, target: str,
                       use_termbases: bool = True) -> TranslatedFile:
        """POST /v1/translate/file (multipart): the translated document, same format."""
        data = {"source": source, "target": target, "use_termbases": str(use_termbases).lower()}
        response = self._request("POST", "/v1/translate/file", data=data, files={"file": (filename, content)})
        applied = [entry for entry in response.headers.get("x-palermo-applied-glossary", "").split(",") if entry]
        return TranslatedFile(filename=_attachment_name(response, filename), content=response.content,
                              media_type=response.headers.get("content-type", "application/octet-stream"),
                              source_language=response.headers.get("x-palermo-source-language", source),
                              applied_glossary=applied)


def _segment(value: str) -> str:
    """A path segment, percent-encoded."""
    return quote(value, safe="")


def _attachment_name(response: httpx.Response, fallback: str) -> str:
    disposition = response.headers.get("content-disposition", "")
    if 'filename="' in disposition:
        return disposition.split('filename="', 1)[1].split('"', 1)[0] or fallback
    return fallback


def _parse_sse(lines: Iterator[str]) -> Iterator[StreamEvent]:
    """Server-sent events from text lines (``event:`` and ``data:`` fields, blank line ends one)."""
    event, data = "message", []
    for line in lines:
        if not line:
            if data:
                yield StreamEvent(event, json.loads("\n".join(data)))
            event, data = "message", []
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())
    if data:
        yield StreamEvent(event, json.loads("\n".join(data)))
