"""API keys, admin access and request size limits.

Rules:
- With ``api_keys`` set, every ``/v1`` endpoint needs one of them in the ``X-API-Key``
  header; health probes stay open.
- Binding to a non-loopback address without any API key is refused at start-up
  (:func:`check_exposure`), so the service never sits open on a network.
- Admin endpoints need one of ``admin_api_keys``; with none configured they accept
  loopback clients only.
- Bodies larger than their limit are refused with 413 before the handler runs.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corpora.errors import AuthenticationError, ConfigurationError, ForbiddenError
from corpora.settings import Settings

API_KEY_HEADER = "X-API-Key"
UPLOAD_OVERHEAD_BYTES = 64 * 1024
api_key_header = APIKeyHeader(name=API_KEY_HEADER, auto_error=False, description="API key (when configured).")


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(settings: Settings) -> None:
    """Refuse to serve on a non-loopback address without API keys."""
    if not is_loopback(settings.api_host) and not settings.api_keys:
        raise ConfigurationError(
            f"the API would bind to {settings.api_host} without API keys; set PALERMO_API_KEYS "
            '(e.g. \'["a-long-secret"]\') or bind to 127.0.0.1'
        )


def key_matches(given: str | None, keys: list[str]) -> bool:
    """True when ``given`` is one of ``keys`` (constant-time comparison)."""
    return isinstance(given, str) and any(hmac.compare_digest(given.encode(), key.encode()) for key in keys)


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def require_api_key(request: Request, key: Annotated[str | None, Depends(api_key_header)] = None) -> None:
    """Dependency: the caller shows a valid API key when keys are configured."""
    keys = _settings(request).api_keys
    if keys and not key_matches(key, keys + _settings(request).admin_api_keys):
        raise AuthenticationError(f"a valid API key is required in the {API_KEY_HEADER} header")


def require_admin(request: Request, key: Annotated[str | None, Depends(api_key_header)] = None) -> None:
    """Dependency: an admin key, or a loopback client when no admin key is configured."""
    admin_keys = _settings(request).admin_api_keys
    if admin_keys:
        if not key_matches(key, admin_keys):
            raise ForbiddenError(f"this endpoint needs an admin key in the {API_KEY_HEADER} header")
        return
    client = request.client.host if request.client else None
    if not is_loopback(client):
        raise ForbiddenError("admin endpoints accept loopback clients only when no admin key is configured "
                             "(set PALERMO_ADMIN_API_KEYS)")


class BodySizeLimit:
    """ASGI middleware: 413 problem+json for bodies over the limit (declared or streamed)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_upload_bytes: int,
                 plain_error_paths: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes
        self.plain_error_paths = plain_error_paths  # answered {"error": ...}, LibreTranslate's shape

    def _limit(self, scope: Scope) -> int:
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        if content_type.startswith("multipart/"):
            return self.max_upload_bytes + UPLOAD_OVERHEAD_BYTES
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(scope, send, limit, scope.get("path") in self.plain_error_paths)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _BodyTooLarge:
            await _too_large(scope, send, limit, scope.get("path") in self.plain_error_paths)


class _BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.limit = limit


async def _too_large(scope: Scope, send: Send, limit: int, plain: bool = False) -> None:
    detail = f"the request body exceeds the limit of {limit} bytes"
    body = json.dumps({"error": detail} if plain else {
        "type": "urn:palermo:problem:payload-too-large", "title": "Payload too large", "status": 413,
        "detail": detail, "instance": scope.get("path", ""), "limit_bytes": limit,
    }).encode()
    content_type = b"application/json" if plain else b"application/problem+json"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", content_type),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


RequireKey = Depends(require_api_key)
AdminOnly = Depends(require_admin)
