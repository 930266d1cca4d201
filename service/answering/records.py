"""What an answer is made of: turns, citations, sentences, the answer itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from retrieval.results import SearchHit

Role = Literal["user", "assistant"]
AnswerMode = Literal["extractive", "generative"]
CitationRole = Literal["primary", "see_also", "related"]


@dataclass(frozen=True)
class Turn:
    """One earlier turn of the conversation."""

    role: Role
    content: str


@dataclass(frozen=True)
class AnswerFilters:
    """Restrictions chosen by the caller."""

    instruments: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerRequest:
    """A question with its conversation and options."""

    question: str
    history: tuple[Turn, ...] = ()
    filters: AnswerFilters = AnswerFilters()
    mode: AnswerMode = "extractive"
    k: int = 8


@dataclass(frozen=True)
class Citation:
    """A cited provision: pinpoint, the text quoted and why it is cited."""

    id: str
    label: str
    instrument_id: str
    instrument_short: str
    article: str | None
    paragraph: str | None
    article_heading: str | None
    language: str
    quote: str
    score: float
    role: CitationRole

    @classmethod
    def of(cls, hit: SearchHit, quote: str, role: CitationRole) -> "Citation":
        """Cite a retrieved hit."""
        return cls(
            id=hit.point_id, label=hit.label, instrument_id=hit.instrument_id,
            instrument_short=hit.instrument_short, article=hit.article, paragraph=hit.paragraph,
            article_heading=hit.article_heading, language=hit.language, quote=quote,
            score=round(hit.score, 6), role=role,
        )


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of the answer and the citations (ids) that support it."""

    text: str
    citation_ids: tuple[str, ...] = ()
    kind: str = "statement"
    flagged: bool = False


@dataclass
class Answer:
    """The composed answer; ``text`` is Markdown built from ``sentences`` and ``citations``."""

    text: str
    sentences: list[AnswerSentence]
    citations: list[Citation]
    abstained: bool = False
    abstention_reason: str | None = None
    premise_corrected: bool = False
    mode: AnswerMode = "extractive"
    checklist: list[AnswerSentence] = field(default_factory=list)
    verifier: dict[str, int] = field(default_factory=dict)
    removed_sentences: list[str] = field(default_factory=list)
    translation: dict[str, object] = field(default_factory=dict)
    timings_ms: dict[str, float] = field(default_factory=dict)
