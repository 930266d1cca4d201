"""One store test-suite for both backends (qdrant-edge and qdrant-client local mode)."""

from __future__ import annotations

import random
import uuid

import pytest

from corpora.errors import StoreLockedError
from retrieval.fusion import reciprocal_rank_fusion
from retrieval.store import SearchFilter, SparseVec, StorePoint, open_store


def _vector(seed: int) -> list[float]:
    rng = random.Random(seed)
    values = [rng.uniform(-1, 1) for _ in range(384)]
    norm = sum(v * v for v in values) ** 0.5
    return [v / norm for v in values]


def _point(number: int, instrument: str, article: str, terms: list[int], language: str = "en") -> StorePoint:
    return StorePoint(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"p{number}")),
        dense=_vector(number),
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
    hits = store.query(target.dense, None, SearchFilter(), 3, 30, 60)
    assert hits[0].id == target.id
    assert hits[0].payload["label"] == target.payload["label"]


def test_sparse_query_uses_idf(store):
    # term 3 occurs in one point only; term 100 in half of them: the rare term must win.
    hits = store.query(None, SparseVec([3, 100], [1.0, 1.0]), SearchFilter(), 3, 30, 60)
    assert hits[0].id == POINTS[3].id


def test_hybrid_is_rrf_of_both(store):
    dense_target, sparse_target = POINTS[4], POINTS[9]
    dense_only = [h.id for h in store.query(dense_target.dense, None, SearchFilter(), 12, 12, 60)]
    sparse_only = [h.id for h in store.query(None, SparseVec([9], [1.0]), SearchFilter(), 12, 12, 60)]
    fused = [h.id for h in store.query(dense_target.dense, SparseVec([9], [1.0]), SearchFilter(), 2, 12, 60)]
    assert set(fused) == {dense_target.id, sparse_target.id}
    assert fused[0] in reciprocal_rank_fusion([dense_only, sparse_only], k=60)[:2]


def test_filtered_query_respects_filter(store):
    hits = store.query(POINTS[0].dense, SparseVec([0], [1.0]), SearchFilter(instrument_ids=("B",)), 5, 30, 60)
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
