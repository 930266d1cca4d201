"""Filled or missing: what a requirement asks for, matched against what the practitioner supplied.

One general mechanism for every item of every treaty: a requirement's words say which kinds of
information it asks for (the identity of a person, a summary of the facts, the purpose, the
measures, a time limit...); each kind has one test over the inputs (is there a name, a date, a
penalty in the facts? were measures chosen?). An item is filled when every kind it asks for is
present; an item whose words name no known kind is filled when the inputs carry most of its
content words. Nothing here knows a treaty or an article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from service.answering.evidence import content_terms, coverage
from service.drafting.inputs import DraftInputs

OPTIONAL = re.compile(r"^\s*(?:where (?:possible|appropriate|applicable|necessary)|if (?:any|possible|available)|"
                      r"any\b|as far as possible|if appropriate)", re.IGNORECASE)
DATE = re.compile(r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:19|20)\d\d|"
                  r"(?:january|february|march|april|may|june|july|august|september|october|november|december))\b",
                  re.IGNORECASE)
PLACE = re.compile(r"\b(?:in|at|near|from)\s+(?:the\s+)?[A-Z][\w'-]+")
PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr)\.?\s+[A-Z]|\b(?:born (?:on|in)|date of birth|passport|identity card|"
                    r"national(?:ity)? of|citizen of|[A-Z][a-z]+ [A-Z]{2,}\b)")
PENALTY = re.compile(r"\b(?:imprisonment|punishable|penalty|maximum (?:sentence|term)|fine of|years?'? (?:of )?"
                     r"(?:imprisonment|detention|prison))\b", re.IGNORECASE)
PROCEDURE = re.compile(r"\b(?:procedure|formalit\w*|in the presence of|video ?(?:link|conference)|certif\w*|"
                       r"under oath|sworn|authenticat\w*)\b", re.IGNORECASE)
DEADLINE = re.compile(r"\b(?:by|before|no later than|within)\s+(?:\d|the\s+\d|[A-Z][a-z]+ \d)", re.IGNORECASE)
PROPERTY = re.compile(r"\b(?:account|IBAN|bank|funds|assets?|property|proceeds|EUR|USD|€|\$|vehicle|real estate)\b",
                      re.IGNORECASE)
DOCUMENTS = re.compile(r"\b(?:warrant|judg(?:e)?ment|convict\w*|sentenced?|detention order|decision of the court|"
                       r"order of)\b", re.IGNORECASE)
CONFIDENTIAL = re.compile(r"\bconfidential\w*\b", re.IGNORECASE)
#: The draft is written in English: a requirement asking for English is met by the draft itself.
DRAFTED_IN = re.compile(r"\bEnglish\b")
MIN_FACT_WORDS = 12
FALLBACK_COVERAGE = 0.5


@dataclass(frozen=True)
class InfoKind:
    """A kind of information a request carries: the words of a requirement that ask for it, and its test."""

    name: str
    label: str
    asks: re.Pattern[str]
    present: Callable[[DraftInputs], bool]


def _words(text: str) -> int:
    return len(text.split())


KINDS: tuple[InfoKind, ...] = (
    InfoKind("authority", "the requesting authority",
             re.compile(r"\b(?:authorit(?:y|ies)|court|tribunal|prosecutor)\b(?! of the requested)", re.IGNORECASE),
             lambda i: bool(i.requesting_authority.strip())),
    InfoKind("person", "the identity of the person concerned",
             re.compile(r"\b(?:identity|nationality|location|whereabouts|description of the person|person (?:concerned|"
                        r"claimed|sought|to be)|persons? (?:whose|who))\b(?!\s+of the (?:requesting |competent )?authorit)",
                        re.IGNORECASE),
             lambda i: bool(PERSON.search(i.facts))),
    InfoKind("facts", "a summary of the facts",
             re.compile(r"\b(?:facts|summary|acts or omissions|description of the (?:acts|offen[cs]es?|conduct)|"
                        r"nature of the (?:investigation|offen[cs]e|proceeding)|subject matter)\b", re.IGNORECASE),
             lambda i: _words(i.facts) >= MIN_FACT_WORDS),
    InfoKind("offence", "the offence and the law that makes it one",
             re.compile(r"\b(?:offen[cs]es?|legal provisions?|relevant law|applicable (?:law|provisions?)|text of the "
                        r"(?:relevant|applicable)|legal (?:description|qualification))\b", re.IGNORECASE),
             lambda i: bool(i.offence.strip())),
    InfoKind("penalty", "the penalty",
             re.compile(r"\b(?:penalt(?:y|ies)|punishment|maximum (?:sentence|term))\b", re.IGNORECASE),
             lambda i: bool(PENALTY.search(f"{i.offence}\n{i.facts}"))),
    InfoKind("time_place", "the time and place of the offence",
             re.compile(r"\b(?:time and place|date and place|when and where|place and (?:date|time))\b", re.IGNORECASE),
             lambda i: bool(DATE.search(i.facts) and PLACE.search(i.facts))),
    InfoKind("purpose", "the purpose of the request",
             re.compile(r"(?<!for )\bthe purpose\b|\bpurpose of the request|\breasons? for\b|\brelevance\b", re.IGNORECASE),
             lambda i: bool(i.offence.strip()) and (bool(i.measures) or i.kind == "extradition")),
    InfoKind("measures", "the assistance or measures sought",
             re.compile(r"\b(?:assistance (?:sought|requested)|evidence, information or other action|nature of the "
                        r"assistance|action sought|measures? (?:sought|requested)|description of the (?:evidence|"
                        r"assistance|information))\b", re.IGNORECASE),
             lambda i: bool(i.measures) or i.kind == "extradition"),
    InfoKind("procedure", "a particular procedure to follow",
             re.compile(r"\b(?:(?:particular|special|specific) procedures?|procedures? (?:to be followed|that the "
                        r"requesting)|formalit(?:y|ies))\b", re.IGNORECASE),
             lambda i: bool(PROCEDURE.search(i.facts))),
    InfoKind("time_limit", "a time limit or the urgency",
             re.compile(r"\b(?:time limits?|time-limits?|urgen\w+|within which|deadline)\b", re.IGNORECASE),
             lambda i: i.urgent or bool(i.urgency_reason.strip()) or bool(DEADLINE.search(i.facts))),
    InfoKind("confidentiality", "confidentiality",
             re.compile(r"\bconfidential\w*\b", re.IGNORECASE),
             lambda i: bool(CONFIDENTIAL.search(i.facts))),
    InfoKind("property", "the property, accounts or proceeds concerned",
             re.compile(r"\b(?:property|proceeds|assets|instrumentalities|accounts?)\b", re.IGNORECASE),
             lambda i: bool(PROPERTY.search(i.facts))),
    InfoKind("documents", "the warrant, judgment or order",
             re.compile(r"\b(?:warrant|judg(?:e)?ment|conviction|sentence|detention order|enforceable)\b", re.IGNORECASE),
             lambda i: bool(DOCUMENTS.search(i.facts))),
    InfoKind("language", "a translation into an accepted language",
             re.compile(r"\b(?:translat\w+|language)\b", re.IGNORECASE),
             lambda i: bool(i.target_language)),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


@dataclass(frozen=True)
class Match:
    """What an item asks for, what of it the inputs hold, and the verdict."""

    filled: bool
    asks: tuple[str, ...]
    missing: tuple[str, ...]
    optional: bool


def kinds_asked(text: str) -> tuple[str, ...]:
    """The kinds of information a requirement's words ask for."""
    return tuple(kind.name for kind in KINDS if kind.asks.search(text))


def match_item(text: str, inputs: DraftInputs, asks: tuple[str, ...] | None = None) -> Match:
    """Filled or missing: ``asks`` (or the kinds the text asks for) against the inputs."""
    wanted = asks if asks is not None else kinds_asked(text)
    optional = bool(OPTIONAL.search(text))
    if not wanted:
        supplied = " ".join((inputs.offence, inputs.facts, inputs.requesting_authority, " ".join(inputs.measure_labels)))
        filled = coverage(content_terms(text), supplied) >= FALLBACK_COVERAGE
        return Match(filled, (), () if filled else ("the information this item names",), optional)
    missing = tuple(KIND_BY_NAME[name].label for name in wanted
                    if not KIND_BY_NAME[name].present(inputs) and not (name == "language" and DRAFTED_IN.search(text)))
    return Match(not missing, tuple(KIND_BY_NAME[name].label for name in wanted), missing, optional)
