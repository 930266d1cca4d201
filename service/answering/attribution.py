"""Attribution claims: a question that credits an instrument (or an article) with a rule it does not hold.

The question names an instrument, or an article of one, and asserts something. When the named
instrument's (or article's) provisions carry little of the assertion and another provision carries
much of it, the premise is corrected: the rule is in that other provision.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.answering.claims import YEAR
from service.answering.evidence import content_terms, coverage, provision_sentences
from service.answering.premise import PremiseCorrection, premises

#: The named provisions must carry less than this share of the assertion to be doubted ...
WEAK = 0.45
#: ... and another provision at least this share, and this much more than the named ones.
STRONG = 0.6
MARGIN = 0.25


@dataclass(frozen=True)
class Source:
    """A retrieved provision: its instrument, article, label and English text."""

    instrument_id: str
    article: str | None
    label: str
    text: str


def best_sentence(terms: dict[str, float], sources: list[Source]) -> tuple[float, Source | None, str]:
    """(support, source, sentence) of the sentence carrying most of ``terms``."""
    best: tuple[float, Source | None, str] = (0.0, None, "")
    for source in sources:
        for sentence in provision_sentences(source.text, "en"):
            support = coverage(terms, sentence)
            if support > best[0]:
                best = (support, source, sentence)
    return best


def weakly_attributed(question: str, named: list[Source]) -> bool:
    """The question asserts something that the named provisions carry little of."""
    claims = premises(question)
    if not claims or not named:
        return False
    return all(best_sentence(content_terms(YEAR.sub(" ", c)), named)[0] < WEAK for c in claims)


def attribution_conflict(question: str, named: list[Source], others: list[Source]) -> PremiseCorrection | None:
    """The assertion belongs to another provision than the one the question credits it to."""
    for claim in premises(question):
        terms = content_terms(YEAR.sub(" ", claim))
        own, _, _ = best_sentence(terms, named)
        support, source, sentence = best_sentence(terms, others)
        if source is not None and own < WEAK and support >= STRONG and support - own >= MARGIN:
            credited = ", ".join(dict.fromkeys(s.label.split(" art.")[0] if s.article else s.label for s in named))
            if any(s.instrument_id == source.instrument_id for s in named):
                credited = ", ".join(dict.fromkeys(s.label.split("(")[0] for s in named))
            return PremiseCorrection(claim, sentence, f"{credited} does not provide this; {source.label} does",
                                     "attribution")
    return None
