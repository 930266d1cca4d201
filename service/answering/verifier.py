"""The citation verifier: every generated sentence must be supported by the sources it cites.

For each sentence: citations of sources that were not retrieved are rejected; a sentence left
without a valid citation is removed; a cited sentence is kept when the cited texts carry enough
of its content words and every figure it states, flagged when they carry some, removed otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.answering.evidence import content_terms, coverage
from service.answering.records import AnswerSentence

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
FIGURE = re.compile(r"\b\d[\d,.]*\b")
MIN_CONTENT_WORDS = 2
SUPPORTED = 0.6
PARTLY_SUPPORTED = 0.35
ECHO_SHARE = 0.7


@dataclass
class VerifiedText:
    """Sentences that survived, with counts of what was done."""

    sentences: list[AnswerSentence] = field(default_factory=list)
    kept: int = 0
    flagged: int = 0
    removed: int = 0
    rejected_citations: int = 0
    removed_examples: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The verifier's tally, reported with the answer."""
        return {"kept": self.kept, "flagged": self.flagged, "removed": self.removed,
                "rejected_citations": self.rejected_citations}


def cited_numbers(sentence: str) -> list[int]:
    """The source numbers a sentence cites: '[1]', '[2, 3]'."""
    return [int(n) for group in MARKER.findall(sentence) for n in group.split(",")]


def _figures_supported(sentence: str, sources: str) -> bool:
    plain = MARKER.sub(" ", sentence)
    normalised = sources.replace(",", "")
    return all(figure.replace(",", "").rstrip(".") in normalised for figure in FIGURE.findall(plain))


def support_of(sentence: str, sources: list[str]) -> float:
    """Share of the sentence's content words found in the texts it cites (0 when figures are missing)."""
    plain = MARKER.sub(" ", sentence)
    joined = " ".join(sources)
    if not _figures_supported(plain, joined):
        return 0.0
    terms = content_terms(plain)
    return coverage(terms, joined) if len(terms) >= MIN_CONTENT_WORDS else 0.0  # "EC [1]" supports nothing


def echoes(sentence: str, prompt: str) -> bool:
    """A sentence that repeats the instructions rather than answering."""
    terms = content_terms(MARKER.sub(" ", sentence))
    return bool(terms) and coverage(terms, prompt) >= ECHO_SHARE


def verify(sentences: list[str], sources: dict[int, tuple[str, str]], instructions: str = "") -> VerifiedText:
    """Check generated sentences against ``sources`` (number -> (point id, text)); sentences that
    echo ``instructions`` are removed."""
    result = VerifiedText()
    for sentence in sentences:
        if instructions and echoes(sentence, instructions):
            result.removed += 1
            result.removed_examples.append(sentence)
            continue
        numbers = cited_numbers(sentence)
        valid = [n for n in numbers if n in sources]
        result.rejected_citations += len(numbers) - len(valid)
        text = MARKER.sub("", sentence).strip()
        if not text:
            continue
        score = support_of(text, [sources[n][1] for n in valid]) if valid else 0.0
        ids = tuple(dict.fromkeys(sources[n][0] for n in valid))
        if valid and score >= SUPPORTED:
            result.kept += 1
            result.sentences.append(AnswerSentence(text, ids, "generated"))
        elif valid and score >= PARTLY_SUPPORTED:
            result.flagged += 1
            result.sentences.append(AnswerSentence(text, ids, "generated", flagged=True))
        else:
            result.removed += 1
            result.removed_examples.append(sentence)
    return result
