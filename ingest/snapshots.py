"""Snapshots (backups) of the embedded index and the embedding cache, verified by digest on restore.

A snapshot is a folder ``<snapshot_root>/<name>/`` holding ``index/`` (a copy of the closed edge
shard), ``embedding-cache.sqlite`` (SQLite's online backup) and ``manifest.json``: the schema and
palermo versions, the creation time, the index digest (:mod:`retrieval.index_digest`), the sha256 of
every corpus file and of every file of the snapshot. Both copies are taken under the store's lock,
the one the ingest and the service hold, so a snapshot is never torn. A restore checks the files and
the index digest of the snapshot before it touches the live index, swaps the index in whole
(:mod:`retrieval.folder_swap`) and checks the digest again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from corpora.errors import PalermoError, SnapshotError
from corpora.registry import load_registry
from corpora.settings import Settings
from ingest.embedding import cache_problems
from ingest.sources import list_sources
from retrieval.folder_swap import copy_folder, incoming_folder, replace_folder
from retrieval.index_digest import index_digest, summary_differences
from retrieval.store import DENSE_SIZE, E5_SIZE, MULTI_SIZE, SCHEMA_VERSION
from retrieval.stores import exclusive_store_folder, open_store_folder

MANIFEST = "manifest.json"
INDEX = "index"
CACHE = "embedding-cache.sqlite"
FORMAT = 1
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True)
class SnapshotInfo:
    """One snapshot as listed: name, creation time, points, bytes on disk (holes not counted);
    ``problem`` if its manifest is unreadable."""

    name: str
    created: str
    points: int
    size_bytes: int
    problem: str = ""


@dataclass(frozen=True)
class RestoreReport:
    """What a restore brought back, and the corpus files changed since the snapshot."""

    name: str
    points: int
    corpus_changed: list[str]
    corpus_problem: str = ""


def create_snapshot(settings: Settings, name: str | None = None) -> SnapshotInfo:
    """Copy the index and the embedding cache under the store's lock, with a manifest."""
    name = name or datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    if not NAME.fullmatch(name):
        raise SnapshotError(f"bad snapshot name {name!r}: letters, digits, '.', '_' and '-' (at most 64)")
    target = settings.snapshot_root / name
    if target.exists():
        raise SnapshotError(f"a snapshot named {name!r} exists already at {target}")
    corpus = corpus_digests(settings)
    with exclusive_store_folder(settings) as shard:
        for stale in settings.snapshot_root.glob(".*.partial"):  # left by a create that was killed
            shutil.rmtree(stale, ignore_errors=True)
        partial = settings.snapshot_root / f".{name}.partial"
        partial.mkdir(parents=True)
        try:
            store = open_store_folder(shard)
            try:
                digest = index_digest(store).summary()
            finally:
                store.close()
            copy_folder(shard, partial / INDEX)
            _backup_sqlite(settings.cache_path, partial / CACHE)
            manifest = {
                "format": FORMAT, "name": name, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "schema_version": SCHEMA_VERSION, "palermo_version": _palermo_version(),
                "collection": settings.collection, "index": digest, "corpus": corpus, "files": _file_digests(partial),
            }
            (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
            replace_folder(partial, target)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    return _info(target)


def list_snapshots(settings: Settings) -> list[SnapshotInfo]:
    """Every snapshot under the snapshot folder, oldest first (damaged ones with their problem)."""
    root = settings.snapshot_root
    folders = [path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")] if root.is_dir() else []
    return sorted((_info(path) for path in folders), key=lambda info: (info.created, info.name))


def restore_snapshot(settings: Settings, name: str) -> RestoreReport:
    """Verify snapshot ``name``, then make it the live index and cache; the live index is untouched
    when anything is wrong with the snapshot."""
    if not NAME.fullmatch(name):
        raise SnapshotError(f"bad snapshot name {name!r}; `palermo snapshot list` shows the snapshots")
    folder = settings.snapshot_root / name
    manifest = read_manifest(folder)
    _verify_files(folder, manifest)
    problems = cache_problems(folder / CACHE, {DENSE_SIZE, MULTI_SIZE, E5_SIZE})
    if problems:
        raise SnapshotError(f"snapshot {name!r}: its embedding cache is damaged ({problems[0]}); nothing restored")
    with exclusive_store_folder(settings) as shard:
        incoming = incoming_folder(shard)
        shutil.rmtree(incoming, ignore_errors=True)
        copy_folder(folder / INDEX, incoming)
        points, problems = _check_index(incoming, manifest)
        if problems:
            shutil.rmtree(incoming, ignore_errors=True)
            raise SnapshotError(f"snapshot {name!r} does not match its manifest: {'; '.join(problems[:3])}; "
                                "nothing restored, the live index is unchanged")
        _restore_sqlite(folder / CACHE, settings.cache_path)
        replace_folder(incoming, shard)
        points, problems = _check_index(shard, manifest)
        if problems:
            raise SnapshotError(f"the restored index of {name!r} does not match the snapshot: {'; '.join(problems[:3])}; "
                                "restore again or run `palermo ingest --rebuild`")
    try:
        current = corpus_digests(settings)
    except PalermoError as exc:
        return RestoreReport(name, points, [], corpus_problem=exc.detail)
    changed = sorted(key for key in manifest["corpus"].keys() | current.keys()
                     if manifest["corpus"].get(key) != current.get(key))
    return RestoreReport(name, points, changed)


def read_manifest(folder: Path) -> dict:
    """The manifest of the snapshot in ``folder``; SnapshotError when missing, unreadable or of another schema."""
    path = folder / MANIFEST
    if not path.is_file():
        raise SnapshotError(f"no snapshot at {folder} (no {MANIFEST}); `palermo snapshot list` shows the snapshots")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["index"]["points"], manifest["files"], manifest["corpus"]  # noqa: B018  (the keys a restore needs)
    except (ValueError, KeyError, TypeError) as exc:
        raise SnapshotError(f"the manifest of snapshot {folder.name!r} is damaged: {exc}") from None
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise SnapshotError(f"snapshot {folder.name!r} holds an index of schema {manifest.get('schema_version')}; "
                            f"this palermo reads schema {SCHEMA_VERSION}")
    return manifest


def corpus_digests(settings: Settings) -> dict[str, str]:
    """sha256 of every file the configured corpus sets and the user documents index."""
    sets = [*settings.corpus_sets, "documents"]
    sources = list_sources(load_registry(settings, list(settings.corpus_sets)), sets)
    return {source.key: _file_sha(source.path) for source in sources if source.path.is_file()}


def _check_index(shard: Path, manifest: dict) -> tuple[int, list[str]]:
    """Open the shard at ``shard`` and compare its digest with the manifest's: (points, differences)."""
    try:
        store = open_store_folder(shard)
    except PalermoError as exc:
        return 0, [f"the index does not open ({exc.detail})"]
    try:
        summary = index_digest(store).summary()
    finally:
        store.close()
    return summary["points"], summary_differences(manifest["index"], summary)


def _verify_files(folder: Path, manifest: dict) -> None:
    """Every file of the manifest present with its sha256, and no other file in the snapshot."""
    found = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()} - {MANIFEST}
    listed = manifest["files"]
    problems = [f"{key} is missing" for key in sorted(listed.keys() - found)]
    problems += [f"{key} is not in the manifest" for key in sorted(found - listed.keys())]
    problems += [f"{key} is damaged (sha256 differs)" for key in sorted(found & listed.keys())
                 if _file_sha(folder / key) != listed[key]]
    if problems:
        more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
        raise SnapshotError(f"snapshot {folder.name!r} is damaged: {'; '.join(problems[:3])}{more}; "
                            "nothing restored, the live index is unchanged")


def _backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite file ``source`` (an empty database when there is none)."""
    with contextlib.closing(sqlite3.connect(str(source) if source.is_file() else ":memory:")) as src, \
            contextlib.closing(sqlite3.connect(str(target))) as dst:
        if not source.is_file():
            src.execute("CREATE TABLE embeddings (model TEXT, key TEXT, vector BLOB, PRIMARY KEY (model, key))")
        src.backup(dst)


def _restore_sqlite(source: Path, target: Path) -> None:
    """Replace the SQLite file ``target`` by a copy of ``source``, written beside it and renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".restoring")
    staging.unlink(missing_ok=True)
    _backup_sqlite(source, staging)
    with staging.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(staging, target)


def _info(folder: Path) -> SnapshotInfo:
    size = sum(path.stat().st_blocks * 512 for path in folder.rglob("*") if path.is_file())
    try:
        manifest = read_manifest(folder)
    except SnapshotError as exc:
        return SnapshotInfo(folder.name, "", 0, size, exc.detail)
    return SnapshotInfo(folder.name, manifest.get("created", ""), int(manifest["index"]["points"]), size)


def _file_digests(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): _file_sha(path) for path in sorted(folder.rglob("*")) if path.is_file()}


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _palermo_version() -> str:
    try:
        return version("palermo")
    except PackageNotFoundError:
        return "unknown"
