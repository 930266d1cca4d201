"""Which files make up a corpus, and which parser reads each of them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from corpora.errors import DocumentError
from corpora.file_safety import FileLimits
from corpora.records import Instrument, Provision
from corpora.registry import Registry

#: Bump when a parser or the chunking changes its output: every file is then re-parsed
#: (embeddings of unchanged text still come from the cache).
PARSER_VERSION = "2026-11-28.2"

SourceFormat = Literal["treaty_markdown", "report_text", "document"]


@dataclass(frozen=True)
class SourceFile:
    """One file to ingest, with the instrument it belongs to."""

    instrument: Instrument
    path: Path
    key: str
    format: SourceFormat

    def version(self, max_chars: int, model: str) -> str:
        """Digest of everything that shapes this file's points: bytes, parser, chunking, model, registry entry."""
        digest = _file_digest(self.path)
        instrument = self.instrument
        for part in (PARSER_VERSION, str(max_chars), model, instrument.short_name, instrument.title,
                     instrument.kind, ",".join(instrument.topics), instrument.counterpart or "", str(instrument.core)):
            digest.update(b"\x1f" + part.encode("utf-8"))
        return digest.hexdigest()


def _file_digest(path: Path) -> "hashlib._Hash":
    """SHA-256 of a file's bytes, read in chunks (a huge document is never held in memory). A link is
    followed, so that editing its target is seen (a corpus folder may be made of links); a dangling link, a
    folder or a device hashes to a marker (the parser then skips it with the reason); a missing file raises
    OSError."""
    digest = hashlib.sha256()
    if (path.is_symlink() and not path.exists()) or (path.exists() and not path.is_file()):
        digest.update(b"not a regular file")
        return digest
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
    return digest


def _format_of(instrument: Instrument) -> SourceFormat:
    match instrument.corpus_set:
        case "instruments" | "scale":
            return "treaty_markdown"
        case "reports":
            return "report_text"
        case _:
            return "document"


def list_sources(registry: Registry, corpus_sets: list[str]) -> list[SourceFile]:
    """Source files of the instruments in the given sets, sorted by key."""
    sources = []
    for instrument in registry.instruments.values():
        if instrument.corpus_set not in corpus_sets or not instrument.file:
            continue
        path = registry.path_of(instrument)
        key = instrument.file if not Path(instrument.file).is_absolute() else f"documents/{path.name}"
        sources.append(SourceFile(instrument, path, key, _format_of(instrument)))
    return sorted(sources, key=lambda source: source.key)


def parse_source(source: SourceFile, limits: FileLimits = FileLimits()) -> list[Provision]:
    """Provisions of one source file; DocumentError when it is empty, unreadable or over a limit
    (``limits`` apply to user documents; the corpus is trusted)."""
    if source.format != "document" and not source.path.is_file():
        raise DocumentError(f"{source.key}: file not found at {source.path}")
    instrument = source.instrument
    match source.format:
        case "treaty_markdown":
            from ingest.treaty_markdown import parse_treaty_markdown

            text = _read_text(source)
            return parse_treaty_markdown(text, instrument.id, instrument.short_name)
        case "report_text":
            from ingest.report_text import parse_report

            return parse_report(_read_text(source), instrument.id, instrument.short_name)
        case "document":
            from ingest.documents import parse_document

            return parse_document(source.path, instrument.id, instrument.short_name, limits)
    raise AssertionError(source.format)


def _read_text(source: SourceFile) -> str:
    try:
        return source.path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{source.key}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
