"""Shared fixtures: the shared corpus (skipped when absent), settings on tmp dirs, small indexes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import qdrant_client  # noqa: F401  (urllib3 probes IPv6 with a bare socket at import; do it before sockets are blocked)

from corpora.settings import REPO_ROOT, Settings, load_settings

CORPUS_DIR = Path(os.environ.get("PALERMO_CORPUS_DIR", REPO_ROOT.parent / "shared" / "corpora"))
# The tiny test translation packages are verified for greedy decoding only (see
# tests/translation/tiny_verify.py); subprocesses (CLI, API, UI) inherit this.
os.environ["PALERMO_TRANSLATION_BEAM_SIZE"] = "1"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus; tests that need it are skipped with a reason when it is absent."""
    if not (CORPUS_DIR / "instruments" / "manifest.jsonl").is_file():
        pytest.skip(f"shared corpus not found at {CORPUS_DIR} (set PALERMO_CORPUS_DIR)")
    return CORPUS_DIR


@pytest.fixture
def make_settings(tmp_path: Path):
    """Settings whose data dir is a fresh temporary folder."""

    def build(**overrides: object) -> Settings:
        overrides.setdefault("data_dir", tmp_path / "data")
        overrides.setdefault("corpus_dir", CORPUS_DIR)
        return load_settings(**overrides)

    return build


def _build_index(settings: Settings) -> dict:
    """Ingest the instruments and reports of ``settings.corpus_dir`` into a fresh edge store."""
    from corpora.registry import load_registry
    from ingest.embedding import Embedders, EmbeddingCache
    from ingest.pipeline import run_ingest
    from ingest.sources import list_sources
    from retrieval.dense import DenseEncoder
    from retrieval.multilingual import MultilingualEncoder
    from retrieval.setup import build_e5
    from retrieval.stores import open_store

    registry = load_registry(settings)
    store = open_store(settings)
    encoder = DenseEncoder()
    cache = EmbeddingCache(settings.cache_path)
    try:
        summary = run_ingest(store, Embedders.over(cache, encoder, MultilingualEncoder(), build_e5(settings)), list_sources(registry, ["instruments", "reports"]),
                             max_chars=settings.chunk_max_chars)
    finally:
        cache.close()
    return {"settings": settings, "registry": registry, "store": store, "encoder": encoder, "summary": summary}


@pytest.fixture(scope="session")
def session_embedding_cache(tmp_path_factory) -> Path:
    """One embedding cache for the session's indexes: the full index reuses the small one's vectors
    ($PALERMO_EMBEDDING_CACHE, when set, is used instead, as by the settings)."""
    configured = os.environ.get("PALERMO_EMBEDDING_CACHE")
    return Path(configured) if configured else tmp_path_factory.mktemp("embedding-cache") / "embedding-cache.sqlite"


@pytest.fixture(scope="session")
def small_index(corpus_dir, tmp_path_factory, session_embedding_cache):
    """UNTOC, ECE, ECMA and the report indexed once per session (edge backend)."""
    from tests.small_corpus import build_small_corpus

    root = tmp_path_factory.mktemp("small")
    index = _build_index(load_settings(corpus_dir=build_small_corpus(corpus_dir, root / "corpus"), data_dir=root / "data",
                                       embedding_cache=session_embedding_cache))
    yield index
    index["store"].close()


@pytest.fixture(scope="session")
def full_index(corpus_dir, tmp_path_factory, session_embedding_cache):
    """The whole focused corpus (instruments + reports) indexed once per test run.

    The slowest fixture (about 8 minutes cold on 2 cores); set PALERMO_EMBEDDING_CACHE to an
    existing cache to make it fast on a developer machine.
    """
    index = _build_index(load_settings(corpus_dir=corpus_dir, data_dir=tmp_path_factory.mktemp("full") / "data",
                                       embedding_cache=session_embedding_cache))
    yield index
    index["store"].close()


#: The small corpus plus one bilateral treaty with an English text (the Netherlands–Hong Kong MLA agreement).
DRAFTING_INSTRUMENTS = ("BWBV0001668", "BWBV0001010", "BWBV0001009", "BWBV0006154")


@pytest.fixture(scope="session")
def drafting_index(corpus_dir, tmp_path_factory, session_embedding_cache):
    """UNTOC, ECE, ECMA, the report and a bilateral MLA agreement, indexed once per session (for drafting)."""
    from tests.small_corpus import build_small_corpus

    root = tmp_path_factory.mktemp("drafting")
    index = _build_index(load_settings(corpus_dir=build_small_corpus(corpus_dir, root / "corpus", DRAFTING_INSTRUMENTS),
                                       data_dir=root / "data", embedding_cache=session_embedding_cache))
    yield index
    index["store"].close()
