"""Builds a small corpus folder from chosen files of the shared corpus (in a temp dir, never the repo)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SMALL_INSTRUMENTS = ("BWBV0001668", "BWBV0001010", "BWBV0001009")
REPORT_ID = "CTOC-COP-2024-SECRETARIAT-IC"


def build_small_corpus(shared: Path, target: Path, instrument_ids=SMALL_INSTRUMENTS, empty_ids=()) -> Path:
    """Copy the manifest rows and files of ``instrument_ids`` (plus the report) into ``target``.

    ``empty_ids`` are written as empty files with a manifest row, like the empty files of the scale set.
    """
    for corpus_set, ids in (("instruments", instrument_ids), ("reports", (REPORT_ID,))):
        (target / corpus_set).mkdir(parents=True, exist_ok=True)
        rows = [json.loads(line) for line in (shared / corpus_set / "manifest.jsonl").read_text().splitlines() if line]
        chosen = [row for row in rows if row["id"] in ids]
        for row in chosen:
            shutil.copyfile(shared / row["file"], target / row["file"])
        if corpus_set == "instruments":
            for empty_id in empty_ids:
                (target / "instruments" / f"{empty_id}.md").write_text("\n", encoding="utf-8")
                chosen.append({"id": empty_id, "file": f"instruments/{empty_id}.md", "kind": "bilateral"})
        (target / corpus_set / "manifest.jsonl").write_text("".join(json.dumps(row) + "\n" for row in chosen))
    return target


def seeded_cache(source_cache: Path, target: Path, corpus: Path) -> Path:
    """A new embedding cache at ``target`` holding the vectors ``source_cache`` has for the chunks of
    ``corpus`` (so a test may replace or restore it without touching the shared cache)."""
    import sqlite3

    from corpora.registry import load_registry
    from corpora.settings import load_settings
    from ingest.chunking import chunk_provisions
    from ingest.embedding import EmbeddingCache, text_key
    from ingest.sources import list_sources, parse_source

    settings = load_settings(corpus_dir=corpus, data_dir=target.parent, documents_dir=target.parent / "no-documents")
    sets = ["instruments", "reports"]
    keys = sorted({text_key(chunk.embed_text)
                   for source in list_sources(load_registry(settings, sets), sets)
                   for chunk in chunk_provisions(parse_source(source), source.key, settings.chunk_max_chars)})
    EmbeddingCache(target).close()
    if source_cache.is_file():
        db = sqlite3.connect(target, isolation_level=None)
        db.execute("ATTACH ? AS src", (str(source_cache),))
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            db.execute(f"INSERT OR IGNORE INTO embeddings SELECT * FROM src.embeddings WHERE key IN ({','.join('?' * len(batch))})",
                       batch)
        db.execute("DETACH src")
        db.close()
    return target
