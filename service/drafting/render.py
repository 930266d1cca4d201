"""The .docx draft: the template filled by docxtpl (Jinja2 fields in a Word file), with strict fields.

A template with a Jinja syntax error, a field the draft does not provide or an attribute that does
not exist gives a DraftTemplateError naming the template and the field, before anything is returned.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError

from corpora.errors import DraftTemplateError

#: The fields a template may use (the context the drafter fills).
FIELDS = ("disclaimer", "footer", "title", "requesting_state", "requested_state", "requesting_authority", "date",
          "urgent", "urgency_reason", "kind", "offence", "sections", "checklist", "citations", "legal_basis", "warnings")


def _environment() -> Environment:
    return Environment(undefined=StrictUndefined, autoescape=True)


def check_template(template: Path) -> None:
    """Fail fast (before any search) on a template that is missing, unreadable or has broken or unknown fields."""
    render_docx(template, None)


def render_docx(template: Path, context: dict | None) -> bytes:
    """The filled template as .docx bytes (``context`` None: only check the template's fields)."""
    if not template.is_file():
        raise DraftTemplateError(f"the draft template {template} does not exist (PALERMO_DRAFT_TEMPLATE)")
    try:
        document = DocxTemplate(str(template))
        document.render_init()
        known = context if context is not None else dict.fromkeys(FIELDS)
        unknown = sorted(document.get_undeclared_template_variables(_environment(), known))
        if unknown:
            raise DraftTemplateError(
                f"the draft template {template.name} uses unknown field(s) {', '.join(unknown)}; "
                f"the fields it may use are {', '.join(FIELDS)}", template=str(template), fields=unknown)
        if context is None:
            return b""
        _fill(document, context, template)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    except TemplateSyntaxError as exc:
        raise DraftTemplateError(f"the draft template {template.name} has a broken field "
                                 f"{_broken_field(template) or 'at line ' + str(exc.lineno)!r}: {exc.message}",
                                 template=str(template)) from None
    except UndefinedError as exc:
        raise DraftTemplateError(f"the draft template {template.name} uses a field the draft does not have: "
                                 f"{exc.message}", template=str(template)) from None
    except TemplateError as exc:
        raise DraftTemplateError(f"the draft template {template.name} cannot be filled: {exc}",
                                 template=str(template)) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DraftTemplateError(f"the draft template {template} is not a readable .docx file ({exc})",
                                 template=str(template)) from None


def _fill(document: DocxTemplate, context: dict, template: Path) -> None:
    """Render; what a field does wrong at render time (call a text, index a number) names the template."""
    try:
        document.render(context, _environment(), autoescape=True)
    except (TemplateError, DraftTemplateError):
        raise
    except Exception as exc:  # noqa: BLE001 - only the template's own expressions run here
        raise DraftTemplateError(f"the draft template {template.name} cannot be filled: a field fails with "
                                 f"{type(exc).__name__}: {exc}", template=str(template)) from None


def _template_lines(template: Path) -> list[str]:
    """The text of every paragraph of the template: body, tables, headers and footers."""
    from docx import Document

    document = Document(str(template))
    parts = [document] + [part for section in document.sections for part in (section.header, section.footer)]
    lines = [p.text for part in parts for p in part.paragraphs]
    lines += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return lines


def _broken_field(template: Path) -> str | None:
    """The first field of the template that does not parse on its own (an unclosed or malformed one)."""
    environment = _environment()
    for line in _template_lines(template):
        for opened in re.finditer(r"\{[{%]", line):
            closing = "}}" if opened.group() == "{{" else "%}"
            end = line.find(closing, opened.end())
            if end < 0:
                return line[opened.start():][:80]
            field = line[opened.start(): end + 2]
            if closing == "}}":
                try:
                    environment.parse(field)
                except TemplateSyntaxError:
                    return field
            elif "{{" in field[2:] or "{%" in field[2:]:
                return field
    return None
