"""False premises: the question's typed claims checked against the provisions retrieved for them.

Each clause of the question is read into typed claims (:mod:`service.answering.claims`). For each
claim the governing provision sentences are those that carry most of the clause's terms; a claim
contradicts them when:
- *modality*: the same predicate carries an incompatible force ("must" where the text says "may",
  "shall consider" or "shall not be required"; "may" where it says "shall not"; a plain fact where it
  says "shall not");
- *exclusivity*: "only" where the provision keeps another way open ("without prejudice", "may also");
- *quantity*: a number of the same unit that the provision does not state ("30 days" for "sixty days");
- *direction*: a change the other way ("shrank" where the text says "expanded from 12 to 14");
- *year*: an event dated to a year the text that reports it does not give.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from service.answering.claims import (
    YEAR, Claim, Modality, claim_phrase, direction_of, modalities, quantities, quantity_phrases, read_claims,
    event_years, same_unit,
)
from service.answering.evidence import content_terms, coverage, provision_sentences

LEAD_CLAUSE = re.compile(
    r"^\s*(?:given that|since|as|because|considering that|now that|seeing that|assuming that|if it is true that)\s+"
    r"(?P<clause>[^,?]+)", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
NEGATED = re.compile(r"\b(not|no|never|neither|nor|without|cannot|n't)\b", re.IGNORECASE)
ALTERNATIVE = re.compile(
    r"\b(without prejudice to|may also|(?:shall|may|can) also be|also be|not (?:be )?(?:excluded|precluded)|"
    r"shall not (?:preclude|prevent|exclude|affect)|nothing in this [a-z]+ shall (?:prevent|preclude|affect)|"
    r"in addition to|alternatively|or directly|as well as through)\b", re.IGNORECASE)
#: (claimed force) -> forces of the provision that contradict it for the same predicate.
CONTRADICTS: dict[str, frozenset[str]] = {
    "obligation": frozenset({"permission", "weak", "exemption"}),
    "permission": frozenset({"prohibition"}),
    "prohibition": frozenset({"permission", "obligation", "weak"}),
    "exemption": frozenset({"obligation"}),
    "weak": frozenset({"obligation"}),
    "fact": frozenset({"prohibition"}),
}
AGREES: dict[str, frozenset[str]] = {
    "obligation": frozenset({"obligation"}), "permission": frozenset({"permission", "obligation"}),
    "prohibition": frozenset({"prohibition", "exemption"}), "exemption": frozenset({"exemption", "permission", "weak"}),
    "weak": frozenset({"weak", "permission"}), "fact": frozenset({"obligation", "permission"}),
}
WORDS = {"obligation": "an obligation", "permission": "a discretion (\u201cmay\u201d)", "weak": "a duty only to consider",
         "prohibition": "a prohibition", "exemption": "no obligation", "fact": "that it is so"}
MIN_SUPPORT = 0.3
#: A sentence agreeing with a modal claim cancels a contradiction only when it matches the clause at least
#: this well relative to the contradicting sentence (a loosely related "shall" elsewhere does not).
CLOSE_AGREEMENT = 0.9
YEAR_SUPPORT = 0.4
#: Periods of time are compared in days; within this share they are the same period (12 months = 1 year).
DAYS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
SAME_PERIOD = 0.05
#: An asserted clause must match its best dated sentence this well before each of its years is checked
#: against that sentence (and those within CLOSE_DATED of it).
ASSERTED_YEAR_SUPPORT = 0.6
CLOSE_DATED = 0.9
GOVERNING = 6


@dataclass(frozen=True)
class PremiseCorrection:
    """A contradiction between a claim of the question and a provision sentence."""

    premise: str
    provision_sentence: str
    explanation: str
    kind: str = "modality"


@dataclass(frozen=True)
class Governing:
    """A provision sentence that governs a clause, with its provision's whole text."""

    sentence: str
    provision: str
    support: float


def clauses(question: str) -> list[str]:
    """The clauses of a question whose claims are checked (sentences, and lead 'since/given that' clauses)."""
    found: list[str] = []
    for sentence in SENTENCE_END.split(question.strip()):
        lead = LEAD_CLAUSE.match(sentence)
        if lead:
            found.append(lead["clause"].strip())
        if sentence.strip():
            found.append(sentence.strip())
    return list(dict.fromkeys(found))


def premises(question: str) -> list[str]:
    """The assertions a question makes (declarative sentences and lead clauses)."""
    found = []
    for sentence in SENTENCE_END.split(question.strip()):
        if sentence.strip() and not sentence.strip().endswith("?"):
            found.append(sentence.strip())
        lead = LEAD_CLAUSE.match(sentence)
        if lead:
            found.append(lead["clause"].strip())
    return [premise for premise in found if premise]


def governing(clause: str, provisions: list[str]) -> list[Governing]:
    """The provision sentences that carry most of the clause's terms, best first."""
    terms = content_terms(YEAR.sub(" ", clause))
    scored = [Governing(sentence, text, coverage(terms, sentence))
              for text in provisions for sentence in provision_sentences(text, "en")]
    return sorted((g for g in scored if g.support >= MIN_SUPPORT), key=lambda g: -g.support)[:GOVERNING]


def _same_predicate(claim: Claim, stated: Modality, loose: bool) -> bool:
    """The claim and the provision's modal speak of the same predicate: the same verb, or (for an asserted
    clause) the claim's verb or two of its words among the words the modal governs."""
    if claim.verb == stated.verb:
        return True
    return loose and (claim.verb in stated.window or len(claim.terms & stated.window) >= 2)


def _fact_claims(clause: str) -> list[Claim]:
    """An asserted clause with no modal and no negation claims that its predicate holds."""
    if NEGATED.search(clause):
        return []
    return [Claim("modality", "fact", clause, verb="", terms=frozenset(content_terms(clause)))]


def modality_conflict(clause: str, claims: list[Claim], found: list[Governing]) -> tuple[Governing, str] | None:
    """The clause gives a predicate a force that the best-matching provision sentence contradicts (and no
    sentence that matches the clause about as well agrees)."""
    stated = [(item, m) for item in found for m in modalities(item.sentence)]
    loose = not clause.rstrip().endswith("?")
    for claim in (c for c in claims if c.kind == "modality"):
        same = [(item, m) for item, m in stated if _same_predicate(claim, m, loose)]
        wrong = next(((item, m) for item, m in same if m.force in CONTRADICTS[claim.value]), None)
        if wrong is None or any(m.force in AGREES[claim.value] and m.verb == claim.verb
                                and item.support >= CLOSE_AGREEMENT * wrong[0].support for item, m in same):
            continue
        item, m = wrong
        return item, (f"the question assumes {WORDS[claim.value]}, but the provision sets {WORDS[m.force]}: "
                      f"\u201c{m.words}\u201d")
    return None


def exclusivity_conflict(clause: str, claims: list[Claim], found: list[Governing]) -> tuple[Governing, str] | None:
    """'only' claimed where the governing provision keeps another way open."""
    if not any(c.kind == "exclusivity" for c in claims) or not found:
        return None
    item = found[0]
    other = ALTERNATIVE.search(item.provision)
    if other and not re.search(r"\b(only|exclusively|solely)\b", item.sentence, re.IGNORECASE):
        sentence = next((s for s in provision_sentences(item.provision, "en") if ALTERNATIVE.search(s)), item.sentence)
        return Governing(sentence, item.provision, item.support), (
            f"the provision does not make it the only way: it says \u201c{other.group(1)}\u201d")
    return None


def _comparable(claim: Claim, unit: str) -> bool:
    """A stated quantity measures what the claim measures: the same counted noun, or both are periods of time."""
    return same_unit(unit, claim.unit) or (claim.unit in DAYS and unit in DAYS)


def _agrees(claim: Claim, value: float, unit: str) -> bool:
    """The same number of the same unit, or the same length of time in another unit (6 months = half a year)."""
    if claim.number is None:
        return True
    if unit == claim.unit or (same_unit(unit, claim.unit) and unit not in DAYS):
        return value == claim.number
    claimed, stated = claim.number * DAYS[claim.unit], value * DAYS[unit]
    return abs(claimed - stated) <= SAME_PERIOD * max(claimed, stated)


def quantity_conflict_of(clause: str, claims: list[Claim], found: list[Governing]) -> tuple[Governing, str] | None:
    """A number of a unit (or a period of time) the governing provision states differently."""
    for claim in (c for c in claims if c.kind == "quantity"):
        for item in found:
            stated = [(value, unit) for value, unit in quantities(item.provision) if _comparable(claim, unit)]
            if stated and not any(_agrees(claim, value, unit) for value, unit in stated):
                best = next((s for s in provision_sentences(item.provision, "en")
                             if any(_comparable(claim, u) for _, u in quantities(s))), item.sentence)
                units = dict.fromkeys(u for _, u in quantities(best) if _comparable(claim, u))
                words = ", ".join(dict.fromkeys(p for u in units for p in quantity_phrases(best, u))) or \
                    ", ".join(f"{v:g} {u}" for v, u in stated)
                return Governing(best, item.provision, item.support), (
                    f"the question assumes {claim_phrase(claim)}, but the provision says {words}")
            if stated:
                break
    return None


def direction_conflict(clause: str, claims: list[Claim], found: list[Governing]) -> tuple[Governing, str] | None:
    """A change claimed in one direction where the provision reports the other."""
    claimed = next((c.value for c in claims if c.kind == "direction"), None)
    for item in found if claimed else []:
        stated = direction_of(item.sentence)
        if stated and stated != claimed:
            words = {"up": "an increase", "down": "a decrease"}
            return item, f"the question assumes {words[claimed]}, but the text reports {words[stated]}"
    return None


def year_conflict(clause: str, claims: list[Claim], found: list[Governing]) -> tuple[Governing, str] | None:
    """An event dated to a year that the sentence reporting it does not give."""
    claimed = {c.value for c in claims if c.kind == "year"}
    dated = [item for item in found if event_years(item.sentence) and item.support >= YEAR_SUPPORT] if claimed else []
    if not dated:
        return None
    if not clause.rstrip().endswith("?") and dated[0].support >= ASSERTED_YEAR_SUPPORT:
        # An assertion: every year it gives must be in the sentence that reports the event (or a near tie).
        close = [item for item in dated if item.support >= CLOSE_DATED * dated[0].support]
        if all(any(year in YEAR.findall(item.sentence) for item in close) for year in claimed):
            return None
    elif any(claimed & set(YEAR.findall(item.sentence)) for item in dated):
        return None
    stated = event_years(dated[0].sentence)
    return dated[0], (f"the question dates it to {', '.join(sorted(claimed))}, but the text gives "
                      f"{', '.join(dict.fromkeys(stated))}")


Check = Callable[[str, list[Claim], list[Governing]], "tuple[Governing, str] | None"]
CHECKS: tuple[tuple[str, Check], ...] = (
    ("direction", direction_conflict), ("quantity", quantity_conflict_of), ("year", year_conflict),
    ("modality", modality_conflict), ("exclusivity", exclusivity_conflict),
)


def find_correction(question: str, provisions: list[str], *, check_years: bool = True) -> PremiseCorrection | None:
    """The first contradiction between a claim of the question and the provisions retrieved for it."""
    asserted = set(premises(question))
    for clause in clauses(question):
        claims = read_claims(clause)
        if clause in asserted and not any(c.kind == "modality" for c in claims):
            claims += _fact_claims(clause)
        found = governing(clause, provisions)
        if not found:
            continue
        for kind, check in CHECKS:
            if kind == "year" and not check_years:
                continue
            conflict = check(clause, claims, found)
            if conflict:
                item, explanation = conflict
                return PremiseCorrection(clause, item.sentence, explanation, kind)
    return None


# Kept for callers and tests of the earlier API.
def quantity_conflict(premise: str, sentence: str) -> str | None:
    """'30 days' asserted where the provision gives another number of days."""
    found = quantity_conflict_of(premise, read_claims(premise), [Governing(sentence, sentence, 1.0)])
    return found[1] if found else None


def obligation_conflict(premise: str, sentence: str) -> str | None:
    """An obligation asserted where the provision only encourages or permits, or exempts."""
    found = modality_conflict(premise, read_claims(premise) or _fact_claims(premise), [Governing(sentence, sentence, 1.0)])
    return found[1] if found else None
