"""GET /v1/instruments, /v1/instruments/{id}, /v1/instruments/{id}/articles/{article}: the sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from service import instruments
from service.deps import RegistryDep, StoreDep
from service.schemas import ArticleOut, InstrumentDetail, InstrumentKind, InstrumentOut, Topic

router = APIRouter(prefix="/v1/instruments", tags=["sources"])
InstrumentId = Annotated[str, Path(min_length=1, max_length=200, description="Id or name, e.g. UNTOC or BWBV0001668.",
                                   examples=["UNTOC"])]


@router.get("", response_model=list[InstrumentOut])
def list_instruments(
    registry: RegistryDep,
    q: Annotated[str | None, Query(max_length=200, description="Search in ids, names, aliases, titles.")] = None,
    kind: Annotated[InstrumentKind | None, Query()] = None,
    topic: Annotated[Topic | None, Query()] = None,
    counterpart: Annotated[str | None, Query(max_length=200, description="Bilateral treaties with this State.")] = None,
) -> list[dict]:
    """Instruments of the corpus (core ones first)."""
    return instruments.list_instruments(registry, query=q, kind=kind, topic=topic, counterpart=counterpart)


@router.get("/{instrument_id}", response_model=InstrumentDetail, responses={404: {"description": "Unknown instrument"}})
def instrument_detail(instrument_id: InstrumentId, registry: RegistryDep, store: StoreDep) -> dict:
    """One instrument and its articles."""
    return instruments.instrument_detail(registry, store, instrument_id)


@router.get("/{instrument_id}/articles/{article}", response_model=ArticleOut,
            responses={404: {"description": "Unknown instrument or article"}})
def article(
    instrument_id: InstrumentId, registry: RegistryDep, store: StoreDep,
    article: Annotated[str, Path(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z ]+$", examples=["18"])],
) -> dict:
    """An article in every language version the corpus has (English first)."""
    return instruments.article_view(registry, store, instrument_id, article)
