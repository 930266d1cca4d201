"""Replace a folder by a complete new one so that a crash at any moment leaves the old or the new one.

The new folder is written in full beside the target (``<name>.incoming``), then the target is renamed
to ``<name>.retired``, the new one renamed to the target, and the retired one deleted. Renames within
one file system are atomic; :func:`recover_folder`, run before the folder is next used, finishes a
swap that a crash interrupted after the retirement (the incoming folder was complete by then) and
deletes the leftovers of any other interrupted step.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

BLOCK = 1 << 20


def incoming_folder(target: Path) -> Path:
    """Where the replacement of ``target`` is written before the swap."""
    return target.with_name(target.name + ".incoming")


def _retired_folder(target: Path) -> Path:
    return target.with_name(target.name + ".retired")


def replace_folder(incoming: Path, target: Path) -> None:
    """Make the complete folder ``incoming`` the new ``target`` (the old one is deleted)."""
    retired = _retired_folder(target)
    shutil.rmtree(retired, ignore_errors=True)
    _sync_tree(incoming)
    if target.exists():
        os.replace(target, retired)
    os.replace(incoming, target)
    _sync_dir(target.parent)
    shutil.rmtree(retired, ignore_errors=True)


def recover_folder(target: Path) -> None:
    """Finish or clean up a :func:`replace_folder` of ``target`` that a crash interrupted."""
    incoming, retired = incoming_folder(target), _retired_folder(target)
    if not target.exists() and retired.exists():
        os.replace(incoming if incoming.exists() else retired, target)
        _sync_dir(target.parent)
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.rmtree(retired, ignore_errors=True)


def copy_folder(source: Path, target: Path) -> None:
    """Copy the folder ``source`` to the new folder ``target``, leaving runs of zero bytes as holes
    (Qdrant preallocates its storage files in large zero-filled chunks)."""
    shutil.copytree(source, target, copy_function=_copy_sparse)


def _copy_sparse(source: str, target: str) -> None:
    with open(source, "rb") as reader, open(target, "wb") as writer:
        while block := reader.read(BLOCK):
            if block.count(0) == len(block):
                writer.seek(len(block), os.SEEK_CUR)
            else:
                writer.write(block)
        writer.truncate()
    shutil.copystat(source, target)


def _sync_tree(folder: Path) -> None:
    """fsync every file and folder under ``folder`` (the data must be on disk before the rename)."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        elif path.is_dir():
            _sync_dir(path)
    _sync_dir(folder)


def _sync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
