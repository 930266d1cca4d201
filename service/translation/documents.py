"""Documents in, same format out: .txt, .md, .html and .docx with their structure kept.

Each format is taken apart into text segments (lines, table cells, text nodes,
paragraphs); list markers, heading marks and table pipes stay outside the segments; all
segments are translated in one batch and put back in place. A .docx keeps its
paragraphs, styles (headings), numbering, tables, headers and footers: the translation of
a paragraph goes into its first run (whose formatting it takes), the other runs are
emptied.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from corpora.errors import DocumentError
from corpora.file_safety import FileLimits, check_docx
from corpora.text_decoding import decode_text as decode_bytes

Translate = Callable[[list[str]], list[str]]
MEDIA_TYPES = {
    ".txt": "text/plain; charset=utf-8", ".md": "text/markdown; charset=utf-8", ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_MARKER = re.compile(r"^(\s*(?:#{1,6}\s+|>\s*|[-*+•]\s+|\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[.)]\s+|\d+(?:\.\d+)+\.?\s+)*)(.*)$",
                     re.IGNORECASE)
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "var", "math", "svg"}


def suffix_of(filename: str) -> str:
    """The lower-case suffix, checked against the supported formats."""
    suffix = Path(filename).suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise DocumentError(f"{filename}: translate .txt, .md, .html or .docx files", reason="unsupported format")
    return suffix


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 or UTF-16 by BOM, else UTF-8, else line by line (see corpora/text_decoding.py); binary refused."""
    return decode_bytes(data, filename).text


def _split_marker(line: str) -> tuple[str, str]:
    match = _MARKER.match(line)
    return (match.group(1), match.group(2)) if match else ("", line)


def translate_lines(text: str, translate: Translate, markdown: bool = False) -> str:
    """Plain text or Markdown, line by line; markers, table pipes and code blocks kept."""
    lines, slots, segments, in_code = text.split("\n"), [], [], False
    for number, line in enumerate(lines):
        if markdown and line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not line.strip() or (markdown and _TABLE_SEPARATOR.match(line)):
            continue
        cells = line.split("|") if markdown and line.lstrip().startswith("|") else [line]
        for cell_index, cell in enumerate(cells):
            marker, body = _split_marker(cell) if len(cells) == 1 else (cell[: len(cell) - len(cell.lstrip())], cell.strip())
            if body.strip():
                trail = body[len(body.rstrip()):]
                slots.append((number, cell_index, marker, trail, len(cells) > 1))
                segments.append(body.strip())
    for (number, cell_index, marker, trail, is_table), output in zip(slots, translate(segments)):
        cells = lines[number].split("|") if is_table else [lines[number]]
        cells[cell_index] = marker + output + (trail if not is_table else " ")
        lines[number] = "|".join(cells)
    return "\n".join(lines)


def translate_html(html: str, translate: Translate) -> str:
    """Text nodes outside code, scripts and styles; markup and attributes untouched."""
    from bs4 import BeautifulSoup, Comment, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    nodes = [node for node in soup.find_all(string=True)
             if type(node) is NavigableString and not isinstance(node, Comment) and node.strip()
             and not any(parent.name in _SKIP_TAGS for parent in node.parents)]
    outputs = translate([" ".join(node.split()) for node in nodes])
    for node, output in zip(nodes, outputs):
        lead, trail = node[: len(node) - len(node.lstrip())], node[len(node.rstrip()):]
        node.replace_with(NavigableString(lead + output + trail))
    return str(soup)


def _docx_paragraphs(document) -> list:
    """Body, table (nested too), header and footer paragraphs of a python-docx Document."""
    found = []

    def walk(container) -> None:
        found.extend(container.paragraphs)
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in dict.fromkeys(row.cells):  # merged cells repeat the same cell
                    walk(cell)

    walk(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                walk(part)
    return found


def open_docx(data: bytes, filename: str, limits: FileLimits = FileLimits()):
    """A python-docx Document, or a DocumentError for a corrupt or unsafe file (zip bomb, DTD, entities)."""
    import docx

    check_docx(io.BytesIO(data), filename, limits)
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, Exception) as exc:  # python-docx raises many kinds
        raise DocumentError(f"{filename}: not a readable .docx file ({type(exc).__name__})", reason="corrupt") from exc


def translate_docx(data: bytes, filename: str, translate: Translate, limits: FileLimits = FileLimits()) -> bytes:
    """Paragraph by paragraph; each translation goes into the paragraph's first run."""
    document = open_docx(data, filename, limits)
    paragraphs = [p for p in dict.fromkeys(_docx_paragraphs(document)) if "".join(r.text for r in p.runs).strip()]
    outputs = translate([" ".join("".join(r.text for r in p.runs).split()) for p in paragraphs])
    for paragraph, output in zip(paragraphs, outputs):
        runs = [run for run in paragraph.runs if run.text]
        runs[0].text = output
        for run in runs[1:]:
            run.text = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def translate_document(data: bytes, filename: str, translate: Translate, limits: FileLimits = FileLimits()) -> bytes:
    """Translate a file's content; the result has the same format."""
    suffix = suffix_of(filename)
    if suffix == ".docx":
        return translate_docx(data, filename, translate, limits)
    text = decode_text(data, filename)
    if suffix in (".html", ".htm"):
        return translate_html(text, translate).encode("utf-8")
    return translate_lines(text, translate, markdown=suffix == ".md").encode("utf-8")


def document_text(data: bytes, filename: str, limit: int = 5000, limits: FileLimits = FileLimits()) -> str:
    """A sample of the document's text (for language detection)."""
    if suffix_of(filename) == ".docx":
        text = "\n".join(p.text for p in open_docx(data, filename, limits).paragraphs)
    else:
        text = decode_text(data, filename)
        if suffix_of(filename) in (".html", ".htm"):
            from bs4 import BeautifulSoup

            text = BeautifulSoup(text, "html.parser").get_text(" ")
    return text[:limit]


def structure_counts(data: bytes, filename: str) -> dict[str, int]:
    """Paragraph and table counts of a .docx (for checking that translation kept the structure)."""
    document = open_docx(data, filename)
    return {"paragraphs": len(document.paragraphs), "tables": len(document.tables),
            "all_paragraphs": len(_docx_paragraphs(document)),
            "cells": sum(len(row.cells) for table in document.tables for row in table.rows)}
