"""Embeddings with an on-disk cache keyed by model and content hash.

Re-ingesting unchanged text embeds nothing: the vector comes from the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


def text_key(text: str) -> str:
    """Cache key of a passage."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """SQLite table (model, key) -> float32 vector."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path))
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (model TEXT, key TEXT, vector BLOB, PRIMARY KEY (model, key))"
        )

    def get_many(self, model: str, keys: list[str]) -> dict[str, list[float]]:
        """Cached vectors for those keys that are present."""
        found: dict[str, list[float]] = {}
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT key, vector FROM embeddings WHERE model = ? AND key IN ({marks})", [model, *batch]
            )
            for key, blob in rows:
                found[key] = array("f", blob).tolist()
        return found

    def put_many(self, model: str, items: dict[str, list[float]]) -> None:
        """Store vectors (committed at once, so a crash never leaves half a batch)."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                [(model, key, array("f", vector).tobytes()) for key, vector in items.items()],
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def cache_problems(path: Path, vector_sizes: set[int]) -> list[str]:
    """What is wrong with the cache file at ``path``: SQLite's integrity check, then any model whose
    vectors do not all have one of ``vector_sizes`` float32 values (empty list: consistent)."""
    if not path.is_file():
        return [f"the embedding cache {path} is missing"]
    try:
        with contextlib.closing(sqlite3.connect(str(path))) as db:
            checked = [row[0] for row in db.execute("PRAGMA integrity_check")]
            if checked != ["ok"]:
                return [f"integrity_check: {line}" for line in checked[:10]]
            sizes = db.execute(
                "SELECT model, length(vector), count(*) FROM embeddings GROUP BY model, length(vector)"
            ).fetchall()
    except sqlite3.Error as exc:
        return [f"cannot read the embedding cache {path}: {exc}"]
    problems = [f"{count} vectors of {model} have {length} bytes"
                for model, length, count in sizes if length is None or length // 4 not in vector_sizes or length % 4]
    per_model = Counter(model for model, _, _ in sizes)
    return problems + [f"vectors of {model} have {n} different sizes" for model, n in per_model.items() if n > 1]


class PassageEncoder(Protocol):
    """What the cache needs from a model."""

    model_name: str

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        """One vector per text."""


class CachedEmbedder:
    """Embeddings of passages by one model, computed only for texts not yet in the cache."""

    def __init__(self, encoder: PassageEncoder, cache: EmbeddingCache) -> None:
        self.encoder = encoder
        self.cache = cache
        self.computed = 0

    def embed(self, texts: list[str]) -> list[list[float]]:
        """One vector per text, in order."""
        keys = [text_key(text) for text in texts]
        known = self.cache.get_many(self.encoder.model_name, keys)
        missing = {key: text for key, text in zip(keys, texts) if key not in known}
        if missing:
            vectors = self.encoder.embed_passages(list(missing.values()))
            fresh = dict(zip(missing.keys(), vectors))
            self.cache.put_many(self.encoder.model_name, fresh)
            known.update(fresh)
            self.computed += len(fresh)
        return [known[key] for key in keys]


@dataclass
class Embedders:
    """The embedders of the ingest: English dense (MiniLM) and multilingual (USE) on every chunk,
    e5 (the reranker's vectors) on English chunks when given."""

    dense: CachedEmbedder
    multi: CachedEmbedder
    e5: CachedEmbedder | None = None

    @classmethod
    def over(
        cls, cache: EmbeddingCache, dense_encoder: PassageEncoder, multi_encoder: PassageEncoder,
        e5_encoder: PassageEncoder | None = None,
    ) -> "Embedders":
        """All embedders sharing one cache."""
        e5 = CachedEmbedder(e5_encoder, cache) if e5_encoder is not None else None
        return cls(CachedEmbedder(dense_encoder, cache), CachedEmbedder(multi_encoder, cache), e5)

    @property
    def computed(self) -> int:
        """Vectors computed so far by all models (cache misses)."""
        return self.dense.computed + self.multi.computed + (self.e5.computed if self.e5 else 0)

    @property
    def model_names(self) -> str:
        """The model names, for the source version."""
        names = [self.dense.encoder.model_name, self.multi.encoder.model_name]
        return "+".join(names + ([self.e5.encoder.model_name] if self.e5 else []))
