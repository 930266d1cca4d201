"""Group the lines of plain text (a .txt/.md file or one PDF page) into blocks.

A block ends at a blank line, before a heading-like line, before a numbered
paragraph (``1.``, ``(1)``), and, in hard-wrapped text, after a line that ends a
sentence well short of the wrap width. Sub-paragraph lines (``(a)``, ``- item``)
stay in their block on their own line; other wrapped lines are joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.document_text import (
    HEADING_MAX_CHARS,
    NUMBERED_HEADING_RE,
    PARAGRAPH_MARK_RE,
    SUBPARAGRAPH_RE,
    Block,
    ends_sentence,
    is_upper_heading,
    join_broken_line,
    looks_like_caption,
    normalize_space,
    parse_structural_heading,
    parse_unit_heading,
    strip_inline_markdown,
)

_MD_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
_SETEXT_RE = re.compile(r"^(=+|-+)$")
_RULE_RE = re.compile(r"^(?:[-*_] ?){3,}$")  # a Markdown thematic break
_TABLE_SEPARATOR_RE = re.compile(r"^\|?[\s:|-]*-{3,}[\s:|-]*\|?$")
UNWRAPPED_LINE_CHARS = 200  # longest line above this: one paragraph per line
SHORT_LINE_RATIO = 0.8  # a sentence-final line shorter than this ends a block
STANDALONE_RATIO = 0.6  # a title line is shorter than this share of the width
SHORT_TITLE_CHARS = 40  # always short enough to be a title, whatever the width
CAPTION_LEVEL = 3  # heading level given to title lines found in plain text


def lines_to_blocks(
    lines: Iterable[str], page: int | None = None, markdown: bool = False
) -> list[Block]:
    """Group raw lines into blocks (headings, text, tables)."""
    cleaned = [normalize_space(line) for line in lines]
    longest = max((len(line) for line in cleaned), default=0)
    wrap = longest if longest <= UNWRAPPED_LINE_CHARS else None
    grouper = _Grouper(page=page, wrap=wrap)
    for index, line in enumerate(cleaned):
        following = cleaned[index + 1] if index + 1 < len(cleaned) else ""
        if markdown and _SETEXT_RE.match(following) and line and not grouper.buffer:
            grouper.heading(line, 1 if following.startswith("=") else 2)
            cleaned[index + 1] = ""
            continue
        grouper.feed(line, markdown)
    grouper.flush()
    return grouper.blocks


class _Grouper:
    """Accumulates lines into the block being built."""

    def __init__(self, page: int | None, wrap: int | None) -> None:
        self.page = page
        self.wrap = wrap
        self.blocks: list[Block] = []
        self.buffer: list[str] = []  # logical lines of the current text block
        self.table: list[str] = []
        self.last_line = ""

    def feed(self, line: str, markdown: bool) -> None:
        """Add one normalised line."""
        if not line or (markdown and _RULE_RE.match(line)):
            self.flush()
        elif markdown and (heading := _MD_HEADING_RE.match(line)) and line.startswith("#"):
            self.heading(strip_inline_markdown(heading.group(2)), len(heading.group(1)))
        elif line.startswith("|") and (markdown or line.endswith("|")):
            self._table_row(line)
        else:
            self._text_line(strip_inline_markdown(line) if markdown else line)
        self.last_line = line

    def heading(self, text: str, level: int) -> None:
        """Emit a heading block."""
        self.flush()
        if text:
            self.blocks.append(Block("heading", text, level=level, page=self.page))

    def flush(self) -> None:
        """Close the current text or table block."""
        if self.buffer:
            self.blocks.append(Block("text", "\n".join(self.buffer), page=self.page))
        if self.table:
            self.blocks.append(Block("table", "\n".join(self.table), page=self.page))
        self.buffer, self.table = [], []

    def _table_row(self, line: str) -> None:
        if self.buffer:
            self.flush()
        if _TABLE_SEPARATOR_RE.match(line):
            return
        cells = [strip_inline_markdown(cell.strip()) for cell in line.strip("|").split("|")]
        if any(cells):
            self.table.append(" | ".join(cells))

    def _text_line(self, line: str) -> None:
        if self.table:
            self.flush()
        if _stands_alone(line) or self._numbered_caption(line):
            self.flush()
            self.blocks.append(Block("text", line, page=self.page))
            return
        if self._starts_block(line):
            self.flush()
        if self._caption(line):
            self._caption_heading(line)
        elif not self.buffer:
            self.buffer = [line]
        elif SUBPARAGRAPH_RE.match(line):
            self.buffer.append(line)
        else:
            self.buffer[-1] = join_broken_line(self.buffer[-1], line)

    def _caption_heading(self, line: str) -> None:
        """Emit a title line; a title wrapped over two lines is joined."""
        last = self.blocks[-1] if self.blocks else None
        if last and last.kind == "heading" and last.level == CAPTION_LEVEL and (
            self.last_line and last.text.endswith(self.last_line)
        ):
            self.blocks[-1] = Block("heading", f"{last.text} {line}", CAPTION_LEVEL, self.page)
        else:
            self.heading(line, CAPTION_LEVEL)

    def _starts_block(self, line: str) -> bool:
        if not self.buffer:
            return False
        if PARAGRAPH_MARK_RE.match(line):
            return True
        if self.wrap is None:
            return not SUBPARAGRAPH_RE.match(line)
        previous = self.last_line
        short = len(previous) < SHORT_LINE_RATIO * self.wrap
        return ends_sentence(previous) and short and not SUBPARAGRAPH_RE.match(line)

    def _short(self, line: str) -> bool:
        if self.wrap is None:
            return len(line) <= HEADING_MAX_CHARS
        return len(line) <= max(STANDALONE_RATIO * self.wrap, SHORT_TITLE_CHARS)

    def _caption(self, line: str) -> bool:
        """A short title-like line between blocks: 'Definitions'."""
        return not self.buffer and self._short(line) and line[:1].isupper() and (
            looks_like_caption(line)
        )

    def _numbered_caption(self, line: str) -> bool:
        """A numbered title line: '3. Definitions', '2.1 Scope'."""
        match = NUMBERED_HEADING_RE.match(line)
        return (
            match is not None
            and self._short(line)
            and match["title"][:1].isupper()
            and not ends_sentence(line)
        )


def _stands_alone(line: str) -> bool:
    """Heading-like lines always form a block of their own."""
    unit = parse_unit_heading(line)
    if unit is not None:
        return not unit.body
    return parse_structural_heading(line) is not None or is_upper_heading(line)
