"""The draft's checklist: what the request must contain and the conditions that apply, each cited and
marked filled or missing from the inputs (see matching.py for how)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from service.answering.records import Citation
from service.drafting.inputs import DraftInputs
from service.drafting.matching import match_item
from service.drafting.provisions import Found, Requirement

Group = Literal["contents", "condition"]


@dataclass(frozen=True)
class ChecklistItem:
    """One thing the request must carry or respect, with its pinpoint citation and whether the inputs hold it."""

    group: Group
    text: str
    label: str
    citation: Citation
    status: Literal["filled", "missing"]
    optional: bool
    asks: tuple[str, ...]
    missing: tuple[str, ...]
    guide: bool = False  # from an instrument outside the chosen basis (no list of contents in it)

    @property
    def filled(self) -> bool:
        return self.status == "filled"


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def build_checklist(inputs: DraftInputs, contents: list[Requirement], conditions: list[Found],
                    guide: bool = False) -> list[ChecklistItem]:
    """Contents items first (one per lettered subparagraph), then conditions; duplicates of the same wording dropped."""
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for requirement in contents:
        if _norm(requirement.text) in seen:
            continue
        seen.add(_norm(requirement.text))
        match = match_item(requirement.text, inputs)
        items.append(ChecklistItem("contents", requirement.text, requirement.label,
                                   Citation.of(requirement.hit, " ".join(requirement.hit.text.split()), "primary"),
                                   "filled" if match.filled else "missing", match.optional, match.asks, match.missing,
                                   guide))
    for found in conditions:
        sentence = found.sentence or found.hit.text
        key = _norm(sentence)
        if key in seen:
            continue
        seen.add(key)
        match = match_item(sentence, inputs, found.asks)
        items.append(ChecklistItem("condition", f"{found.title}: {sentence}", found.hit.label,
                                   Citation.of(found.hit, " ".join(found.hit.text.split()), "primary"),
                                   "filled" if match.filled else "missing", False, match.asks, match.missing))
    return items
