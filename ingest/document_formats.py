"""Format readers for user documents: PDF, DOCX, HTML, plain text and Markdown.

Each reader turns a file into a list of :class:`~ingest.document_text.Block`
and raises :class:`~corpora.errors.DocumentError` (never a library exception)
when the file is corrupt or holds no text.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

from corpora.errors import DocumentError, UnsafeFileError
from corpora.file_safety import FileLimits, check_docx
from corpora.text_decoding import decode_text
from ingest.document_lines import lines_to_blocks
from ingest.document_text import (
    PARAGRAPH_MARK_RE,
    SUBPARAGRAPH_RE,
    Block,
    ends_sentence,
    join_broken_line,
    normalize_space,
    parse_structural_heading,
    parse_unit_heading,
)

_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE
)
_DOCX_HEADING_RE = re.compile(r"^(?:heading|kop|titre|überschrift)\s*(\d)$", re.IGNORECASE)
_HTML_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "pre",
                "blockquote", "dt", "dd", "caption"]
EDGE_LINES = 2  # lines at the top and bottom of a page checked for furniture
FURNITURE_MIN_PAGES = 3  # repeated headers/footers are only detected from 3 pages
FURNITURE_MAX_CHARS = 80
PDF_TAIL_BYTES = 2048  # a complete PDF ends with %%EOF within its last bytes


def document_error(path: Path, reason: str, **context: object) -> DocumentError:
    """A DocumentError naming the file and the reason."""
    return DocumentError(f"{path.name}: {reason}", file=path.name, reason=reason, **context)


# --- PDF -------------------------------------------------------------------


def read_pdf(path: Path, limits: FileLimits = FileLimits()) -> list[Block]:
    """Read a PDF page by page with pypdf; blocks carry their page number."""
    pages = _pdf_page_texts(path, limits)
    page_lines = _strip_page_furniture([text.splitlines() for text in pages])
    blocks: list[Block] = []
    for number, lines in enumerate(page_lines, start=1):
        page_blocks = lines_to_blocks(lines, page=number)
        if blocks and page_blocks and _continues(blocks[-1], page_blocks[0]):
            first = page_blocks.pop(0)
            last = blocks.pop()
            merged = join_broken_line(last.text, first.text)
            blocks.append(Block("text", merged, page=last.page, page_end=first.page))
        blocks.extend(page_blocks)
    if not blocks:
        raise document_error(path, "the PDF has no extractable text (scanned images?)")
    return blocks


def _pdf_page_texts(path: Path, limits: FileLimits) -> list[str]:
    """Text of each page; truncated, corrupt, encrypted or too long files become DocumentError."""
    from pypdf import PdfReader  # imported lazily: only PDF ingest needs it

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    _check_pdf_end(path)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise document_error(path, "the PDF is encrypted")
        pages = _declared_pages(reader)  # the page tree's /Count: known without walking the pages
        if pages <= limits.max_pages:
            pages = len(reader.pages)
        if pages > limits.max_pages:
            raise UnsafeFileError(f"{path.name}: the PDF has {pages} pages (limit {limits.max_pages}, "
                                  "PALERMO_MAX_DOCUMENT_PAGES)", file=path.name, reason="too many pages")
        return [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many unrelated types on bad input
        raise document_error(path, f"not a readable PDF ({_describe(exc)})") from exc


def _declared_pages(reader: object) -> int:
    try:
        return int(reader.trailer["/Root"]["/Pages"]["/Count"])  # type: ignore[attr-defined]
    except (KeyError, TypeError, ValueError):
        return 0


def _check_pdf_end(path: Path) -> None:
    """A PDF cut short (no ``%%EOF`` at its end) is refused rather than half-recovered."""
    try:
        with path.open("rb") as stream:
            stream.seek(max(0, path.stat().st_size - PDF_TAIL_BYTES))
            tail = stream.read()
    except OSError as exc:
        raise document_error(path, f"cannot be read ({exc.strerror or exc})") from exc
    if b"%%EOF" not in tail:
        raise document_error(path, "not a readable PDF: truncated (no %%EOF end marker)")


def _strip_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and short headers/footers repeated on most pages.

    Only the first and last ``EDGE_LINES`` non-empty lines of a page are candidates."""
    edges = [_edge_indices(lines) for lines in pages]
    shapes = Counter(
        shape
        for lines, indices in zip(pages, edges, strict=True)
        for shape in {_shape(lines[index]) for index in indices}
    )
    repeated = {
        shape for shape, count in shapes.items()
        if len(pages) >= FURNITURE_MIN_PAGES and count > 1 and count * 2 >= len(pages)
    }
    return [
        [line for index, line in enumerate(lines)
         if index not in indices or not _is_furniture(line, repeated)]
        for lines, indices in zip(pages, edges, strict=True)
    ]


def _edge_indices(lines: list[str]) -> set[int]:
    content = [index for index, line in enumerate(lines) if line.strip()]
    return set(content[:EDGE_LINES] + content[-EDGE_LINES:])


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", normalize_space(line))


def _is_furniture(line: str, repeated: set[str]) -> bool:
    text = normalize_space(line)
    if _PAGE_NUMBER_RE.match(text):
        return True
    return (
        len(text) <= FURNITURE_MAX_CHARS
        and not ends_sentence(text)
        and _shape(text) in repeated
        and parse_unit_heading(text) is None
        and parse_structural_heading(text) is None
    )


def _continues(previous: Block, first: Block) -> bool:
    """True when a page starts in the middle of the previous page's sentence."""
    return (
        previous.kind == "text"
        and first.kind == "text"
        and not ends_sentence(previous.text)
        and PARAGRAPH_MARK_RE.match(first.text) is None
        and SUBPARAGRAPH_RE.match(first.text) is None
        and parse_unit_heading(first.text) is None
        and parse_structural_heading(first.text) is None
    )


# --- DOCX ------------------------------------------------------------------


def read_docx(path: Path, limits: FileLimits = FileLimits()) -> list[Block]:
    """Read a Word document: styled headings, paragraphs and tables in order (zip bombs and DTDs refused first)."""
    import docx  # imported lazily: only DOCX ingest needs it
    from docx.table import Table

    check_docx(str(path), path.name, limits)
    try:
        document = docx.Document(str(path))
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            block = _docx_table(item) if isinstance(item, Table) else _docx_paragraph(item)
            if block is not None:
                blocks.append(block)
    except Exception as exc:  # python-docx/lxml/zipfile errors on corrupt files
        raise document_error(path, f"not a readable Word document ({_describe(exc)})") from exc
    return blocks


def _docx_paragraph(paragraph: object) -> Block | None:
    text = _clean_lines(getattr(paragraph, "text", ""))
    if not text:
        return None
    style = getattr(paragraph, "style", None)
    names = [getattr(style, "name", None) or "", getattr(style, "style_id", None) or ""]
    for name in names:
        match = _DOCX_HEADING_RE.match(name.strip())
        if match:
            return Block("heading", text.replace("\n", " "), level=max(1, int(match[1])))
    if names[0].strip().lower() == "title":
        return Block("heading", text.replace("\n", " "), level=1)
    return Block("text", text)


def _docx_table(table: object) -> Block | None:
    rows: list[str] = []
    for row in getattr(table, "rows", []):
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:  # merged cells repeat: keep each once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(normalize_space(cell.text.replace("\n", " ")))
        if any(cells):
            rows.append(" | ".join(cells))
    return Block("table", "\n".join(rows)) if rows else None


# --- HTML ------------------------------------------------------------------


def read_html(path: Path, limits: FileLimits = FileLimits()) -> list[Block]:
    """Read HTML: h1-h6 headings, paragraphs, list items and tables."""
    from bs4 import BeautifulSoup  # imported lazily: only HTML ingest needs it

    data = _read_bytes(path)
    try:
        soup = BeautifulSoup(data, "html.parser")
    except Exception as exc:
        raise document_error(path, f"not readable HTML ({_describe(exc)})") from exc
    for tag in soup(["script", "style", "noscript", "template", "head", "nav"]):
        tag.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    root = soup.body or soup
    blocks = [
        block
        for tag in root.find_all(_HTML_BLOCKS)
        if tag.find_parent(_HTML_BLOCKS) is None and (block := _html_block(tag))
    ]
    if not blocks:  # no block markup: fall back to the plain text lines
        blocks = lines_to_blocks(root.get_text("\n").splitlines())
    return blocks


def _html_block(tag: object) -> Block | None:
    name = getattr(tag, "name", "")
    if name == "table":
        rows = []
        for row in tag.find_all("tr"):  # type: ignore[attr-defined]
            cells = [normalize_space(cell.get_text(" ")) for cell in row.find_all(["th", "td"])]
            if any(cells):
                rows.append(" | ".join(cells))
        return Block("table", "\n".join(rows)) if rows else None
    text = _clean_lines(tag.get_text(" " if name == "li" else ""))  # type: ignore[attr-defined]
    if not text:
        return None
    if re.fullmatch(r"h[1-6]", name):
        return Block("heading", text.replace("\n", " "), level=int(name[1]))
    return Block("text", text)


# --- plain text and Markdown -------------------------------------------------


def read_text(path: Path, limits: FileLimits = FileLimits()) -> list[Block]:
    """Read a .txt or .md file (Markdown headings, tables and links understood); encodings as in
    :mod:`corpora.text_decoding` (UTF-8/16 by BOM, else line by line UTF-8, Windows-1252, Latin-1)."""
    text = decode_text(_read_bytes(path), path.name).text
    return lines_to_blocks(text.splitlines(), markdown=True)


# --- shared ------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise document_error(path, f"cannot be read ({exc.strerror or exc})") from exc


def _clean_lines(text: str) -> str:
    lines = (normalize_space(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _describe(exc: Exception) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}"[:200] if message else type(exc).__name__
