"""English gloss of a question in French, Spanish or Dutch, from a cooperation-term glossary.

The glossary (``glossary.toml``) maps words and phrases of the subject matter to the English
words the treaties use. A question's gloss is the English of every glossary phrase found in
it, in order: it lets BM25 and the English-only dense model reach English provisions.
Matching is on accent-folded, stemmed words, so inflected forms match their entry.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import snowballstemmer

from corpora.errors import CorpusError

if TYPE_CHECKING:
    from corpora.settings import Settings

BUILTIN_GLOSSARY = Path(__file__).with_name("glossary.toml")
STEMMER_NAMES = {"en": "english", "fr": "french", "es": "spanish", "nl": "dutch"}
_WORD = re.compile(r"\w+")


def fold_accents(text: str) -> str:
    """Lower-case and drop diacritics, one character for one, so offsets into ``text`` hold."""
    return "".join(_fold_char(char) for char in text)


_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "`": "'"}


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return _APOSTROPHES[char]
    lowered = char.lower()
    if len(lowered) != 1:
        return char
    base = unicodedata.normalize("NFKD", lowered)[:1]
    return base if base.isascii() and lowered.isalpha() else lowered


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMER_NAMES[language])


def stems(text: str, language: str) -> list[str]:
    """Accent-folded, stemmed words of ``text`` in ``language``."""
    return _stemmer(language).stemWords(_WORD.findall(fold_accents(text)))


def _union(*glosses: str) -> str:
    """The words of all glosses, once each, in order (entries whose stems coincide merge)."""
    return " ".join(dict.fromkeys(word for gloss in glosses for word in gloss.split()))


@dataclass(frozen=True)
class Glossary:
    """Per language: phrase (as a tuple of stems) -> English words."""

    phrases: dict[str, dict[tuple[str, ...], str]]

    @classmethod
    def load(cls, paths: list[Path] | None = None) -> "Glossary":
        """Read the built-in glossary plus any extra files (entries with the same stems merge)."""
        phrases: dict[str, dict[tuple[str, ...], str]] = {}
        for path in [BUILTIN_GLOSSARY, *(paths or [])]:
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise CorpusError(f"cannot read glossary file {path}: {exc}") from exc
            for language, entries in data.items():
                if language not in STEMMER_NAMES:
                    raise CorpusError(f"{path}: glossary language '{language}' is not one of {sorted(STEMMER_NAMES)}")
                table = phrases.setdefault(language, {})
                for phrase, english in entries.items():
                    key = tuple(stems(phrase, language))
                    table[key] = _union(table.get(key, ""), str(english))
        return cls(phrases)

    def languages(self) -> tuple[str, ...]:
        """Languages the glossary covers."""
        return tuple(self.phrases)

    def gloss(self, text: str, language: str) -> str:
        """English words of the glossary phrases in ``text`` (longest phrase first, in order)."""
        table = self.phrases.get(language)
        if not table:
            return ""
        words = stems(text, language)
        longest = max((len(key) for key in table), default=0)
        found: list[str] = []
        position = 0
        while position < len(words):
            for size in range(min(longest, len(words) - position), 0, -1):
                english = table.get(tuple(words[position : position + size]))
                if english:
                    found.append(english)
                    position += size
                    break
            else:
                position += 1
        return " ".join(found)


def load_glossary(settings: "Settings") -> Glossary:
    """The built-in glossary plus the user's ``glossary_file`` when set."""
    return Glossary.load([settings.glossary_file] if settings.glossary_file else [])
