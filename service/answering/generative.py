"""Generative answers: numbered sources in the prompt, the model's sentences verified after.

The model sees only the retrieved provisions, numbered [1]..[n], and must cite them. The
citation verifier then keeps, flags or removes each sentence. When nothing survives, the
extractive answer is returned with the verifier's tally, so the user never gets an uncited claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from retrieval.results import SearchHit
from service.answering import llm as llm_backend
from service.answering.composer import render_markdown
from service.answering.records import Answer, Citation, Turn
from service.answering.verifier import verify

MAX_SOURCES = 6
MAX_SOURCE_CHARS = 1200
SYSTEM_PROMPT = (
    "You answer questions on international cooperation in criminal matters using ONLY the numbered "
    "sources given. Write at most four short sentences. End every sentence with the number of the source "
    "that supports it, like [1] or [2, 3]. If the sources do not answer the question, write exactly: "
    "The sources in the corpus do not address this."
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def build_prompt(question: str, history: Sequence[Turn], hits: list[SearchHit]) -> str:
    """Conversation, numbered sources and the question."""
    lines = []
    for turn in history[-4:]:
        lines.append(f"{turn.role.upper()}: {turn.content[:500]}")
    lines.append("SOURCES:")
    for number, hit in enumerate(hits, start=1):
        heading = f" ({hit.article_heading})" if hit.article_heading else ""
        lines.append(f"[{number}] {hit.label}{heading}: {' '.join(hit.text.split())[:MAX_SOURCE_CHARS]}")
    lines.append(f"QUESTION: {question}")
    lines.append("ANSWER (every sentence cites its source number):")
    return "\n".join(lines)


def split_generated(text: str) -> list[str]:
    """The model's output as sentences."""
    return [part.strip() for part in SENTENCE_END.split(text.strip()) if part.strip()]


class Generator:
    """Wraps a llama-index LLM; built lazily on the first generative question."""

    def __init__(self, make_llm) -> None:
        self._make_llm = make_llm
        self._llm: Any = None

    @property
    def llm(self) -> Any:
        """The LLM, built on first use."""
        if self._llm is None:
            self._llm = self._make_llm()
        return self._llm

    def answer(self, question: str, history: Sequence[Turn], hits: list[SearchHit], fallback: Answer) -> Answer:
        """A verified generative answer (or the extractive one when nothing survives verification)."""
        sources = hits[:MAX_SOURCES]
        raw = llm_backend.complete(self.llm, SYSTEM_PROMPT, build_prompt(question, history, sources))
        numbered = {n: (hit.point_id, f"{hit.article_heading or ''} {hit.text}") for n, hit in enumerate(sources, start=1)}
        checked = verify(split_generated(raw), numbered, instructions=SYSTEM_PROMPT)
        counts = {**checked.counts(), "generated_chars": len(raw)}
        if not checked.sentences:
            fallback.verifier = {**counts, "fell_back_to_extractive": 1}
            fallback.removed_sentences = checked.removed_examples
            fallback.mode = "generative"
            return fallback
        cited_ids = {cid for sentence in checked.sentences for cid in sentence.citation_ids}
        citations = [Citation.of(hit, " ".join(hit.text.split()), "primary") for hit in sources if hit.point_id in cited_ids]
        citations += [c for c in fallback.citations if c.id not in cited_ids and c.role == "see_also"]
        premise = [s for s in fallback.sentences if s.kind == "premise"]
        citations += [c for c in fallback.citations if premise and c.id in premise[0].citation_ids and c not in citations]
        answer = Answer(text="", sentences=premise + checked.sentences, citations=citations, mode="generative",
                        premise_corrected=bool(premise), verifier=counts, removed_sentences=checked.removed_examples)
        answer.text = render_markdown(answer)
        return answer
