"""Pure metric functions over retrieved provisions and gold citations."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from evals.dataset import GoldCitation


@dataclass(frozen=True)
class Retrieved:
    """The pinpoint of one retrieved provision."""

    instrument: str
    article: str | None
    paragraph: str | None


def matches(gold: GoldCitation, got: Retrieved) -> bool:
    """Same instrument and article; same paragraph when the gold entry gives one."""
    if gold.instrument != got.instrument:
        return False
    if (gold.article or None) != (got.article or None):
        return False
    return gold.paragraph is None or gold.paragraph == got.paragraph


def recall_at(gold: Sequence[GoldCitation], ranked: Sequence[Retrieved], k: int) -> float:
    """Share of gold entries matched by one of the first ``k`` results."""
    if not gold:
        return 0.0
    top = ranked[:k]
    return sum(1 for entry in gold if any(matches(entry, got) for got in top)) / len(gold)


def reciprocal_rank(gold: Sequence[GoldCitation], ranked: Sequence[Retrieved]) -> float:
    """1 / rank of the first result that matches any gold entry (0 when none does)."""
    for rank, got in enumerate(ranked, start=1):
        if any(matches(entry, got) for entry in gold):
            return 1.0 / rank
    return 0.0


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean, 0 for no values."""
    return sum(values) / len(values) if values else 0.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction in 0..1)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
_SPACE = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)")


def normalise_text(text: str) -> str:
    """Lower-case, single spaces, thousands separators removed (2,956 -> 2956)."""
    flat = _SPACE.sub(" ", text.casefold()).strip()
    previous = None
    while previous != flat:
        previous, flat = flat, _THOUSANDS.sub("", flat)
    return flat


def _number_variants(fact: str) -> set[str]:
    """A fact with its numbers written as digits or as words, both ways."""
    variants = {fact}
    digits_to_words = {str(value): word for word, value in NUMBER_WORDS.items()}
    words = fact.split(" ")
    variants.add(" ".join(digits_to_words.get(word, word) for word in words))
    variants.add(" ".join(str(NUMBER_WORDS[word]) if word in NUMBER_WORDS else word for word in words))
    return variants


def fact_present(fact: str, answer: str) -> bool:
    """Key-fact rule: case and whitespace insensitive, numbers as digits or words,
    optional thousands separators."""
    haystack = normalise_text(answer)
    return any(normalise_text(variant) in haystack for variant in _number_variants(normalise_text(fact)))


def fact_coverage(facts: Sequence[str], answer: str) -> float:
    """Share of key facts stated in the answer (1.0 when there are none)."""
    if not facts:
        return 1.0
    return sum(1 for fact in facts if fact_present(fact, answer)) / len(facts)


def citation_recall(gold: Sequence[GoldCitation], cited: Sequence[Retrieved]) -> float:
    """Share of gold entries matched by a citation (1.0 when there is no gold)."""
    if not gold:
        return 1.0
    return sum(1 for entry in gold if any(matches(entry, got) for got in cited)) / len(gold)


def citation_precision(gold: Sequence[GoldCitation], cited: Sequence[Retrieved]) -> float:
    """Share of citations that match a gold entry (1.0 when nothing is cited)."""
    if not cited:
        return 1.0
    return sum(1 for got in cited if any(matches(entry, got) for entry in gold)) / len(cited)


SPECIFIC_FACT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"      # e-mail
    r"|https?://\S+|www\.\S+"            # web address
    r"|\+?\d[\d ()-]{6,}\d"              # phone-like number
    r"|\b\d{1,3}(?:[,.]\d{3})+\b|\b\d+\b"  # any figure
)


def invented_specifics(answer_text: str, sources_text: str) -> list[str]:
    """Specific facts (e-mails, URLs, phone numbers, figures) in an answer that its cited sources
    do not contain: on an unanswerable question these count as hallucination."""
    sources = normalise_text(sources_text)
    return [found for found in SPECIFIC_FACT.findall(answer_text) if normalise_text(found) not in sources]


def bucket(
    *, answerable: bool, abstained: bool, citation_recall_value: float, fact_coverage_value: float,
    cites_missing_provision: bool, invented: bool, premise_missed: bool = False,
) -> str:
    """Outcome class in the style of Magesh et al. (2024):
    correct / incomplete / refused / hallucinated for answerable questions;
    correct_abstention / hallucinated / missed_abstention for unanswerable ones. An answer that
    goes along with a false premise is hallucinated."""
    if cites_missing_provision:
        return "hallucinated"
    if not answerable:
        if invented:
            return "hallucinated"
        return "correct_abstention" if abstained else "missed_abstention"
    if abstained:
        return "refused"
    if premise_missed:
        return "hallucinated"  # going along with a false premise is wrong even with the right citation
    if citation_recall_value >= 1.0 and fact_coverage_value >= 1.0:
        return "correct"
    return "incomplete"
