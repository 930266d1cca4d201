"""One place where errors become RFC 9457 problem+json responses."""

from __future__ import annotations

import json
import logging
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import Scope, Send
from starlette.exceptions import HTTPException as StarletteHTTPException

from corpora.errors import PalermoError

PROBLEM_TYPE = "urn:palermo:problem:"
logger = logging.getLogger("palermo.service")


def problem(status: int, code: str, title: str, detail: str, instance: str, **extra: object) -> JSONResponse:
    """A problem+json response."""
    body = {"type": PROBLEM_TYPE + code, "title": title, "status": status, "detail": detail, "instance": instance, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


async def send_problem(scope: Scope, send: Send, status: int, code: str, title: str, detail: str, *,
                       headers: dict[str, str] | None = None, **extra: object) -> None:
    """A problem+json response sent straight from ASGI middleware (before any route runs)."""
    body = json.dumps({"type": PROBLEM_TYPE + code, "title": title, "status": status, "detail": detail,
                       "instance": scope.get("path", ""), **extra}).encode()
    raw_headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode()),
                   *((name.encode("latin-1"), value.encode("latin-1")) for name, value in (headers or {}).items())]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


async def _palermo_error(request: Request, exc: PalermoError) -> JSONResponse:
    return problem(exc.status, exc.code, exc.title, exc.detail, request.url.path)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors()
    ]
    detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
    return problem(422, "invalid-request", "Invalid request", detail, request.url.path, errors=errors)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return problem(exc.status_code, f"http-{exc.status_code}", str(exc.detail), str(exc.detail), request.url.path)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # the type and the frames, not the message: it may quote the request (a question, a document)
    logger.error("unexpected error on %s: %s\n%s", request.url.path, type(exc).__name__,
                 "".join(traceback.format_tb(exc.__traceback__)))
    return problem(500, "internal-error", "Internal error", "an unexpected error occurred; see the server log",
                   request.url.path)


def install_error_handlers(app: FastAPI) -> None:
    """Map the exception tree (and framework errors) to problem+json, once."""
    app.add_exception_handler(PalermoError, _palermo_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
