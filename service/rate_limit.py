"""Per-key rate limits: 429 problem+json with ``Retry-After`` once a caller exceeds ``PALERMO_RATE_LIMIT``.

The counting is the ``limits`` library's moving window in memory (one process; each worker of a
multi-process deployment counts its own callers). A caller is its API key (hashed, never kept in
clear) or, without a key, its client address. Loopback clients are not limited unless
``PALERMO_RATE_LIMIT_LOOPBACK`` is set; health probes never are.
"""

from __future__ import annotations

import hashlib
import math
import time

from starlette.types import ASGIApp, Receive, Scope, Send

from corpora.errors import ConfigurationError
from service.errors import send_problem
from service.security import API_KEY_HEADER, is_loopback, key_matches

EXEMPT_PATHS = ("/healthz", "/readyz")


def parse_rate(rate: str) -> list:
    """The ``limits`` rate items of a setting such as ``'60/minute'``; ConfigurationError when it is not one."""
    from limits import parse_many

    try:
        return parse_many(rate)
    except ValueError as exc:
        raise ConfigurationError(f"PALERMO_RATE_LIMIT {rate!r} is not a rate such as '60/minute' ({exc})") from None


class RateLimit:
    """ASGI middleware applying rate ``items`` per caller: a configured API key, else the client address
    (an unknown key counts against its address, so inventing keys buys nothing)."""

    def __init__(self, app: ASGIApp, *, items: list, keys: list[str], loopback: bool = False) -> None:
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        self.app = app
        self.items = items
        self.keys = keys
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.loopback = loopback

    def _caller(self, scope: Scope) -> str | None:
        host = scope["client"][0] if scope.get("client") else None
        if is_loopback(host) and not self.loopback:
            return None
        key = dict(scope.get("headers") or []).get(API_KEY_HEADER.lower().encode(), b"").decode("latin-1")
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:32] if key_matches(key, self.keys) else f"address:{host}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        caller = self._caller(scope) if scope["type"] == "http" and scope["path"] not in EXEMPT_PATHS else None
        if caller is not None:
            for item in self.items:
                if not self.limiter.hit(item, caller):
                    reset = self.limiter.get_window_stats(item, caller).reset_time
                    wait = max(1, math.ceil(reset - time.time()))
                    await send_problem(scope, send, 429, "rate-limited", "Too many requests",
                                       f"more than {item} from this caller; retry in {wait} s (PALERMO_RATE_LIMIT)",
                                       headers={"retry-after": str(wait)}, retry_after_seconds=wait)
                    return
        await self.app(scope, receive, send)
