"""Legal basis for a pair of States: which instruments of the corpus could serve, and where they say so.

Bilateral treaties are matched by counterpart (the corpus holds the Netherlands' bilateral treaties).
The corpus has no party data for multilateral instruments, and the answer says so plainly; it
lists the core instruments whose own provisions make them a legal basis once both States are parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpora.records import Instrument
from corpora.registry import Registry
from retrieval.hybrid import Retriever
from retrieval.results import SearchHit
from retrieval.store import SearchFilter
from service.answering.scope import countries_named

BASIS_QUESTION = re.compile(r"\b(legal basis|basis for|treaty basis|treaties? (?:in force|apply|applies|between)|"
                            r"which (?:treaties|instruments|conventions))\b", re.IGNORECASE)
BETWEEN = re.compile(r"\bbetween\b", re.IGNORECASE)
EXTRADITION = re.compile(r"\b(extradit\w*|surrender)\b", re.IGNORECASE)
ASSISTANCE = re.compile(r"\b(mutual (?:legal )?assistance|MLA|evidence|rechtshulp|entraide)\b", re.IGNORECASE)
HOME_STATE = "Netherlands"
#: Treaty wording that makes a multilateral instrument a legal basis (searched, not hard-coded articles).
BASIS_QUERIES = {
    "extradition": "receives a request for extradition from another State Party with which it has no extradition "
                   "treaty, it may consider this Convention the legal basis for extradition",
    "mutual_legal_assistance": "mutual legal assistance requests where the States Parties are not bound by a treaty "
                               "of mutual legal assistance",
}


@dataclass(frozen=True)
class BasisQuestion:
    """Two States and the kinds of cooperation asked about."""

    states: tuple[str, str]
    topics: tuple[str, ...]


def read_basis_question(question: str) -> BasisQuestion | None:
    """'legal basis for extradition between the Netherlands and Canada' -> the two States and topics."""
    if not (BASIS_QUESTION.search(question) and BETWEEN.search(question)):
        return None
    states = countries_named(question)
    if len(states) < 2:
        return None
    topics = tuple(t for t, pattern in (("extradition", EXTRADITION), ("mutual_legal_assistance", ASSISTANCE))
                   if pattern.search(question)) or ("extradition", "mutual_legal_assistance")
    return BasisQuestion((states[0], states[1]), topics)


def bilateral_treaties(registry: Registry, asked: BasisQuestion) -> list[Instrument]:
    """Bilateral treaties of the corpus between the two States (on the asked topics first)."""
    if HOME_STATE not in asked.states:
        return []
    other = next(state for state in asked.states if state != HOME_STATE)
    found = [i for i in registry.instruments.values()
             if i.kind == "bilateral" and i.counterpart and other.casefold() in i.counterpart.casefold()]
    return sorted(found, key=lambda i: (not set(i.topics) & set(asked.topics), i.id))


def multilateral_basis(retriever: Retriever, registry: Registry, asked: BasisQuestion, per_topic: int = 4) -> list[SearchHit]:
    """Provisions of core multilateral instruments that make them a legal basis, one per instrument and topic."""
    hits: list[SearchHit] = []
    for topic in asked.topics:
        scope = tuple(i.id for i in registry.instruments.values() if i.core and topic in i.topics and i.kind != "report")
        if not scope:
            continue
        found = retriever.search(BASIS_QUERIES[topic], k=per_topic * 3, filters=SearchFilter(instrument_ids=scope, languages=("en",)))
        seen: set[str] = set()
        for hit in found.hits:
            if hit.instrument_id not in seen and hit.article:
                seen.add(hit.instrument_id)
                hits.append(hit)
            if len(seen) == per_topic:
                break
    return hits


def first_provision(retriever: Retriever, instrument: Instrument) -> SearchHit | None:
    """The first operative provision of a treaty (what binds the Parties), English text if any."""
    points = retriever.store.lookup(SearchFilter(instrument_ids=(instrument.id,), exclude_kinds=("preamble",)), limit=400)
    ordered = sorted(points, key=lambda p: (p.payload.get("language") != "en", int(p.payload.get("order", 0))))
    return SearchHit.from_hit(ordered[0], "legal_basis") if ordered else None
