"""Offline sentence splitting for a translation package.

argostranslate picks a splitter that may download a model (MiniSBD by language code, the
spaCy multilingual model, stanza resources). palermo chooses instead, never downloading:
the package's own ``minisbd/*.onnx``, ``spacy/`` or ``stanza/`` folder when it ships one,
otherwise pysbd's rule-based splitter (bundled rules for 20+ languages; a punctuation
rule for the rest).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

_FALLBACK = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z0-9À-Ý])")


class RuleSentencizer:
    """pysbd for languages it knows, a punctuation rule otherwise (same interface as argostranslate's)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._segmenter = None

    def split_sentences(self, text: str) -> list[str]:
        import pysbd
        from pysbd.languages import LANGUAGE_CODES

        if self.language not in LANGUAGE_CODES:
            return [part for part in _FALLBACK.split(text) if part.strip()] or [text]
        if self._segmenter is None:
            self._segmenter = pysbd.Segmenter(language=self.language, clean=False, char_span=False)
        return [part for part in self._segmenter.segment(text) if part.strip()] or [text]


class StanzaOfflineSentencizer:
    """The package's stanza tokenizer, loaded with downloads switched off."""

    def __init__(self, folder: Path, language: str) -> None:
        self.folder, self.language, self._pipeline = folder, language, None

    def split_sentences(self, text: str) -> list[str]:
        if self._pipeline is None:
            import stanza

            self._pipeline = stanza.Pipeline(lang=self.language, dir=str(self.folder), processors="tokenize",
                                             use_gpu=False, logging_level="WARNING", download_method=None)
        return [sentence.text for sentence in self._pipeline(text).sentences]


def packaged_splitter_kind(package_path: Path) -> str:
    """Which splitter a package carries: minisbd, spacy, stanza or none."""
    if any((package_path / "minisbd").glob("*.onnx")):
        return "minisbd"
    for kind in ("spacy", "stanza"):
        if (package_path / kind).is_dir():
            return kind
    return "none"


def sentencizer_for(argos: SimpleNamespace, pkg: object, package_path: Path, language: str) -> object:
    """An offline sentence splitter for an argostranslate package object."""
    kind = packaged_splitter_kind(package_path)
    if kind == "minisbd":
        return argos.sbd.MiniSBDSentencizer(pkg)
    if kind == "spacy":
        return argos.sbd.SpacySentencizerSmall(pkg)
    if kind == "stanza":
        return StanzaOfflineSentencizer(package_path / "stanza", language)
    return RuleSentencizer(language)
