"""GET /v1/search: ranked provisions with pinpoint citations."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from corpora.errors import InvalidRequestError
from retrieval.store import SearchFilter
from service.deps import RegistryDep, RetrieverDep
from service.schemas import QuestionAnalysisOut, SearchHitOut, SearchResponse

router = APIRouter(prefix="/v1", tags=["search"])
MAX_QUESTION_CHARS = 2000
LANGUAGES = Literal["en", "fr", "nl", "other"]


@router.get("/search", response_model=SearchResponse)
def search(
    retriever: RetrieverDep,
    registry: RegistryDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION_CHARS, description="The question.",
                            examples=["UNTOC article 18 contents of a request for mutual legal assistance"])],
    k: Annotated[int, Query(ge=1, le=100, description="Number of provisions.")] = 10,
    retriever_mode: Annotated[Literal["hybrid", "dense", "multi", "bm25"], Query(alias="retriever")] = "hybrid",
    instrument: Annotated[list[str] | None, Query(description="Restrict to instruments (id or name).")] = None,
    language: Annotated[list[LANGUAGES] | None, Query(description="Restrict to languages.")] = None,
    history: Annotated[list[str] | None, Query(description="Earlier user turns, oldest first.")] = None,
) -> SearchResponse:
    """Hybrid search (dense + BM25, RRF in Qdrant) after exact lookup of named provisions."""
    if "\x00" in q or not q.strip():
        raise InvalidRequestError("the question is empty or not text")
    ids = tuple(registry.resolve(name).id for name in instrument or [])
    flt = SearchFilter(instrument_ids=ids, languages=tuple(language or ()))
    result = retriever.search(q, k=k, mode=retriever_mode, filters=flt, history=list(history or []))
    analysis = result.analysis
    return SearchResponse(
        hits=[SearchHitOut(**asdict(hit)) for hit in result.hits],
        analysis=QuestionAnalysisOut(
            language=analysis.language, instrument_ids=list(analysis.instrument_ids),
            citations=[asdict(ref) for ref in analysis.citations], terms=list(analysis.terms),
        ),
        timings_ms=result.timings_ms,
    )
