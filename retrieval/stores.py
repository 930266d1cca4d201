"""Backend selection: the one place that knows every :class:`~retrieval.store.VectorStore`
implementation (imports run one way: this module -> backends -> :mod:`retrieval.store`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
