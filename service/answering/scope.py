"""Questions the corpus cannot answer by its nature: contact details, a country's domestic law,
national statistics, events after the corpus date. Pure functions over the question text."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

CONTACT = re.compile(
    r"\b(e-?mail|phone|telephone|fax|postal address|street address|contact details|contact person|"
    r"website|web site|url|courriel|téléphone|correo electrónico|teléfono|telefoonnummer|e-?mailadres)\b",
    re.IGNORECASE,
)
DEMONYM_LAW = re.compile(
    r"\b(?:under|in|of|by)\s+(?P<who>[A-Z][a-z]+(?:an|ian|ese|ish|ch|i|ic|ean))\s+"
    r"(?:domestic\s+|national\s+|criminal\s+|penal\s+)?(?:law|legislation|code|statute|courts?)\b"
)
DOMESTIC_OF = re.compile(
    r"\b(?:domestic|national|criminal|penal)\s+(?:law|legislation|code)\s+(?:of|in)\s+(?P<who>[A-Z][\w' -]+)|"
    r"\b(?P<owner>[A-Z][\w -]+)'s\s+(?:domestic\s+|national\s+|criminal\s+|penal\s+)?(?:law|legislation|code|courts?)\b"
)
STATISTICS = re.compile(r"\b(how many|how much|how often|what number of|number of|percentage)\b", re.IGNORECASE)
STATE_ACTION = re.compile(r"\b(did|has|have|does|will)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
NOT_COUNTRIES = frozenset({"european", "international", "organized", "transnational", "criminal", "american", "african"})


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern[str]:
    names: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value and len(value) > 3:
                names.add(value)
    alternation = "|".join(sorted((re.escape(name) for name in names), key=len, reverse=True))
    return re.compile(rf"\b(?:the\s+)?({alternation})\b")


def countries_named(text: str) -> list[str]:
    """Country names (ISO 3166 names) mentioned in ``text``, in order."""
    return list(dict.fromkeys(match.group(1) for match in _country_pattern().finditer(text)))


def out_of_scope_reason(question: str, cutoff_year: int) -> str | None:
    """Why the corpus cannot hold the answer, or None when it might."""
    if CONTACT.search(question):
        return "the corpus holds treaty texts and a report, not contact details of authorities"
    years = [int(year) for year in YEAR.findall(question)]
    if any(year > cutoff_year for year in years):
        return f"the question concerns events after {cutoff_year}, later than the texts in the corpus"
    if _names_domestic_law(question):
        return "the corpus holds international instruments, not the domestic law of a State"
    if STATISTICS.search(question) and countries_named(question) and STATE_ACTION.search(question):
        return "the corpus does not hold statistics on individual States' requests"
    return None


def _names_domestic_law(question: str) -> bool:
    """'under Kenyan law', 'the criminal code of France', "Germany's legislation"."""
    demonym = DEMONYM_LAW.search(question)
    if demonym and demonym["who"].casefold() not in NOT_COUNTRIES:
        return True
    return any(countries_named(match.group("who") or match.group("owner") or "")
               for match in DOMESTIC_OF.finditer(question))
