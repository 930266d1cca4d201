"""Draft a request: the States checked, the legal basis, the checklist, the .docx, and optionally its
translation with the glossary enforced."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from corpora.errors import InvalidRequestError, UnknownStateError
from corpora.registry import Registry
from retrieval.hybrid import Retriever
from service.drafting import provisions
from service.drafting.basis import DraftBasis, find_basis
from service.drafting.checklist import ChecklistItem, build_checklist
from service.drafting.document import draft_context
from service.drafting.inputs import DraftInputs
from service.drafting.provisions import Found
from service.drafting.render import check_template, render_docx
from service.drafting.states import resolve_state
from service.translation import Translator
from service.translation.masking import AppliedTerm

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DRAFT_LANGUAGE = "en"


@dataclass
class DraftTranslation:
    """The draft in the requested State's language, and the glossary terms the translation enforced."""

    language: str
    content: bytes
    filename: str
    glossary_fixed: list[AppliedTerm]
    warnings: list[str]


@dataclass
class Draft:
    """A drafted request and everything that went into it."""

    id: str
    inputs: DraftInputs
    basis: DraftBasis
    checklist: list[ChecklistItem]
    measures: list[Found]
    warnings: list[str]
    content: bytes
    filename: str
    translation: DraftTranslation | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def missing(self) -> list[ChecklistItem]:
        return [item for item in self.checklist if not item.filled]


class Drafter:
    """Drafts requests over an opened retriever and registry (cheap to construct)."""

    def __init__(self, retriever: Retriever, registry: Registry, template: Path, translator: Translator | None = None) -> None:
        self.retriever = retriever
        self.registry = registry
        self.template = template
        self.translator = translator

    def draft(self, inputs: DraftInputs) -> Draft:
        """The whole draft: basis, checklist, .docx (and its translation when a target language is given)."""
        started = time.perf_counter()
        inputs = resolve_states(inputs, self.registry)
        check_template(self.template)
        basis = find_basis((inputs.requesting_state, inputs.requested_state), inputs.topic, self.retriever,
                           self.registry, inputs.basis, f"{inputs.offence}\n{inputs.facts}")
        timings = {"basis": _ms(started)}
        contents = provisions.contents_requirements(self.retriever, self.registry, basis.chosen, inputs.topic)
        guide = not contents
        if guide:
            contents = provisions.contents_guide(self.retriever, self.registry, inputs.topic)
        found = provisions.conditions(self.retriever, self.registry, basis.chosen, inputs.topic)
        measures = provisions.measure_provisions(self.retriever, self.registry, basis.chosen, inputs.measures)
        checklist = build_checklist(inputs, contents, found, guide)
        timings["checklist"] = _ms(started) - timings["basis"]
        warnings = self._warnings(basis, checklist, guide)
        content = render_docx(self.template, draft_context(inputs, basis, checklist, measures, warnings))
        draft_id = _draft_id(inputs)
        draft = Draft(draft_id, inputs, basis, checklist, measures, warnings, content,
                      f"draft-request-{_slug(inputs.requesting_state)}-{_slug(inputs.requested_state)}-{draft_id}.docx")
        if inputs.target_language and inputs.target_language != DRAFT_LANGUAGE:
            draft.translation = self._translate(draft, inputs.target_language)
        draft.timings_ms = timings | {"total": _ms(started)}
        return draft

    def _warnings(self, basis: DraftBasis, checklist: list[ChecklistItem], guide: bool) -> list[str]:
        warnings = [basis.warning]
        if basis.no_bilateral:
            warnings.append(basis.no_bilateral + " The multilateral instruments listed may serve instead.")
        if guide:
            labels = sorted({item.citation.label for item in checklist if item.guide})
            warnings.append("The chosen basis lists no contents of a request; the checklist follows "
                            f"{', '.join(labels) or 'no provision'} as a guide.")
        missing = [item for item in checklist if not item.filled and not item.optional]
        if missing:
            warnings.append(f"{len(missing)} checklist item(s) are missing from the facts and inputs given.")
        return warnings

    def _translate(self, draft: Draft, target: str) -> DraftTranslation | None:
        """The .docx translated with the glossary enforced; a missing package is a warning, the draft stays."""
        if self.translator is None:
            draft.warnings.append("translation is not available in this process")
            return None
        try:
            done = self.translator.translate_document(draft.content, draft.filename, DRAFT_LANGUAGE, target)
        except InvalidRequestError as exc:
            draft.warnings.append(f"the draft was not translated into {target}: {exc.detail}")
            return None
        return DraftTranslation(target, done.content, done.filename, done.applied, done.warnings)


def resolve_states(inputs: DraftInputs, registry: Registry) -> DraftInputs:
    """The inputs with both States in the corpus's spelling (an unknown one is a 422 naming the nearest)."""
    requesting = resolve_state(inputs.requesting_state, registry, "requesting State")
    requested = resolve_state(inputs.requested_state, registry, "requested State")
    if requesting == requested:
        raise UnknownStateError(f"the requesting and the requested State are the same ({requesting})")
    return replace(inputs, requesting_state=requesting, requested_state=requested)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name).split()).lower()


def _draft_id(inputs: DraftInputs) -> str:
    """The same inputs give the same id (12 hex digits)."""
    return hashlib.sha256(json.dumps(asdict(inputs), sort_keys=True).encode()).hexdigest()[:12]
