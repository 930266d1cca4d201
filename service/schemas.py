"""Response and request models of the HTTP API."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SearchHitOut(BaseModel):
    """One retrieved provision with its pinpoint citation."""

    point_id: str
    label: str = Field(examples=["UNTOC art. 18(15)"])
    instrument_id: str = Field(examples=["BWBV0001668"])
    instrument_short: str = Field(examples=["UNTOC"])
    article: str | None = Field(default=None, examples=["18"])
    paragraph: str | None = Field(default=None, examples=["15"])
    article_heading: str | None = Field(default=None, examples=["Mutual legal assistance"])
    chapter: str | None = None
    language: str = Field(examples=["en"])
    kind: str = Field(examples=["article"])
    text: str
    score: float
    match: str = Field(description="exact, definition, article, hybrid, dense or bm25", examples=["exact"])
    part: int = 0
    parts: int = 1


class QuestionAnalysisOut(BaseModel):
    """What the retriever read from the question."""

    language: str
    instrument_ids: list[str]
    citations: list[dict]
    terms: list[str]


class SearchResponse(BaseModel):
    """Ranked provisions for a question."""

    hits: list[SearchHitOut]
    analysis: QuestionAnalysisOut
    timings_ms: dict[str, float]


class Health(BaseModel):
    """Liveness or readiness."""

    status: str
    points: int | None = None
