"""Tests for ingest.documents: user documents in PDF, DOCX, HTML, Markdown and text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from corpora.errors import DocumentError
from corpora.records import Provision
from ingest.documents import SUPPORTED_SUFFIXES, parse_document


def _by_label(provisions: list[Provision]) -> dict[str, Provision]:
    return {provision.label: provision for provision in provisions}


# --- fixtures built at test time --------------------------------------------


@pytest.fixture
def model_law_docx(tmp_path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Model Law on Extradition", level=1)
    document.add_heading("Chapter I. General provisions", level=2)
    document.add_heading("Article 1", level=3)
    document.add_heading("Scope", level=4)
    document.add_paragraph("1. This Law applies to requests for extradition.")
    document.add_paragraph("2. It does not apply to the surrender of persons to tribunals:")
    document.add_paragraph("(a) established by the Security Council;")
    document.add_paragraph("(b) established by treaty.")
    document.add_heading("Article 5 bis – Refusal", level=3)
    document.add_paragraph("Extradition shall be refused if the offence is political.")
    document.add_heading("Schedule of offences", level=2)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Offence", "Penalty"), ("Fraud", "5 years")]):
        row.cells[0].text, row.cells[1].text = cells
    path = tmp_path / "model-law.docx"
    document.save(path)
    return path


@pytest.fixture
def guide_pdf(tmp_path: Path) -> Path:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "guide.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pages = [
        ["Introduction", "",
         "This guide explains how central authorities handle requests for mutual",
         "legal assistance. It is written for practitioners.", "",
         "Requests should be sent through the central authority of the requested",
         "State unless a treaty provides otherwise."],
        ["Urgent requests", "",
         "In urgent cases a request may be transmitted through INTERPOL and",
         "confirmed in writing within thirty days."],
    ]
    for lines in pages:
        y = 800
        for line in lines:
            if line:
                pdf.drawString(72, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


HTML = """<!doctype html><html><head><title>x</title><style>p {}</style></head><body>
<h1>Mutual Legal Assistance Act</h1>
<h2>Section 3 – Central authority</h2>
<p>(1) The Minister of Justice is the central authority.</p>
<p>(2) The central authority may delegate its functions.</p>
<h2>Definitions</h2>
<ul><li>"request" means a request for assistance;</li><li>"State" means a foreign State.</li></ul>
<table><tr><th>Term</th><th>Meaning</th></tr><tr><td>MLA</td><td>mutual legal assistance</td></tr></table>
<script>var ignored = 1;</script>
</body></html>"""

MARKDOWN = """# Wet overlevering

## Hoofdstuk 1

### § 4 Weigeringsgronden

1. De overlevering wordt geweigerd indien het feit niet strafbaar is naar het recht van
   Nederland.
2. De overlevering kan worden geweigerd wanneer de persoon de Nederlandse nationaliteit
   heeft.

Article 12

The requested State shall inform the requesting State of its decision
without delay.
"""


# --- DOCX -------------------------------------------------------------------


def test_docx_articles_paragraphs_and_tables(model_law_docx: Path) -> None:
    provisions = parse_document(model_law_docx, "ML-EXT", "MLE")
    labels = _by_label(provisions)
    assert list(labels) == ["MLE art. 1(1)", "MLE art. 1(2)", "MLE art. 5bis", "MLE s. Schedule of offences"]
    first = labels["MLE art. 1(1)"]
    assert (first.kind, first.article, first.paragraph) == ("article", "1", "1")
    assert first.article_heading == "Scope"
    assert first.chapter == "Model Law on Extradition — Chapter I. General provisions"
    assert first.text == "This Law applies to requests for extradition."
    assert first.language == "en"
    second = labels["MLE art. 1(2)"]
    assert second.text.splitlines()[1:] == [
        "(a) established by the Security Council;", "(b) established by treaty."
    ]
    refusal = labels["MLE art. 5bis"]
    assert (refusal.article, refusal.paragraph, refusal.article_heading) == ("5bis", None, "Refusal")
    table = labels["MLE s. Schedule of offences"]
    assert table.kind == "section"
    assert table.text == "Offence | Penalty\nFraud | 5 years"
    assert [p.order for p in provisions] == [1, 2, 3, 4]


# --- PDF --------------------------------------------------------------------


def test_pdf_pages_are_pinpointed(guide_pdf: Path) -> None:
    provisions = parse_document(guide_pdf, "MLA-GUIDE", "Guide")
    assert [p.extra["page"] for p in provisions] == ["1", "1", "2"]
    assert [p.label for p in provisions] == [
        "Guide s. Introduction, p. 1",
        "Guide s. Introduction, p. 1",
        "Guide s. Urgent requests, p. 2",
    ]
    assert provisions[0].text == (
        "This guide explains how central authorities handle requests for mutual "
        "legal assistance. It is written for practitioners."
    )
    assert provisions[2].chapter == "Urgent requests"
    assert all(p.kind == "section" for p in provisions)


def test_pdf_furniture_dropped_and_split_sentence_rejoined(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "law.pdf"
    pdf = canvas.Canvas(str(path))
    pages = [
        ["Article 1", "Extradition",
         "1. The requested State shall surrender the person sought when the offence is",
         "punishable under the laws of both States by deprivation of liberty for a"],
        ["maximum period of at least one year.",
         "2. Extradition may be refused for fiscal offences."],
        ["Article 2", "Refusal", "Extradition shall be refused for political offences."],
    ]
    for number, lines in enumerate(pages, start=1):
        pdf.drawString(72, 810, "Official Gazette of the Republic, No. 12")
        for index, line in enumerate(lines):
            pdf.drawString(72, 770 - 18 * index, line)
        pdf.drawString(290, 30, f"- {number} -")
        pdf.showPage()
    pdf.save()
    provisions = _by_label(parse_document(path, "LAW", "Law"))
    assert list(provisions) == ["Law art. 1(1)", "Law art. 1(2)", "Law art. 2"]
    first = provisions["Law art. 1(1)"]
    assert first.text.endswith("deprivation of liberty for a maximum period of at least one year.")
    assert first.extra == {"page": "1", "page_end": "2"}
    assert first.article_heading == "Extradition"
    assert provisions["Law art. 2"].extra == {"page": "3"}
    assert all("Gazette" not in p.text and "- 2 -" not in p.text for p in provisions.values())


# --- HTML and Markdown ------------------------------------------------------


def test_html_sections_lists_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "act.html"
    path.write_text(HTML, encoding="utf-8")
    provisions = parse_document(path, "MLA-ACT", "MLA Act")
    labels = [p.label for p in provisions]
    assert labels[:2] == ["MLA Act s. 3(1)", "MLA Act s. 3(2)"]
    assert provisions[0].article_heading == "Central authority"
    assert provisions[0].text == "The Minister of Justice is the central authority."
    assert provisions[0].kind == "section"
    definitions = [p for p in provisions if p.chapter and p.chapter.endswith("Definitions")]
    assert [p.text for p in definitions] == [
        '"request" means a request for assistance;',
        '"State" means a foreign State.',
        "Term | Meaning\nMLA | mutual legal assistance",
    ]
    assert all("ignored" not in p.text for p in provisions)


def test_markdown_paragraph_sign_and_plain_article_lines(tmp_path: Path) -> None:
    path = tmp_path / "wet.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    provisions = parse_document(path, "NL-WET", "Wet")
    labels = _by_label(provisions)
    assert list(labels) == ["Wet § 4(1)", "Wet § 4(2)", "Wet art. 12"]
    first = labels["Wet § 4(1)"]
    assert first.article == "4" and first.article_heading == "Weigeringsgronden"
    assert first.chapter == "Wet overlevering — Hoofdstuk 1"
    assert first.text.endswith("naar het recht van Nederland.")
    assert first.language == "nl"
    article = labels["Wet art. 12"]
    assert article.text == (
        "The requested State shall inform the requesting State of its decision without delay."
    )
    assert article.language == "en"


def test_plain_text_numbered_sections(tmp_path: Path) -> None:
    path = tmp_path / "guide.txt"
    path.write_text(
        "1. Scope\n\nThis guide covers extradition.\n\n2. Definitions\n\n"
        "In this guide, \"requested State\" means the State that receives a request.\n",
        encoding="utf-8",
    )
    provisions = parse_document(path, "G", "G")
    assert [(p.label, p.article_heading) for p in provisions] == [
        ("G s. 1", "Scope"), ("G s. 2", "Definitions")
    ]


# --- errors -----------------------------------------------------------------


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == {".pdf", ".docx", ".html", ".htm", ".txt", ".md"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.pdf", bytes(range(256)) * 8, "not a readable PDF"),
        ("broken.docx", bytes(range(256)) * 8, "not a readable Word document"),
        ("empty.txt", b"", "empty"),
        ("empty.pdf", b"", "empty"),
        ("blank.md", b"\n  \n\n", "no text"),
        ("binary.txt", b"\x00\x01\x02garbage", "binary"),
        ("sheet.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
        ("README", b"text", "unsupported file type '(none)'"),
    ],
)
def test_bad_files_raise_document_error(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        parse_document(path, "X", "X")
    assert name in str(info.value)
    assert reason in str(info.value)


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(DocumentError, match="fake.docx: not a readable Word document"):
        parse_document(path, "X", "X")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="nowhere.pdf: file not found"):
        parse_document(tmp_path / "nowhere.pdf", "X", "X")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(DocumentError, match="not a regular file"):
        parse_document(folder, "X", "X")


def test_pdf_without_text(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(10, 10, 100, 100)
    pdf.showPage()
    pdf.save()
    with pytest.raises(DocumentError, match="scan.pdf: the PDF has no extractable text"):
        parse_document(path, "X", "X")
