"""qdrant-edge backend: an in-process shard persisted under the data dir.

Only :mod:`retrieval.stores` imports this module.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import qdrant_edge as qe
from filelock import FileLock, Timeout

from corpora.errors import StoreError, StoreLockedError
from retrieval.folder_swap import incoming_folder, recover_folder, replace_folder
from retrieval.store import (
    DENSE_SIZE,
    DENSE_VECTOR,
    E5_SIZE,
    E5_VECTOR,
    KEYWORD_FIELDS,
    MULTI_SIZE,
    MULTI_VECTOR,
    SCHEMA_VERSION,
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
SCHEMA_FILE = "palermo-schema.json"


def _config() -> qe.EdgeConfig:
    return qe.EdgeConfig(
        vectors={
            DENSE_VECTOR: qe.EdgeVectorParams(size=DENSE_SIZE, distance=qe.Distance.Cosine),
            MULTI_VECTOR: qe.EdgeVectorParams(size=MULTI_SIZE, distance=qe.Distance.Cosine),
            E5_VECTOR: qe.EdgeVectorParams(size=E5_SIZE, distance=qe.Distance.Cosine),
        },
        sparse_vectors={SPARSE_VECTOR: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
    )


def edge_filter(flt: SearchFilter | None) -> qe.Filter | None:
    """Translate a SearchFilter into a qdrant-edge Filter."""
    if flt is None or not (flt.conditions() or flt.exclude_kinds):
        return None
    must = [
        qe.FieldCondition(key=key, match=qe.MatchAny(list(values)))
        for key, values in flt.conditions().items()
    ]
    must_not = [qe.FieldCondition(key="kind", match=qe.MatchAny(list(flt.exclude_kinds)))] if flt.exclude_kinds else None
    return qe.Filter(must=must or None, must_not=must_not)


def store_lock(path: Path) -> FileLock:
    """The lock every process takes on the store folder ``path`` (ingest, service, snapshots), acquired;
    StoreLockedError when another process holds it."""
    path.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path / ".palermo.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise StoreLockedError(
            f"the embedded store at {path} is in use by another palermo process; "
            "stop it and try again (search, show, ask and chat go through a running `palermo serve`)"
        ) from None
    return lock


class EdgeStore:
    """VectorStore over one qdrant-edge shard; holds a lock file while open."""

    def __init__(self, shard: qe.EdgeShard, lock: FileLock | None, path: Path) -> None:
        self._shard = shard
        self._lock = lock
        self.path = path

    @classmethod
    def open(cls, data_dir: Path, collection: str, *, recreate: bool = False) -> "EdgeStore":
        """Open (or create) the shard ``collection`` under ``data_dir``; ``recreate`` starts it afresh."""
        lock = store_lock(data_dir)
        try:
            return cls.open_locked(data_dir / collection, lock, recreate=recreate)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open_locked(cls, path: Path, lock: FileLock | None, *, recreate: bool = False) -> "EdgeStore":
        """Open the shard at ``path`` for a caller that holds the store's lock (``lock`` is released on
        close; None leaves it to the caller). A swap a crash interrupted is finished first."""
        try:
            recover_folder(path)
            if recreate or not path.is_dir() or not any(path.iterdir()):
                _create_empty(path)
            shard = _load(path)
        except StoreError:
            raise
        except Exception as exc:  # the engine raises plain exceptions
            raise StoreError(f"cannot open the embedded store at {path}: {exc}") from exc
        return cls(shard, lock, path)

    def upsert(self, points: list[StorePoint]) -> None:
        for start in range(0, len(points), UPSERT_BATCH):
            batch = [
                qe.Point(
                    point.id,
                    {**point.named_vectors(), SPARSE_VECTOR: qe.SparseVector(point.sparse.indices, point.sparse.values)},
                    point.payload,
                )
                for point in points[start : start + UPSERT_BATCH]
            ]
            self._shard.update(qe.UpdateOperation.upsert_points(batch))

    def delete(self, point_ids: list[str]) -> None:
        if point_ids:
            self._shard.update(qe.UpdateOperation.delete_points(list(point_ids)))

    def clear(self) -> None:
        self._shard.close()
        _create_empty(self.path)
        self._shard = _load(self.path)

    def indexed_points(self) -> list[IndexedPoint]:
        points: list[IndexedPoint] = []
        offset = None
        while True:
            records, offset = self._shard.scroll(
                qe.ScrollRequest(offset=offset, limit=2048, with_payload=STATE_FIELDS, with_vector=False)
            )
            points.extend(IndexedPoint.from_payload(record.id, record.payload or {}) for record in records)
            if offset is None:
                return points

    def records(self) -> Iterator[StoredRecord]:
        offset = None
        while True:
            records, offset = self._shard.scroll(
                qe.ScrollRequest(offset=offset, limit=RECORD_PAGE, with_payload=True, with_vector=True)
            )
            for record in records:
                vectors = {name: SparseVec(list(value.indices), list(value.values)) if isinstance(value, qe.SparseVector)
                           else list(value) for name, value in (record.vector or {}).items()}
                yield StoredRecord(str(record.id), record.payload or {}, vectors)
            if offset is None:
                return

    def query(self, vectors: QueryVectors, flt: SearchFilter, limit: int, prefetch: int, rrf_k: int) -> list[Hit]:
        native_filter = edge_filter(flt)
        stages = [(name, _edge_vector(vector), weight) for name, vector, weight in vectors.stages()]
        if not stages:
            return []
        if len(stages) == 1:
            name, vector, _ = stages[0]
            request = qe.QueryRequest(limit=limit, query=qe.Query.Nearest(vector, using=name), filter=native_filter,
                                      with_payload=True)
        else:
            request = qe.QueryRequest(
                limit=limit,
                prefetches=[qe.Prefetch(limit=prefetch, query=qe.Query.Nearest(vector, using=name), filter=native_filter)
                            for name, vector, _ in stages],
                query=qe.Fusion.Rrf(k=rrf_k, weights=[weight for _, _, weight in stages]),
                filter=native_filter,
                with_payload=True,
            )
        return [Hit(str(point.id), point.score, point.payload or {}) for point in self._shard.query(request)]

    def lookup(self, flt: SearchFilter, limit: int = 256) -> list[Hit]:
        records, _ = self._shard.scroll(
            qe.ScrollRequest(limit=limit, filter=edge_filter(flt), with_payload=True, with_vector=False)
        )
        return [Hit(str(record.id), 1.0, record.payload or {}) for record in records]

    def count(self, flt: SearchFilter | None = None) -> int:
        return self._shard.count(qe.CountRequest(exact=True, filter=edge_filter(flt)))

    def optimize(self) -> None:
        self._shard.optimize()

    def close(self) -> None:
        try:
            self._shard.flush()
            self._shard.close()
        finally:
            if self._lock is not None:
                self._lock.release()


def _edge_vector(vector: object) -> object:
    return qe.SparseVector(vector.indices, vector.values) if isinstance(vector, SparseVec) else vector


def _create_empty(path: Path) -> None:
    """Replace whatever is at ``path`` by an empty shard of the current schema, built beside it and
    swapped in whole: a crash leaves the old shard or the new one, never a half-built folder."""
    incoming = incoming_folder(path)
    shutil.rmtree(incoming, ignore_errors=True)
    shard = qe.EdgeShard.create(str(incoming), _config())
    for name in KEYWORD_FIELDS:
        shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Keyword))
    shard.flush()
    shard.close()
    (incoming / SCHEMA_FILE).write_text(json.dumps({"version": SCHEMA_VERSION}))
    replace_folder(incoming, path)


def _load(path: Path) -> qe.EdgeShard:
    """Load the shard at ``path``, checking its schema version."""
    schema = path / SCHEMA_FILE
    found = json.loads(schema.read_text()).get("version") if schema.is_file() else 1
    if found != SCHEMA_VERSION:
        raise StoreError(
            f"the index at {path} was built by an older palermo (schema {found}, now {SCHEMA_VERSION}); "
            "run `palermo ingest --rebuild`"
        )
    return qe.EdgeShard.load(str(path))
