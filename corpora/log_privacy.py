"""Keep request content out of the logs: URLs lose their query strings, libraries that log text are quieted.

palermo's own log lines carry paths, statuses and timings, never a question, a conversation, draft facts
or a document. Libraries would log content on their own: uvicorn's access log and httpx (the web
interface's client) print request URLs, whose query strings hold the question of ``GET /v1/search?q=...``
(and LibreTranslate's download route names the uploaded file); argostranslate logs the text it
translates at INFO; httpcore's DEBUG trace prints response headers. :class:`StripQueryStrings` removes
query strings and file names from a record's arguments; :func:`protect_logs` installs it and quiets the
others.
"""

from __future__ import annotations

import logging
import re

REDACTED = "?[query removed]"
#: path segments that carry a user's file name (LibreTranslate's download route: ``<random>.<uploaded name>``)
_NAMED_PATHS = re.compile(r"(/download_file/)[^/?\s]+")
URL_LOGGERS = ("uvicorn.access", "httpx")
#: loggers that print text or headers below WARNING: argostranslate (what it translates, at INFO), httpcore (its
#: DEBUG trace prints response headers, e.g. a translated file's name in Content-Disposition)
CONTENT_LOGGERS = ("argostranslate.utils", "argostranslate", "httpcore")


def strip_query(value: object) -> object:
    """``/v1/search?q=secret`` -> ``/v1/search?[query removed]``, ``/download_file/x.name.docx`` ->
    ``/download_file/[file name removed]``; other values unchanged."""
    if not isinstance(value, str) and type(value).__name__ != "URL":
        return value
    text = str(value)
    if not text.startswith("/") and "://" not in text:
        return value
    cleaned = _NAMED_PATHS.sub(r"\1[file name removed]", text.split("?", 1)[0]) + (REDACTED if "?" in text else "")
    return value if cleaned == text else cleaned


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
    """Install :class:`StripQueryStrings` on the loggers that print URLs; those that print content log warnings only."""
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
