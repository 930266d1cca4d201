"""Spans that must pass through translation untouched.

Article and paragraph references (the designator: ``18(15)``, ``5 bis``, ``12(3)(b)``;
the word "article" itself is translated), file and case numbers, dates, e-mail addresses
and URLs. Each pattern is a plain regular expression (its ``keep`` group, when it has one, is the span); :func:`find_protected_spans`
returns non-overlapping spans, longest first where two overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)
_REFERENCE_WORDS = (
    r"articles?|art\.|arts\.|paragraphs?|para\.|paras\.|sub-?paragraphs?|sections?|rules?|"
    r"artikel(?:en)?|artikelen|lid|leden|onderdeel|alinéas?|paragraphes?|§"
)
_DESIGNATOR = r"\d+[a-z]?(?:\s?(?:bis|ter|quater))?(?:\s?\(\s?[0-9a-z]{1,4}\s?\))*"

PATTERNS: dict[str, re.Pattern[str]] = {
    "url": re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]"),
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "date": re.compile(
        rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th|er)?\s+(?:{_MONTHS})\s+\d{{4}})\b",
        re.IGNORECASE,
    ),
    "case_number": re.compile(
        r"\bECLI:[A-Z]{2}:[A-Z0-9.]+:\d{4}:[A-Z0-9.]+\b|"
        r"\b(?:[A-Z]{1,6}[-/ ]?)?\d{2,}(?:[-/.][A-Z0-9]{1,12}){1,5}\b|\b[A-Z]{1,6}-\d{2,}(?:-[A-Z0-9]+)*\b"
    ),
    "reference": re.compile(
        rf"(?:^|(?<=\W))(?:{_REFERENCE_WORDS})\s+(?P<keep>{_DESIGNATOR}(?:\s?(?:,|and|en|et|to|tot|-|–)\s?{_DESIGNATOR})*)",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class ProtectedSpan:
    """A span of the source text kept verbatim."""

    start: int
    end: int
    kind: str
    text: str


def find_protected_spans(text: str) -> list[ProtectedSpan]:
    """Non-overlapping protected spans of ``text``, in text order."""
    candidates = [
        ProtectedSpan(match.start(group), match.end(group), kind, match.group(group))
        for kind, pattern in PATTERNS.items()
        for match in pattern.finditer(text)
        for group in ["keep" if "keep" in pattern.groupindex else 0]
        if match.group(group).strip()
    ]
    candidates.sort(key=lambda span: (-(span.end - span.start), span.start))
    chosen: list[ProtectedSpan] = []
    for span in candidates:
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)
