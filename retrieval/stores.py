"""Backend selection: the one place that knows every :class:`~retrieval.store.VectorStore`
implementation (imports run one way: this module -> backends -> :mod:`retrieval.store`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from corpora.errors import ConfigurationError
from retrieval.store import VectorStore

if TYPE_CHECKING:
    from corpora.settings import Settings


def open_store(settings: "Settings", *, recreate: bool = False) -> VectorStore:
    """Open the backend chosen by ``settings.qdrant_mode`` (one match, no other place).
    ``recreate`` drops an existing collection first (for ``--rebuild``, also of an older schema)."""
    match settings.qdrant_mode:
        case "edge":
            from retrieval.store_edge import EdgeStore

            return EdgeStore.open(settings.store_dir, settings.collection, recreate=recreate)
        case "server":
            from retrieval.store_client import ClientStore, ClusterLayout

            layout = ClusterLayout(settings.qdrant_shard_number, settings.qdrant_replication_factor,
                                   settings.qdrant_write_consistency_factor)
            return ClientStore.connect(settings.qdrant_url, settings.qdrant_api_key, settings.collection,
                                       recreate=recreate, layout=layout)
        case "local":
            from retrieval.store_client import ClientStore

            return ClientStore.local(settings.store_dir, settings.collection, recreate=recreate)
    raise AssertionError(settings.qdrant_mode)


@contextlib.contextmanager
def exclusive_store_folder(settings: "Settings") -> Iterator[Path]:
    """Hold the lock the ingest and the service take on the embedded store and yield its shard folder
    (snapshots copy and replace it under this lock). Edge mode only: a Qdrant server has its own
    snapshot API."""
    if settings.qdrant_mode != "edge":
        raise ConfigurationError(
            f"palermo snapshots cover the embedded store (qdrant_mode 'edge'), not '{settings.qdrant_mode}'; "
            "back up a Qdrant server with its snapshot API (POST /collections/<collection>/snapshots)"
        )
    from retrieval.store_edge import store_lock

    lock = store_lock(settings.store_dir)
    try:
        yield settings.store_dir / settings.collection
    finally:
        lock.release()


def open_store_folder(path: Path) -> VectorStore:
    """Open the edge shard at ``path`` for a caller inside :func:`exclusive_store_folder`."""
    from retrieval.store_edge import EdgeStore

    return EdgeStore.open_locked(path, None)
