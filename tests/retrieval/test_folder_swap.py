"""A folder swap interrupted at any step leaves the old folder or the new one, never a mix or nothing."""

from __future__ import annotations

import os
from pathlib import Path

from retrieval.folder_swap import copy_folder, incoming_folder, recover_folder, replace_folder
from retrieval.stores import open_store
from tests.retrieval.test_store import POINTS


def _folder(path: Path, content: str) -> Path:
    path.mkdir(parents=True)
    (path / "data").write_text(content)
    return path


def test_replace_swaps_in_the_new_folder(tmp_path):
    target = _folder(tmp_path / "index", "old")
    replace_folder(_folder(incoming_folder(target), "new"), target)
    assert (target / "data").read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index"]


def test_crash_after_the_old_folder_was_retired_rolls_forward(tmp_path):
    target = tmp_path / "index"
    _folder(incoming_folder(target), "new")
    _folder(tmp_path / "index.retired", "old")  # killed between the two renames
    recover_folder(target)
    assert (target / "data").read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index"]


def test_crash_while_the_new_folder_was_written_keeps_the_old_one(tmp_path):
    target = _folder(tmp_path / "index", "old")
    _folder(incoming_folder(target), "half")
    recover_folder(target)
    assert (target / "data").read_text() == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index"]


def test_crash_before_the_retired_folder_was_deleted_keeps_the_new_one(tmp_path):
    target = _folder(tmp_path / "index", "new")
    _folder(tmp_path / "index.retired", "old")
    recover_folder(target)
    assert (target / "data").read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index"]


def test_copy_leaves_zero_runs_as_holes(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    payload = b"head" + bytes(8 << 20) + b"tail"
    (source / "chunk.mmap").write_bytes(payload)
    copy_folder(source, tmp_path / "copy")
    copied = tmp_path / "copy" / "chunk.mmap"
    assert copied.read_bytes() == payload
    assert os.stat(copied).st_blocks * 512 < len(payload) // 2


def test_an_edge_rebuild_killed_at_any_step_opens_as_the_old_or_the_new_index(make_settings, tmp_path):
    settings = make_settings(qdrant_mode="edge")
    store = open_store(settings)
    store.upsert(POINTS[:3])
    store.close()
    shard = settings.store_dir / settings.collection
    empty = make_settings(qdrant_mode="edge", data_dir=tmp_path / "empty")
    open_store(empty).close()

    _folder(incoming_folder(shard), "half-written")  # killed while the new shard was written
    store = open_store(settings)
    assert store.count() == 3
    store.close()

    copy_folder(empty.store_dir / empty.collection, incoming_folder(shard))  # killed between the two renames
    os.replace(shard, shard.with_name(shard.name + ".retired"))
    store = open_store(settings)
    assert store.count() == 0
    store.close()
    assert sorted(path.name for path in settings.store_dir.iterdir()) == [".palermo.lock", settings.collection]
