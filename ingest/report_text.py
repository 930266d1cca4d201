"""Parser for plain-text renderings of UN Secretariat reports.

The layout handled (see ``shared/corpora/README.md``, section ``reports/``):
document header lines, then chapters headed ``I. Introduction``, sections headed
``A. ...``, and numbered paragraphs ``1.`` to ``N.`` with lettered sub-paragraphs.

Decisions:

- Header lines (everything before the first numbered paragraph and the headings
  directly above it) are skipped.
- Footnote markers (superscript digits) are removed from the paragraph text; the
  footnote's own text is kept in ``extra["footnotes"]`` of the paragraph that
  carries the marker (``"1: Available at https://..."``, one footnote a line).
  Footnotes whose marker is in no paragraph (the ``*`` note on the agenda item in
  the header) are dropped.
- Footnote blocks and figure captions never enter paragraph text. A figure caption
  is kept in ``extra["figures"]`` of the paragraph it follows.
- A paragraph split by a page break is rejoined with a space; a line opening with
  a sub-paragraph marker ``(a)`` stays on its own line.
- ``[text](#)`` links become ``text``; ``<https://...>`` becomes the bare URL;
  ``*emphasis*`` markers are dropped.
- ``chapter`` is ``"IV. Tools ..."`` or ``"IV. Tools ... — A. Knowledge ..."``.
- ``order`` runs from 1 in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpora.errors import DocumentError
from corpora.records import Provision
from ingest.document_text import (
    SUBPARAGRAPH_RE,
    ends_sentence,
    join_broken_line,
    normalize_space,
    strip_inline_markdown,
)
from corpora.language import guess_language

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_MARKER_RE = re.compile(rf"\s?[{_SUPERSCRIPTS}]+")
_ASTERISK_MARKER_RE = re.compile(r"(?<=[\w.,;:)\]”’])(\*+)(?=[\s.,;:)]|$)")
_FOOTNOTE_RE = re.compile(rf"^(?P<mark>[{_SUPERSCRIPTS}]+|\*+(?=\s))\s*(?P<text>\S.*)$")
_PARAGRAPH_RE = re.compile(r"^(?P<num>\d{1,4})\.\s+(?P<text>\S.*)$")
_HEADING_RE = re.compile(r"^(?P<num>[IVXLC]+|[A-Z])\.\s+(?P<title>\S.*)$")
_FIGURE_RE = re.compile(r"^(?:Figure|Table|Chart|Map)\s+(?:[IVXLC]+|\d+)(?:\s*[.:]\s*\S.*)?$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
HEADING_MAX_CHARS = 300
HEADING_CONTINUATION_MAX_CHARS = 200
MAX_SKIPPED_NUMBERS = 2


@dataclass
class _Paragraph:
    number: int
    chapter: str | None
    lines: list[str]
    figures: list[list[str]] = field(default_factory=list)


@dataclass
class _State:
    paragraphs: list[_Paragraph] = field(default_factory=list)
    footnotes: dict[str, list[str]] = field(default_factory=dict)
    chapter: str | None = None
    chapter_number: int = 0
    section: str | None = None
    section_number: int = 0
    capture: list[str] | None = None  # lines of the footnote/figure being read
    after_heading: bool = False

    @property
    def current(self) -> _Paragraph | None:
        return self.paragraphs[-1] if self.paragraphs else None

    @property
    def heading_path(self) -> str | None:
        if self.chapter and self.section:
            return f"{self.chapter} — {self.section}"
        return self.chapter or self.section


def parse_report(text: str, instrument_id: str, short_name: str) -> list[Provision]:
    """Parse the plain-text UN Secretariat report into its numbered paragraphs."""
    if not text.strip():
        raise DocumentError(f"{instrument_id}: report text is empty", reason="empty")
    state = _State()
    for line in _body_lines(text, instrument_id):
        _consume(state, normalize_space(line))
    texts = [_paragraph_text(p) for p in state.paragraphs]
    language = guess_language(" ".join(t for t, _ in texts)) or "en"
    return [
        Provision(
            instrument_id=instrument_id,
            language=language,
            kind="report_paragraph",
            text=body,
            paragraph=str(paragraph.number),
            chapter=paragraph.chapter,
            label=f"{short_name} para. {paragraph.number}",
            order=index,
            extra=_extra(paragraph, marks, state.footnotes),
        )
        for index, (paragraph, (body, marks)) in enumerate(
            zip(state.paragraphs, texts, strict=True), start=1
        )
    ]


def _body_lines(text: str, instrument_id: str) -> list[str]:
    """Drop the header: keep lines from the headings just above paragraph 1."""
    lines = text.splitlines()
    first = next(
        (i for i, line in enumerate(lines) if re.match(r"^\s*1\.\s+\S", line)), None
    )
    if first is None:
        raise DocumentError(
            f"{instrument_id}: no numbered paragraph '1.' found; not a UN report layout",
            reason="no-paragraphs",
        )
    start = first
    for index in range(first - 1, -1, -1):
        line = normalize_space(lines[index])
        if line and not _HEADING_RE.match(line):
            break
        if line:
            start = index
    return lines[start:]


def _consume(state: _State, line: str) -> None:
    """Feed one normalised line to the state machine."""
    if not line:
        state.capture = None
        return
    if state.capture is not None:
        state.capture.append(line)
        return
    footnote = _FOOTNOTE_RE.match(line)
    if footnote:
        mark = footnote["mark"].translate(_SUPERSCRIPT_TO_DIGIT)
        state.capture = state.footnotes.setdefault(mark, [])
        state.capture.append(footnote["text"])
        return
    if _FIGURE_RE.match(line):
        state.capture = [line]
        if state.current is not None:
            state.current.figures.append(state.capture)
        return
    _consume_body(state, line)


def _consume_body(state: _State, line: str) -> None:
    """Handle a line that is a paragraph start, a heading or running text."""
    current = state.current
    mid_sentence = (
        current is not None and not state.after_heading and not ends_sentence(current.lines[-1])
    )
    paragraph = _PARAGRAPH_RE.match(line)
    if paragraph and _starts_paragraph(state, int(paragraph["num"]), mid_sentence):
        state.paragraphs.append(
            _Paragraph(int(paragraph["num"]), state.heading_path, [paragraph["text"]])
        )
        state.after_heading = False
        return
    if not mid_sentence and _apply_heading(state, line):
        state.after_heading = True
        return
    if state.after_heading and _continue_heading(state, line):
        return
    if current is None:
        return  # stray text between the header and paragraph 1
    if SUBPARAGRAPH_RE.match(line) and not mid_sentence:
        current.lines.append(line)
    else:
        current.lines[-1] = join_broken_line(current.lines[-1], line)


def _starts_paragraph(state: _State, number: int, mid_sentence: bool) -> bool:
    """Accept the next number (or a small gap when not mid-sentence)."""
    expected = state.paragraphs[-1].number + 1 if state.paragraphs else 1
    if mid_sentence:
        return number == expected
    return expected <= number <= expected + MAX_SKIPPED_NUMBERS


def _apply_heading(state: _State, line: str) -> bool:
    """Recognise a chapter (Roman numeral) or section (capital letter) heading."""
    match = _HEADING_RE.match(line)
    if match is None or len(line) > HEADING_MAX_CHARS:
        return False
    label = match["num"]
    letter = ord(label) - ord("A") + 1 if len(label) == 1 else None
    roman = _roman_value(label)
    heading = strip_inline_markdown(line)
    is_section = letter is not None and (
        letter == state.section_number + 1 or roman != state.chapter_number + 1
    )
    if is_section:
        state.section, state.section_number = heading, letter or 0
    elif roman is not None:
        state.chapter, state.chapter_number = heading, roman
        state.section, state.section_number = None, 0
    else:
        return False
    return True


def _continue_heading(state: _State, line: str) -> bool:
    """A short line right after a heading continues that heading."""
    if len(line) > HEADING_CONTINUATION_MAX_CHARS or ends_sentence(line):
        return False
    addition = strip_inline_markdown(line)
    if state.section:
        state.section = f"{state.section} {addition}"
    elif state.chapter:
        state.chapter = f"{state.chapter} {addition}"
    else:
        return False
    return True


def _roman_value(label: str) -> int | None:
    """Value of a Roman numeral made of I, V, X, L, C; None otherwise."""
    if not label or any(char not in _ROMAN for char in label):
        return None
    values = [_ROMAN[char] for char in label]
    return sum(
        -value if index + 1 < len(values) and value < values[index + 1] else value
        for index, value in enumerate(values)
    )


def _paragraph_text(paragraph: _Paragraph) -> tuple[str, list[str]]:
    """Clean the paragraph text; return it with the footnote marks it carried."""
    text = strip_inline_markdown("\n".join(paragraph.lines))
    marks = [m.strip().translate(_SUPERSCRIPT_TO_DIGIT) for m in _MARKER_RE.findall(text)]
    text = _MARKER_RE.sub("", text)
    marks += _ASTERISK_MARKER_RE.findall(text)
    text = _ASTERISK_MARKER_RE.sub("", text)
    lines = [normalize_space(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line), marks


def _extra(
    paragraph: _Paragraph, marks: list[str], footnotes: dict[str, list[str]]
) -> dict[str, str]:
    """Footnote texts and figure captions attached to a paragraph."""
    extra: dict[str, str] = {}
    notes = [
        f"{mark}: {strip_inline_markdown(' '.join(footnotes[mark]))}"
        for mark in dict.fromkeys(marks)
        if mark in footnotes
    ]
    if notes:
        extra["footnotes"] = "\n".join(notes)
    if paragraph.figures:
        extra["figures"] = "\n".join(
            f"{lines[0]}: {' '.join(lines[1:])}" if len(lines) > 1 else lines[0]
            for lines in paragraph.figures
        )
    return extra
