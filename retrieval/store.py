"""The one owner of Qdrant: collection schema, records and the interface of the backends.

Nothing else in palermo creates Qdrant clients or shards. The backends implement
one interface (:class:`VectorStore`); they import this module, never the other way
(:mod:`retrieval.stores` picks one):

* ``edge``   – qdrant-edge, in process, persisted under the data dir (default);
* ``server`` – a Qdrant server or cluster through qdrant-client (URL + API key);
* ``local``  – qdrant-client's local mode (same API as a server; used in tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

DENSE_VECTOR = "dense"
MULTI_VECTOR = "multi"
SPARSE_VECTOR = "bm25"
#: multilingual-e5-small, on English provisions only: it reorders the fused candidates (the reranker)
E5_VECTOR = "e5"
DENSE_SIZE = 384
MULTI_SIZE = 512
E5_SIZE = 384
#: Bump when the collection layout changes; an older index then asks for `palermo ingest --rebuild`.
SCHEMA_VERSION = 3

#: Payload fields with a keyword index; every filter of the API uses one of these.
KEYWORD_FIELDS = (
    "instrument_id",
    "article",
    "paragraph",
    "language",
    "kind",
    "instrument_kind",
    "topics",
    "source_file",
    "defines",
)


@dataclass(frozen=True)
class SparseVec:
    """A sparse vector as parallel index/value lists."""

    indices: list[int]
    values: list[float]


@dataclass(frozen=True)
class StorePoint:
    """One chunk as stored: stable id, its vectors (MiniLM and e5, English models, only on English
    chunks) and the payload."""

    id: str
    dense: list[float] | None
    multi: list[float]
    sparse: SparseVec
    payload: dict
    e5: list[float] | None = None

    def named_vectors(self) -> dict[str, object]:
        """The dense vectors by name (the sparse one is the backend's to convert)."""
        named = {DENSE_VECTOR: self.dense, MULTI_VECTOR: self.multi, E5_VECTOR: self.e5}
        return {name: vector for name, vector in named.items() if vector is not None}


@dataclass(frozen=True)
class QueryVectors:
    """The question's vectors; a missing one leaves its retriever out. Weights scale each
    retriever's reciprocal ranks in the fusion (keys: dense, multi, bm25)."""

    dense: list[float] | None = None
    multi: list[float] | None = None
    sparse: SparseVec | None = None
    weights: dict[str, float] = field(default_factory=dict)
    e5: list[float] | None = None

    def separately(self) -> list[tuple["QueryVectors", float]]:
        """One single-retriever query per retriever that takes part, with its weight."""
        names = {DENSE_VECTOR: "dense", MULTI_VECTOR: "multi", SPARSE_VECTOR: "sparse", E5_VECTOR: "e5"}
        return [(QueryVectors(**{names[name]: vector}), weight) for name, vector, weight in self.stages()]

    def stages(self) -> list[tuple[str, object, float]]:
        """(vector name, vector, weight) of every retriever that takes part."""
        present = [(DENSE_VECTOR, self.dense), (MULTI_VECTOR, self.multi), (SPARSE_VECTOR, self.sparse),
                   (E5_VECTOR, self.e5)]
        return [
            (name, vector, self.weights.get(name, 1.0))
            for name, vector in present
            if vector is not None and not (isinstance(vector, SparseVec) and not vector.indices)
        ]


@dataclass(frozen=True)
class Hit:
    """A point returned by a query, with its score."""

    id: str
    score: float
    payload: dict


@dataclass(frozen=True)
class SearchFilter:
    """Metadata restrictions; every non-empty field must match (values OR-ed)."""

    instrument_ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    instrument_kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    defines: tuple[str, ...] = ()
    exclude_kinds: tuple[str, ...] = ()

    def conditions(self) -> dict[str, tuple[str, ...]]:
        """Payload field -> accepted values, for the non-empty restrictions."""
        pairs = {
            "instrument_id": self.instrument_ids,
            "kind": self.kinds,
            "instrument_kind": self.instrument_kinds,
            "topics": self.topics,
            "language": self.languages,
            "article": self.articles,
            "paragraph": self.paragraphs,
            "defines": self.defines,
        }
        return {key: values for key, values in pairs.items() if values}


#: Payload fields read back by the ingest to sync incrementally.
STATE_FIELDS = ["source_file", "content_hash", "source_version", "source_chunks"]


@dataclass(frozen=True)
class StoredRecord:
    """A stored point read back whole: id, payload and every named vector (sparse as SparseVec)."""

    id: str
    payload: dict
    vectors: dict[str, list[float] | SparseVec]


@dataclass
class IndexedPoint:
    """What the ingest needs to know about a stored point to sync incrementally."""

    id: str
    source_file: str
    content_hash: str
    source_version: str
    source_chunks: int = 0

    @classmethod
    def from_payload(cls, point_id: object, payload: dict) -> "IndexedPoint":
        """Build from a stored point's id and (partial) payload."""
        return cls(
            id=str(point_id),
            source_file=payload.get("source_file", ""),
            content_hash=payload.get("content_hash", ""),
            source_version=payload.get("source_version", ""),
            source_chunks=int(payload.get("source_chunks", 0)),
        )


class VectorStore(Protocol):
    """Operations palermo needs from Qdrant, identical for every backend."""

    def upsert(self, points: list[StorePoint]) -> None:
        """Insert or replace points by id."""

    def delete(self, point_ids: list[str]) -> None:
        """Delete points by id."""

    def indexed_points(self) -> list[IndexedPoint]:
        """Id, source file and hashes of every stored point."""

    def records(self) -> Iterator[StoredRecord]:
        """Every stored point with its payload and vectors (for digests and checks), in pages."""

    def query(self, vectors: QueryVectors, flt: SearchFilter, limit: int, prefetch: int, rrf_k: int) -> list[Hit]:
        """One retriever alone, or several fused with weighted RRF inside Qdrant."""

    def lookup(self, flt: SearchFilter, limit: int = 256) -> list[Hit]:
        """Points matching the filter exactly (exact citation lookup), score 1.0."""

    def count(self, flt: SearchFilter | None = None) -> int:
        """Number of points, optionally matching a filter."""

    def clear(self) -> None:
        """Drop everything and recreate the empty collection with the current schema (``--rebuild``)."""

    def optimize(self) -> None:
        """Build indexes after a bulk load."""

    def close(self) -> None:
        """Flush and release the store (and its lock)."""
