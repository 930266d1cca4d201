"""Provisions of the chosen basis that a request must follow: what it must contain, and the conditions
that apply (dual criminality, speciality, confidentiality, channels, urgency, language), found by search.

Each condition is searched once across the basis with treaty wording, and a provision counts only when
its own words carry the condition (``evidence``): a treaty silent on speciality is not cited for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpora.registry import Registry
from retrieval.hybrid import Retriever
from retrieval.results import SearchHit
from retrieval.store import SearchFilter
from service.answering.checklist import requirement_items
from service.answering.evidence import content_terms, coverage, provision_sentences
from service.drafting.inputs import MEASURES

CONTENTS_QUERY = {
    "mutual_legal_assistance": "a request for mutual legal assistance shall contain the identity of the authority "
                               "making the request, a summary of the relevant facts and a description of the assistance sought",
    "extradition": "the request for extradition shall be supported by the conviction and sentence or warrant of arrest, "
                   "a statement of the offences, the relevant law and a description of the person claimed",
}
MEASURE_MIN_COVERAGE = 0.25
#: Items run together with commas ("(a) the authority making the request, (b) the object of ...").
_COMMA_ITEM = re.compile(r",\s*(?:and\s+)?\(([a-z])\)\s+")


@dataclass(frozen=True)
class Condition:
    """A condition every request meets or invokes: treaty wording to find it and words that show it."""

    key: str
    title: str
    asks: tuple[str, ...]
    queries: dict[str, str]
    evidence: re.Pattern[str]


CONDITIONS: tuple[Condition, ...] = (
    Condition("dual_criminality", "Dual criminality", ("offence", "facts"), {
        "mutual_legal_assistance": "assistance may be refused on the ground of absence of dual criminality, where the "
                                   "act would be no offence under the law of the requested State",
        "extradition": "extraditable offences are offences punishable under the laws of both the requesting and the "
                       "requested Party by deprivation of liberty"},
        re.compile(r"dual criminality|under the (?:domestic )?laws? of both|punishable under the (?:domestic )?laws?|"
                   r"not (?:be )?an offen[cs]e|not constitute an offen[cs]e|offen[cs]e under the (?:domestic )?law|"
                   r"dubbele strafbaarheid|"
                   r"strafbaar (?:is|zijn) (?:naar|volgens)", re.IGNORECASE)),
    Condition("speciality", "Speciality and limits on use", ("offence", "purpose"), {
        "mutual_legal_assistance": "the requesting State shall not transmit or use information or evidence furnished for "
                                   "investigations, prosecutions or proceedings other than those stated in the request "
                                   "without the prior consent of the requested State",
        "extradition": "rule of speciality: a person extradited shall not be proceeded against, sentenced or detained for "
                       "any offence committed prior to the surrender other than that for which he was extradited"},
        re.compile(r"specialit|specialty|other than (?:those|that|the one) (?:stated|for which)|prior consent|"
                   r"limitations? (?:on|as to) (?:the )?use|shall not (?:be )?(?:use|transmit|proceeded)|specialiteit|"
                   r"niet (?:worden )?(?:vervolgd|gebruikt)", re.IGNORECASE)),
    Condition("confidentiality", "Confidentiality", ("confidentiality",), {
        "mutual_legal_assistance": "the requesting State may require that the requested State keep confidential the "
                                   "fact and substance of the request",
        "extradition": "the requested Party shall keep confidential the request and the information it contains"},
        re.compile(r"confidential|vertrouwelijk", re.IGNORECASE)),
    Condition("channels", "Channels of transmission", ("authority",), {
        "mutual_legal_assistance": "each State shall designate a central authority to receive requests for mutual legal "
                                   "assistance and to execute them or transmit them to the competent authorities",
        "extradition": "the request for extradition shall be in writing and communicated through the diplomatic channel"},
        re.compile(r"central authorit|diplomatic channel|ministr(?:y|ies) of justice|(?:requests?|documents?) shall be "
                   r"(?:transmitted|addressed|communicated|sent)|centrale autoriteit|diplomatieke weg", re.IGNORECASE)),
    Condition("urgency", "Urgent transmission", ("time_limit",), {
        "mutual_legal_assistance": "in urgent circumstances requests may be made through the International Criminal "
                                   "Police Organization or orally, confirmed forthwith in writing",
        "extradition": "in case of urgency the competent authorities of the requesting Party may request the "
                       "provisional arrest of the person sought"},
        re.compile(r"urgen|provisional arrest|Interpol|International Criminal Police|spoedeisend|voorlopige aanhouding",
                   re.IGNORECASE)),
    Condition("language", "Language of the request", ("language",), {
        "mutual_legal_assistance": "requests shall be made in writing in a language acceptable to the requested State, "
                                   "or accompanied by a translation",
        "extradition": "the request and supporting documents shall be accompanied by a translation into the language "
                       "of the requested Party"},
        re.compile(r"(?:in|into) (?:a |the |an )?(?:\w+ )?language\b|language (?:of|acceptable)|translat|vertaling|\btaal\b",
                   re.IGNORECASE)),
)
#: Words that show a provision speaks of the request's kind (an extradition request is not read by MLA articles).
TOPIC_WORDS = {
    "mutual_legal_assistance": re.compile(r"assistance|request|rechtshulp|verzoek|entraide", re.IGNORECASE),
    "extradition": re.compile(r"extradit|surrender|uitlever|overlever", re.IGNORECASE),
}


@dataclass(frozen=True)
class Requirement:
    """One lettered item of a provision on the contents of a request."""

    letter: str
    text: str
    hit: SearchHit

    @property
    def label(self) -> str:
        return f"{self.hit.label}({self.letter})"


@dataclass(frozen=True)
class Found:
    """A provision of one basis instrument found for a condition or a measure."""

    key: str
    title: str
    hit: SearchHit
    asks: tuple[str, ...] = ()
    sentence: str = ""  # the sentence of the provision that states the condition


def _filters(registry: Registry, instrument_ids: list[str]) -> SearchFilter:
    """English texts when every instrument has them, else every language (a Dutch-only treaty is still read)."""
    english = all("en" in registry.get(i).languages for i in instrument_ids)
    return SearchFilter(instrument_ids=tuple(instrument_ids), languages=("en",) if english else (),
                        exclude_kinds=("preamble",))


def listed_items(text: str) -> list[tuple[str, str]]:
    """The lettered items of a provision on contents, also when they are separated by commas only."""
    items = []
    for letter, body in requirement_items(text):
        parts = _COMMA_ITEM.split(body)
        items.append((letter, parts[0]))
        items += [(parts[i], parts[i + 1][0].upper() + parts[i + 1][1:]) for i in range(1, len(parts) - 1, 2)]
    return items


def contents_requirements(retriever: Retriever, registry: Registry, basis: list[str], topic: str) -> list[Requirement]:
    """The lettered contents a request must have, from each basis instrument's provision that lists them."""
    found: list[Requirement] = []
    for instrument_id in basis:
        hits = retriever.search(CONTENTS_QUERY[topic], k=8, filters=_filters(registry, [instrument_id])).hits
        for hit in hits:
            items = listed_items(hit.text)
            if items and _on_topic(hit, topic):
                found.extend(Requirement(letter, text, hit) for letter, text in items)
                break
    return found


def _on_topic(hit: SearchHit, topic: str) -> bool:
    """The provision (or its article heading) speaks of the request's kind."""
    return bool(TOPIC_WORDS[topic].search(f"{hit.article_heading or ''} {hit.text}"))


def contents_guide(retriever: Retriever, registry: Registry, topic: str) -> list[Requirement]:
    """When the chosen basis lists no contents: the list of the core instrument on the topic that has one,
    as a guide (the draft says it binds only where both States are parties)."""
    core = [i.id for i in registry.instruments.values() if i.core and topic in i.topics and i.kind != "report"]
    return _first_listed(retriever, registry, core, topic)


def _first_listed(retriever: Retriever, registry: Registry, instrument_ids: list[str], topic: str) -> list[Requirement]:
    """The lettered items of the best provision listing the contents of a request, across ``instrument_ids``."""
    if not instrument_ids:
        return []
    for hit in retriever.search(CONTENTS_QUERY[topic], k=12, filters=_filters(registry, instrument_ids)).hits:
        items = listed_items(hit.text)
        if items and _on_topic(hit, topic):
            return [Requirement(letter, text, hit) for letter, text in items]
    return []


def conditions(retriever: Retriever, registry: Registry, basis: list[str], topic: str) -> list[Found]:
    """For each condition, the best provision of each basis instrument that states it."""
    found: list[Found] = []
    if not basis:  # no instrument chosen: nothing to cite (an empty filter would search the whole corpus)
        return found
    for condition in CONDITIONS:
        hits = retriever.search(condition.queries[topic], k=12, filters=_filters(registry, basis)).hits
        seen: set[str] = set()
        for hit in hits:
            if hit.instrument_id not in seen and hit.article and _on_topic(hit, topic) and condition.evidence.search(hit.text):
                seen.add(hit.instrument_id)
                found.append(Found(condition.key, condition.title, hit, condition.asks, _stating(hit, condition)))
    return found


def _stating(hit: SearchHit, condition: Condition) -> str:
    """The provision's first sentence that carries the condition's words (a rule before its exceptions)."""
    sentences = provision_sentences(hit.text, hit.language if hit.language in ("en", "fr", "nl") else "en")
    return next((s for s in sentences if condition.evidence.search(s)), sentences[0] if sentences else hit.text)


def measure_provisions(retriever: Retriever, registry: Registry, basis: list[str], measures: tuple[str, ...]) -> list[Found]:
    """For each measure, the best provision of each basis instrument that speaks of it."""
    found: list[Found] = []
    for key in measures if basis else ():
        measure = MEASURES[key]
        terms = content_terms(measure.query)
        seen: set[str] = set()
        for hit in retriever.search(measure.query, k=8, filters=_filters(registry, basis)).hits:
            if hit.instrument_id not in seen and hit.article and coverage(terms, hit.text) >= MEASURE_MIN_COVERAGE:
                seen.add(hit.instrument_id)
                found.append(Found(key, measure.label, hit))
    return found
