"""multilingual-e5-small through ONNX Runtime, int8: the encoder the index and the retriever use.

Set-up (:mod:`retrieval.e5_convert`, run by ``make models``) exports the converted ``BertModel``
with mean pooling and normalisation to ONNX and quantises its weights to int8 (dynamic,
per channel) with ``onnxruntime.quantization``. Measured here against the fp32 model on 128
corpus passages: cosine 0.997 on average (min 0.994), 39 passages/s against 11 for torch fp32
(2 cores, batches of similar length). Tokenisation uses the folder's ``tokenizer.json`` through
``tokenizers``, so neither torch nor transformers is imported at query time.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from corpora.errors import ModelError
from retrieval.dense import QUERY_CACHE

ONNX_FILE = "onnx/model-int8.onnx"
E5_ONNX_MODEL_NAME = "multilingual-e5-small-onnx-int8"
MAX_TOKENS = 512
BATCH = 16


def export_int8(folder: Path) -> Path:
    """Export the sentence-transformers folder's model (pooled, normalised) to ONNX and quantise
    it to int8; returns the int8 file. The fp32 export is an intermediate and is removed."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import BertModel

    bert = BertModel.from_pretrained(str(folder), local_files_only=True).eval()
    target = folder / ONNX_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    fp32 = target.with_name("model-fp32.onnx")
    sample = torch.tensor([[0, 10, 20, 2]]), torch.ones((1, 4), dtype=torch.int64)
    with torch.no_grad():
        torch.onnx.export(_Pooled(bert), sample, str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["embedding"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                        "embedding": {0: "batch"}})
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
    fp32.unlink()
    for leftover in target.parent.glob("*.data"):
        leftover.unlink()
    return target


class _Pooled:
    """BertModel -> mean-pooled, L2-normalised sentence vector (what sentence-transformers computes)."""

    def __new__(cls, bert: Any) -> Any:
        import torch

        class Pooled(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = bert

            def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
                hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                return torch.nn.functional.normalize(pooled, dim=-1)

        return Pooled()


class E5OnnxEncoder:
    """Cheap to build; the session loads on first use. Questions get the ``query: `` prefix,
    provisions ``passage: `` (e5 was trained so)."""

    model_name = E5_ONNX_MODEL_NAME

    def __init__(self, folder: Path, threads: int | None = None) -> None:
        self.folder = folder
        self.threads = threads or min(4, os.cpu_count() or 1)
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        self._recent = functools.lru_cache(maxsize=QUERY_CACHE)(lambda text: tuple(self._embed([f"query: {text}"])[0]))

    def available(self) -> bool:
        """True when the exported model and its tokenizer are on disk."""
        return (self.folder / ONNX_FILE).is_file() and (self.folder / "tokenizer.json").is_file()

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                if not self.available():
                    from retrieval.e5_convert import REBUILD_COMMAND

                    raise ModelError(f"the e5 ONNX model is missing at {self.folder / ONNX_FILE}; run {REBUILD_COMMAND}")
                import onnxruntime as ort
                from tokenizers import Tokenizer

                options = ort.SessionOptions()
                options.intra_op_num_threads = self.threads
                options.log_severity_level = 3
                # no busy-waiting between runs: it would take the CPU from the other models of a query
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                try:
                    session = ort.InferenceSession(str(self.folder / ONNX_FILE), options, providers=["CPUExecutionProvider"])
                    tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
                except Exception as exc:  # a truncated or foreign file
                    from retrieval.e5_convert import REBUILD_COMMAND

                    raise ModelError(f"cannot load the e5 ONNX model at {self.folder}: {exc}; run {REBUILD_COMMAND}") from exc
                tokenizer.enable_truncation(MAX_TOKENS)
                tokenizer.enable_padding(pad_id=tokenizer.token_to_id("<pad>"), pad_token="<pad>")
                self._session, self._tokenizer = session, tokenizer
            return self._session, self._tokenizer

    def _embed(self, texts: list[str]) -> list[list[float]]:
        session, tokenizer = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad little
        vectors: list[Any] = [None] * len(texts)
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            encoded = tokenizer.encode_batch([texts[i] for i in batch])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            for i, row in zip(batch, session.run(None, {"input_ids": ids, "attention_mask": mask})[0]):
                vectors[i] = row.tolist()
        return vectors

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        """Normalised vectors of provisions."""
        return self._embed([f"passage: {text}" for text in texts]) if texts else []

    def embed_query(self, text: str) -> list[float]:
        """Normalised vector of one question (recent ones are remembered, as by the dense encoder)."""
        return list(self._recent(text))
