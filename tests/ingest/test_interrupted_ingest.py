"""kill -9 in the middle of an ingest, then a new run: no duplicated and no missing chunks."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from corpora.registry import load_registry
from corpora.settings import load_settings
from ingest.embedding import Embedders, EmbeddingCache
from ingest.pipeline import run_ingest
from ingest.sources import list_sources
from retrieval.dense import DenseEncoder
from retrieval.multilingual import MultilingualEncoder
from retrieval.stores import open_store
from tests.small_corpus import build_small_corpus

REPO = Path(__file__).resolve().parents[2]


def _cached_rows(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=0.1) as db:
            return db.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    except sqlite3.Error:
        return 0


def _ingest_in_process(settings) -> tuple[set[str], int]:
    store = open_store(settings)
    cache = EmbeddingCache(settings.cache_path)
    try:
        summary = run_ingest(store, Embedders.over(cache, DenseEncoder(), MultilingualEncoder()),
                             list_sources(load_registry(settings), ["instruments", "reports"]), max_chars=1500)
        return {point.id for point in store.indexed_points()}, summary.updated
    finally:
        store.close()
        cache.close()


def test_kill_9_then_resume(corpus_dir, tmp_path):
    corpus = build_small_corpus(corpus_dir, tmp_path / "corpus", ("BWBV0001006", "BWBV0001024"))
    cache = tmp_path / "killed" / "embedding-cache.sqlite"
    env = {**os.environ, "PALERMO_CORPUS_DIR": str(corpus), "PALERMO_DATA_DIR": str(tmp_path / "killed"),
           "PALERMO_EMBEDDING_CACHE": str(cache)}
    process = subprocess.Popen([sys.executable, "-m", "cli.main", "ingest"], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while _cached_rows(cache) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process.poll() is None, "ingest finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    resumed = load_settings(corpus_dir=corpus, data_dir=tmp_path / "killed", embedding_cache=cache)
    resumed_ids, updated = _ingest_in_process(resumed)
    assert 1 <= updated <= 3  # what the killed run had finished is not redone
    clean = load_settings(corpus_dir=corpus, data_dir=tmp_path / "clean", embedding_cache=cache)
    clean_ids, _ = _ingest_in_process(clean)
    assert resumed_ids == clean_ids
    store = open_store(resumed)
    try:
        assert store.count() == len(clean_ids)
    finally:
        store.close()
