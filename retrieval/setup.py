"""Build the retriever from settings (entry points and the service state call this)."""

from __future__ import annotations

from corpora.glossary import load_glossary
from corpora.registry import Registry
from corpora.settings import Settings
from retrieval.dense import DenseEncoder
from retrieval.e5_onnx import E5OnnxEncoder
from retrieval.hybrid import Retriever
from retrieval.store import VectorStore


def build_retriever(settings: Settings, store: VectorStore, encoder: DenseEncoder, registry: Registry) -> Retriever:
    """The hybrid retriever with the configured glossary, prefetch, RRF constant and reranker."""
    return Retriever(store, encoder, registry, glossary=load_glossary(settings),
                     prefetch=settings.prefetch_limit, rrf_k=settings.rrf_k,
                     e5_encoder=build_e5(settings), rerank_weight=settings.rerank_weight)


def build_e5(settings: Settings) -> E5OnnxEncoder:
    """The e5 encoder of the index and the reranker (loads on first use)."""
    return E5OnnxEncoder(settings.e5_model_dir)
