"""Security headers on every response (CORS, off by default, is set up in service/app.py from PALERMO_CORS_ORIGINS).

Every response says: do not sniff the type, never frame me, send no referrer, do not cache
(answers and translations are confidential), and a Content-Security-Policy that allows nothing
(the API serves JSON); the interactive docs (``/docs``, ``/redoc``) keep their scripts and only
refuse framing.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_PATHS = ("/docs", "/redoc", "/openapi.json")
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = "frame-ancestors 'none'"
COMMON = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
    b"cross-origin-resource-policy": b"same-origin",
    b"cache-control": b"no-store",
}


class SecurityHeaders:
    """ASGI middleware adding :data:`COMMON` and a CSP to every response (headers already set are kept)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"].startswith(DOCS_PATHS) else API_CSP
        extra = {**COMMON, b"content-security-policy": csp.encode()}

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((name, value) for name, value in extra.items() if name not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)
