"""Abstention by what is asked: the expected type of answer, and whether the evidence holds one.

A question's interrogative frame says what kind of answer it wants: an amount of money, a person
holding an office, what a court decided, a figure for a given year, what a meeting decided, which
States did something, or (the default) what a provision says. The retrieved provisions must hold an
answer *of that type* for the period asked: a sentence with a currency amount, a person's name, a
judgment, a count in a sentence that speaks of the year asked, a decision reported in the past tense,
country names. Otherwise the near miss is not an answer and the answerer abstains, showing it as the
nearest related material. What the corpus covers (its instruments, its report's date) comes from the
corpus metadata (:class:`CorpusCoverage`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from service.answering.scope import countries_named

MONEY_ASKED = re.compile(
    r"\bhow much (?:money|funding|did|was|were|has|have)\b|\b(?:what|which) (?:amount|sum|budget)\b|"
    r"\bamount of (?:money|funding|the (?:contribution|grant|funding|donation))\b|\bhow much\b[^?]*\b(?:fund|financ|"
    r"contribut|donat|spen|cost|pa(?:id|y)|grant)\w*", re.IGNORECASE)
MONEY = re.compile(r"(?:US\$|\$|€|£|\bUSD|\bEUR)\s?\d|\d[\d,.]*\s*(?:million|billion|thousand)?\s*(?:US )?(?:dollars|euros?|USD|EUR)\b",
                   re.IGNORECASE)
PERSON_ASKED = re.compile(
    r"\bwho (?:is|are|was)\b[^?]*\b(?:current(?:ly)?|now|present(?:ly)?|today|at present)\b|"
    r"\bwho (?:currently |now )?(?:heads|chairs|leads|holds|runs|directs|serves as)\b|"
    r"\b(?:name|names|identity) of the (?:current |present )?(?:person|official|officer|head|minister|director|chair\w*|holder)",
    re.IGNORECASE)
PERSON = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Judge|Justice|H\.E)\.?\s+[A-Z][a-z]+|\b[A-Z][a-z]+ [A-Z]\. [A-Z][a-z]+")
COURT_ASKED = re.compile(
    r"\b(?:what|how) did\b[^?]*\b(?:court|tribunal|judges?)\b[^?]*\b(?:decide|rule|hold|find|conclude|say)\b|"
    r"\b(?:case law|jurisprudence|precedents?)\b|\b(?:judgment|judgement|ruling) (?:in|of) (?:the )?[A-Z]", re.IGNORECASE)
COURT = re.compile(r"\b(?:court|tribunal)\b[^.]{0,80}\b(?:held|ruled|decided|found that|judgment of)\b", re.IGNORECASE)
OUTCOME_ASKED = re.compile(
    r"\bwhat (?:did|was|were|has|have)\b[^?]*\b(?:decide|decided|adopt|adopted|resolve|resolved|agree|agreed|conclude|"
    r"concluded|recommend|recommended|approve|approved|endorse|endorsed|outcome|result|conclusions?|decisions?)\b|"
    r"\b(?:outcome|outcomes|conclusions|results|decisions) of the\b[^?]*\b(?:meeting|session|conference|congress|"
    r"working group)\b", re.IGNORECASE)
MEETING = re.compile(r"\b(?:meeting|session|conference|congress|working group|commission|assembly|council)\b", re.IGNORECASE)
OUTCOME = re.compile(r"\b(?:adopted|decided|agreed|concluded|recommended|resolved|approved|endorsed|urged|requested)\b",
                     re.IGNORECASE)
RESPONDENTS_ASKED = re.compile(
    r"\b(?:which|what|name the|list the) (?:countries|states|member states|states parties|parties|governments|"
    r"jurisdictions)\b[^?]*\b(?:respond\w*|repl\w*|answer\w*|submit\w*|contribut\w*|sent|provid\w*|took part|participat\w*)",
    re.IGNORECASE)
COUNT_ASKED = re.compile(r"\b(?:how many|what number of|what was the number|how often|what (?:share|percentage|proportion))\b",
                         re.IGNORECASE)
NUMERAL = re.compile(r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")

WHAT_IS_MISSING = {
    "money": "the amount of money asked for",
    "person": "who holds the office asked about",
    "court_decision": "what a court decided",
    "meeting_outcome": "what that meeting decided or adopted",
    "respondents": "which States did so",
    "period_figure": "a figure for the period asked",
}


@dataclass(frozen=True)
class CorpusCoverage:
    """What the corpus can speak of, from its metadata: the dates of its reports."""

    report_dates: tuple[date, ...] = field(default_factory=tuple)

    @classmethod
    def from_manifest(cls, corpus_dir: Path) -> "CorpusCoverage":
        """Read the reports' manifest (missing or unreadable: no reports)."""
        path = corpus_dir / "reports" / "manifest.jsonl"
        dates = []
        try:
            for line in path.read_text(encoding="utf-8").splitlines():
                raw = json.loads(line).get("date") if line.strip() else None
                if raw:
                    dates.append(date.fromisoformat(raw))
        except (OSError, ValueError):
            return cls()
        return cls(tuple(sorted(dates)))


def expected_type(question: str) -> str:
    """The type of answer the question asks for ('provision' when nothing more specific)."""
    for kind, pattern in (("money", MONEY_ASKED), ("person", PERSON_ASKED), ("court_decision", COURT_ASKED),
                          ("respondents", RESPONDENTS_ASKED), ("meeting_outcome", OUTCOME_ASKED)):
        if pattern.search(question):
            if kind == "meeting_outcome" and not MEETING.search(question):
                continue
            return kind
    if COUNT_ASKED.search(question) and YEAR.search(question):
        return "period_figure"
    return "provision"


def holds_answer(kind: str, question: str, sentences: list[str], provisions: list[str] = ()) -> bool:
    """Whether one of the evidence sentences holds an answer of the expected type (for a figure for a
    year: a sentence with a figure, in a provision that speaks of that year)."""
    if kind == "money":
        return any(MONEY.search(s) for s in sentences)
    if kind == "person":
        return any(PERSON.search(s) for s in sentences)
    if kind == "court_decision":
        return any(COURT.search(s) for s in sentences)
    if kind == "respondents":
        return any(len(countries_named(s)) >= 2 for s in sentences)
    if kind == "meeting_outcome":
        return any(MEETING.search(s) and OUTCOME.search(s) for s in sentences)
    if kind == "period_figure":
        years = set(YEAR.findall(question))
        dated = [p for p in provisions if years & set(YEAR.findall(p))]
        return any(NUMERAL.search(YEAR.sub(" ", s)) and any(s in p for p in dated) for s in sentences)
    return True


def missing_answer(question: str, sentences: list[str], provisions: list[str] = ()) -> str | None:
    """Why the evidence does not answer what is asked (None when it may)."""
    kind = expected_type(question)
    if kind == "provision" or holds_answer(kind, question, sentences, provisions or sentences):
        return None
    return f"they do not give {WHAT_IS_MISSING[kind]}"
