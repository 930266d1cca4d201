"""The index digest: the same points give the same digest on both backends; any change shows."""

from __future__ import annotations

import dataclasses

import pytest

from retrieval.index_digest import differences, index_digest, orphans_and_stale
from retrieval.store import SparseVec
from retrieval.stores import open_store
from tests.retrieval.test_store import POINTS


@pytest.fixture
def stores(make_settings, tmp_path):
    opened = {mode: open_store(make_settings(qdrant_mode=mode, data_dir=tmp_path / mode)) for mode in ("edge", "local")}
    for store in opened.values():
        store.upsert(POINTS)
    yield opened
    for store in opened.values():
        store.close()


def test_both_backends_give_the_same_ids_and_payload_digests(stores):
    """Dense vectors are compared within one backend: each normalises cosine vectors its own way."""
    edge, local = (index_digest(stores[mode]).summary() for mode in ("edge", "local"))
    assert {key: edge[key] for key in ("points", "ids", "payloads")} == {key: local[key] for key in ("points", "ids", "payloads")}
    assert edge["points"] == len(POINTS) and set(edge["vectors"]) == set(local["vectors"]) == {"dense", "multi", "bm25"}
    assert edge["vectors"]["bm25"] == local["vectors"]["bm25"]


def test_a_changed_vector_payload_or_extra_point_shows(stores):
    store = stores["edge"]
    before = index_digest(store)
    changed_sparse = dataclasses.replace(POINTS[0], sparse=SparseVec([1, 2], [0.5, 0.5]))
    changed_payload = dataclasses.replace(POINTS[1], payload={**POINTS[1].payload,
                                                              "text": "changed"})
    store.upsert([changed_sparse, changed_payload])
    after = index_digest(store)
    found = differences(before, after)
    assert sorted(found) == sorted([f"vector 'bm25' differs: {POINTS[0].id} (instruments/A.md)",
                                    f"payload differs: {POINTS[1].id} (instruments/A.md)"])
    assert {"payloads", "vectors"} <= {key for key in before.summary() if before.summary()[key] != after.summary()[key]}
    store.delete([POINTS[2].id])
    assert f"missing point {POINTS[2].id}" in differences(before, index_digest(store))


def test_orphans_and_incomplete_files_are_named(stores):
    digest = index_digest(stores["edge"])
    assert orphans_and_stale(digest, {"instruments/A.md", "instruments/B.md"}) == [
        "instruments/A.md: 6 points, the file has 12 chunks", "instruments/B.md: 6 points, the file has 12 chunks"]
    assert "orphan points of 'instruments/B.md' (not in the corpus)" in orphans_and_stale(digest, {"instruments/A.md"})
