"""The ingest run: parse, chunk, embed and sync every source file with the store."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from corpora.errors import DocumentError
from ingest.chunking import chunk_provisions
from ingest.embedding import Embedders
from ingest.sources import SourceFile, parse_source
from ingest.writer import FileState, group_by_file, write_file
from retrieval.store import VectorStore

FileCallback = Callable[[SourceFile, str], None]


@dataclass
class IngestSummary:
    """What an ingest run did, for the closing summary."""

    files: int = 0
    unchanged: int = 0
    updated: int = 0
    removed_files: int = 0
    provisions: int = 0
    chunks: int = 0
    embedded: int = 0
    deleted_points: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    points_in_store: int = 0


def _remove_vanished(
    store: VectorStore, states: dict[str, FileState], sources: list[SourceFile], summary: IngestSummary
) -> None:
    """Delete points of files that no longer exist in the synced sets."""
    prefixes = {source.key.split("/", 1)[0] for source in sources}
    present = {source.key for source in sources}
    for key, state in states.items():
        if key.split("/", 1)[0] in prefixes and key not in present:
            store.delete(sorted(state.point_ids))
            summary.removed_files += 1
            summary.deleted_points += len(state.point_ids)


def _sync_one(
    store: VectorStore, embedders: Embedders, source: SourceFile, previous: FileState | None,
    max_chars: int, summary: IngestSummary,
) -> str:
    """Bring one file up to date; returns its status word."""
    try:
        version = source.version(max_chars, embedders.model_names)
    except OSError as exc:  # listed in a manifest but missing or unreadable
        return _skip(store, source, previous, f"cannot read {source.path}: {exc.strerror or exc}", summary)
    if previous is not None and previous.is_current(version):
        summary.unchanged += 1
        return "unchanged"
    try:
        provisions = parse_source(source)
    except DocumentError as exc:
        return _skip(store, source, previous, exc.detail, summary)
    chunks = chunk_provisions(provisions, source.key, max_chars)
    summary.deleted_points += write_file(store, embedders, chunks, source.instrument, version, previous)
    summary.updated += 1
    summary.provisions += len(provisions)
    summary.chunks += len(chunks)
    return "updated"


def _skip(store: VectorStore, source: SourceFile, previous: FileState | None, reason: str,
          summary: IngestSummary) -> str:
    """Record a file that cannot be indexed (the rest goes on) and drop what it had in the index."""
    summary.skipped.append((source.key, reason))
    if previous is not None:
        store.delete(sorted(previous.point_ids))
        summary.deleted_points += len(previous.point_ids)
    return "skipped"


def run_ingest(
    store: VectorStore, embedders: Embedders, sources: list[SourceFile], *, max_chars: int,
    rebuild: bool = False, on_file: FileCallback | None = None,
) -> IngestSummary:
    """Sync ``sources`` into ``store``; safe to interrupt and run again."""
    started = time.perf_counter()
    summary = IngestSummary(files=len(sources))
    if rebuild:
        store.clear()
    states = group_by_file(store.indexed_points())
    _remove_vanished(store, states, sources, summary)
    embedded_before = embedders.computed
    for source in sources:
        status = _sync_one(store, embedders, source, states.get(source.key), max_chars, summary)
        if on_file is not None:
            on_file(source, status)
    if summary.updated or summary.deleted_points:
        store.optimize()
    summary.embedded = embedders.computed - embedded_before
    summary.points_in_store = store.count()
    summary.seconds = time.perf_counter() - started
    return summary
