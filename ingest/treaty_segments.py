"""First pass over a treaty file: cut it into segments at its headings.

A segment is an article (heading, caption, raw body), a *loose* text (text
before the first heading, or text under a free ``####`` line such as a
language-version title, "Agreed Minutes", "Schedules"), or a *region* (text
under an annex, a note of an exchange of notes, a division or a reference
heading). Every segment records the open divisions (chapter, part, annex ...)
with the line where each was opened, so that a later pass can drop those that
belong to an earlier language version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ingest.markdown_cleaning import clean_inline, is_editorial
from ingest.treaty_headings import Heading, classify_heading, division_key, division_label, heading_level
from ingest.treaty_paragraphs import ITEM_SENTINEL

SegmentKind = Literal["article", "loose", "region"]
Division = tuple[str, str, int]  # (key, label, line index)

_TITLE_START_RE = re.compile(
    r"^(?i:verdrag|overeenkomst|protocol|convention|agreement|treaty|accord|trait[ée]|statuut|"
    r"statute|arrangement|regeling|aanvullend|additional|europe(?:es|an)|internationa\w*|"
    r"facultatief|optional|tweede|second|derde|third|vierde|fourth|gewijzigd|revised|united|"
    r"proc[eè]s-verba(?:a)?l|slotakte|final|vastgestelde|agreed|vertaling|translation)\b"
)
_TREATY_NOUN_RE = re.compile(
    r"^(?:\S+\s+){0,7}?(?i:verdrag|overeenkomst|protocol|convention|agreement|treaty|accord|"
    r"trait[ée]|statuut|statute|arrangement|regeling|proc[eè]s-verba(?:a)?l|slotakte|final act|notulen|"
    r"minutes|vertaling|translation)\b"
)


@dataclass
class Segment:
    """A contiguous part of a treaty file (see module doc)."""

    kind: SegmentKind
    start: int
    divisions: tuple[Division, ...]
    title: str | None = None
    article: str | None = None
    word: str | None = None
    caption: str | None = None
    raw: list[str] = field(default_factory=list)


def looks_like_title(text: str) -> bool:
    """True for a ``####`` line that names a whole instrument (a version title)."""
    return bool(_TITLE_START_RE.match(text) and _TREATY_NOUN_RE.match(text))


class _Segmenter:
    """Walks the lines once; see :func:`segment_treaty`."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.next_nonblank = _next_nonblank_index(lines)
        self.segments: list[Segment] = []
        self.divisions: list[Division] = []
        self.consumed: set[int] = set()
        self.pending_caption: tuple[str, int] | None = None

    def run(self) -> list[Segment]:
        for index, line in enumerate(self.lines):
            if index in self.consumed:
                continue
            level = heading_level(line)
            if level >= 3:
                self.heading(index, classify_heading("#" * level + clean_inline(line.lstrip("#"))))
            elif level == 0 and not line.startswith("<meta"):
                self.body(index, line)
        return self.segments

    def heading(self, index: int, heading: Heading) -> None:
        if heading.kind == "article":
            self.article(index, heading)
        elif heading.kind == "other" and heading.level == 4:
            self.free_title(index, heading.text)
        elif heading.kind == "other":
            self.other_level3(index, heading)
        elif heading.kind == "bare" and not heading.inline_caption and self.caption_at(index) is None:
            self.bare_item(index, heading)
        else:
            self.open_division(index, heading)

    def article(self, index: int, heading: Heading) -> None:
        caption = self.take_caption(index)
        if self.pending_caption is not None:
            text, line = self.pending_caption
            if caption is None:
                caption = text
            else:
                self.push_division(("title4", text, line))
            self.pending_caption = None
        caption = caption or heading.inline_caption
        self.new_segment("article", index, article=heading.number, word=heading.word, caption=caption)

    def open_division(self, index: int, heading: Heading) -> None:
        caption = self.take_caption(index)
        label = division_label(heading, caption)
        key = division_key(heading)
        if heading.kind == "bare" and str(heading.number).startswith("("):
            key = "bare_letter"
        if key in ("annex", "note") or (caption and looks_like_title(caption)):
            self.divisions = []
        self.push_division((key, label, index))
        self.new_segment("region", index)

    def push_division(self, division: Division) -> None:
        keys = [key for key, _, _ in self.divisions]
        if division[0] in keys:
            self.divisions = self.divisions[: keys.index(division[0])]
        self.divisions.append(division)

    def bare_item(self, index: int, heading: Heading) -> None:
        current = self.segments[-1] if self.segments else None
        if current is None or current.kind == "article":
            self.open_division(index, heading)
        else:
            current.raw.append(f"{ITEM_SENTINEL}{heading.number}")

    def other_level3(self, index: int, heading: Heading) -> None:
        current = self.segments[-1] if self.segments else None
        if current is not None and current.kind == "article" and not _has_text(current) and not current.caption:
            current.caption = heading.text
        elif current is None or current.kind != "article" or not _has_text(current):
            self.body(index, heading.text)
        else:
            self.new_segment("loose", index, title=heading.text)

    def free_title(self, index: int, text: str) -> None:
        current = self.segments[-1] if self.segments else None
        following = self.lines[self.next_nonblank[index]] if self.next_nonblank[index] >= 0 else ""
        title_like = looks_like_title(text)
        if not title_like and _is_article_line(following):
            self.pending_caption = (text, index)
        elif current is not None and current.kind == "loose" and current.title and not _has_text(current):
            current.title = f"{current.title} {text}"
        else:
            if title_like:
                self.divisions = []
            self.new_segment("loose", index, title=text)
        if title_like:
            self.divisions = [("document", text, index)]

    def body(self, index: int, line: str) -> None:
        if not self.segments:
            self.new_segment("loose", index)
        self.segments[-1].raw.append(line)

    def new_segment(self, kind: SegmentKind, index: int, **fields: str | None) -> None:
        self.segments.append(Segment(kind, index, tuple(self.divisions), **fields))

    def caption_at(self, index: int) -> str | None:
        """The ``####`` caption line right after the heading at ``index``, if any."""
        following = self.next_nonblank[index]
        if following < 0 or heading_level(self.lines[following]) != 4:
            return None
        heading = classify_heading(self.lines[following])
        text = clean_inline(heading.text)
        if heading.kind != "other" or not text:
            return None
        return text

    def take_caption(self, index: int) -> str | None:
        caption = self.caption_at(index)
        if caption is not None:
            self.consumed.add(self.next_nonblank[index])
        return caption


def _next_nonblank_index(lines: list[str]) -> list[int]:
    result = [-1] * len(lines)
    following = -1
    for index in range(len(lines) - 1, -1, -1):
        result[index] = following
        if lines[index].strip():
            following = index
    return result


def _is_article_line(line: str) -> bool:
    return heading_level(line) >= 3 and classify_heading(line).kind == "article"


def _has_text(segment: Segment) -> bool:
    """True once the segment holds a line of text other than an editorial note."""
    return any(line.strip() and not is_editorial(clean_inline(line)) for line in segment.raw)


def segment_treaty(lines: list[str]) -> list[Segment]:
    """Cut the lines of a treaty file (the ``<meta>`` and ``##`` title lines
    are skipped) into segments in document order."""
    return _Segmenter(lines).run()
