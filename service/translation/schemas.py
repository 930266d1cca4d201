"""Request and response bodies of the translation API (LibreTranslate-compatible in shape)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from corpora.termbase import Termbase, entry_from_mapping


class GlossaryEntryIn(BaseModel):
    """One inline glossary entry: its terms by language (first variant preferred)."""

    id: str = Field(description="Entry id, unique within the request.", examples=["surrender"])
    concept: str | None = Field(default=None, description="What the entry names.")
    terms: dict[str, str | list[str]] = Field(description="Term (or variants) per language code.",
                                              examples=[{"nl": "overlevering", "en": "surrender"}])
    note: str | None = None


class TranslateRequest(BaseModel):
    """POST /v1/translate."""

    q: str | list[str] = Field(description="Text, or a list of texts, to translate.")
    source: str = Field(default="auto", description="Source language code, or 'auto' to detect it.")
    target: str = Field(description="Target language code.", examples=["en"])
    format: Literal["text", "html"] = Field(default="text", description="text, or html (markup kept).")
    glossary: list[GlossaryEntryIn] | None = Field(default=None, description="Extra entries for this request; "
                                                   "they win over the configured termbases.")
    use_termbases: bool = Field(default=True, description="Enforce the configured termbases too.")

    def glossary_termbase(self) -> Termbase | None:
        """The inline glossary as a validated termbase (TermbaseError when malformed)."""
        if not self.glossary:
            return None
        entries = [entry_from_mapping(e.model_dump(), f"glossary entry {i + 1}", "request")
                   for i, e in enumerate(self.glossary)]
        return Termbase("request", entries)


class AppliedTermOut(BaseModel):
    id: str
    termbase: str
    source: str
    target: str
    count: int


class DetectionOut(BaseModel):
    language: str
    confidence: float = Field(description="Percent, as in LibreTranslate.")


class TranslateResponse(BaseModel):
    """translatedText mirrors q: a string for a string, a list for a list."""

    translatedText: str | list[str]
    detectedLanguage: DetectionOut | list[DetectionOut | None] | None = None
    appliedGlossary: list[AppliedTermOut] = []
    route: list[str] | list[list[str]] = []
    warnings: list[str] = []


class DetectRequest(BaseModel):
    q: str = Field(description="Text whose language to detect.")


class LanguageOut(BaseModel):
    code: str
    name: str
    targets: list[str] = Field(description="Every reachable target, through English included.")
    direct_targets: list[str]


class PackageOut(BaseModel):
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    name: str


class PackageInstalledOut(BaseModel):
    installed: PackageOut
    languages: list[LanguageOut]
