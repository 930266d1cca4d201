"""Hostile files in the documents folder: each is skipped with its reason, quickly, in bounded memory, and
the rest of the folder still ingests; wrong and mixed encodings are decoded with a stated fallback."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest

from corpora.errors import DocumentError, UnsafeFileError
from corpora.file_safety import FileLimits
from corpora.registry import Registry
from ingest.documents import parse_document
from ingest.embedding import Embedders, EmbeddingCache
from ingest.pipeline import run_ingest
from ingest.sources import list_sources
from retrieval.dense import DenseEncoder
from retrieval.multilingual import MultilingualEncoder
from retrieval.stores import open_store
from tests import hostile_files as hostile

MEMORY_BOUND = 32 * 1024 * 1024  # loose: the largest case (a 64 MiB zip bomb) must not be inflated
HUGE_BYTES = 200 * 1024 * 1024

REFUSED = {
    "empty.txt": (lambda: b"", "empty"),
    "noise.txt": (hostile.noise, "binary content"),
    "noise.pdf": (hostile.noise, "not a readable PDF"),
    "noise.docx": (hostile.noise, "not a readable Word document"),
    "truncated.pdf": (hostile.truncated_pdf, "truncated"),
    "encrypted.pdf": (hostile.encrypted_pdf, "encrypted"),
    "ten-thousand-pages.pdf": (hostile.many_pages_pdf, "10000 pages (limit 2000"),
    "bomb.docx": (hostile.bomb_docx, "zip bomb"),
    "external-entity.docx": (hostile.xxe_docx, "DOCTYPE or entity"),
    "billion-laughs.docx": (hostile.billion_laughs_docx, "DOCTYPE or entity"),
}


def _measured(call):
    """(result or exception, seconds, peak traced bytes)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = call()
    except DocumentError as exc:
        outcome = exc
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, time.perf_counter() - started, peak


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_document_is_refused_with_its_reason(tmp_path: Path, name: str) -> None:
    build, reason = REFUSED[name]
    path = tmp_path / name
    path.write_bytes(build())
    outcome, seconds, peak = _measured(lambda: parse_document(path, "DOC-X", "X"))
    assert isinstance(outcome, DocumentError), f"{name} was parsed: {outcome!r}"
    assert name in outcome.detail and reason in outcome.detail
    assert peak < MEMORY_BOUND and seconds < 10
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written beside it


def test_zip_bomb_is_judged_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(hostile.bomb_docx(inflated_mb=64))
    outcome, _, peak = _measured(lambda: parse_document(path, "DOC-X", "X"))
    assert isinstance(outcome, UnsafeFileError) and "would inflate" in outcome.detail
    assert peak < 1024 * 1024  # the 64 MiB part was never read
    path.write_bytes(hostile.many_parts_bomb_docx())
    with pytest.raises(UnsafeFileError, match="the archive would inflate"):  # small parts, bomb as a whole
        parse_document(path, "DOC-X", "X")
    path.write_bytes(hostile.bomb_docx(inflated_mb=64))
    with pytest.raises(UnsafeFileError, match="unpacks to"):  # the total declared size has its own limit
        parse_document(path, "DOC-X", "X", FileLimits(max_ratio=10_000, max_unpacked_bytes=10 * 1024 * 1024))


def test_page_and_size_limits_come_from_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "pages.pdf"
    path.write_bytes(hostile.many_pages_pdf(30))
    with pytest.raises(UnsafeFileError, match="30 pages"):
        parse_document(path, "DOC-X", "X", FileLimits(max_pages=20))
    with pytest.raises(DocumentError, match="over the limit of 2000"):
        parse_document(path, "DOC-X", "X", FileLimits(max_bytes=2000))


def test_wrong_and_mixed_encodings_are_decoded_line_by_line(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(hostile.mixed_encoding_text())
    text = parse_document(mixed, "DOC-X", "X")[0].text
    assert "Curaçao" in text and "“Genève”" in text and "Octet \x81 sans sens" in text
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(hostile.utf16_text())
    assert "Uitlevering van personen" in parse_document(utf16, "DOC-X", "X")[0].text


def test_a_folder_of_hostile_files_is_skipped_file_by_file(tmp_path: Path, make_settings) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    for name, (build, _) in REFUSED.items():
        (folder / name).write_bytes(build())
    with (folder / "huge.txt").open("wb") as huge:  # 200 MB, sparse: the size alone must refuse it
        huge.truncate(HUGE_BYTES)
    outside = tmp_path / "outside.txt"
    outside.write_text("Article 1. A file outside the documents folder.")
    os.symlink(outside, folder / "link.txt")
    registry = Registry({}, tmp_path)
    registry.add_documents(folder)
    sources = list_sources(registry, ["documents"])
    settings = make_settings()
    store, cache = open_store(settings), EmbeddingCache(settings.cache_path)
    try:
        embedders = Embedders.over(cache, DenseEncoder(), MultilingualEncoder())
        summary, seconds, peak = _measured(lambda: run_ingest(store, embedders, sources, max_chars=1500))
    finally:
        cache.close()
    reasons = dict(summary.skipped)
    assert len(reasons) == len(REFUSED) + 2 and summary.updated == 0 and store.count() == 0
    store.close()
    assert f"{HUGE_BYTES} bytes, over the limit" in reasons["documents/huge.txt"]
    assert "symbolic link" in reasons["documents/link.txt"]
    assert peak < MEMORY_BOUND and seconds < 30, (peak, seconds)
