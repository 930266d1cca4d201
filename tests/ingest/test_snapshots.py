"""`palermo snapshot`: a restore brings back exactly the snapshot's index; a damaged snapshot changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from corpora.errors import ConfigurationError, SnapshotError, StoreLockedError
from corpora.registry import load_registry
from corpora.settings import Settings, load_settings
from ingest.embedding import Embedders, EmbeddingCache, cache_problems
from ingest.pipeline import run_ingest
from ingest.snapshots import create_snapshot, list_snapshots, restore_snapshot
from ingest.sources import list_sources
from retrieval.dense import DenseEncoder
from retrieval.folder_swap import copy_folder
from retrieval.index_digest import index_digest
from retrieval.multilingual import MultilingualEncoder
from retrieval.setup import build_e5
from retrieval.store import DENSE_SIZE, E5_SIZE, MULTI_SIZE
from retrieval.stores import open_store
from tests.small_corpus import build_small_corpus, seeded_cache

SETS = ["instruments", "reports"]
DROPPED = "BWBV0001024"


def _ingest(settings: Settings) -> None:
    store, cache = open_store(settings), EmbeddingCache(settings.cache_path)
    try:
        embedders = Embedders.over(cache, DenseEncoder(), MultilingualEncoder(), build_e5(settings))
        run_ingest(store, embedders, list_sources(load_registry(settings, SETS), SETS), max_chars=settings.chunk_max_chars)
    finally:
        store.close()
        cache.close()


def _live(settings: Settings) -> dict:
    store = open_store(settings)
    try:
        return index_digest(store).summary()
    finally:
        store.close()


@pytest.fixture(scope="module")
def template(corpus_dir, tmp_path_factory, session_embedding_cache) -> Path:
    """A tiny corpus (two treaties and the report), its own embedding cache and its index, built once."""
    root = tmp_path_factory.mktemp("snapshot-template")
    corpus = build_small_corpus(corpus_dir, root / "corpus", ("BWBV0001010", DROPPED))
    seeded_cache(session_embedding_cache, root / "data" / "embedding-cache.sqlite", corpus)
    _ingest(_settings(root))
    return root


def _settings(root: Path) -> Settings:
    return load_settings(corpus_dir=root / "corpus", data_dir=root / "data", documents_dir=root / "no-documents",
                         embedding_cache=root / "data" / "embedding-cache.sqlite", qdrant_mode="edge")


@pytest.fixture
def site(template, tmp_path) -> Settings:
    """A copy of the template (corpus, cache, index) this test may change."""
    copy_folder(template, tmp_path / "site")
    return _settings(tmp_path / "site")


def _drop_treaty(settings: Settings) -> None:
    """A corpus change: one treaty leaves the corpus (the next ingest deletes its points)."""
    manifest = settings.corpus_dir / "instruments" / "manifest.jsonl"
    manifest.write_text("".join(line for line in manifest.read_text().splitlines(keepends=True) if DROPPED not in line))


def test_restore_refuses_damaged_snapshots_then_brings_back_the_snapshot(site):
    before = _live(site)
    info = create_snapshot(site, "before")
    assert info.points == before["points"] > 0 and info.size_bytes > 0
    _drop_treaty(site)
    _ingest(site)
    after = _live(site)
    assert after["points"] < before["points"]

    # a damaged file: refused by the file digests, the live index untouched
    folder = site.snapshot_root / "before"
    segment_file = next(path for path in sorted((folder / "index" / "segments").rglob("*"))
                        if path.is_file() and path.stat().st_size > 100)
    original = segment_file.read_bytes()
    segment_file.write_bytes(original[:50] + bytes([original[50] ^ 0xFF]) + original[51:])
    with pytest.raises(SnapshotError, match="is damaged .sha256 differs"):
        restore_snapshot(site, "before")
    assert _live(site) == after
    segment_file.write_bytes(original)

    # files intact but an index that is not the one the manifest records: refused by the index digest
    manifest_path = folder / "manifest.json"
    manifest_text = manifest_path.read_text()
    manifest = json.loads(manifest_text)
    manifest["index"]["payloads"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match="does not match its manifest: payloads"):
        restore_snapshot(site, "before")
    assert _live(site) == after
    assert not list(site.store_dir.glob("*.incoming"))
    manifest_path.write_text(manifest_text)

    report = restore_snapshot(site, "before")

    assert _live(site) == before
    assert report.points == before["points"]
    assert report.corpus_changed == [f"instruments/{DROPPED}.md"]  # gone from the corpus since
    assert not cache_problems(site.cache_path, {DENSE_SIZE, MULTI_SIZE, E5_SIZE})
    assert [snapshot.name for snapshot in list_snapshots(site)] == ["before"]
    assert not list(site.store_dir.glob("*.incoming")) and not list(site.store_dir.glob("*.retired"))


def test_bad_names_missing_or_damaged_snapshots_and_a_held_lock_are_clear_errors(site):
    with pytest.raises(SnapshotError, match="no snapshot"):
        restore_snapshot(site, "nothing-here")
    with pytest.raises(SnapshotError, match="bad snapshot name"):
        restore_snapshot(site, "../data")
    with pytest.raises(SnapshotError, match="bad snapshot name"):
        create_snapshot(site, "../escape")
    with pytest.raises(ConfigurationError, match="snapshot API"):  # a Qdrant server backs itself up
        create_snapshot(site.model_copy(update={"qdrant_mode": "server"}), "remote")
    create_snapshot(site, "once")
    with pytest.raises(SnapshotError, match="exists already"):
        create_snapshot(site, "once")
    store = open_store(site)  # the service or an ingest holds the store
    try:
        with pytest.raises(StoreLockedError):
            create_snapshot(site, "while-busy")
    finally:
        store.close()
    assert not (site.snapshot_root / "while-busy").exists() and not list(site.snapshot_root.glob(".*"))

    env = {"PALERMO_DATA_DIR": str(site.data_dir), "PALERMO_CORPUS_DIR": str(site.corpus_dir),
           "PALERMO_EMBEDDING_CACHE": str(site.cache_path), "PALERMO_DOCUMENTS_DIR": str(site.user_documents_dir),
           "PALERMO_QDRANT_MODE": "edge"}
    runner = CliRunner()
    listed = runner.invoke(app, ["snapshot", "list"], env=env)
    assert listed.exit_code == 0 and "once" in listed.output
    (site.snapshot_root / "once" / "manifest.json").write_text("{not json")
    refused = runner.invoke(app, ["snapshot", "restore", "once"], env=env)
    assert refused.exit_code == 2 and "manifest of snapshot 'once' is damaged" in refused.output
    missing = runner.invoke(app, ["snapshot", "restore", "missing"], env=env)
    assert missing.exit_code == 2 and "no snapshot" in missing.output

