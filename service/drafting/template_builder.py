"""Builds the default .docx template of drafted requests with python-docx (Jinja2 fields for docxtpl).

Run ``python -m service.drafting.template_builder [PATH]`` to rebuild it (the committed file is
``service/drafting/templates/request.docx``). A secretariat replaces it by a Word file of its own
that uses the same fields (see ``FIELDS`` in render.py), set with ``PALERMO_DRAFT_TEMPLATE``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

DEFAULT_TEMPLATE = Path(__file__).with_name("templates") / "request.docx"


def _tag(document, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}); it disappears when rendered."""
    document.add_paragraph(text)


def build_template(path: Path = DEFAULT_TEMPLATE) -> Path:
    """Write the default template to ``path``."""
    document = Document()
    section = document.sections[0]
    header = section.header.paragraphs[0]
    run = header.add_run("{{ disclaimer }}")
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
    footer = section.footer.paragraphs[0]
    footer.add_run("{{ footer }}").font.size = Pt(8)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("From: {{ requesting_authority }}, {{ requesting_state }}")
    document.add_paragraph("To: the competent authority of {{ requested_state }}")
    document.add_paragraph("Date: {{ date }}")
    urgent = document.add_paragraph()
    urgent.add_run("{% if urgent %}URGENT: {{ urgency_reason }}{% endif %}").bold = True

    _tag(document, "{%p for section in sections %}")
    document.add_paragraph("{{ section.heading }}", style="Heading 1")
    _tag(document, "{%p for paragraph in section.paragraphs %}")
    document.add_paragraph("{{ paragraph }}", style="List Number")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")

    document.add_paragraph("Checklist for the drafting lawyer (remove before sending)", style="Heading 1")
    table = document.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Status", "What the request must contain or respect", "Source")):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].text = "{%tr for item in checklist %}"
    for cell, text in zip(table.rows[2].cells, ("{{ item.mark }}", "{{ item.text }}", "{{ item.label }}")):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"

    document.add_paragraph("Provisions cited", style="Heading 1")
    _tag(document, "{%p for citation in citations %}")
    document.add_paragraph("[{{ citation.number }}] {{ citation.label }}{{ citation.heading }}: {{ citation.quote }}")
    _tag(document, "{%p endfor %}")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


if __name__ == "__main__":
    print(build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TEMPLATE))
