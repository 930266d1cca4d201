"""Response and request models of the HTTP API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from service.answering.records import Citation


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
    warnings: list[str] = []


InstrumentKind = Literal["bilateral", "multilateral_un", "multilateral_coe", "eu", "multilateral_other", "report",
                         "document", "other"]
Topic = Literal["extradition", "mutual_legal_assistance", "police_cooperation", "other", "terrorism",
                "transfer_sentenced_persons", "confiscation", "money_laundering", "drugs", "corruption", "trafficking",
                "transfer_proceedings", "firearms", "cybercrime", "smuggling"]
ASK_EXAMPLE = {"question": "Which items does UNTOC list for a request for mutual legal assistance?", "history": [],
               "filters": {}, "mode": "extractive"}


class TurnIn(BaseModel):
    """An earlier turn of the conversation."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskFilters(BaseModel):
    """Restrict the sources an answer may use."""

    model_config = ConfigDict(extra="forbid")
    instruments: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default=[], max_length=30, description="Instrument ids or names (UNTOC, ETS 30, BWBV0001668...).")
    kinds: list[InstrumentKind] = Field(default=[], description="Instrument kinds.")
    topics: list[Topic] = Field(default=[], description="Instrument topics.")
    languages: list[Literal["en", "fr", "nl", "other"]] = Field(default=[], description="Text languages.")


class AskRequest(BaseModel):
    """A question, its conversation and options."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ASK_EXAMPLE]})
    question: str = Field(min_length=1, max_length=2000, description="The question, in any language.")
    history: list[TurnIn] = Field(default=[], max_length=50, description="Earlier turns, oldest first.")
    filters: AskFilters = Field(default_factory=AskFilters)
    mode: Literal["extractive", "generative"] = Field(
        default="extractive", description="extractive (default, no LLM) or generative (LLM + citation verifier).")
    k: int = Field(default=8, ge=1, le=20, description="Provisions retrieved before composing.")


class SentenceOut(BaseModel):
    """One sentence of the answer with the citations supporting it."""

    text: str
    citation_ids: list[str]
    kind: str
    flagged: bool


class AskResponse(BaseModel):
    """A cited answer, or an abstention pointing to the nearest provisions."""

    answer: str = Field(description="Markdown: the answer with [n] markers, the quoted provisions, see also.")
    sentences: list[SentenceOut]
    checklist: list[SentenceOut]
    citations: list[Citation]
    abstained: bool
    abstention_reason: str | None
    premise_corrected: bool
    mode: str
    verifier: dict[str, int]
    removed_sentences: list[str]
    translation: dict = Field(description="When the question was translated for retrieval: its language, "
                                          "the English question and the route; empty otherwise.")
    timings_ms: dict[str, float]


class InstrumentOut(BaseModel):
    """An instrument of the corpus."""

    id: str
    short_name: str
    title: str
    title_en: str | None
    title_nl: str | None
    title_fr: str | None
    kind: str
    topics: list[str]
    counterpart: str | None
    languages: list[str]
    aliases: list[str]
    core: bool


class InstrumentDetail(InstrumentOut):
    """An instrument with the articles the index holds."""

    articles: list[dict]


class ProvisionOut(BaseModel):
    """One provision (paragraph) of an article in one language."""

    label: str
    paragraph: str | None
    text: str
    part: int
    parts: int


class ArticleVersion(BaseModel):
    """An article in one language."""

    language: str
    heading: str | None
    chapter: str | None
    provisions: list[ProvisionOut]


class ArticleOut(BaseModel):
    """The source view of an article: every language version the corpus has."""

    instrument_id: str
    instrument_short: str
    article: str
    versions: list[ArticleVersion]
