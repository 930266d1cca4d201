"""Incremental ingest on a small copy of the corpus: cold, warm, changed, removed, skipped."""

from __future__ import annotations

import pytest

from corpora.registry import load_registry
from ingest.embedding import Embedders, EmbeddingCache
from ingest.pipeline import run_ingest
from ingest.sources import list_sources
from retrieval.dense import DenseEncoder
from retrieval.multilingual import MultilingualEncoder
from retrieval.store import SearchFilter
from retrieval.stores import open_store
from tests.small_corpus import build_small_corpus

SETS = ["instruments", "reports"]


@pytest.fixture(scope="module")
def encoder():
    return DenseEncoder()


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One embedding cache for the module: each test still gets its own store."""
    return tmp_path_factory.mktemp("cache") / "embeddings.sqlite"


@pytest.fixture
def make_settings(make_settings, shared_cache):
    def build(**overrides):
        overrides.setdefault("embedding_cache", shared_cache)
        return make_settings(**overrides)

    return build


@pytest.fixture
def corpus(corpus_dir, tmp_path):
    # two small Dutch-only treaties plus the report; one empty file must be skipped with its reason
    return build_small_corpus(corpus_dir, tmp_path / "corpus", ("BWBV0001006", "BWBV0001024"), empty_ids=("BWBV9999999",))


def _ingest(settings, encoder, **options):
    registry = load_registry(settings)
    store = open_store(settings)
    cache = EmbeddingCache(settings.cache_path)
    try:
        summary = run_ingest(store, Embedders.over(cache, encoder, MultilingualEncoder()), list_sources(registry, SETS),
                             max_chars=settings.chunk_max_chars, **options)
        ids = {point.id for point in store.indexed_points()}
    finally:
        store.close()
        cache.close()
    return summary, ids


def test_cold_then_warm_ingest(make_settings, corpus, encoder):
    settings = make_settings(corpus_dir=corpus)
    cold, ids = _ingest(settings, encoder)
    assert cold.files == 4 and cold.updated == 3
    assert [key for key, _ in cold.skipped] == ["instruments/BWBV9999999.md"]
    assert "empty" in cold.skipped[0][1]
    assert cold.chunks == cold.points_in_store == len(ids) > 100
    assert cold.embedded <= 2 * cold.chunks  # two models; identical texts are embedded once; the cache may be warm
    warm, warm_ids = _ingest(settings, encoder)
    assert (warm.updated, warm.embedded, warm.chunks, warm.deleted_points) == (0, 0, 0, 0)
    assert warm.unchanged == 3 and warm_ids == ids


def test_changed_file_replaces_its_chunks(make_settings, corpus, encoder):
    settings = make_settings(corpus_dir=corpus)
    _, before = _ingest(settings, encoder)
    path = corpus / "instruments" / "BWBV0001024.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("### Artikel", "### Artikel  99  \n\nEen geheel nieuw artikel over uitlevering.\n\n### Artikel", 1), encoding="utf-8")
    changed, after = _ingest(settings, encoder)
    assert changed.updated == 1 and changed.unchanged == 2
    # only the new (Dutch) text, by the multilingual model alone (MiniLM and e5 embed English chunks only);
    # the rest comes from the cache
    assert changed.embedded == 1
    assert len(after - before) >= 1
    store = open_store(settings)
    try:
        hits = store.lookup(SearchFilter(instrument_ids=("BWBV0001024",), articles=("99",)))
        assert [hit.payload["text"] for hit in hits] == ["Een geheel nieuw artikel over uitlevering."]
        assert store.count() == len(after)
    finally:
        store.close()


def test_removed_file_loses_its_chunks(make_settings, corpus, encoder):
    settings = make_settings(corpus_dir=corpus)
    _ingest(settings, encoder)
    manifest = corpus / "instruments" / "manifest.jsonl"
    manifest.write_text("".join(line + "\n" for line in manifest.read_text().splitlines() if "BWBV0001024" not in line))
    summary, ids = _ingest(settings, encoder)
    assert summary.removed_files == 1 and summary.deleted_points > 0
    store = open_store(settings)
    try:
        assert store.count(SearchFilter(instrument_ids=("BWBV0001024",))) == 0
        assert store.count() == len(ids)
    finally:
        store.close()


def test_rebuild_gives_the_same_points_without_embedding(make_settings, corpus, encoder):
    settings = make_settings(corpus_dir=corpus)
    _, ids = _ingest(settings, encoder)
    rebuilt, rebuilt_ids = _ingest(settings, encoder, rebuild=True)
    assert rebuilt_ids == ids and rebuilt.embedded == 0 and rebuilt.updated == 3


def test_client_backend_builds_the_same_index(make_settings, corpus, encoder):
    _, edge_ids = _ingest(make_settings(corpus_dir=corpus), encoder)
    _, local_ids = _ingest(make_settings(corpus_dir=corpus, qdrant_mode="local"), encoder)
    assert edge_ids == local_ids


def test_user_documents_are_indexed_and_corrupt_ones_skipped(make_settings, corpus, encoder, tmp_path):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "model-law.md").write_text(
        "# Model Law on Mutual Assistance\n\n## Article 12\n\n1. The central authority shall execute requests promptly.\n\n"
        "2. A request may be refused where it would prejudice national security.\n", encoding="utf-8")
    (documents / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a docx")
    settings = make_settings(corpus_dir=corpus, documents_dir=documents)
    registry = load_registry(settings)
    store = open_store(settings)
    cache = EmbeddingCache(settings.cache_path)
    try:
        summary = run_ingest(store, Embedders.over(cache, encoder, MultilingualEncoder()), list_sources(registry, [*SETS, "documents"]),
                             max_chars=settings.chunk_max_chars)
        assert [key for key, _ in summary.skipped] == ["documents/broken.docx", "instruments/BWBV9999999.md"]
        hits = store.lookup(SearchFilter(instrument_ids=("DOC-MODEL-LAW",), articles=("12",), paragraphs=("2",)))
        assert [hit.payload["label"] for hit in hits] == ["model-law art. 12(2)"]
        assert "national security" in hits[0].payload["text"]
    finally:
        store.close()
        cache.close()
