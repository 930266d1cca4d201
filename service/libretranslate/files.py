"""Translated files waiting to be downloaded (``/translate_file`` answers with their URL).

Each file is stored under ``<data_dir>/translated-files`` as ``<random hex>.<name>``; the
random part makes the URL unguessable, as LibreTranslate's uuid does. Files older than
:data:`KEEP_SECONDS` are removed when the next one is stored.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from service.libretranslate.params import LibreTranslateError

KEEP_SECONDS = 30 * 60
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.[\w.-]{1,200}$")
_UNSAFE = re.compile(r"[^\w.-]+")


def _purge(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if _STORED_NAME.match(path.name) and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def store(folder: Path, filename: str, content: bytes) -> str:
    """Write a translated file; return its stored name (the download route's parameter)."""
    folder.mkdir(parents=True, exist_ok=True)
    _purge(folder)
    safe = _UNSAFE.sub("_", Path(filename).name).strip("._") or "translated"
    name = f"{secrets.token_hex(16)}.{safe[-200:]}"
    partial = folder / f".{name}.partial"
    partial.write_bytes(content)
    partial.replace(folder / name)
    return name


def load(folder: Path, name: str) -> tuple[bytes, str]:
    """The stored file's bytes and its download name (the stored name without the random part)."""
    if not _STORED_NAME.match(name):
        raise LibreTranslateError(400, "Invalid filename")
    path = folder / name
    if not path.is_file() or time.time() - path.stat().st_mtime >= KEEP_SECONDS:
        raise LibreTranslateError(404, "This file does not exist or has expired; translate it again")
    return path.read_bytes(), name.split(".", 1)[1]
