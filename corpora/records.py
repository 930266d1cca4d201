"""Core records shared by every layer: instruments, provisions and chunks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Language = Literal["en", "fr", "nl", "other"]
ProvisionKind = Literal["article", "report_paragraph", "section", "page", "preamble", "text"]


@dataclass(frozen=True)
class Instrument:
    """One treaty, report or user document known to the registry."""

    id: str
    short_name: str
    title_en: str | None = None
    title_nl: str | None = None
    title_fr: str | None = None
    kind: str = "other"
    topics: tuple[str, ...] = ()
    counterpart: str | None = None
    languages: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    file: str | None = None
    sha256: str | None = None
    n_articles_en: int = 0
    corpus_set: str = "instruments"
    core: bool = False
    #: The instrument that "article 18 of the Convention" means in this one's text (a report on a treaty).
    refers_to: str | None = None

    @property
    def title(self) -> str:
        """Best available display title."""
        return self.title_en or self.title_fr or self.title_nl or self.short_name


@dataclass(frozen=True)
class Provision:
    """The smallest citable unit: a numbered paragraph of an article, or a whole
    article when it has no numbered paragraphs, or a report paragraph, or a
    section/page of a user document."""

    instrument_id: str
    language: Language
    kind: ProvisionKind
    text: str
    article: str | None = None
    paragraph: str | None = None
    article_heading: str | None = None
    chapter: str | None = None
    label: str = ""
    order: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    def pinpoint(self) -> str:
        """Compact pinpoint such as '18(15)', '18', 'para. 21'."""
        if self.article and self.paragraph:
            return f"{self.article}({self.paragraph})"
        if self.article:
            return self.article
        if self.paragraph:
            return f"para. {self.paragraph}"
        return ""


@dataclass(frozen=True)
class Chunk:
    """A provision, or a sentence-aligned part of a long one, ready to embed."""

    point_id: str
    content_hash: str
    provision: Provision
    part: int
    parts: int
    text: str
    embed_text: str
    source_file: str
