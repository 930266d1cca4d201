"""Parse one Markdown treaty file of the Dutch treaty collection into provisions.

Pipeline: :mod:`ingest.treaty_segments` cuts the file at its headings,
:mod:`ingest.treaty_versions` cleans the text and settles languages, language
versions, preambles and chapters, and this module turns the result into
:class:`~corpora.records.Provision` records in document order.

Decisions (documented for reviewers):

- Article numbers are normalised: ``"5 bis"`` → ``"5bis"``, ``"11A"`` → ``"11a"``,
  ``premier``/``1er`` → ``"1"``, Roman numerals kept upper-case, decimals and
  ``I-1`` kept, a range heading ``Artikelen 3.14-3.17`` becomes article
  ``"3.14-3.17"``. A heading that names a provision with a paragraph or several
  articles (``Article 1, paragraph 2``, ``Artikel 6, tweede lid``,
  ``Articles 3 and 4``) introduces a reservation, declaration or note *about*
  that provision, not the provision itself: it becomes a division and its text
  a ``text`` provision.
- An article whose body is only an editorial replacement (``Wijzigt het ...``,
  ``Vervallen.``, ``Niet opgenomen.``) is kept, with that line as its text, so
  the article stays citable and its status visible; an article with no text at
  all (only ``Treedt in werking ...``) is dropped.
- Text outside articles (annexes, notes of exchanges of notes, declarations,
  agreed minutes, whole files without article headings) becomes ``text``
  provisions, one per block: bare-number headings (``### 3``) and numbered
  paragraphs give numbered blocks (``¶3`` is item or paragraph 3; text before
  the first is prepended to it), other text is cut at blank lines (short lines
  such as salutations and signatures stay with their neighbours).
- A numbered paragraph whose text is missing in the source (``4.`` alone) is
  skipped; a file that yields no provision at all raises ``DocumentError``.
- ``chapter`` holds the open divisions joined with ``" / "``, e.g.
  ``"Chapter III — International co-operation / Section 1 — General principles"``;
  a second instrument inside a file (an annexed protocol under its own ``####``
  title) is a division too. Divisions of one language version do not leak into
  the next. In text labels a chapter over 100 characters loses its captions.
- ``language`` is decided per article from its body (never from the heading
  word); labels do not carry it, so the English and Dutch versions of an
  article share their label.
"""

from __future__ import annotations

from corpora.errors import DocumentError
from corpora.records import Language, Provision, ProvisionKind
from ingest.markdown_cleaning import is_status_note
from ingest.treaty_paragraphs import numbered_with_intro, text_blocks
from ingest.treaty_segments import looks_like_title, segment_treaty
from ingest.treaty_versions import Unit, analyse_units

_MAX_LABEL_CHAPTER = 100


def parse_treaty_markdown(text: str, instrument_id: str, short_name: str) -> list[Provision]:
    """Parse one treaty file of the Dutch treaty collection into provisions."""
    if not text.strip():
        raise DocumentError("empty file", instrument_id=instrument_id)
    units = analyse_units(segment_treaty(text.split("\n")))
    provisions = _ProvisionBuilder(instrument_id, short_name).build(units)
    if not provisions:
        raise DocumentError("no treaty text found", instrument_id=instrument_id)
    return provisions


class _ProvisionBuilder:
    def __init__(self, instrument_id: str, short_name: str) -> None:
        self.instrument_id = instrument_id
        self.short_name = short_name
        self.provisions: list[Provision] = []
        self.block_counters: dict[tuple[str | None, str], int] = {}

    def build(self, units: list[Unit]) -> list[Provision]:
        done_preambles: set[int] = set()
        for unit in units:
            if unit.role == "article":
                self.article(unit)
            elif unit.role == "preamble" and unit.version not in done_preambles:
                done_preambles.add(unit.version)
                self.preamble([u for u in units if u.role == "preamble" and u.version == unit.version])
            elif unit.role == "text":
                self.text(unit)
        return self.provisions

    def add(self, kind: ProvisionKind, language: Language | None, text: str, label: str, **fields: object) -> None:
        self.provisions.append(
            Provision(
                instrument_id=self.instrument_id,
                language=language or "other",
                kind=kind,
                text=text,
                label=label,
                order=len(self.provisions),
                **fields,  # type: ignore[arg-type]
            )
        )

    def article(self, unit: Unit) -> None:
        segment = unit.segment
        common = {"article": segment.article, "article_heading": segment.caption, "chapter": _chapter(unit)}
        base = f"{self.short_name} art. {segment.article}"
        numbered = numbered_with_intro(unit.lines)
        for number, lines in numbered:
            if lines:
                text = "\n".join(lines)
                self.add("article", unit.language, text, f"{base}({number})", paragraph=number, **common)
        if numbered:
            return
        body = "\n".join(line for line in unit.lines if line)
        body = body or "\n".join(line for line in unit.editorial if not is_status_note(line))
        if body:
            self.add("article", unit.language, body, base, **common)

    def preamble(self, units: list[Unit]) -> None:
        text = "\n".join(line for unit in units for line in unit.lines if line)
        titles = [unit.segment.title for unit in units if unit.segment.title]
        if text:
            label = f"{self.short_name} preamble"
            self.add("preamble", units[0].language, text, label, article_heading=titles[0] if titles else None)

    def text(self, unit: Unit) -> None:
        chapter = _chapter(unit)
        title = unit.segment.title
        heading = title if title and looks_like_title(title) and len(title) > 60 else None
        if title and heading is None:
            chapter = f"{chapter} / {title}" if chapter else title
        language = unit.language or "other"
        key = (chapter, language)
        for number, lines in text_blocks(unit.lines):
            if not lines:
                continue
            block = number or str(self.block_counters.get(key, 0) + 1)
            if block.isdigit():
                self.block_counters[key] = max(self.block_counters.get(key, 0), int(block))
            label = f"{self.short_name}, {_short_chapter(chapter) or 'text'} ¶{block}"
            self.add(
                "text", language, "\n".join(lines), label,
                chapter=chapter, article_heading=heading, extra={"block": block},
            )


def _chapter(unit: Unit) -> str | None:
    labels = [label for _, label, _ in unit.divisions]
    return " / ".join(labels) if labels else None


def _short_chapter(chapter: str | None) -> str | None:
    """Chapter for a label: captions are dropped from a long chain of divisions
    (``"Annex II / 13"``), and what is still too long is cut."""
    if chapter is None or len(chapter) <= _MAX_LABEL_CHAPTER:
        return chapter
    short = " / ".join(part.split(" — ")[0] for part in chapter.split(" / "))
    return short if len(short) <= _MAX_LABEL_CHAPTER else short[: _MAX_LABEL_CHAPTER - 1] + "…"
