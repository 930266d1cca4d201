"""Build the answerer from settings (entry points and the service lifespan call this)."""

from __future__ import annotations

from corpora.registry import Registry
from corpora.settings import Settings
from retrieval.hybrid import Retriever
from service.answering.answerer import Answerer
from service.answering.generative import Generator
from service.answering.llm import build_llm, llm_configured


def build_answerer(settings: Settings, retriever: Retriever, registry: Registry, translator=None) -> Answerer:
    """Extractive always; generative too when an LLM is configured (loaded on first use); questions in
    other languages go through the translator when it has a pair to English."""
    generator = Generator(lambda: build_llm(settings)) if llm_configured(settings) else None
    return Answerer(retriever, registry, cutoff_year=settings.corpus_cutoff_year, generator=generator,
                    translator=translator)
