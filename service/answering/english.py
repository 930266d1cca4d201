"""The English text of retrieved provisions, and the parts of a question.

A question in another language retrieves provisions shown in its language (the Dutch or French
version of a treaty) when the corpus has one. The answer's lead is still built from the English
provision's words (the authentic text most instruments are read in), and the version in the
question's language is quoted after it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval.results import SearchHit
from retrieval.store import SearchFilter, VectorStore
from service.answering.records import Answer, AnswerSentence

INTERROGATIVE = re.compile(
    r"(?<=[\w,;])\s+(?:and|also|plus)\s+(?:what|which|how|when|whether|who|where|why|can|may|must|does|do|is|are)\b",
    re.IGNORECASE)
MAX_PARTS = 3


def question_parts(question: str) -> int:
    """How many things the question asks (question marks, and 'and what/how ...' joins), at most 3."""
    marks = max(1, question.count("?"))
    return min(MAX_PARTS, marks + len(INTERROGATIVE.findall(question)))


class EnglishVersions:
    """Looks up the English version of retrieved provisions (one store lookup per question)."""

    def __init__(self, store: VectorStore) -> None:
        self.store = store

    def of(self, hits: list[SearchHit]) -> list[SearchHit]:
        """Each hit replaced by its English version when the corpus has one (same rank and score)."""
        foreign = [hit for hit in hits if hit.language != "en"]
        if not foreign:
            return hits
        flt = SearchFilter(instrument_ids=tuple({h.instrument_id for h in foreign}), languages=("en",),
                           articles=tuple({h.article for h in foreign if h.article}))
        english: dict[tuple[str, str], SearchHit] = {}
        for found in self.store.lookup(flt, limit=1024):
            hit = SearchHit.from_hit(found, "")
            if hit.part == 0 or hit.provision_key not in english:
                english.setdefault(hit.provision_key, hit)
        return [replace(english[h.provision_key], score=h.score, match=h.match) if h.provision_key in english else h
                for h in hits]

    @staticmethod
    def with_originals(answer: Answer, hits: list[SearchHit]) -> Answer:
        """Quote, after the English, the cited provisions in the language they were retrieved in."""
        from service.answering.composer import render_markdown

        original = {hit.provision_key: hit for hit in hits if hit.language != "en"}
        added = []
        for citation in answer.citations:
            hit = original.get((citation.instrument_id, citation.label))
            if hit is not None:
                text = " ".join(hit.text.split())[:600]
                added.append(AnswerSentence(f"{hit.label} ({hit.language}): \u201c{text}\u201d", (citation.id,), "quote"))
        if added:
            answer.sentences = [*answer.sentences, *added]
            answer.text = render_markdown(answer)
        return answer
