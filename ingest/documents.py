"""Generic parser for user-supplied documents (a model law, a national law, a guide).

Reading (one reader per format) lives in :mod:`ingest.document_formats`; this
module turns the resulting blocks into citable provisions:

- A block under an ``Article 12`` / ``Section 3`` / ``§ 4`` heading (styled or
  found in running text) belongs to that unit: ``article="12"`` (normalised,
  ``5bis``), ``paragraph`` from ``1.`` / ``(1)`` numbering at the start of a
  block. Unnumbered blocks join the numbered paragraph before them (sub-paragraphs
  ``(a)``, tables) or, before any numbered paragraph, the unit's opening text;
  a unit without numbered paragraphs is one provision, like a treaty article.
  kind is ``"article"`` for articles and ``"section"`` for sections and §.
- A numbered heading (``3. Definitions``, ``## 2.1 Scope``) opens section ``3``.
- Elsewhere each paragraph-sized block is one provision: ``kind="section"`` with
  ``chapter`` = the headings in force, or ``"page"`` (PDF) / ``"text"`` when the
  document has no headings; numbered paragraphs ``7.`` get ``paragraph="7"``.
- Labels: ``"{short} art. 12(1)"``, ``"{short} s. 3(2)"``, ``"{short} § 4"``,
  ``"{short} para. 7"``, ``"{short} s. {heading}"``; PDF provisions without an
  article or paragraph number add ``", p. {page}"``. PDF provisions always carry
  ``extra={"page": "3"}`` (and ``"page_end"`` when they run onto a later page).
  Provisions with neither article nor paragraph carry ``extra["block"]`` (their
  order), so the chunker's natural key stays distinct.
- ``language`` is guessed per provision from function words, falling back to the
  document's overall guess for short texts; ``order`` runs from 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpora.file_safety import FileLimits
from corpora.records import Provision, ProvisionKind
from ingest.document_formats import document_error, read_docx, read_html, read_pdf, read_text
from ingest.document_lines import CAPTION_LEVEL
from ingest.document_text import (
    NUMBERED_HEADING_RE,
    PARAGRAPH_MARK_RE,
    SUBPARAGRAPH_RE,
    Block,
    is_upper_heading,
    looks_like_caption,
    parse_structural_heading,
    parse_unit_heading,
)
from corpora.language import guess_language

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".html", ".htm", ".txt", ".md"})
_READERS: dict[str, Callable[[Path, FileLimits], list[Block]]] = {
    ".pdf": read_pdf, ".docx": read_docx, ".html": read_html, ".htm": read_html,
    ".txt": read_text, ".md": read_text,
}
SECTION_LABEL_MAX_CHARS = 60
_UNIT_WORDS = {"art.": "Article", "s.": "Section", "§": "§"}


def parse_document(
    path: Path, instrument_id: str, short_name: str, limits: FileLimits = FileLimits()
) -> list[Provision]:
    """Parse a user document into citable sections (by heading/section number, and page for PDFs)."""
    path = Path(path)
    structurer = _Structurer()
    for block in read_blocks(path, limits):
        structurer.add(block)
    drafts = structurer.finish()
    if not drafts:
        raise document_error(path, "no text found in the document")
    return _to_provisions(drafts, instrument_id, short_name, path.suffix.lower() == ".pdf")


def read_blocks(path: Path, limits: FileLimits = FileLimits()) -> list[Block]:
    """Check the file (kind, size) and read it with the reader for its suffix."""
    if path.is_symlink():
        raise document_error(path, "a symbolic link (documents are read from their folder only)")
    if not path.exists():
        raise document_error(path, "file not found")
    if not path.is_file():
        raise document_error(path, "not a regular file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise document_error(
            path, f"unsupported file type '{suffix or '(none)'}' (supported: {supported})"
        )
    size = path.stat().st_size
    if size == 0:
        raise document_error(path, "the file is empty")
    if size > limits.max_bytes:
        raise document_error(path, f"{size} bytes, over the limit of {limits.max_bytes} (PALERMO_MAX_DOCUMENT_BYTES)")
    return _READERS[suffix](path, limits)


@dataclass
class _Unit:
    division: str  # "art.", "s." or "§"
    number: str
    title: str

    @property
    def display(self) -> str:
        word = _UNIT_WORDS[self.division]
        return f"{word} {self.number}" + (f" – {self.title}" if self.title else "")


@dataclass
class _Draft:
    kind: ProvisionKind
    lines: list[str]
    chapter: str | None
    unit: _Unit | None
    paragraph: str | None
    section: str | None
    page: int | None
    page_end: int | None = None


@dataclass
class _Structurer:
    """Walks the blocks, tracking the headings and the unit in force."""

    path: list[tuple[int, str]] = field(default_factory=list)
    unit: _Unit | None = None
    group: str | None = None  # a 'Section' demoted to a grouping of articles
    awaiting: str | None = None  # "unit" / "path": next caption-like line is a title
    last_paragraph: int = 0
    current: _Draft | None = None
    drafts: list[_Draft] = field(default_factory=list)

    def add(self, block: Block) -> None:
        """Consume one block."""
        text = block.text
        if block.kind == "table":
            self._body(block)
        elif (unit := parse_unit_heading(text)) is not None:
            self._open_unit(_Unit(unit.division, unit.number, unit.title), unit.body, block)
        elif self.awaiting and looks_like_caption(text) and "\n" not in text:
            self._caption(text)
        elif block.kind == "heading":
            self._open_heading(text, block.level)
        elif (structural := parse_structural_heading(text)) is not None:
            self._open_heading(text, structural[0], awaiting=not structural[1])
        elif self._is_numbered_heading(text) or is_upper_heading(text):
            self._open_heading(text, CAPTION_LEVEL)
        else:
            self._body(block)

    def finish(self) -> list[_Draft]:
        """Close the last provision and return all drafts."""
        self._flush()
        return self.drafts

    def _is_numbered_heading(self, text: str) -> bool:
        if self.unit is not None and self.unit.division == "art.":
            return False  # inside an article "3. Scope" is paragraph 3
        match = NUMBERED_HEADING_RE.match(text)
        return bool(match and match["title"][:1].isupper() and looks_like_caption(match["title"]))

    def _open_heading(self, text: str, level: int, awaiting: bool = False) -> None:
        self._flush()
        while self.path and self.path[-1][0] >= level:
            self.path.pop()
        self.path.append((level, text))
        match = NUMBERED_HEADING_RE.match(text)
        numbered = match is not None and looks_like_caption(match["title"])
        self.unit = _Unit("s.", match["num"], match["title"]) if numbered and match else None
        self.group, self.last_paragraph = None, 0
        self.awaiting = "path" if awaiting else None

    def _open_unit(self, unit: _Unit, body: str, block: Block) -> None:
        self._flush()
        if unit.division == "art." and self.unit is not None and self.unit.division == "s.":
            self.group = self.unit.display
        elif unit.division != "art.":
            self.group = None
        self.unit, self.last_paragraph = unit, 0
        self.awaiting = None if unit.title else "unit"
        if body:
            self._body(Block("text", body, page=block.page, page_end=block.page_end))

    def _caption(self, text: str) -> None:
        if self.awaiting == "unit" and self.unit is not None:
            self.unit.title = text
        elif self.path:
            level, heading = self.path[-1]
            self.path[-1] = (level, f"{heading}: {text}")
        self.awaiting = None

    def _body(self, block: Block) -> None:
        self.awaiting = None
        mark = PARAGRAPH_MARK_RE.match(block.text) if block.kind != "table" else None
        number = int(mark["dot"] or mark["paren"]) if mark else 0
        if mark and number > self.last_paragraph:
            self._flush()
            self.last_paragraph = number
            self._start(block, str(number), block.text[mark.end():])
        elif self.current is not None and (
            self.unit is not None
            or (self.current.paragraph and SUBPARAGRAPH_RE.match(block.text))
        ):
            self.current.lines.append(block.text)
            self.current.page_end = block.page_end or block.page
        else:
            self._flush()
            self._start(block, None, block.text)

    def _start(self, block: Block, paragraph: str | None, text: str) -> None:
        chapter_parts = [heading for _, heading in self.path]
        if self.group:
            chapter_parts.append(self.group)
        self.current = _Draft(
            kind=self._kind(block, paragraph),
            lines=[text],
            chapter=" — ".join(chapter_parts) or None,
            unit=self.unit,
            paragraph=paragraph,
            section=self.path[-1][1] if self.path and self.unit is None else None,
            page=block.page,
            page_end=block.page_end,
        )

    def _kind(self, block: Block, paragraph: str | None) -> ProvisionKind:
        if self.unit is not None:
            return "article" if self.unit.division == "art." else "section"
        if paragraph is None and self.path:
            return "section"
        return "page" if block.page is not None and paragraph is None else "text"

    def _flush(self) -> None:
        if self.current is not None and any(line.strip() for line in self.current.lines):
            self.drafts.append(self.current)
        self.current = None


def _to_provisions(
    drafts: list[_Draft], instrument_id: str, short_name: str, is_pdf: bool
) -> list[Provision]:
    """Turn drafts into Provision records with labels, language and page."""
    document_language = guess_language(" ".join(" ".join(d.lines) for d in drafts)) or "en"
    provisions = []
    for order, draft in enumerate(drafts, start=1):
        text = "\n".join(line for line in draft.lines if line.strip())
        extra: dict[str, str] = {}
        if draft.unit is None and draft.paragraph is None:
            extra["block"] = str(order)  # keeps chunk keys of unnumbered blocks distinct
        if draft.page is not None:
            extra["page"] = str(draft.page)
            if draft.page_end is not None and draft.page_end > draft.page:
                extra["page_end"] = str(draft.page_end)
        provisions.append(Provision(
            instrument_id=instrument_id,
            language=guess_language(text) or document_language,
            kind=draft.kind,
            text=text,
            article=draft.unit.number if draft.unit else None,
            paragraph=draft.paragraph,
            article_heading=(draft.unit.title or None) if draft.unit else None,
            chapter=draft.chapter,
            label=_label(short_name, draft, is_pdf),
            order=order,
            extra=extra,
        ))
    return provisions


def _label(short_name: str, draft: _Draft, is_pdf: bool) -> str:
    """Citation label: 'X art. 12(1)', 'X s. 3', 'X para. 7', 'X s. Scope, p. 2'."""
    if draft.unit is not None:
        label = f"{short_name} {draft.unit.division} {draft.unit.number}"
        return label + (f"({draft.paragraph})" if draft.paragraph else "")
    if draft.paragraph:
        label = f"{short_name} para. {draft.paragraph}"
    elif draft.section:
        label = f"{short_name} s. {_shorten(draft.section)}"
    else:
        label = short_name
    if is_pdf and draft.page is not None and not draft.paragraph:
        label += f", p. {draft.page}"
    return label


def _shorten(text: str) -> str:
    """Cut a heading used as a pinpoint to a readable length at a word boundary."""
    if len(text) <= SECTION_LABEL_MAX_CHARS:
        return text
    return text[:SECTION_LABEL_MAX_CHARS].rsplit(" ", 1)[0] + "…"
