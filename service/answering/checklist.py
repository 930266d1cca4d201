"""Request checklists: the contents UNTOC art. 18(15) requires of an MLA request, answered item by item,
each item cited to the lettered subparagraph that requires it."""

from __future__ import annotations

import re

from retrieval.results import SearchHit
from service.answering.evidence import content_terms, coverage
from service.answering.records import AnswerSentence

CONTENTS_QUESTION = re.compile(
    r"\b(contain|contents?|include|included|accompanied|supported by|specify|indicate|state|information|"
    r"documents?|particulars|requirements?)\b", re.IGNORECASE)
REQUEST_WORD = re.compile(r"\b(requests?|applications?|letters? rogatory|demandes?|solicitud(?:es)?|verzoek(?:en)?)\b", re.IGNORECASE)
ASKS_WHAT = re.compile(r"\b(what|which|list|checklist|must|should|shall|needs? to)\b", re.IGNORECASE)
REQUIREMENT_STEM = re.compile(
    r"\b(shall (?:contain|include|specify|indicate|state|set out|be accompanied by|be supported by)|"
    r"must (?:contain|include|specify|indicate|state)|shall, in addition, (?:contain|include|indicate))\b[^:]*:",
    re.IGNORECASE)
ITEM = re.compile(r"(?:^|[;:.]\s*(?:and\s+|or\s+)?)\s*\(?(?P<letter>[a-z]|[ivx]{1,4})\)\s+")
MAX_PROVISIONS = 3


def is_checklist_question(question: str) -> bool:
    """A question about what a request must contain or be accompanied by."""
    return bool(CONTENTS_QUESTION.search(question) and REQUEST_WORD.search(question) and ASKS_WHAT.search(question))


def requirement_items(text: str) -> list[tuple[str, str]]:
    """(letter, requirement) pairs of a provision that lists what a request must contain."""
    stem = REQUIREMENT_STEM.search(text)
    if not stem:
        return []
    listed = text[stem.end():]
    marks = list(ITEM.finditer(listed))
    items = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(listed)
        body = _trim(" ".join(listed[mark.end():end].split()))
        if body:
            items.append((mark["letter"], body[0].upper() + body[1:]))
    return items


def _trim(body: str) -> str:
    """Drop the trailing '; and' / ', or' that joins list items."""
    previous = None
    while previous != body:
        previous = body
        body = body.rstrip(" ;,.").removesuffix(" and").removesuffix(" or")
    return body


def build_checklist(question: str, hits: list[SearchHit]) -> list[AnswerSentence]:
    """Checklist items from the provisions that list requirements, those whose stem and heading best
    match the question first (English texts when there are any)."""
    terms = content_terms(question)
    english = any(hit.language == "en" for hit in hits)
    listed = [(hit, items) for hit in hits if (items := requirement_items(hit.text)) and (hit.language == "en" or not english)]

    def stem_match(pair: tuple[SearchHit, list]) -> float:
        hit = pair[0]
        stem = REQUIREMENT_STEM.search(hit.text)
        return coverage(terms, f"{hit.article_heading or ''} {hit.text[: stem.end()] if stem else ''}")

    checklist: list[AnswerSentence] = []
    for hit, items in sorted(listed, key=stem_match, reverse=True)[:MAX_PROVISIONS]:
        for letter, body in items:
            checklist.append(AnswerSentence(f"{body} ({hit.label}({letter}))", (hit.point_id,), "checklist"))
    return checklist
