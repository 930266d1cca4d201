"""Classify the ``###``/``####`` headings of the treaty files.

A heading is one of: an article heading (``### Article  5 bis`` ...), a
division (chapter, part, section, title ... with a number), an annex, a note
of an exchange of notes (``### Nr. II``), a bare number (``### 3``,
``###IV``, ``###(a)``), a reference heading that names a provision of another
text (``### Article 1, paragraph 2``: reservations, declarations, agreed
minutes), or anything else (letterheads, places, dates, titles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

HeadingKind = Literal["article", "division", "annex", "note", "bare", "reference", "other"]

_ROMAN = r"[IVXLCDM]+"
_SIMPLE_NUM = rf"(?:l?\d+(?:\.\d+)*|{_ROMAN})"
_SUFFIXES = "bis|ter|quater|quinquies|sexies|septies|octies|novies|nonies|decies"
_ARTICLE_RE = re.compile(
    r"^(?P<word>(?i:art(?:icles?|ikel(?:en)?|[ií]culo|igo|icolo)|art\.))[.,]?\s*"
    rf"(?P<num>(?i:premier|1er|unique)|{_SIMPLE_NUM}(?:[-.]\d+)*(?:\s*[-–]\s*{_SIMPLE_NUM})?"
    r"|[A-Z])"
    rf"(?P<suffix>\s*[-(]?\s*(?i:{_SUFFIXES})\)?|[a-zA-Z](?![a-zA-Z])|\s[A-H](?=\s*$))?"
    r"(?![A-Za-z])(?P<rest>.*)$"
)
_TRAILING_PUNCT_RE = re.compile(r"^[\s.:*°˚)]*$")
_REFERENCE_START_RE = re.compile(r"^\s*(?:[,(]|(?i:of|van|de|du|et|and|en|à|to|tot)\b)")
_DIVISION_RE = re.compile(
    r"^(?P<word>(?i:chapters?|chapitre|hoofdstuk|part|partie|deel|section|sectie|afdeling|"
    r"title|titel|titre|paragraaf|subsection|cap[ií]tulo|t[ií]tulo|parte|secci[oó]n|kapitel|"
    r"teil|abschnitt)|§)\.?\s*"
    rf"(?P<num>{_ROMAN}|\d+(?:\.\d+)*|[A-Z])?(?![A-Za-z])[.:]?\s*(?P<rest>.*)$"
)
_ANNEX_RE = re.compile(
    r"^(?i:annex(?:e|es)?|bijlagen?|aanhangsel|appendix|appendices|anhang|anexo|allegato)\b"
)
_NOTE_RE = re.compile(r"^(?i:nr|no|note|nota)\.?\s*(?:\d+|[IVXLC]+)\s*\.?$")
_BARE_RE = re.compile(rf"^(?P<num>\d+|{_ROMAN}|\([a-z]\))(?![A-Za-z])[.)]?\s*(?P<rest>.*)$")
_CAPTION_SEPARATOR = " — "


@dataclass(frozen=True)
class Heading:
    """One classified heading line."""

    kind: HeadingKind
    level: int
    text: str
    number: str | None = None
    word: str | None = None
    inline_caption: str | None = None


def heading_level(line: str) -> int:
    """Number of leading ``#`` (0 for a body line)."""
    return len(line) - len(line.lstrip("#"))


def normalise_article_number(num: str, suffix: str | None) -> str:
    """``"5", " bis"`` → ``"5bis"``; ``"premier"``/``"1er"`` → ``"1"``; ``"l7"`` → ``"17"``."""
    lowered = num.lower()
    if lowered in ("premier", "1er"):
        return "1"
    if lowered == "unique":
        return "unique"
    number = re.sub(r"\s*[-–]\s*", "-", num.strip())
    number = re.sub(r"(?<![0-9])l(?=\d)", "1", number)
    if suffix:
        number += re.sub(r"[\s\-()]", "", suffix).lower()
    return number


def parse_article_heading(text: str, level: int) -> Heading | None:
    """Article heading, reference heading or None for ``text`` (heading content)."""
    match = _ARTICLE_RE.match(text)
    if not match:
        return None
    rest = match["rest"]
    word = match["word"].rstrip(".").capitalize()
    number = normalise_article_number(match["num"], match["suffix"])
    if _TRAILING_PUNCT_RE.match(rest):
        return Heading("article", level, text, number=number, word=word)
    if level > 3 or _REFERENCE_START_RE.match(rest):
        return Heading("reference", level, text, number=number, word=word)
    caption = rest.strip(" .:-–")
    return Heading("article", level, text, number=number, word=word, inline_caption=caption)


def classify_heading(line: str) -> Heading:
    """Classify a ``###``/``####`` line; level-4 lines are either articles or ``other``."""
    level = heading_level(line)
    text = line.lstrip("#").strip()
    article = parse_article_heading(text, level)
    if article is not None and (article.kind == "article" or level == 3):
        return article
    if level != 3:
        return Heading("other", level, text)
    return _classify_level3(text)


def _classify_level3(text: str) -> Heading:
    if _NOTE_RE.match(text):
        return Heading("note", 3, text, word="Nr.", number=text.split()[-1].strip("."))
    if _ANNEX_RE.match(text):
        return Heading("annex", 3, text)
    bare = _BARE_RE.match(text)
    if bare:
        caption = bare["rest"].strip() or None
        return Heading("bare", 3, text, number=bare["num"], inline_caption=caption)
    division = _DIVISION_RE.match(text)
    if division and (division["num"] or not division["rest"]):
        word = division["word"].capitalize()
        caption = division["rest"].strip(" .:-–") or None
        return Heading("division", 3, text, number=division["num"], word=word, inline_caption=caption)
    return Heading("other", 3, text)


def division_label(heading: Heading, caption: str | None) -> str:
    """Display label such as ``"Chapter IV — International cooperation"``."""
    if heading.kind == "division":
        base = f"{heading.word} {heading.number}" if heading.number else str(heading.word)
    elif heading.kind == "bare":
        base = str(heading.number)
    else:
        base = heading.text.rstrip(" .:")
    caption = caption or heading.inline_caption
    return f"{base}{_CAPTION_SEPARATOR}{caption}" if caption else base


def division_key(heading: Heading) -> str:
    """Key of the division level (``chapter``, ``section``, ``bare`` ...) used to
    nest divisions: a new heading of a level already open closes that level."""
    if heading.kind == "division":
        return str(heading.word).lower().rstrip("s")
    return heading.kind
