"""Split cleaned article bodies into numbered paragraphs, and free text into blocks.

A numbered paragraph starts a line with ``N.`` followed by spaces (or directly
by a capital letter or a quote: ``1.The term ...``). A number is accepted only
when it continues the sequence (1, then previous + 1), so dates, quantities and
numbered sub-lists are not mistaken for paragraphs; a sub-list that restarts at
1 inside a paragraph is tracked so its items do not pass for paragraphs either.
"""

from __future__ import annotations

import re

from ingest.markdown_cleaning import paragraphs_of

ITEM_SENTINEL = "\x00item:"
"""Prefix of a synthetic line marking a bare-number heading (``### 3``) in free text."""

_PARAGRAPH_RE = re.compile(r"^(\d{1,3})\.(?:\s+|$|(?=[A-Z\"'(]))(.*)$")
_SUBPARAGRAPH_RE = re.compile(r"^(?:\(?(?:[a-z]{1,2}|[ivxl]{1,5})\)|[a-z]\.\s|[–-]\s|\d{1,2}°)")
_SHORT_PARAGRAPH = 80
_SHORT_LIST_ITEM = 120

Numbered = list[tuple[str, list[str]]]


def split_numbered_paragraphs(lines: list[str]) -> tuple[list[str], Numbered]:
    """Return ``(intro_lines, [(number, lines), ...])`` for cleaned body lines.

    Blank separator lines are dropped; the ``N.`` marker is removed from the
    first line of each paragraph; sub-paragraph markers stay in the text.
    """
    intro: list[str] = []
    paragraphs: Numbered = []
    expected, nested_next = 1, 0
    for line in lines:
        if not line:
            continue
        match = _PARAGRAPH_RE.match(line)
        number = int(match[1]) if match else -1
        if nested_next and number == nested_next:
            nested_next += 1
        elif number == expected:
            paragraphs.append((str(number), [match[2]] if match and match[2] else []))
            expected, nested_next = expected + 1, 0
            continue
        elif number == 1 and paragraphs:
            nested_next = 2
        (paragraphs[-1][1] if paragraphs else intro).append(line)
    return intro, paragraphs


def numbered_with_intro(lines: list[str]) -> Numbered:
    """Numbered paragraphs with the intro prepended to paragraph 1; empty when
    the text has no numbered paragraphs."""
    intro, paragraphs = split_numbered_paragraphs(lines)
    if paragraphs and intro:
        number, first = paragraphs[0]
        paragraphs[0] = (number, intro + first)
    return paragraphs


def split_items(lines: list[str]) -> Numbered:
    """Blocks started by bare-number headings (sentinel lines); text before the
    first item is prepended to it."""
    items: Numbered = []
    intro: list[str] = []
    for line in lines:
        if line.startswith(ITEM_SENTINEL):
            items.append((line[len(ITEM_SENTINEL):], []))
        elif line:
            (items[-1][1] if items else intro).append(line)
    if items and intro:
        items[0] = (items[0][0], intro + items[0][1])
    return items


def free_text_blocks(lines: list[str]) -> list[list[str]]:
    """Blank-line paragraphs grouped into blocks: a paragraph that starts with
    a sub-paragraph marker joins the previous block; short paragraphs (salutations,
    places, dates, signatures) join the next block, or the last one at the end."""
    blocks: list[list[str]] = []
    pending: list[str] = []
    for paragraph in paragraphs_of(lines):
        if blocks and not pending and _SUBPARAGRAPH_RE.match(paragraph[0]):
            blocks[-1].extend(paragraph)
        elif len(" ".join(paragraph)) < _SHORT_PARAGRAPH:
            pending.extend(paragraph)
        else:
            blocks.append(pending + paragraph)
            pending = []
    if pending:
        if blocks:
            blocks[-1].extend(pending)
        else:
            blocks.append(pending)
    return blocks


def text_blocks(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """Blocks of a text region: bare-number items, else numbered paragraphs
    (unless they are a list of short items), else free blocks. The number is
    given when the block has one of its own."""
    if any(line.startswith(ITEM_SENTINEL) for line in lines):
        return [(number, body) for number, body in split_items(lines) if body]
    numbered = numbered_with_intro(lines)
    if numbered and _median_length(numbered) >= _SHORT_LIST_ITEM:
        return [(number, body) for number, body in numbered]
    return [(None, block) for block in free_text_blocks(lines)]


def _median_length(numbered: Numbered) -> int:
    """Median length of the numbered paragraphs (first and last carry intro and tail)."""
    lengths = sorted(len(" ".join(lines)) for _, lines in numbered)
    return lengths[len(lengths) // 2]
