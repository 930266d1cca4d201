"""A draft as JSON (the API's response and `palermo draft --json`)."""

from __future__ import annotations

import base64

from service.drafting.drafter import DOCX_MEDIA_TYPE, Draft


def _document(filename: str, content: bytes) -> dict:
    return {"filename": filename, "media_type": DOCX_MEDIA_TYPE, "base64": base64.b64encode(content).decode("ascii")}


def draft_payload(draft: Draft, with_document: bool = True) -> dict:
    """Everything of the draft; the .docx base64-encoded unless ``with_document`` is False."""
    basis = draft.basis
    translation = draft.translation
    return {
        "id": draft.id,
        "requesting_state": draft.inputs.requesting_state,
        "requested_state": draft.inputs.requested_state,
        "kind": draft.inputs.kind,
        "legal_basis": {
            "entries": [{"kind": e.kind, "instrument_id": e.instrument_id, "title": e.title, "label": e.citation.label,
                         "statement": e.statement, "quote": e.citation.quote, "chosen": e.instrument_id in basis.chosen,
                         "on_topic": e.on_topic} for e in basis.entries],
            "no_bilateral": basis.no_bilateral, "warning": basis.warning, "chosen": basis.chosen},
        "checklist": [{"group": i.group, "text": i.text, "label": i.label, "status": i.status, "optional": i.optional,
                       "asks": list(i.asks), "missing": list(i.missing), "guide": i.guide, "quote": i.citation.quote}
                      for i in draft.checklist],
        "missing": len(draft.missing),
        "warnings": draft.warnings,
        "document": _document(draft.filename, draft.content) if with_document else
        {"filename": draft.filename, "media_type": DOCX_MEDIA_TYPE, "base64": ""},
        "translation": None if translation is None else {
            "language": translation.language,
            "document": _document(translation.filename, translation.content) if with_document else
            {"filename": translation.filename, "media_type": DOCX_MEDIA_TYPE, "base64": ""},
            "glossary_fixed": [t.as_dict() for t in translation.glossary_fixed], "warnings": translation.warnings},
        "timings_ms": draft.timings_ms,
    }
