"""Documents keep their format and structure: .docx, .txt, .md, .html; corrupt files are refused."""

from __future__ import annotations

import io

import docx
import pytest

from corpora.errors import DocumentError
from service.translation.documents import structure_counts


def _request_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Wederzijdse rechtshulp", level=1)
    document.add_paragraph("De minister zendt het verzoek.", style="List Number")
    paragraph = document.add_paragraph(style="List Number")
    paragraph.add_run("De rechtbank weigert").bold = True
    paragraph.add_run(" uitlevering.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Dossier"
    table.cell(0, 1).text = "2024/123-AB"
    table.cell(1, 0).text = "De centrale autoriteit ontvangt de stukken."
    table.cell(1, 1).text = "12.03.2024"
    document.add_paragraph("")
    document.add_paragraph("De officier van justitie onderzoekt het bewijs.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_round_trip_keeps_structure(translator):
    original = _request_docx()
    done = translator.translate_document(original, "request.docx", "auto", "en")
    assert done.filename == "request.en.docx" and done.source == "nl"
    assert structure_counts(done.content, "x.docx") == structure_counts(original, "x.docx")
    result = docx.Document(io.BytesIO(done.content))
    texts = [p.text for p in result.paragraphs]
    assert texts[0] == "Mutual legal assistance" and result.paragraphs[0].style.name == "Heading 1"
    assert texts[1] == "The Minister sends the request." and result.paragraphs[1].style.name == "List Number"
    assert texts[2] == "The court refuses extradition." and result.paragraphs[2].runs[0].bold and result.paragraphs[2].runs[1].text == ""
    assert texts[-1] == "The prosecutor examines the evidence."
    cells = [[c.text for c in row.cells] for row in result.tables[0].rows]
    assert cells[0][1] == "2024/123-AB" and cells[1] == ["The central authority receives the documents.", "12.03.2024"]
    assert {t.entry_id for t in done.applied} >= {"mutual-legal-assistance", "extradition"}


def test_text_markdown_and_html(translator):
    text = "1. De minister zendt het verzoek.\n\n   (a) De rechtbank weigert uitlevering.\n"
    assert translator.translate_document(text.encode(), "r.txt", "nl", "en").content.decode() == (
        "1. The Minister sends the request.\n\n   (a) The court refuses extradition.\n")
    md = "# Wederzijdse rechtshulp\n\n- De minister zendt het verzoek.\n\n| Dossier | 2024/77 |\n|---|---|\n| De rechtbank weigert het verzoek. | x |\n\n```\nDe rechtbank\n```\n"
    out = translator.translate_document(md.encode(), "r.md", "nl", "en").content.decode()
    assert out.startswith("# Mutual legal assistance\n\n- The Minister sends the request.\n\n|")
    assert "|---|---|" in out and "| The court refuses the request. |" in out and "```\nDe rechtbank\n```" in out
    html = '<h1 class="t">Uitlevering</h1><p>De rechtbank <b>weigert</b> het verzoek.</p><script>var de = "rechtbank";</script>'
    done = translator.translate_html(html, "nl", "en")
    assert done.text.startswith('<h1 class="t">Extradition</h1><p>') and '<script>var de = "rechtbank";</script>' in done.text


@pytest.mark.parametrize(("data", "name"), [(b"PK\x03\x04 broken", "a.docx"), (b"plain", "a.docx"), (b"x", "a.pdf")])
def test_corrupt_or_unsupported_documents_are_refused(translator, data, name):
    with pytest.raises(DocumentError) as caught:
        translator.translate_document(data, name, "nl", "en")
    assert caught.value.status == 422
