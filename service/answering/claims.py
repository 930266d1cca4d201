"""Typed claims: what a question (or a provision sentence) asserts, read by a small rule grammar.

A claim is one of: a *modality* on a predicate (obligation, permission, weak duty, prohibition,
exemption, or a plain fact), *exclusivity* ("only", "exclusively"), a *quantity* with its unit
("30 days", "12 members"), a *direction* of change (increase / decrease), a *year*. Each claim keeps
the clause it was read from, so that it can be compared with the provisions retrieved for it.
The grammar reads English legal prose; provisions are read with the same grammar, so a question's
"must refuse" and a treaty's "shall refuse" meet on the same (force, verb) pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from service.answering.evidence import content_terms

Force = Literal["obligation", "permission", "weak", "prohibition", "exemption", "fact"]
ClaimKind = Literal["modality", "exclusivity", "quantity", "direction", "year"]

#: Modal expressions of English legal prose, longest first (each maps to a deontic force).
MODALS: tuple[tuple[str, Force], ...] = (
    (r"shall not be (?:required|obliged|bound)(?: to)?|(?:is|are) not required\b|(?:is|are) not (?:required|obliged|obligated|bound) to|need not|"
     r"(?:does|do) not (?:have|need) to|(?:is|are) under no obligation to|(?:is|are) not obliged to", "exemption"),
    (r"shall not|must not|may not|cannot|can not|can't|(?:is|are) (?:prohibited|forbidden|barred) from|"
     r"(?:is|are) not (?:allowed|permitted|entitled) to|shall refrain from|(?:is|are) precluded from", "prohibition"),
    (r"(?:shall|must|should|(?:has|have) to)(?:,[^,]{1,80},)? (?:consider|endeavou?r|seek|strive|take into consideration)|"
     r"may(?:,[^,]{1,80},)? consider|(?:is|are) encouraged to|"
     r"(?:is|are) invited to|should consider", "weak"),
    (r"shall|must|(?:is|are) (?:required|obliged|obligated|bound|compelled) to|(?:has|have) (?:a duty )?to|"
     r"(?:is|are) under (?:an|the) obligation to|(?:obliges?|requires?|compels?|forces?) (?:\w+ ){1,4}to", "obligation"),
    (r"(?<!\bas )(?<!\bso far as )may(?:,[^,]{1,80},)?|can|(?:is|are) (?:allowed|permitted|entitled|free|authori[sz]ed) to|"
     r"(?:has|have) (?:the )?(?:right|discretion|option) to|(?:is|are) at liberty to|(?:allows?|permits?|lets?) (?:\w+ ){1,4}(?:to )?",
     "permission"),
)
MODAL = re.compile("|".join(rf"(?P<m{i}>\b(?:{pattern}))" for i, (pattern, _) in enumerate(MODALS)), re.IGNORECASE)
#: Words between a modal and its verb that do not change the predicate.
FILLER = re.compile(r"^(?:\s*(?:,[^,]{1,80},|\b(?:also|only|in any event|in principle|not|become|been|be|have|"
                    r"\w+ly|upon request|where appropriate)\b|,))*\s*", re.IGNORECASE)
GENERIC_VERBS = frozenset({"do", "be", "have", "make", "take", "get", "use", "go", "apply", "happen"})
EXCLUSIVE = re.compile(r"\b(only|exclusively|solely|sole|no other|nothing but|always and only|must always)\b", re.IGNORECASE)
DIRECTION_WORDS = {
    "up": r"increased|expanded|grew|grown|rose|risen|doubled|enlarged|went up",
    "down": r"decreased|reduced|shrank|shrunk|fell|fallen|declined|dropped|halved|went down",
}
DIRECTION = re.compile("|".join(rf"(?P<{name}>\b(?:{words})\b)" for name, words in DIRECTION_WORDS.items()), re.IGNORECASE)
FROM_TO = re.compile(r"\bfrom\s+(?P<a>\d[\d,]*|\w+)\s+(?:\w+\s+){0,2}to\s+(?P<b>\d[\d,]*|\w+)\b", re.IGNORECASE)
#: A change of direction is read only where something is counted or measured.
MEASURED = re.compile(r"\d|\b(?:number|amount|share|percentage|level|members?|membership|figures?|total|cases|"
                      r"countries|states|requests|budget)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}
NUMBER = rf"\d[\d,]*(?:\.\d+)?|(?:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
QUANTITY = re.compile(rf"\b(?P<value>{NUMBER})\s+(?P<first>[a-z]+)\b(?:\s+(?P<second>[a-z]+)\b)?", re.IGNORECASE)
#: Units of time are compared by their own name; other counted nouns by their stem.
TIME_UNITS = {"hour": "hour", "day": "day", "week": "week", "month": "month", "year": "year"}
PREDICATE_WORDS = 12
NOT_UNITS = frozenset({"and", "or", "of", "to", "the", "a", "per", "in", "on", "at", "by", "for", "with", "from", "percent",
                       "other", "more", "new", "additional", "such", "relevant", "further", "different", "separate",
                       "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                       "november", "december"})
MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
#: A year that names an instrument ('the 1988 Convention', 'Convention on Psychotropic Substances, 1971').
INSTRUMENT_YEAR = re.compile(r"(?:\b(?:19|20)\d\d\s+(?:[A-Z][\w-]*\s+){0,3}(?:Convention|Protocol|Agreement|Treaty|"
                             r"[Rr]eport|Secretariat)\b)|(?:(?:Convention|Protocol|Substances|Drugs|Agreement),?\s+(?:19|20)\d\d)")


@dataclass(frozen=True)
class Claim:
    """One typed assertion and the clause it comes from."""

    kind: ClaimKind
    value: str
    clause: str
    verb: str = ""
    terms: frozenset[str] = frozenset()
    number: float | None = None
    unit: str = ""


def number_value(raw: str) -> float | None:
    """'sixty' -> 60, '2,956' -> 2956, 'twenty-one' -> 21; None when not a number."""
    text = raw.casefold().replace(",", "")
    try:
        return float(text)
    except ValueError:
        pass
    parts = re.split(r"[- ]", text)
    if parts and all(part in NUMBER_WORDS for part in parts):
        return float(sum(NUMBER_WORDS[part] for part in parts))
    return None


def force_of(match: re.Match[str]) -> Force:
    """The deontic force of a MODAL match."""
    index = int(next(name for name, value in match.groupdict().items() if value is not None)[1:])
    return MODALS[index][1]


@dataclass(frozen=True)
class Modality:
    """A modal expression: its force, the stem of its verb and the stems of the words it governs."""

    force: Force
    verb: str
    window: frozenset[str]
    words: str = ""


def _predicate_after(text: str, end: int) -> tuple[str, frozenset[str]]:
    """The verb stem after a modal (skipping 'be', adverbs, commas) and the stems of the next words."""
    rest = text[end:]
    rest = rest[FILLER.match(rest).end():]
    words = re.findall(r"[A-Za-z-]+", rest)[:PREDICATE_WORDS]
    verb = ""
    for word in words[:3]:
        stems = list(content_terms(word))
        if stems and word.casefold() not in GENERIC_VERBS:
            verb = stems[0]
            break
    return verb, frozenset(content_terms(" ".join(words)))


def _subject_before(text: str, start: int) -> tuple[str, frozenset[str]]:
    """For a modal with no verb after it ('translations ... shall not be required.'): the words before it."""
    words = re.findall(r"[A-Za-z-]+", text[:start])[-PREDICATE_WORDS + 1:]
    stems = list(content_terms(" ".join(words)))
    return (stems[0] if stems else ""), frozenset(stems)


@lru_cache(maxsize=8192)
def modalities(text: str) -> tuple[Modality, ...]:
    """Every modal expression in ``text`` with the predicate it governs (its subject when passive); cached."""
    return tuple(_modalities(text))


def _modalities(text: str) -> list[Modality]:
    found = []
    for match in MODAL.finditer(text):
        verb, window = _predicate_after(text, match.end())
        if not verb:
            verb, window = _subject_before(text, match.start())
        if verb:
            following = " ".join(text[match.end():].split()[:3]).rstrip(".,;:")
            found.append(Modality(force_of(match), verb, window, f"{match.group(0)} {following}".strip()))
    return found


@lru_cache(maxsize=8192)
def quantities(text: str) -> tuple[tuple[float, str], ...]:
    """(value, unit) pairs: '30 days' -> (30, 'day'), '14 member countries' -> (14, 'countri')."""
    found = []
    cleaned = YEAR.sub(" ", re.sub(r"\b(?:articles?|art\.|paragraphs?|para\.|chapter|annex)\s+\S+", " ", text, flags=re.I))
    for match in QUANTITY.finditer(cleaned):
        value = number_value(match["value"])
        unit = _unit(match["first"].casefold(), (match["second"] or "").casefold())
        if value is not None and unit:
            found.append((value, unit))
    return tuple(found)


def quantity_phrases(text: str, unit: str) -> list[str]:
    """The provision's own words for its quantities of ``unit`` ('sixty days', '40 days')."""
    found = []
    for match in QUANTITY.finditer(text):
        if same_unit(_unit(match["first"].casefold(), (match["second"] or "").casefold()), unit):
            found.append(f"{match['value']} {match['first']}" if match["first"].rstrip("s") in TIME_UNITS
                         else match.group(0))
    return found


def claim_phrase(claim: Claim) -> str:
    """The words the question used for a quantity claim."""
    phrases = quantity_phrases(claim.clause, claim.unit)
    return phrases[0] if phrases else claim.value


def _unit(first: str, second: str) -> str:
    """The counted noun(s) after a number: a unit of time, else the stems of the next two words ('member|countri')."""
    if first.rstrip("s") in TIME_UNITS:
        return TIME_UNITS[first.rstrip("s")]
    words = [w for w in (first, second) if w and w not in NOT_UNITS]
    if not words or first in NOT_UNITS:
        return ""
    return "|".join(dict.fromkeys(stem for w in words for stem in content_terms(w)))


def same_unit(first: str, second: str) -> bool:
    """Two units name the same thing (a unit of time, or a shared counted noun)."""
    if not first or not second:
        return False
    return bool(set(first.split("|")) & set(second.split("|")))


def direction_of(text: str) -> str | None:
    """'up' or 'down' when the text states a change of a quantity (words or a 'from A to B' pair), else None."""
    if not MEASURED.search(text):
        return None
    match = DIRECTION.search(text)
    if match:
        return "up" if match["up"] else "down"
    pair = FROM_TO.search(text)
    if pair and not MONTH.search(pair.group(0)):
        first, second = number_value(pair["a"]), number_value(pair["b"])
        if first is not None and second is not None and first != second:
            return "up" if second > first else "down"
    return None


def event_years(text: str) -> list[str]:
    """The years a text dates things to (not the years in instrument names)."""
    return list(dict.fromkeys(YEAR.findall(INSTRUMENT_YEAR.sub(" ", text))))


def read_claims(clause: str) -> list[Claim]:
    """Every typed claim a clause makes."""
    claims = [Claim("modality", found.force, clause, verb=found.verb, terms=found.window) for found in modalities(clause)]
    exclusive = EXCLUSIVE.search(clause)
    if exclusive:
        claims.append(Claim("exclusivity", exclusive.group(1).casefold(), clause))
    claims += [Claim("quantity", f"{value:g} {unit}", clause, number=value, unit=unit) for value, unit in quantities(clause)]
    direction = direction_of(clause)
    if direction:
        claims.append(Claim("direction", direction, clause))
    claims += [Claim("year", year, clause) for year in event_years(clause)]
    return claims
