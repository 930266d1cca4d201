"""Guess the language of a treaty text from counts of characteristic function words.

Only words that are frequent in one of the seven languages of the collection
and rare in the others are counted (``de``, ``en``, ``in``, ``la`` ... are
ambiguous and left out). Callers remove the Dutch editorial lines first.
"""

from __future__ import annotations

import re
from collections import Counter

from corpora.records import Language

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and to shall be by which with for is this that on any such or are have has "
        "not from its it been other under may their will where who these those".split()
    ),
    "nl": frozenset(
        "het een van op te voor met door dat zijn wordt worden niet aan bij tot deze dit "
        "zal kan wanneer ter ook om naar hun welke indien onder zij hetgeen waarin tusschen "
        "zoo overeenkomstig alsmede uit haar geen heeft hebben moet moeten mag kunnen zullen "
        "waarbij daarvan hiervan".split()
    ),
    "fr": frozenset(
        "le les du et à un une est par pour dans qui sur aux au ne pas cette sont ou il "
        "elle ses son leur être peut lorsque présent présente ces".split()
    ),
    "de": frozenset(
        "der das und zu den von ist nicht auf für dem werden eine einer oder sich bei "
        "nach wird im zur zum diese dieses sowie ihre ihrem ihrer ihren seine seiner vom gemäß "
        "durch über kann können sind wurde haben hat nur auch dass daß".split()
    ),
    "es": frozenset(
        "el los las del y por para se al lo su sus como cuando entre sobre esta este "
        "presente también".split()
    ),
    "pt": frozenset(
        "os do da dos das em não ao pelo pela uma na nos às seu sua presente também "
        "ou".split()
    ),
    "it": frozenset(
        "il gli della dei delle di per non è sono alla nel nella degli questo questa "
        "essere".split()
    ),
}
# "presente", "ou", "também" are shared by two Romance languages: that is fine,
# the other words decide; they only count towards the Romance group.

_WORD_RE = re.compile(r"[a-zà-ÿ]+")
_MIN_HITS = 3
_MAX_CHARS = 4000
_CODES_BY_WORD: dict[str, tuple[str, ...]] = {}
for _code, _words in _FUNCTION_WORDS.items():
    for _word in _words:
        _CODES_BY_WORD[_word] = (*_CODES_BY_WORD.get(_word, ()), _code)


def language_scores(text: str) -> dict[str, int]:
    """Count the characteristic function words of each language in ``text``
    (only its first few thousand characters are read)."""
    scores = dict.fromkeys(_FUNCTION_WORDS, 0)
    for word, count in Counter(_WORD_RE.findall(text[:_MAX_CHARS].lower())).items():
        for code in _CODES_BY_WORD.get(word, ()):
            scores[code] += count
    return scores


def guess_language_code(text: str) -> str | None:
    """Best ISO 639-1 code among en/nl/fr/de/es/pt/it, or None when the text
    is too short or too mixed to tell."""
    scores = language_scores(text)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < _MIN_HITS or top < 1.5 * second:
        return None
    return best


def to_record_language(code: str | None) -> Language | None:
    """Map an ISO code onto the record languages (``en``/``fr``/``nl``/``other``)."""
    if code is None:
        return None
    if code in ("en", "fr", "nl"):
        return code  # type: ignore[return-value]
    return "other"


def guess_language(text: str) -> Language | None:
    """Record language of ``text`` (``en``, ``fr``, ``nl``, ``other``) or None."""
    return to_record_language(guess_language_code(text))


def question_language(text: str, default: str = "en") -> str:
    """ISO code of a short question: the clear winner, else the best non-zero score, else ``default``."""
    code = guess_language_code(text)
    if code is not None:
        return code
    scores = language_scores(text)
    best, hits = max(scores.items(), key=lambda item: (item[1], item[0] == default))
    return best if hits > 0 else default
