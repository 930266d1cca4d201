"""False premises: what a question asserts, checked against the provision that governs it.

A premise is a declarative sentence of the question or a "Given that / Since ..." clause.
Two contradictions are detected, both by reading the provision's own words:
- a quantity: the premise says "30 days", the provision says "sixty days" for the same unit;
- an obligation: the premise says the instrument "obliges/requires" something, the provision
  only says "shall consider", "may", "shall endeavour" or "shall not be required".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.answering.evidence import content_terms, coverage

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100, "hundred and eighty": 180,
}
UNIT = r"(?P<unit>hours?|days?|weeks?|months?|years?)"
QUANTITY = re.compile(rf"\b(?P<value>\d+|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})\s+{UNIT}\b", re.IGNORECASE)
LEAD_CLAUSE = re.compile(
    r"^\s*(?:given that|since|as|because|considering that|now that|seeing that)\s+(?P<clause>[^,?]+)", re.IGNORECASE
)
OBLIGATION = re.compile(
    r"\b(obliges?|obligated|obligation to|requires?|required to|must|has to|have to|mandatory|compels?|"
    r"is bound to|are bound to)\b",
    re.IGNORECASE,
)
WEAK_DUTY = re.compile(
    r"\b(shall consider|may consider|shall endeavour|shall endeavor|shall not be required|is not required|"
    r"are not required|need not|may, where appropriate|are encouraged|is encouraged|shall seek to)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!])\s+")


@dataclass(frozen=True)
class PremiseCorrection:
    """A contradiction between the question's premise and a provision sentence."""

    premise: str
    provision_sentence: str
    explanation: str


def premises(question: str) -> list[str]:
    """The assertions a question makes (declarative sentences and lead clauses)."""
    found = []
    for sentence in SENTENCE_END.split(question.strip()):
        if not sentence.strip().endswith("?"):
            found.append(sentence.strip())
        lead = LEAD_CLAUSE.match(sentence)
        if lead:
            found.append(lead["clause"].strip())
    return [premise for premise in found if premise]


def _quantities(text: str) -> list[tuple[int, str]]:
    found = []
    for match in QUANTITY.finditer(text):
        raw = match["value"].casefold()
        value = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        found.append((value, match["unit"].casefold().rstrip("s")))
    return found


def quantity_conflict(premise: str, sentence: str) -> str | None:
    """'30 days' asserted where the provision gives another number of days."""
    claimed = _quantities(premise)
    stated = _quantities(sentence)
    for value, unit in claimed:
        same_unit = [other for other, other_unit in stated if other_unit == unit]
        if same_unit and value not in same_unit:
            return f"the question assumes {value} {unit}s, but the provision states {same_unit[0]} {unit}s"
    return None


def obligation_conflict(premise: str, sentence: str) -> str | None:
    """An obligation asserted where the provision only encourages or permits, or exempts."""
    if not OBLIGATION.search(premise):
        return None
    weak = WEAK_DUTY.search(sentence)
    if weak:
        return f"the question assumes an obligation, but the provision says \u201c{weak.group(1)}\u201d"
    return None


def find_correction(question: str, sentences: list[str], min_support: float = 0.25) -> PremiseCorrection | None:
    """The first provision sentence that contradicts a premise it is about."""
    for premise in premises(question):
        terms = content_terms(premise)
        for sentence in sentences:
            if coverage(terms, sentence) < min_support:
                continue
            explanation = quantity_conflict(premise, sentence) or obligation_conflict(premise, sentence)
            if explanation:
                return PremiseCorrection(premise, sentence, explanation)
    return None
