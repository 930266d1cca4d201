"""Only English texts, and texts without an English original, get dense vectors."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.writer import needs_vectors


@dataclass
class _Provision:
    instrument_id: str
    label: str
    language: str


@dataclass
class _Chunk:
    provision: _Provision


def test_translations_of_english_provisions_are_not_embedded():
    chunks = [_Chunk(_Provision("X", "X art. 1(1)", "en")), _Chunk(_Provision("X", "X art. 1(1)", "nl")),
              _Chunk(_Provision("X", "X art. 2", "nl")), _Chunk(_Provision("X", "X art. 1(1)", "fr"))]
    assert needs_vectors(chunks) == [True, False, True, False]
