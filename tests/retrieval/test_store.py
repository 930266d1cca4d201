"""One store test-suite for both backends (qdrant-edge and qdrant-client local mode)."""

from __future__ import annotations

import random
import uuid

import pytest

from corpora.errors import StoreError, StoreLockedError
from retrieval.fusion import reciprocal_rank_fusion
from retrieval.store import QueryVectors, SearchFilter, SparseVec, StorePoint
from retrieval.stores import open_store


def _vector(seed: int, size: int = 384) -> list[float]:
    rng = random.Random(seed)
    values = [rng.uniform(-1, 1) for _ in range(size)]
    norm = sum(v * v for v in values) ** 0.5
    return [v / norm for v in values]


def _point(number: int, instrument: str, article: str, terms: list[int], language: str = "en") -> StorePoint:
    return StorePoint(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"p{number}")),
        dense=_vector(number),
        multi=_vector(1000 + number, 512),
        sparse=SparseVec(terms, [1.0] * len(terms)),
        payload={
            "instrument_id": instrument, "article": article, "paragraph": str(number % 3 + 1),
            "language": language, "kind": "article", "topics": ["extradition", "mutual_legal_assistance"],
            "source_file": f"instruments/{instrument}.md", "content_hash": f"h{number}",
            "source_version": "sha", "source_chunks": 12, "label": f"{instrument} art. {article}", "order": number,
        },
    )


POINTS = [_point(n, "A" if n < 6 else "B", str(n % 4 + 1), [n, 100 + n % 2]) for n in range(12)]


@pytest.fixture(params=["edge", "local"])
def store(request, make_settings):
    opened = open_store(make_settings(qdrant_mode=request.param))
    opened.upsert(POINTS)
    yield opened
    opened.close()


def test_count_and_filters(store):
    assert store.count() == 12
    assert store.count(SearchFilter(instrument_ids=("A",))) == 6
    assert store.count(SearchFilter(instrument_ids=("A", "B"), articles=("1",))) == 3
    assert store.count(SearchFilter(topics=("extradition",))) == 12
    assert store.count(SearchFilter(languages=("nl",))) == 0


def test_upsert_same_ids_does_not_duplicate(store):
    store.upsert(POINTS[:5])
    assert store.count() == 12


def test_delete_and_indexed_points(store):
    store.delete([POINTS[0].id, POINTS[1].id])
    indexed = store.indexed_points()
    assert len(indexed) == 10
    assert {point.id for point in indexed} == {point.id for point in POINTS[2:]}
    assert all(point.source_chunks == 12 and point.source_version == "sha" for point in indexed)


def test_dense_query_finds_the_exact_vector(store):
    target = POINTS[7]
    hits = store.query(QueryVectors(dense=target.dense), SearchFilter(), 3, 30, 60)
    assert hits[0].id == target.id
    assert hits[0].payload["label"] == target.payload["label"]


def test_sparse_query_uses_idf(store):
    # term 3 occurs in one point only; term 100 in half of them: the rare term must win.
    hits = store.query(QueryVectors(sparse=SparseVec([3, 100], [1.0, 1.0])), SearchFilter(), 3, 30, 60)
    assert hits[0].id == POINTS[3].id


def test_hybrid_is_rrf_of_both(store):
    dense_target, sparse_target = POINTS[4], POINTS[9]
    dense_only = [h.id for h in store.query(QueryVectors(dense=dense_target.dense), SearchFilter(), 12, 12, 60)]
    sparse_only = [h.id for h in store.query(QueryVectors(sparse=SparseVec([9], [1.0])), SearchFilter(), 12, 12, 60)]
    fused = [h.id for h in store.query(QueryVectors(dense=dense_target.dense, sparse=SparseVec([9], [1.0])), SearchFilter(), 2, 12, 60)]
    assert set(fused) == {dense_target.id, sparse_target.id}
    assert fused[0] in reciprocal_rank_fusion([dense_only, sparse_only], k=60)[:2]


def test_multilingual_vector_and_weights(store):
    target = POINTS[2]
    assert store.query(QueryVectors(multi=target.multi), SearchFilter(), 1, 30, 60)[0].id == target.id
    both = QueryVectors(dense=POINTS[4].dense, multi=target.multi, weights={"dense": 0.1, "multi": 3.0})
    assert store.query(both, SearchFilter(), 1, 30, 2)[0].id == target.id
    flipped = QueryVectors(dense=POINTS[4].dense, multi=target.multi, weights={"dense": 3.0, "multi": 0.1})
    assert store.query(flipped, SearchFilter(), 1, 30, 2)[0].id == POINTS[4].id


def test_filtered_query_respects_filter(store):
    hits = store.query(QueryVectors(dense=POINTS[0].dense, sparse=SparseVec([0], [1.0])), SearchFilter(instrument_ids=("B",)), 5, 30, 60)
    assert hits and all(hit.payload["instrument_id"] == "B" for hit in hits)


def test_lookup_is_exact(store):
    hits = store.lookup(SearchFilter(instrument_ids=("A",), articles=("2",)))
    assert {hit.payload["article"] for hit in hits} == {"2"}
    assert len(hits) == sum(1 for p in POINTS if p.payload["instrument_id"] == "A" and p.payload["article"] == "2")


def test_clear_empties_the_store(store):
    store.clear()
    assert store.count() == 0
    store.upsert(POINTS[:2])
    assert store.count() == 2


@pytest.mark.parametrize("mode", ["edge", "local"])
def test_older_schema_asks_for_rebuild_and_recreate_fixes_it(make_settings, mode):
    settings = make_settings(qdrant_mode=mode)
    if mode == "edge":
        first = open_store(settings)
        first.upsert(POINTS)
        first.close()
        (settings.store_dir / settings.collection / "palermo-schema.json").write_text('{"version": 1}')
    else:
        from qdrant_client import QdrantClient, models

        client = QdrantClient(path=str(settings.store_dir))
        client.create_collection(settings.collection, vectors_config={"dense": models.VectorParams(size=384, distance=models.Distance.COSINE)})
        client.close()
    with pytest.raises(StoreError, match="ingest --rebuild"):
        open_store(settings)
    rebuilt = open_store(settings, recreate=True)
    try:
        assert rebuilt.count() == 0
        rebuilt.upsert(POINTS[:3])
        assert rebuilt.count() == 3
    finally:
        rebuilt.close()


def test_edge_store_persists_and_is_single_process(make_settings):
    settings = make_settings(qdrant_mode="edge")
    first = open_store(settings)
    first.upsert(POINTS)
    with pytest.raises(StoreLockedError, match="in use by another palermo process"):
        open_store(settings)
    first.close()
    reopened = open_store(settings)
    try:
        assert reopened.count() == 12
    finally:
        reopened.close()


def test_e5_vector_only_where_given(store):
    """The reranker's vector sits on English chunks only; a query on it never returns the others."""
    with_e5 = [StorePoint(id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"e5-{n}")), dense=_vector(50 + n), multi=_vector(60 + n, 512),
                          sparse=SparseVec([n], [1.0]), payload={**POINTS[n].payload, "language": "en"},
                          e5=_vector(70 + n) if n % 2 == 0 else None) for n in range(4)]
    store.upsert(with_e5)
    found = store.query(QueryVectors(e5=_vector(70)), SearchFilter(), 10, 10, 60)
    assert {hit.id for hit in found} == {with_e5[0].id, with_e5[2].id}
    assert found[0].id == with_e5[0].id
