"""Dependency aliases for the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from corpora.registry import Registry
from retrieval.hybrid import Retriever
from retrieval.store import VectorStore
from service.answering.answerer import Answerer
from service.drafting import Drafter
from service.state import ServiceState
from service.translation import Translator


def get_state(request: Request) -> ServiceState:
    """The state opened by the lifespan."""
    return request.app.state.palermo


def get_retriever(state: Annotated[ServiceState, Depends(get_state)]) -> Retriever:
    return state.retriever


def get_registry(state: Annotated[ServiceState, Depends(get_state)]) -> Registry:
    return state.registry


def get_store(state: Annotated[ServiceState, Depends(get_state)]) -> VectorStore:
    return state.store


def get_answerer(state: Annotated[ServiceState, Depends(get_state)]) -> Answerer:
    return state.answerer


def get_translator(state: Annotated[ServiceState, Depends(get_state)]) -> Translator:
    return state.translator


def get_drafter(state: Annotated[ServiceState, Depends(get_state)]) -> Drafter:
    return Drafter(state.retriever, state.registry, state.settings.draft_template, state.translator)


StateDep = Annotated[ServiceState, Depends(get_state)]
RetrieverDep = Annotated[Retriever, Depends(get_retriever)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
StoreDep = Annotated[VectorStore, Depends(get_store)]
AnswererDep = Annotated[Answerer, Depends(get_answerer)]
TranslatorDep = Annotated[Translator, Depends(get_translator)]
DrafterDep = Annotated[Drafter, Depends(get_drafter)]
