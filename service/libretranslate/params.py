"""Where LibreTranslate reads its parameters, and its ``{"error": ...}`` answers.

LibreTranslate (``libretranslate/app.py``) reads a JSON body when the request says it is
JSON (``application/json`` or ``application/*+json``), and otherwise the query string and
the form body (url-encoded or multipart) together, the query string first. Errors are
``{"error": "<message>"}`` with 400 for missing or invalid parameters, 403 for a bad API
key, 429 over the request limit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from corpora.errors import AuthenticationError, ForbiddenError, PalermoError, PayloadTooLargeError

MAX_FORM_FIELDS = 100


class LibreTranslateError(Exception):
    """An error answered in LibreTranslate's shape."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def missing(name: str) -> LibreTranslateError:
    """LibreTranslate's message for a missing parameter."""
    return LibreTranslateError(400, f"Invalid request: missing {name} parameter")


def error_response(exc: LibreTranslateError | PalermoError) -> JSONResponse:
    """``{"error": ...}`` with LibreTranslate's status: palermo's client errors become 400, key errors 403."""
    if isinstance(exc, LibreTranslateError):
        return JSONResponse({"error": exc.message}, status_code=exc.status)
    if isinstance(exc, (AuthenticationError, ForbiddenError)):
        status = 403
    elif isinstance(exc, PayloadTooLargeError):
        status = 413
    elif 400 <= exc.status < 500:
        status = 400
    else:
        status = exc.status  # model or store unavailable: 503, in the same shape
    return JSONResponse({"error": exc.detail}, status_code=status)


@dataclass
class Params:
    """A request's parameters, read where LibreTranslate reads them."""

    values: dict[str, object]
    is_json: bool
    files: dict[str, UploadFile] = field(default_factory=dict)

    def get(self, name: str) -> object | None:
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        """A parameter that must be a string when given."""
        value = self.values.get(name)
        if value is not None and not isinstance(value, str):
            raise LibreTranslateError(400, f"Invalid request: {name} parameter must be a string")
        return value


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or (content_type.startswith("application/") and content_type.endswith("+json"))


async def read_params(request: Request) -> Params:
    """The JSON body (an object), or the query string and form body merged (query first)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if _is_json(content_type):
        try:
            body = json.loads(await request.body())
        except (ValueError, RecursionError):  # RecursionError: a body of deeply nested brackets
            raise LibreTranslateError(400, "Invalid JSON format") from None
        if not isinstance(body, dict):
            raise LibreTranslateError(400, "Invalid JSON format")
        return Params(body, True)
    values: dict[str, object] = {}
    for name, value in request.query_params.multi_items():
        values.setdefault(name, value)
    files: dict[str, UploadFile] = {}
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form(max_fields=MAX_FORM_FIELDS)
        except StarletteHTTPException as exc:
            raise LibreTranslateError(400, f"Invalid request: {exc.detail}") from None
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                files.setdefault(name, value)
            else:
                values.setdefault(name, value)
    return Params(values, False, files)
