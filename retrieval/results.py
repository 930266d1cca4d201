"""Search results: provision-level hits and their grouping by article."""

from __future__ import annotations

from dataclasses import dataclass, field

from retrieval.store import Hit


@dataclass(frozen=True)
class SearchHit:
    """One retrieved provision (or part of one), with its pinpoint citation."""

    point_id: str
    score: float
    match: str
    instrument_id: str
    instrument_short: str
    label: str
    language: str
    kind: str
    text: str
    article: str | None = None
    paragraph: str | None = None
    article_heading: str | None = None
    chapter: str | None = None
    part: int = 0
    parts: int = 1

    @classmethod
    def from_hit(cls, hit: Hit, match: str) -> "SearchHit":
        """Build from a store hit's payload."""
        payload = hit.payload
        return cls(
            point_id=hit.id,
            score=hit.score,
            match=match,
            instrument_id=payload.get("instrument_id", ""),
            instrument_short=payload.get("instrument_short", ""),
            label=payload.get("label", ""),
            language=payload.get("language", ""),
            kind=payload.get("kind", ""),
            text=payload.get("text", ""),
            article=payload.get("article"),
            paragraph=payload.get("paragraph"),
            article_heading=payload.get("article_heading"),
            chapter=payload.get("chapter"),
            part=int(payload.get("part", 0)),
            parts=int(payload.get("parts", 1)),
        )

    @property
    def provision_key(self) -> tuple[str, str]:
        """Identity of the cited provision across languages and parts."""
        return (self.instrument_id, self.label)


@dataclass
class ArticleGroup:
    """Hits of one article, best first, each pinpointing its paragraph."""

    instrument_id: str
    instrument_short: str
    article: str | None
    heading: str | None
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def label(self) -> str:
        """'UNTOC art. 18' or the provision label when there is no article."""
        if self.article:
            return f"{self.instrument_short} art. {self.article}"
        return self.hits[0].label


def group_by_article(hits: list[SearchHit]) -> list[ArticleGroup]:
    """Group hits by (instrument, article), keeping the order of each group's best hit."""
    groups: dict[tuple, ArticleGroup] = {}
    for hit in hits:
        key = (hit.instrument_id, hit.article) if hit.article else (hit.instrument_id, hit.label)
        if key not in groups:
            groups[key] = ArticleGroup(hit.instrument_id, hit.instrument_short, hit.article, hit.article_heading)
        groups[key].hits.append(hit)
    return list(groups.values())
