"""When to say "the sources in the corpus do not address this".

Three signals, each a pure function: the question is out of scope by its nature (see
:mod:`service.answering.scope`); the retrieved provisions carry too little of the question's
terms; or the question asks for a number or a date and no well-supported sentence has one.
"""

from __future__ import annotations

import re

from retrieval.results import SearchHit
from service.answering.composer import Evidence, render_markdown
from service.answering.records import Answer, AnswerSentence, Citation

NO_SUPPORT = "the sources in the corpus do not address this"
ASKS_COUNT = re.compile(r"\b(how many|what number of|how large|what percentage|combien|cuántos|cuántas|hoeveel)\b", re.IGNORECASE)
ASKS_DATE = re.compile(r"\b((?:on |for )?(?:what|which) dates?|when will|when did|what day|en qué fecha|à quelle date|op welke datum)\b", re.IGNORECASE)
REFERENCE_NUMBER = re.compile(
    r"\b(?:articles?|paragraphs?|paras?\.|art\.|subparagraphs?|chapters?|annex|resolution|protocol)\s+[\dIVX]+[\w/.()-]*",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(19|20)\d\d\b")
NUMERAL = re.compile(
    r"\b\d[\d,.]*\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"sixty|ninety|hundred|thousand|million|dozen)\b",
    re.IGNORECASE,
)
MONTH = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b", re.IGNORECASE)
SENTENCES_CHECKED = 2
HITS_CHECKED = 3


def asked_fact(question: str) -> str | None:
    """'count' or 'date' when the question asks for one, else None."""
    if ASKS_COUNT.search(question):
        return "count"
    if ASKS_DATE.search(question):
        return "date"
    return None


def has_fact(sentence: str, fact: str) -> bool:
    """Whether a sentence states a count (not a year or a reference number) or a date."""
    if fact == "date":
        return bool(MONTH.search(sentence) and YEAR.search(sentence))
    cleaned = YEAR.sub(" ", REFERENCE_NUMBER.sub(" ", sentence))
    return bool(NUMERAL.search(cleaned))


def fact_missing(question: str, evidence: list[Evidence], min_support: float) -> bool:
    """The question asks for a number or date that no well-supported sentence states."""
    fact = asked_fact(question)
    if fact is None:
        return False
    for item in evidence[:HITS_CHECKED]:
        for sentence in item.sentences[:SENTENCES_CHECKED]:
            if sentence.support >= min_support and has_fact(sentence.text, fact):
                return False
    return True


def abstain(reason: str, related: list[SearchHit]) -> Answer:
    """An abstention that says why and points to the nearest related provisions."""
    citations = [Citation.of(hit, " ".join(hit.text.split())[:300], "related") for hit in related]
    sentence = AnswerSentence(f"The sources in the corpus do not address this: {reason}.", (), "abstention")
    answer = Answer(text="", sentences=[sentence], citations=citations, abstained=True, abstention_reason=reason)
    answer.text = render_markdown(answer)
    return answer
