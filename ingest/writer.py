"""Writes the chunks of one source file into the store, incrementally.

The store itself is the ingest state: every point carries its source file, the
source version, the number of chunks the file produced and a content hash. A
file is up to date when all its points carry the current digest and their
number is complete (the version digests the file bytes, the parser version, the chunking
settings, the model and the instrument's registry entry); otherwise it is re-chunked, its points upserted (stable
ids, so no duplicates) and stale points deleted. An interrupted run therefore
resumes without duplicated or missing chunks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpora.records import Chunk, Instrument
from ingest.definitions import defined_terms
from ingest.embedding import CachedEmbedder, Embedders
from retrieval import sparse
from retrieval.store import IndexedPoint, StorePoint, VectorStore


@dataclass
class FileState:
    """What the store holds for one source file."""

    point_ids: set[str] = field(default_factory=set)
    versions: set[str] = field(default_factory=set)
    expected: int = 0

    def is_current(self, version: str) -> bool:
        """True when every chunk of this exact source version is stored."""
        return self.versions == {version} and len(self.point_ids) == self.expected > 0


def group_by_file(points: list[IndexedPoint]) -> dict[str, FileState]:
    """Index state per source file."""
    states: dict[str, FileState] = {}
    for point in points:
        state = states.setdefault(point.source_file, FileState())
        state.point_ids.add(point.id)
        state.versions.add(point.source_version)
        state.expected = max(state.expected, point.source_chunks)
    return states


def chunk_payload(chunk: Chunk, instrument: Instrument, version: str, total: int) -> dict:
    """Payload stored beside the vectors: citation fields, text and sync state."""
    provision = chunk.provision
    return {
        "instrument_id": provision.instrument_id,
        "instrument_short": instrument.short_name,
        "instrument_title": instrument.title,
        "instrument_kind": instrument.kind,
        "instrument_core": instrument.core,
        "topics": list(instrument.topics),
        "counterpart": instrument.counterpart,
        "language": provision.language,
        "kind": provision.kind,
        "chapter": provision.chapter,
        "article": provision.article,
        "article_heading": provision.article_heading,
        "paragraph": provision.paragraph,
        "label": provision.label,
        "order": provision.order,
        "part": chunk.part,
        "parts": chunk.parts,
        "text": chunk.text,
        "defines": defined_terms(chunk.text),
        "extra": dict(provision.extra),
        "source_file": chunk.source_file,
        "source_version": version,
        "source_chunks": total,
        "content_hash": chunk.content_hash,
    }


def write_file(
    store: VectorStore, embedders: Embedders, chunks: list[Chunk], instrument: Instrument,
    version: str, previous: FileState | None,
) -> int:
    """Upsert the chunks of one file, then delete its stale points; returns points deleted."""
    texts = [chunk.embed_text for chunk in chunks]
    multi_vectors = embedders.multi.embed(texts)
    dense_vectors, e5_vectors = _english(embedders.dense, chunks), _english(embedders.e5, chunks)
    points = [
        StorePoint(
            id=chunk.point_id,
            dense=dense_vectors.get(chunk.point_id),
            multi=multi_vector,
            sparse=sparse.embed_document(chunk.embed_text, chunk.provision.language),
            payload=chunk_payload(chunk, instrument, version, len(chunks)),
            e5=e5_vectors.get(chunk.point_id),
        )
        for chunk, multi_vector in zip(chunks, multi_vectors)
    ]
    store.upsert(points)
    stale = sorted((previous.point_ids if previous else set()) - {chunk.point_id for chunk in chunks})
    store.delete(stale)
    return len(stale)


def _english(embedder: CachedEmbedder | None, chunks: list[Chunk]) -> dict[str, list[float]]:
    """Vectors of the English chunks by point id, for the English models (MiniLM, e5); nothing
    without the embedder."""
    english = [chunk for chunk in chunks if chunk.provision.language == "en"]
    if embedder is None or not english:
        return {}
    return dict(zip((chunk.point_id for chunk in english), embedder.embed([chunk.embed_text for chunk in english])))
