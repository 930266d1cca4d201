"""The words of the draft: headings, numbered paragraphs with [n] citation markers, the checklist table and
the list of provisions cited, as the context the .docx template is filled with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from service.answering.records import Citation
from service.drafting.basis import DraftBasis
from service.drafting.checklist import ChecklistItem
from service.drafting.inputs import DraftInputs
from service.drafting.provisions import Found

DISCLAIMER = ("DRAFT: the start of a lawyer's work, not a request ready to send. palermo assembled it from the treaty "
              "texts in its corpus; check every statement, the treaties in force between the two States and their "
              "ratifications, and complete what the checklist marks missing.")
QUOTE_CHARS = 400
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass
class Citations:
    """Provisions cited in the draft, numbered in order of first use."""

    numbered: dict[str, tuple[int, Citation]] = field(default_factory=dict)

    def mark(self, citation: Citation) -> str:
        """'[n]' for this provision (a new number the first time)."""
        if citation.id not in self.numbered:
            self.numbered[citation.id] = (len(self.numbered) + 1, citation)
        return f"[{self.numbered[citation.id][0]}]"

    def listed(self) -> list[dict]:
        return [{"number": n, "label": c.label, "heading": f" ({c.article_heading})" if c.article_heading else "",
                 "quote": _short(c.quote, QUOTE_CHARS)} for n, c in self.numbered.values()]


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def title_of(inputs: DraftInputs) -> str:
    if inputs.kind == "extradition":
        purpose = "prosecution" if inputs.extradition_purpose == "prosecution" else "enforcement of a sentence"
        return f"Request for extradition ({purpose})"
    return "Request for mutual legal assistance in criminal matters"


def facts_paragraphs(facts: str) -> list[str]:
    """The facts as paragraphs (blank lines separate them; single line breaks are kept inside)."""
    return [" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(facts) if part.strip()]


def _introduction(inputs: DraftInputs) -> list[str]:
    authority = inputs.requesting_authority.strip() or f"[name of the requesting authority of {inputs.requesting_state}]"
    offence = inputs.offence.strip() or "[offence to be stated]"
    if inputs.kind == "extradition":
        aim = ("to extradite the person sought for prosecution" if inputs.extradition_purpose == "prosecution"
               else "to extradite the person sought for the enforcement of a sentence")
    else:
        aim = "to grant mutual legal assistance" + (f" by {', '.join(inputs.measure_labels)}" if inputs.measures else "")
    lines = [f"{authority} ({inputs.requesting_state}) requests the competent authority of {inputs.requested_state} "
             f"{aim} in connection with {offence}."]
    if inputs.urgent:
        reason = inputs.urgency_reason.strip() or "[state why, and the date by which execution is needed]"
        lines.append(f"This request is urgent: {reason}")
    return lines


def _basis(basis: DraftBasis, citations: Citations) -> list[str]:
    lines = []
    for entry in basis.entries:
        if entry.instrument_id not in basis.chosen:
            continue
        if entry.kind == "bilateral":
            lines.append(f"This request is made under the {entry.title} {citations.mark(entry.citation)}.")
        else:
            lines.append(f"It is also made under the {entry.title}, {entry.citation.label}: "
                         f"\u201c{_short(entry.citation.quote, QUOTE_CHARS)}\u201d {citations.mark(entry.citation)}.")
    if basis.no_bilateral:
        lines.append(basis.no_bilateral)
    others = [e for e in basis.entries if e.instrument_id not in basis.chosen]
    if others:
        lines.append("Other instruments of the corpus that may serve: "
                     + "; ".join(f"{e.title} ({e.citation.label})" for e in others) + ".")
    lines.append(basis.warning)
    return lines


def _offence(inputs: DraftInputs, checklist: list[ChecklistItem]) -> list[str]:
    lines = [f"The conduct described below is investigated as: {inputs.offence.strip()}." if inputs.offence.strip()
             else "[State the offence.]"]
    if any("the penalty" in item.missing for item in checklist):
        lines.append(f"[Quote the provisions of the law of {inputs.requesting_state} that make the conduct an offence, "
                     "and the maximum penalty.]")
    return lines


def _assistance(inputs: DraftInputs, measures: list[Found], citations: Citations) -> list[str]:
    if inputs.kind == "extradition":
        if inputs.extradition_purpose == "prosecution":
            return ["Extradition is requested so that the person sought can be prosecuted for the offence described."]
        return ["Extradition is requested for the enforcement of the sentence imposed for the offence described; "
                "[attach the judgment and state the part of the sentence remaining to be served]."]
    if not inputs.measures:
        return ["[Describe the assistance sought.]"]
    lines = []
    for key in inputs.measures:
        found = [f for f in measures if f.key == key]
        cited = " ".join(f"{f.hit.label} {citations.mark(_cite(f))}" for f in found)
        label = next((f.title for f in found), None) or key.replace("_", " ")
        lines.append(f"{label[0].upper()}{label[1:]}" + (f" (see {cited})." if cited else "."))
    return lines


def _cite(found: Found) -> Citation:
    return Citation.of(found.hit, " ".join(found.hit.text.split()), "primary")


def _purpose(inputs: DraftInputs) -> list[str]:
    offence = inputs.offence.strip() or "[the offence]"
    if inputs.kind == "extradition":
        return [f"The purpose of the request is the {inputs.extradition_purpose} of the person sought for {offence}."]
    return [f"The assistance is sought for the investigation and prosecution of {offence}; "
            "[explain how each measure is relevant to it]."]


def _conditions(checklist: list[ChecklistItem], citations: Citations) -> list[str]:
    return [f"{item.text} ({item.label}) {citations.mark(item.citation)}" for item in checklist if item.group == "condition"]


def checklist_rows(checklist: list[ChecklistItem], citations: Citations) -> list[dict]:
    """The checklist as table rows: a mark, the requirement (what is missing), the source and its number."""
    rows = []
    for item in checklist:
        mark = "filled" if item.filled else "MISSING"
        if item.optional:
            mark += " (optional)"
        text = item.text + (f" (missing: {'; '.join(item.missing)})" if item.missing else "")
        if item.guide:
            text += " [from an instrument outside the chosen basis, as a guide]"
        rows.append({"mark": mark, "text": text, "label": f"{item.label} {citations.mark(item.citation)}",
                     "status": item.status})
    return rows


def draft_context(inputs: DraftInputs, basis: DraftBasis, checklist: list[ChecklistItem], measures: list[Found],
                  warnings: list[str], today: date | None = None) -> dict:
    """Everything the template may use (see render.FIELDS)."""
    citations = Citations()
    sections = [
        {"heading": "Introduction", "paragraphs": _introduction(inputs)},
        {"heading": "Legal basis", "paragraphs": _basis(basis, citations)},
        {"heading": "Offence and applicable law", "paragraphs": _offence(inputs, checklist)},
        {"heading": "Summary of the facts", "paragraphs": facts_paragraphs(inputs.facts)
         or ["[Summary of the facts to be supplied: who did what, when and where.]"]},
        {"heading": "Extradition requested" if inputs.kind == "extradition" else "Assistance requested",
         "paragraphs": _assistance(inputs, measures, citations)},
        {"heading": "Purpose of the request", "paragraphs": _purpose(inputs)},
        {"heading": "Conditions, undertakings and transmission", "paragraphs": _conditions(checklist, citations)
         or ["[No provision on the conditions was found in the chosen basis; state them by hand.]"]},
    ]
    rows = checklist_rows(checklist, citations)
    day = (today or date.today()).isoformat()
    return {
        "disclaimer": DISCLAIMER,
        "footer": f"Drafted with palermo on {day} from the treaty texts in its corpus; every provision is cited.",
        "title": title_of(inputs),
        "requesting_state": inputs.requesting_state,
        "requested_state": inputs.requested_state,
        "requesting_authority": inputs.requesting_authority.strip() or "[requesting authority]",
        "date": day,
        "urgent": inputs.urgent,
        "urgency_reason": inputs.urgency_reason.strip() or "[reason and date]",
        "kind": inputs.kind,
        "offence": inputs.offence.strip(),
        "sections": sections,
        "checklist": rows,
        "citations": citations.listed(),
        "legal_basis": [{"kind": e.kind, "title": e.title, "label": e.citation.label} for e in basis.entries],
        "warnings": warnings,
    }
