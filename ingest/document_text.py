"""Text helpers shared by the document and report parsers.

Holds the :class:`Block` record that every format reader produces, inline
Markdown clean-up, and the patterns that recognise headings and paragraph
numbering in running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "text", "table"]


@dataclass(frozen=True)
class Block:
    """A paragraph-sized piece of a document as read from its source format.

    ``level`` is the heading level (1-6) for headings and 0 otherwise;
    ``page``/``page_end`` are 1-based PDF page numbers (None for other formats).
    """

    kind: BlockKind
    text: str
    level: int = 0
    page: int | None = None
    page_end: int | None = None


# --- inline clean-up -------------------------------------------------------

_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_STRONG_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_CODE_RE = re.compile(r"`([^`]+)`")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def normalize_space(text: str) -> str:
    """Collapse runs of spaces (incl. non-breaking ones) and trim the ends."""
    return _SPACES_RE.sub(" ", text).strip()


def strip_inline_markdown(text: str) -> str:
    """Reduce Markdown links, images, emphasis and code spans to their text."""
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _STRONG_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub(r"\1", text)
    return _CODE_RE.sub(r"\1", text)


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with terminal punctuation (quotes ignored)."""
    stripped = text.rstrip().rstrip("\"'”’»)]*")
    return bool(stripped) and stripped[-1] in ".:;!?"


def join_broken_line(text: str, line: str) -> str:
    """Append a wrapped line to ``text``, undoing end-of-line hyphenation."""
    if not text:
        return line
    if re.search(r"[a-z]-$", text) and line[:1].islower():
        return text[:-1] + line
    return f"{text} {line}"


# --- structure patterns ----------------------------------------------------

_SUFFIX = r"(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies)|[a-z])?"
_NUMBER = rf"(?:\d+(?:\.\d+)*{_SUFFIX}|[IVXLC]+{_SUFFIX}|premier|1er)\b"
_UNIT_HEADING_RE = re.compile(
    rf"^(?P<word>article|art\.|artikel|section|sec\.|§)\s*(?P<num>{_NUMBER})"
    r"\s*(?P<sep>[.:)\-–—]\s*)?(?P<title>.*)$",
    re.IGNORECASE,
)
_STRUCTURAL_HEADING_RE = re.compile(
    r"^(?P<word>part|book|title|chapter|division|partie|titre|chapitre|hoofdstuk|deel|"
    r"titel|afdeling)\s+(?P<num>\d+|[IVXLC]+)\b\s*(?:[.:\-–—]\s*)?(?P<title>.*)$"
    r"|^(?P<annex>annex|schedule|appendix|bijlage)\b\s*(?P<anum>[\dIVXLC]*)\b.*$",
    re.IGNORECASE,
)
NUMBERED_HEADING_RE = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?\s+(?P<title>[^\s\d].*)$")
PARAGRAPH_MARK_RE = re.compile(r"^(?:(?P<dot>\d{1,3})\.\s+|\((?P<paren>\d{1,3})\)\s*)(?=\S)")
SUBPARAGRAPH_RE = re.compile(r"^(?:\((?:[a-z]{1,2}|[ivxlc]+|\d{1,2})\)|[a-z]\)|[-–•*+]\s)")
HEADING_MAX_CHARS = 100
_STRUCTURAL_LEVELS = {"part": 1, "book": 1, "title": 1, "partie": 1, "titre": 1,
                      "deel": 1, "titel": 1, "division": 3, "afdeling": 3}


@dataclass(frozen=True)
class UnitHeading:
    """An 'Article 12', 'Section 3' or '§ 4' heading found in running text."""

    division: str  # "art.", "s." or "§"
    number: str
    title: str
    body: str  # text run on after the number ("Art. 5. Le texte ..."), else ""


def parse_unit_heading(text: str) -> UnitHeading | None:
    """Recognise an article/section heading line; None for prose like
    'Article 12 of the Convention applies.'."""
    match = _UNIT_HEADING_RE.match(text)
    if match is None or "\n" in text:
        return None
    title = match["title"].strip()
    caption = not title or (
        looks_like_caption(title) and bool(match["sep"] or title[0].isupper())
    )
    if not match["sep"] and not caption:
        return None
    word = match["word"].lower()
    division = "§" if word == "§" else ("s." if word.startswith("sec") else "art.")
    number = normalise_number(match["num"])
    if caption:
        return UnitHeading(division, number, title, "")
    return UnitHeading(division, number, "", title)


def parse_structural_heading(text: str) -> tuple[int, bool] | None:
    """Recognise 'Chapter II ...', 'Part 1 ...', 'Annex' lines.

    Returns (heading level, whether the line carries its own title)."""
    if len(text) > HEADING_MAX_CHARS or "\n" in text or ends_sentence(text):
        return None
    match = _STRUCTURAL_HEADING_RE.match(text)
    if match is None:
        return None
    if match["annex"]:
        return 1, True
    level = _STRUCTURAL_LEVELS.get(match["word"].lower(), 2)
    return level, bool(match["title"].strip())


def normalise_number(raw: str) -> str:
    """Normalise an article/section number: '5 bis' -> '5bis', 'xii' -> 'XII'."""
    value = re.sub(r"\s+", "", raw).rstrip(".")
    if value.lower() in {"premier", "1er"}:
        return "1"
    match = re.fullmatch(r"(\d+(?:\.\d+)*|[IVXLC]+)(.*)", value, re.IGNORECASE)
    if match is None:
        return value
    head, suffix = match.groups()
    return (head.upper() if head[0].isalpha() else head) + suffix.lower()


def looks_like_caption(text: str) -> bool:
    """A short line without terminal punctuation: a title rather than prose."""
    return (
        "\n" not in text
        and len(text) <= HEADING_MAX_CHARS
        and not ends_sentence(text)
        and PARAGRAPH_MARK_RE.match(text) is None
        and SUBPARAGRAPH_RE.match(text) is None
    )


def is_upper_heading(text: str) -> bool:
    """An all-capitals short line such as 'GENERAL PROVISIONS'."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and text.isupper() and looks_like_caption(text)
