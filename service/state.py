"""What the service holds for its lifetime: settings, registry, store, encoder, retriever, answerer."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from corpora.registry import Registry
from corpora.settings import Settings
from retrieval.dense import DenseEncoder
from retrieval.hybrid import Retriever
from retrieval.setup import build_retriever
from retrieval.store import VectorStore
from retrieval.stores import open_store
from service.answering.answerer import Answerer
from service.answering.factory import build_answerer
from service.translation import Translator

_log = logging.getLogger(__name__)


@dataclass
class ServiceState:
    """Opened once by the lifespan (or handed in by a test)."""

    settings: Settings
    registry: Registry
    store: VectorStore
    encoder: DenseEncoder
    retriever: Retriever
    answerer: Answerer
    owns_store: bool = True
    translator: Translator | None = None  # offline translation; models load on first use

    @classmethod
    def open(cls, settings: Settings, registry: Registry) -> "ServiceState":
        """Open the store and prepare the models (the dense model loads at start, not on the first request)."""
        store = open_store(settings)
        encoder = DenseEncoder(settings.embedding_model, settings.embedding_batch_size)
        encoder.embed_query("warm-up")
        state = cls.around(settings, registry, store, encoder, owns_store=True)
        state.retriever.multi_encoder.embed_query("warm-up")
        if state.retriever.e5_encoder is not None and state.retriever.e5_encoder.available():
            state.retriever.e5_encoder.embed_query("warm-up")
        for problem in state.retriever.degraded():
            _log.warning(problem)
        return state

    @classmethod
    def around(
        cls, settings: Settings, registry: Registry, store: VectorStore, encoder: DenseEncoder, *, owns_store: bool = False
    ) -> "ServiceState":
        """Wrap components that already exist (tests, embedding the service in another process)."""
        retriever = build_retriever(settings, store, encoder, registry)
        translator = Translator(settings)
        answerer = build_answerer(settings, retriever, registry, translator)
        return cls(settings, registry, store, encoder, retriever, answerer, owns_store, translator)

    def close(self) -> None:
        """Release the store if this state opened it."""
        if self.owns_store:
            self.store.close()
