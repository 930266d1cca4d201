"""API keys and the request limit of the LibreTranslate-compatible routes.

With ``api_keys`` configured, a caller shows a key as LibreTranslate does (the ``api_key``
parameter, in the JSON body, the form or the query string) or as palermo does (the
``X-API-Key`` header). Keys are compared in constant time and never logged. No key at all
is LibreTranslate's 400 ("get an API key"); a wrong key is its 403 ("Invalid API key").
The optional per-minute limit (``libretranslate_req_limit``, LibreTranslate's
``--req-limit``) counts requests per key, or per client address without one, in a moving
one-minute window, and answers 429 past it.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from fastapi import Request

from corpora.settings import Settings
from service.libretranslate.params import LibreTranslateError, Params
from service.security import API_KEY_HEADER, key_matches

WINDOW_SECONDS = 60.0


def check_key(request: Request, params: Params, settings: Settings) -> str | None:
    """The caller's valid key (None when no keys are configured); LibreTranslateError otherwise."""
    if not settings.api_keys:
        return None
    keys = settings.api_keys + settings.admin_api_keys
    given = [key for key in (params.get("api_key"), request.headers.get(API_KEY_HEADER)) if key]
    if not given:
        raise LibreTranslateError(400, "Please contact the server operator to get an API key "
                                       f"(send it as api_key or in the {API_KEY_HEADER} header)")
    for key in given:
        if key_matches(key, keys):
            return str(key)
    raise LibreTranslateError(403, "Invalid API key")


class RequestLimiter:
    """A moving one-minute window of request times per caller."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, caller: str) -> None:
        """Count one request of ``caller``; 429 when it is over the limit (0 means no limit)."""
        if self.per_minute <= 0:
            return
        now = time.monotonic()
        with self._lock:
            times = self._seen.setdefault(caller, deque())
            while times and now - times[0] >= WINDOW_SECONDS:
                times.popleft()
            if len(times) >= self.per_minute:
                raise LibreTranslateError(429, f"Slowdown: {self.per_minute} per 1 minute")
            times.append(now)
            if len(self._seen) > 10_000:  # forget idle callers
                for name in [n for n, t in self._seen.items() if not t or now - t[-1] >= WINDOW_SECONDS]:
                    del self._seen[name]
