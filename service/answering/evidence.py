"""How well retrieved provisions support a question: content terms, sentence scores.

Pure functions. A question's content terms are its words minus stop words, stemmed with
Snowball; a sentence supports the question in proportion to the (length-weighted) share
of those terms it contains. Longer, rarer-looking words weigh more than short ones.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from ingest.chunking import split_sentences
from retrieval.results import SearchHit

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
STEMMER_LANGUAGE = {"en": "english", "fr": "french", "nl": "dutch", "es": "spanish"}
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either few for from further
had has have having he her here hers him his how i if in into is it its itself just may me might
more most must my no nor not now of off on once only or other our ours out over own same shall she
should so some such than that the their theirs them then there these they this those through to
too under until up upon very was we were what when where which while who whom why will with would
you your yours whether within without us per via like get got make made one two
state states party parties convention article articles paragraph protocol treaty
""".split())


#: Abbreviations practitioners use for words the treaties spell out.
ABBREVIATIONS = {
    "mla": "mutual legal assistance", "mlat": "mutual legal assistance treaty", "jit": "joint investigation team",
    "eaw": "european arrest warrant", "ca": "central authority", "poc": "point of contact",
}


@dataclass(frozen=True)
class SentenceSupport:
    """One sentence of a provision and the share of the question's terms it carries."""

    text: str
    support: float
    index: int


_local = threading.local()


def _stemmer(language: str) -> snowballstemmer.stemmer:
    """One stemmer per thread and language (Snowball stemmers keep state while stemming)."""
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMER_LANGUAGE.get(language, "english"))
    return stemmers[language]


def content_terms(text: str, language: str = "en") -> dict[str, float]:
    """Stemmed content words of ``text`` with their weights (longer words weigh more)."""
    words = [part for word in WORD.findall(text) for part in ABBREVIATIONS.get(word.casefold(), word.casefold()).split()]
    kept = [word for word in words if word not in STOP_WORDS and len(word) > 2]
    stems = _stemmer(language).stemWords(kept)
    return {stem: min(1.0 + len(stem) / 6, 2.5) for stem in stems}


def coverage(terms: dict[str, float], text: str, language: str = "en") -> float:
    """Share of the weight of ``terms`` present in ``text`` (0..1)."""
    if not terms:
        return 0.0
    present = _stems(text, language)
    total = sum(terms.values())
    return sum(weight for stem, weight in terms.items() if stem in present) / total


@lru_cache(maxsize=16384)
def _stems(text: str, language: str) -> frozenset[str]:
    """The stems of a text (cached: provision sentences are scored against many questions)."""
    return frozenset(content_terms(text, language))


@lru_cache(maxsize=4096)
def provision_sentences(text: str, language: str) -> tuple[str, ...]:
    """A provision's sentences (cached: provisions repeat across questions)."""
    return tuple(sentence.strip() for sentence in split_sentences(text, language) if sentence.strip())


def rank_sentences(hit: SearchHit, terms: dict[str, float]) -> list[SentenceSupport]:
    """The hit's sentences, best supported first (ties keep reading order)."""
    language = hit.language if hit.language in STEMMER_LANGUAGE else "en"
    scored = [
        SentenceSupport(sentence, coverage(terms, sentence, language), index)
        for index, sentence in enumerate(provision_sentences(hit.text, language))
    ]
    return sorted(scored, key=lambda item: (-item.support, item.index))


def hit_support(hit: SearchHit, terms: dict[str, float]) -> float:
    """Support of the whole provision (its heading counts as context)."""
    language = hit.language if hit.language in STEMMER_LANGUAGE else "en"
    return coverage(terms, f"{hit.article_heading or ''} {hit.text}", language)
