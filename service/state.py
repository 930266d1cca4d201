"""What the service holds for its lifetime: settings, registry, store, encoder, retriever."""

from __future__ import annotations

from dataclasses import dataclass

from corpora.registry import Registry
from corpora.settings import Settings
from retrieval.dense import DenseEncoder
from corpora.glossary import load_glossary
from retrieval.hybrid import Retriever
from retrieval.store import VectorStore, open_store


@dataclass
class ServiceState:
    """Opened once by the lifespan (or handed in by a test)."""

    settings: Settings
    registry: Registry
    store: VectorStore
    encoder: DenseEncoder
    retriever: Retriever
    owns_store: bool = True

    @classmethod
    def open(cls, settings: Settings, registry: Registry) -> "ServiceState":
        """Open the store and prepare the models (the dense model loads at start, not on the first request)."""
        store = open_store(settings)
        encoder = DenseEncoder(settings.embedding_model, settings.embedding_batch_size)
        encoder.embed_query("warm-up")
        state = cls.around(settings, registry, store, encoder, owns_store=True)
        state.retriever.multi_encoder.embed_query("warm-up")
        return state

    @classmethod
    def around(
        cls, settings: Settings, registry: Registry, store: VectorStore, encoder: DenseEncoder, *, owns_store: bool = False
    ) -> "ServiceState":
        """Wrap components that already exist (tests, embedding the service in another process)."""
        retriever = Retriever(store, encoder, registry, glossary=load_glossary(settings),
                              prefetch=settings.prefetch_limit, rrf_k=settings.rrf_k)
        return cls(settings, registry, store, encoder, retriever, owns_store)

    def close(self) -> None:
        """Release the store if this state opened it."""
        if self.owns_store:
            self.store.close()
