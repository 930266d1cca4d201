"""Keep request content out of the logs: URLs lose their query strings, libraries that log text are quieted.

palermo's own log lines carry lengths, hashes and timings, never a question, a conversation, draft
facts or a document. Two libraries would log content on their own: uvicorn's access log and
httpx (the web interface's client) print request URLs, whose query strings hold the question of
``GET /v1/search?q=...``; argostranslate logs the text it translates at INFO.
:class:`StripQueryStrings` removes query strings from a record's arguments;
:func:`protect_logs` installs it and quiets argostranslate.
"""

from __future__ import annotations

import logging

REDACTED = "?[query removed]"
URL_LOGGERS = ("uvicorn.access", "httpx", "httpcore")
CONTENT_LOGGERS = ("argostranslate.utils", "argostranslate")


def strip_query(value: object) -> object:
    """``/v1/search?q=secret`` -> ``/v1/search?[query removed]``; other values unchanged."""
    if not isinstance(value, str) and type(value).__name__ != "URL":
        return value
    text = str(value)
    return text.split("?", 1)[0] + REDACTED if "?" in text else value


class StripQueryStrings(logging.Filter):
    """A logging filter that removes query strings from a record's arguments and message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(strip_query(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: strip_query(arg) for key, arg in record.args.items()}
        elif isinstance(record.msg, str) and "?" in record.msg and "://" in record.msg:
            record.msg = " ".join(str(strip_query(word)) if "://" in word else word for word in record.msg.split(" "))
        return True


def protect_logs() -> None:
    """Install :class:`StripQueryStrings` on the loggers that print URLs; argostranslate logs warnings only."""
    for name in URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, StripQueryStrings) for existing in logger.filters):
            logger.addFilter(StripQueryStrings())
    for name in CONTENT_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def uvicorn_log_config(base: dict) -> dict:
    """uvicorn's logging config (``base``, e.g. ``uvicorn.config.LOGGING_CONFIG``) with query strings
    stripped from its access log."""
    config = {**base, "filters": {**base.get("filters", {}), "strip_query": {"()": StripQueryStrings}}}
    config["handlers"] = {name: {**handler, "filters": [*handler.get("filters", []), "strip_query"]}
                          for name, handler in base["handlers"].items()}
    return config
