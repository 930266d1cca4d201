"""Line-level cleaning of the Markdown treaty files (Dutch treaty collection).

Pure functions on single lines or lists of lines; no knowledge of articles.
What is normalised (see the corpus README for the pitfalls):

- ``<sup>``/``<sub>`` tags dropped (content kept), images removed,
  ``[text](url)`` reduced to ``text``, emphasis asterisks removed;
- curly, low-high and LaTeX-like (````...\"``) quotes become ``"``; curly
  apostrophes become ``'``; non-breaking spaces become spaces; runs of spaces
  collapse; clauses glued by the conversion (``Europe,Considering``) get a space;
- Dutch editorial lines (``Treedt in werking ...``, ``Vervallen.``,
  ``Wijzigt het ...``, ``[Red: ...]`` ...) are recognised so callers can drop them;
- pipe-table rows become ``cell | cell``; separator rows vanish.
"""

from __future__ import annotations

import re

_TAG_RE = re.compile(r"</?(?:sup|sub|br)\s*/?>", re.IGNORECASE)
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\[\]]*)\]\([^)]*\)")
_RED_NOTE_RE = re.compile(r"\[Red(?:actie)?\.?:[^\]]*(?:\]|$)", re.IGNORECASE)
_EMPHASIS_RE = re.compile(r"\*{1,3}([^*\n]*?)\*{1,3}")
_LATEX_QUOTE_RE = re.compile(r"``(.*?)(?:\"|''|$)")
_GLUED_CLAUSE_RE = re.compile(
    r"(?<=[a-z\u00e0-\u00ff]{2})([,;:.])(?=[A-Z](?:[a-z\u00e0-\u00ff]|[A-Z]{2}))"
)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_GLUED_MARKER_RE = re.compile(
    r"^(\(?(?:[a-z]{1,2}|[ivxl]{1,5}|\d{1,2})\)|(?:[a-z]|[ivxl]{1,5})\.(?=[A-Z]))(?=[^\s)])"
)
_LONE_MARKER_RE = re.compile(r"^(?:\(?(?:[a-z]{1,2}|[ivxl]{1,5}|\d{1,2})\)|[a-z]\.|\d{1,2}°\.?|[–-])$")

_QUOTE_MAP = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    }
)

_EDITORIAL_RE = re.compile(
    r"^(?:"
    r"(?:(?:Treedt in werking|Wordt voorlopig toegepast|Vervallen)\b[^.]*?\.?\s*)+"
    r"|Vervallen\.?"
    r"|Niet opgenomen\.?"
    r"|De tekst van de vertaling is niet beschikbaar\.?"
    r"|Wijzigt (?:het|de|artikel|bijlage|deel|hoofdstuk)\b.*"
    r")$",
    re.IGNORECASE,
)
_STATUS_RE = re.compile(
    r"^(?:Treedt in werking|Wordt voorlopig toegepast|De tekst van de vertaling)",
    re.IGNORECASE,
)


def clean_inline(line: str) -> str:
    """Normalise one line of Markdown text to plain text (see module doc)."""
    text = line
    if "<" in text:
        text = _TAG_RE.sub("", text)
    if "[" in text:
        text = _IMAGE_RE.sub("", text)
        text = _LINK_RE.sub(r"\1", _LINK_RE.sub(r"\1", text))  # twice: nested links
        text = _RED_NOTE_RE.sub("", text)
    if "*" in text:
        text = _EMPHASIS_RE.sub(r"\1", text)
    if "``" in text:
        text = _LATEX_QUOTE_RE.sub(r'"\1"', text)
    text = _SPACES_RE.sub(" ", text.translate(_QUOTE_MAP)).strip()
    text = _GLUED_CLAUSE_RE.sub(r"\1 ", text)
    return _GLUED_MARKER_RE.sub(r"\1 ", text)


def is_editorial(line: str) -> bool:
    """True for a (cleaned) Dutch editorial line that is not treaty text."""
    return bool(line) and len(line) < 400 and bool(_EDITORIAL_RE.match(line))


def is_status_note(line: str) -> bool:
    """True for editorial status lines that never stand in for treaty text
    (entry into force, provisional application, missing translation)."""
    return bool(_STATUS_RE.match(line))


def is_lone_marker(line: str) -> bool:
    """True for a sub-paragraph marker standing alone on its line (``a)``, ``(ii)``)."""
    return bool(_LONE_MARKER_RE.match(line))


def table_row(line: str) -> str | None:
    """Render a pipe-table line as ``cell | cell``; ``""`` for a separator or
    empty row; ``None`` when the line is not a table line."""
    stripped = line.strip()
    if not stripped.startswith("|"):
        return None
    cells = [clean_inline(cell) for cell in stripped.strip("|").split("|")]
    kept = [cell for cell in cells if cell and not re.fullmatch(r":?-{2,}:?", cell)]
    return " | ".join(kept)


def clean_body(raw_lines: list[str]) -> tuple[list[str], list[str]]:
    """Clean the raw body lines of one unit.

    Returns ``(lines, editorial)``: cleaned text lines where ``""`` marks a
    paragraph break (runs collapsed), and the editorial lines that were
    removed, in order. Lone sub-paragraph markers are joined to the next line.
    """
    lines: list[str] = []
    editorial: list[str] = []
    pending_marker = ""
    for raw in raw_lines:
        row = table_row(raw)
        text = row if row is not None else clean_inline(raw)
        if is_editorial(text):
            editorial.append(text)
            continue
        if not text:
            if row is None and lines and lines[-1] and not pending_marker:
                lines.append("")
            continue
        if row is None and is_lone_marker(text):
            pending_marker = f"{pending_marker}{text} "
            continue
        lines.append(f"{pending_marker}{text}")
        pending_marker = ""
    if pending_marker:
        lines.append(pending_marker.strip())
    while lines and not lines[-1]:
        lines.pop()
    return lines, editorial


def paragraphs_of(lines: list[str]) -> list[list[str]]:
    """Group cleaned lines into blank-line-separated paragraphs."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]
