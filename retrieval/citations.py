"""Explicit citations in a question: "article 18(15) of UNTOC",
"UNTOC 16(4)", "art. 12 ECE", "paragraph 21 of the 2024 report", "artikel 4, lid 2"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpora.registry import AliasMatch, Registry

ARTICLE_WORD = r"(?:articles?|arts?\.?|artikel(?:en)?|art[íi]culos?|artigo|articolo)"
PARAGRAPH_WORD = r"(?:paragraphs?|paras?\.?|paragraphes?|p[áa]rrafos?|lid|leden|§)"
NUMBER = r"(?:\d+(?:\s?(?:bis|ter|quater|quinquies|[a-z]))?(?![\w])|[IVXLC]+(?![\w]))"
ARTICLE_REF = re.compile(
    rf"\b{ARTICLE_WORD}\s*(?P<article>{NUMBER})"
    rf"(?:\s*\((?P<para1>\d+)\)|\s*,?\s*{PARAGRAPH_WORD}\s*(?P<para2>\d+))?",
    re.IGNORECASE,
)
PARAGRAPH_REF = re.compile(rf"\b{PARAGRAPH_WORD}\s*(?P<paragraph>\d+)\b", re.IGNORECASE)
BARE_REF = r"\s+(?P<article>\d+(?:bis|ter|quater)?)(?:\s*\((?P<paragraph>\d+)\))?(?![\w(])"


@dataclass(frozen=True)
class CitationRef:
    """A provision named in a question; instruments are the candidates it may belong to."""

    instrument_ids: tuple[str, ...]
    article: str | None
    paragraph: str | None
    start: int


def normalise_article(raw: str) -> str:
    """"5 bis" -> "5bis", "xii" -> "XII", "12A" -> "12a"."""
    compact = re.sub(r"\s+", "", raw)
    if re.fullmatch(r"[IVXLC]+", compact, re.IGNORECASE):
        return compact.upper()
    return compact.lower()


FOLLOWING_LINK = re.compile(r"^[\s,]*(?:of|in|under|van|uit|de|du|del|de la|der)\s+(?:the\s+|het\s+|la\s+|le\s+)?$", re.IGNORECASE)


def _owner(mentions: list[AliasMatch], start: int, end: int, text: str) -> tuple[str, ...]:
    """Instrument a reference belongs to: "article 5 of X" first, else the closest before, else any."""
    following = [m for m in mentions if m.start >= end and FOLLOWING_LINK.match(text[end : m.start])]
    if following:
        return following[0].instrument_ids
    preceding = [m for m in mentions if m.end <= start]
    if preceding:
        return preceding[-1].instrument_ids
    return mentions[0].instrument_ids if mentions else ()


def _bare_refs(text: str, mentions: list[AliasMatch]) -> list[CitationRef]:
    """'UNTOC 16(4)': an instrument name directly followed by an article number."""
    refs = []
    for mention in mentions:
        found = re.match(BARE_REF, text[mention.end :])
        if found:
            refs.append(CitationRef(mention.instrument_ids, found["article"], found["paragraph"], mention.start))
    return refs


def find_citations(text: str, registry: Registry) -> list[CitationRef]:
    """Every explicit provision reference in ``text``, in order of appearance."""
    mentions = registry.find_mentions(text)
    refs = _bare_refs(text, mentions)
    covered = [(ref.start, ref.start) for ref in refs]
    for found in ARTICLE_REF.finditer(text):
        paragraph = found["para1"] or found["para2"]
        instruments = _owner(mentions, found.start(), found.end(), text)
        refs.append(CitationRef(instruments, normalise_article(found["article"]), paragraph, found.start()))
        covered.append((found.start(), found.end()))
    for found in PARAGRAPH_REF.finditer(text):
        if any(start <= found.start() < end for start, end in covered):
            continue
        refs.append(CitationRef(_owner(mentions, found.start(), found.end(), text), None, found["paragraph"], found.start()))
    return _dedupe(sorted(refs, key=lambda ref: ref.start))


def _dedupe(refs: list[CitationRef]) -> list[CitationRef]:
    seen: set[tuple] = set()
    unique = []
    for ref in refs:
        key = (ref.instrument_ids, ref.article, ref.paragraph)
        if key not in seen:
            seen.add(key)
            unique.append(ref)
    return unique
