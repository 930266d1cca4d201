"""Request and response models of POST /v1/drafts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.drafting.inputs import MEASURES, DraftInputs

MeasureKey = Literal[tuple(MEASURES)]  # type: ignore[valid-type]
DRAFT_EXAMPLE = {
    "requesting_state": "Netherlands", "requested_state": "Hong Kong", "kind": "mutual_legal_assistance",
    "measures": ["bank_records"], "offence": "money laundering, punishable by up to 4 years' imprisonment",
    "facts": "Between March and June 2023 Mr Jan DE VRIES transferred EUR 2.3 million to an account in Hong Kong.",
    "urgent": False, "requesting_authority": "Public Prosecution Service, Rotterdam",
}


class DraftRequest(BaseModel):
    """What to draft: the two States, the kind of request and the case."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [DRAFT_EXAMPLE]})
    requesting_state: str = Field(min_length=1, max_length=200, examples=["Netherlands"])
    requested_state: str = Field(min_length=1, max_length=200, examples=["Hong Kong"])
    kind: Literal["mutual_legal_assistance", "extradition"]
    measures: list[MeasureKey] = Field(default=[], max_length=len(MEASURES),  # type: ignore[valid-type]
                                       description="Mutual legal assistance only: the measures sought.")
    extradition_purpose: Literal["prosecution", "enforcement"] = Field(
        default="prosecution", description="Extradition only: for prosecution or for the enforcement of a sentence.")
    offence: str = Field(default="", max_length=2000, description="The offence, its legal provision and penalty.")
    facts: str = Field(default="", description="The facts (any length within PALERMO_MAX_REQUEST_BYTES); "
                                               "paragraphs separated by blank lines.")
    urgent: bool = False
    urgency_reason: str = Field(default="", max_length=2000)
    requesting_authority: str = Field(default="", max_length=500)
    target_language: str | None = Field(default=None, max_length=8, examples=["nl"],
                                        description="Also translate the draft into this language (glossary enforced).")
    basis: list[str] = Field(default=[], max_length=10, description="Instruments to draw the checklist from (ids or "
                             "names); default: the bilateral treaties on the topic and the first multilateral one.")

    def to_inputs(self) -> DraftInputs:
        return DraftInputs(
            self.requesting_state, self.requested_state, self.kind, self.offence, self.facts, tuple(self.measures),
            self.extradition_purpose, self.urgent, self.urgency_reason, self.requesting_authority,
            self.target_language or None, tuple(self.basis))


class BasisEntryOut(BaseModel):
    kind: Literal["bilateral", "multilateral"]
    instrument_id: str
    title: str
    label: str = Field(examples=["UNTOC art. 18(7)"])
    statement: str
    quote: str
    chosen: bool
    on_topic: bool


class LegalBasisOut(BaseModel):
    entries: list[BasisEntryOut]
    no_bilateral: str | None = Field(description="Set when the corpus holds no bilateral treaty between the States.")
    warning: str = Field(description="The corpus holds no ratification data.")
    chosen: list[str]


class ChecklistItemOut(BaseModel):
    group: Literal["contents", "condition"]
    text: str
    label: str = Field(examples=["UNTOC art. 18(15)(a)"])
    status: Literal["filled", "missing"]
    optional: bool
    asks: list[str]
    missing: list[str]
    guide: bool
    quote: str


class DocumentOut(BaseModel):
    filename: str
    media_type: str
    base64: str


class TranslationOut(BaseModel):
    language: str
    document: DocumentOut
    glossary_fixed: list[dict] = Field(description="Glossary entries the translation enforced (id, termbase, source, "
                                                   "target, count).")
    warnings: list[str]


class DraftResponse(BaseModel):
    """The legal basis, the checklist, warnings and the .docx (base64); send `Accept: application/vnd.openxmlformats-
    officedocument.wordprocessingml.document` to receive the .docx itself instead."""

    id: str
    requesting_state: str
    requested_state: str
    kind: str
    legal_basis: LegalBasisOut
    checklist: list[ChecklistItemOut]
    missing: int
    warnings: list[str]
    document: DocumentOut
    translation: TranslationOut | None
    timings_ms: dict[str, float]
