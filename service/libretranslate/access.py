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

from fastapi import Request

from corpora.settings import Settings
from service.libretranslate.params import LibreTranslateError, Params
from service.security import API_KEY_HEADER, key_matches

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
    """LibreTranslate's ``--req-limit``: requests per caller in a moving one-minute window, counted by the
    ``limits`` library (as ``PALERMO_RATE_LIMIT`` is, see service/rate_limit.py)."""

    def __init__(self, per_minute: int) -> None:
        from limits import RateLimitItemPerMinute
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        self.per_minute = per_minute
        self._item = RateLimitItemPerMinute(per_minute) if per_minute > 0 else None
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, caller: str) -> None:
        """Count one request of ``caller``; 429 when it is over the limit (0 means no limit)."""
        if self._item is not None and not self._limiter.hit(self._item, "libretranslate", caller):
            raise LibreTranslateError(429, f"Slowdown: {self.per_minute} per 1 minute")
