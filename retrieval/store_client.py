"""qdrant-client backend: a Qdrant server or cluster, or qdrant-client's local mode.

Only :mod:`retrieval.stores` imports this module.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qdrant_client import QdrantClient, models

from corpora.errors import ConfigurationError, StoreError, StoreLockedError
from retrieval.store import (
    DENSE_SIZE,
    DENSE_VECTOR,
    E5_SIZE,
    E5_VECTOR,
    KEYWORD_FIELDS,
    MULTI_SIZE,
    MULTI_VECTOR,
    SPARSE_VECTOR,
    STATE_FIELDS,
    Hit,
    IndexedPoint,
    QueryVectors,
    SearchFilter,
    SparseVec,
    StoredRecord,
    StorePoint,
)

UPSERT_BATCH = 256
RECORD_PAGE = 512


@dataclass(frozen=True)
class ClusterLayout:
    """How a new collection is spread over a Qdrant cluster (ignored by an existing collection)."""

    shard_number: int = 1
    replication_factor: int = 1
    write_consistency_factor: int = 1


def client_filter(flt: SearchFilter | None) -> models.Filter | None:
    """Translate a SearchFilter into a qdrant-client Filter."""
    if flt is None or not (flt.conditions() or flt.exclude_kinds):
        return None
    must = [
        models.FieldCondition(key=key, match=models.MatchAny(any=list(values)))
        for key, values in flt.conditions().items()
    ]
    must_not = (
        [models.FieldCondition(key="kind", match=models.MatchAny(any=list(flt.exclude_kinds)))]
        if flt.exclude_kinds else None
    )
    return models.Filter(must=must or None, must_not=must_not)


class ClientStore:
    """VectorStore over one qdrant-client collection."""

    def __init__(self, client: QdrantClient, collection: str, *, recreate: bool = False,
                 layout: ClusterLayout = ClusterLayout()) -> None:
        self._client = client
        self._collection = collection
        self._layout = layout
        if recreate and client.collection_exists(collection):
            client.delete_collection(collection)
        self._ensure_collection()

    @classmethod
    def connect(cls, url: str | None, api_key: str | None, collection: str, *, recreate: bool = False,
                layout: ClusterLayout = ClusterLayout()) -> "ClientStore":
        """Connect to a Qdrant server or cluster."""
        if not url:
            raise ConfigurationError("qdrant_mode is 'server' but PALERMO_QDRANT_URL is not set")
        try:
            return cls(QdrantClient(url=url, api_key=api_key, timeout=30), collection, recreate=recreate, layout=layout)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot reach the Qdrant server at {url}: {exc}") from exc

    @classmethod
    def local(cls, data_dir: Path | None, collection: str, *, recreate: bool = False) -> "ClientStore":
        """qdrant-client's local mode, on disk under ``data_dir`` or in memory when None."""
        try:
            if data_dir is None:
                return cls(QdrantClient(location=":memory:"), collection, recreate=recreate)
            data_dir.mkdir(parents=True, exist_ok=True)
            return cls(QdrantClient(path=str(data_dir)), collection, recreate=recreate)
        except RuntimeError as exc:
            if "already accessed" in str(exc):
                raise StoreLockedError(f"the local store at {data_dir} is in use by another process") from exc
            raise StoreError(f"cannot open the local store at {data_dir}: {exc}") from exc

    def _ensure_collection(self) -> None:
        if self._client.collection_exists(self._collection):
            vectors = self._client.get_collection(self._collection).config.params.vectors
            if not isinstance(vectors, dict) or E5_VECTOR not in vectors:
                raise StoreError(
                    f"collection '{self._collection}' was built by an older palermo (no '{E5_VECTOR}' vector); "
                    "run `palermo ingest --rebuild`"
                )
            return
        self._client.create_collection(
            self._collection,
            vectors_config={
                DENSE_VECTOR: models.VectorParams(size=DENSE_SIZE, distance=models.Distance.COSINE),
                MULTI_VECTOR: models.VectorParams(size=MULTI_SIZE, distance=models.Distance.COSINE),
                E5_VECTOR: models.VectorParams(size=E5_SIZE, distance=models.Distance.COSINE),
            },
            sparse_vectors_config={SPARSE_VECTOR: models.SparseVectorParams(modifier=models.Modifier.IDF)},
            shard_number=self._layout.shard_number,
            replication_factor=self._layout.replication_factor,
            write_consistency_factor=self._layout.write_consistency_factor,
        )
        with warnings.catch_warnings():  # local mode warns that indexes are no-ops there
            warnings.simplefilter("ignore", UserWarning)
            for name in KEYWORD_FIELDS:
                self._client.create_payload_index(self._collection, name, models.PayloadSchemaType.KEYWORD)

    def upsert(self, points: list[StorePoint]) -> None:
        for start in range(0, len(points), UPSERT_BATCH):
            batch = [
                models.PointStruct(
                    id=point.id,
                    vector={**point.named_vectors(),
                            SPARSE_VECTOR: models.SparseVector(indices=point.sparse.indices, values=point.sparse.values)},
                    payload=point.payload,
                )
                for point in points[start : start + UPSERT_BATCH]
            ]
            self._client.upsert(self._collection, batch, wait=True)

    def delete(self, point_ids: list[str]) -> None:
        if point_ids:
            self._client.delete(self._collection, models.PointIdsList(points=list(point_ids)), wait=True)

    def clear(self) -> None:
        self._client.delete_collection(self._collection)
        self._ensure_collection()

    def indexed_points(self) -> list[IndexedPoint]:
        points: list[IndexedPoint] = []
        offset = None
        while True:
            records, offset = self._client.scroll(
                self._collection, limit=2048, offset=offset, with_payload=STATE_FIELDS, with_vectors=False
            )
            points.extend(IndexedPoint.from_payload(record.id, record.payload or {}) for record in records)
            if offset is None:
                return points

    def records(self) -> Iterator[StoredRecord]:
        offset = None
        while True:
            records, offset = self._client.scroll(
                self._collection, limit=RECORD_PAGE, offset=offset, with_payload=True, with_vectors=True
            )
            for record in records:
                vectors = {name: SparseVec(list(value.indices), list(value.values))
                           if isinstance(value, models.SparseVector) else list(value)
                           for name, value in (record.vector or {}).items()}
                yield StoredRecord(str(record.id), record.payload or {}, vectors)
            if offset is None:
                return

    def query(self, vectors: QueryVectors, flt: SearchFilter, limit: int, prefetch: int, rrf_k: int) -> list[Hit]:
        native_filter = client_filter(flt)
        stages = [(name, _client_vector(vector), weight) for name, vector, weight in vectors.stages()]
        if not stages:
            return []
        if len(stages) == 1:
            name, vector, _ = stages[0]
            response = self._client.query_points(
                self._collection, query=vector, using=name, query_filter=native_filter, limit=limit, with_payload=True
            )
        else:
            response = self._client.query_points(
                self._collection,
                prefetch=[models.Prefetch(query=v, using=n, limit=prefetch, filter=native_filter) for n, v, _ in stages],
                query=models.RrfQuery(rrf=models.Rrf(k=rrf_k, weights=[w for _, _, w in stages])),
                query_filter=native_filter,
                limit=limit,
                with_payload=True,
            )
        return [Hit(str(point.id), point.score, point.payload or {}) for point in response.points]

    def lookup(self, flt: SearchFilter, limit: int = 256) -> list[Hit]:
        records, _ = self._client.scroll(
            self._collection, scroll_filter=client_filter(flt), limit=limit, with_payload=True, with_vectors=False
        )
        return [Hit(str(record.id), 1.0, record.payload or {}) for record in records]

    def count(self, flt: SearchFilter | None = None) -> int:
        return self._client.count(self._collection, count_filter=client_filter(flt), exact=True).count

    def optimize(self) -> None:
        """Servers optimise in the background; nothing to do."""

    def close(self) -> None:
        self._client.close()


def _client_vector(vector: object) -> object:
    if isinstance(vector, SparseVec):
        return models.SparseVector(indices=vector.indices, values=vector.values)
    return vector
