"""What a translation returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.translation.detection import Detection
from service.translation.masking import AppliedTerm


@dataclass
class TranslationResult:
    """One translated text, with how it was translated."""

    text: str
    source: str
    target: str
    route: list[str]
    detected: Detection | None = None
    applied: list[AppliedTerm] = field(default_factory=list)
    protected: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def pivot(self) -> str | None:
        """The intermediate language, when the translation went through one."""
        return self.route[1] if len(self.route) > 2 else None


@dataclass(frozen=True)
class LanguageInfo:
    """A language palermo can translate from, with its targets (direct and through a pivot)."""

    code: str
    name: str
    targets: tuple[str, ...]
    direct_targets: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "targets": list(self.targets),
                "direct_targets": list(self.direct_targets)}


@dataclass
class DocumentTranslation:
    """A translated file: its bytes, name and media type, and a summary of the work."""

    content: bytes
    filename: str
    media_type: str
    source: str
    target: str
    segments: int = 0
    applied: list[AppliedTerm] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def merge_applied(groups: list[list[AppliedTerm]]) -> list[AppliedTerm]:
    """Applied terms of several results, counts added per entry and surface form."""
    totals: dict[tuple[str, str, str, str], int] = {}
    for group in groups:
        for term in group:
            key = (term.entry_id, term.termbase, term.source_term, term.target_term)
            totals[key] = totals.get(key, 0) + term.count
    return [AppliedTerm(*key, count) for key, count in totals.items()]
