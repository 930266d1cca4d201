"""Offline language detection with py3langid (its model ships inside the wheel)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from corpora.errors import InvalidRequestError


@dataclass(frozen=True)
class Detection:
    """A detected language and the detector's confidence (0-1)."""

    language: str
    confidence: float

    def as_dict(self) -> dict[str, object]:
        """LibreTranslate's shape: confidence in percent."""
        return {"language": self.language, "confidence": round(self.confidence * 100, 1)}


class LanguageDetector:
    """py3langid's naive Bayes identifier, loaded on first use."""

    def __init__(self) -> None:
        self._identifier = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            return self._identifier

    def detect(self, text: str, candidates: list[str] | None = None, limit: int = 3) -> list[Detection]:
        """The most likely languages of ``text``, best first, among ``candidates`` when given."""
        if not text.strip():
            raise InvalidRequestError("cannot detect the language of an empty text")
        identifier = self._load()
        known = set(identifier.nb_classes)
        usable = sorted(code for code in candidates or [] if code in known)
        with self._lock:
            identifier.set_languages(usable or None)
            ranked = identifier.rank(text)
        if candidates and not usable:
            raise InvalidRequestError(f"language detection knows none of: {', '.join(candidates)}")
        return [Detection(code, float(score)) for code, score in ranked[:limit]]

    def best(self, text: str, candidates: list[str] | None = None) -> Detection:
        """The single most likely language."""
        return self.detect(text, candidates, limit=1)[0]
