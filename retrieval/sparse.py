"""BM25 sparse vectors from qdrant-edge's encoder (no download), one stemmer per language.

Qdrant stores the term frequencies; the IDF modifier of the collection supplies
the inverse document frequency at query time, for both backends.
"""

from __future__ import annotations

from functools import lru_cache

import qdrant_edge as qe

from retrieval.store import SparseVec

STEMMER_LANGUAGE = {"en": "english", "fr": "french", "nl": "dutch", "es": "spanish", "de": "german"}
#: Provisions are short (a numbered paragraph): normalise lengths around this many tokens.
AVERAGE_TOKENS = 90.0


@lru_cache(maxsize=8)
def _encoder(language: str) -> qe.Bm25:
    stemmer = STEMMER_LANGUAGE.get(language, "english")
    return qe.Bm25(qe.Bm25Config(language=stemmer, avg_len=AVERAGE_TOKENS))


def _as_sparse(vector: qe.SparseVector) -> SparseVec:
    return SparseVec(list(vector.indices), list(vector.values))


def embed_document(text: str, language: str = "en") -> SparseVec:
    """Term-frequency vector of a passage, stemmed for its language."""
    return _as_sparse(_encoder(language).embed_document(text))


def embed_query(text: str, language: str = "en") -> SparseVec:
    """Query vector of a question, stemmed for its language."""
    return _as_sparse(_encoder(language).embed_query(text))


def merge(*vectors: SparseVec) -> SparseVec:
    """One query vector holding the terms of all (the larger weight where a term repeats)."""
    weights: dict[int, float] = {}
    for vector in vectors:
        for index, value in zip(vector.indices, vector.values):
            weights[index] = max(value, weights.get(index, 0.0))
    return SparseVec(list(weights), list(weights.values()))

