"""Guided request drafting: legal basis, cited checklist (filled / missing), a .docx draft from a template,
optionally translated with the glossary enforced."""

from service.drafting.drafter import DOCX_MEDIA_TYPE, Draft, Drafter, DraftTranslation
from service.drafting.inputs import MEASURES, DraftInputs

__all__ = ["DOCX_MEDIA_TYPE", "MEASURES", "Draft", "DraftInputs", "DraftTranslation", "Drafter"]
