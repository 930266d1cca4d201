"""GET /healthz (the process is up) and GET /readyz (the index answers)."""

from __future__ import annotations

from fastapi import APIRouter

from corpora.errors import StoreError
from service.deps import RetrieverDep, StoreDep
from service.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """Liveness."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health)
def readyz(store: StoreDep, retriever: RetrieverDep) -> Health:
    """Readiness: the index is open and not empty; ``warnings`` says what runs degraded (a reranker
    whose model is missing)."""
    points = store.count()
    if points == 0:
        raise StoreError("the index is empty; run `palermo ingest`")
    return Health(status="ready", points=points, warnings=retriever.degraded())
