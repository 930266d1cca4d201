"""multilingual-e5-small: the converted folder, its int8 form and cross-lingual reach."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from corpora.errors import ModelError
from retrieval.e5 import E5Encoder, model_dir
from retrieval.e5_convert import REBUILD_COMMAND, STAMP_FILE, check


@pytest.fixture(scope="module")
def e5():
    if check(model_dir()):
        pytest.skip(f"{check(model_dir())}; run `{REBUILD_COMMAND}`")
    return E5Encoder()


def test_query_and_passage_prefixes_differ(e5):
    text = "The requested State Party shall not decline mutual legal assistance on the ground of bank secrecy."
    query, passage = np.array(e5.embed_query(text)), np.array(e5.embed_passages([text])[0])
    assert len(query) == 384 and abs(np.linalg.norm(query) - 1) < 1e-4
    assert 0.8 < float(query @ passage) < 0.9999


def test_questions_in_other_scripts_reach_the_english_provision(e5):
    passages = e5.embed_passages([
        "States Parties shall not decline to render mutual legal assistance on the ground of bank secrecy.",
        "Each State Party shall adopt legislative measures to establish as criminal offences the laundering of proceeds of crime.",
        "The Secretary-General of the United Nations shall be the depositary of this Convention.",
    ])
    for question in ("هل يجوز رفض المساعدة القانونية المتبادلة بسبب السرية المصرفية؟",
                     "Можно ли отказать в правовой помощи из-за банковской тайны?",
                     "可以以银行保密为由拒绝司法协助吗？"):
        scores = np.array(passages) @ np.array(e5.embed_query(question))
        assert int(np.argmax(scores)) == 0, (question, scores)


def test_int8_is_quantised_and_cached_apart(e5):
    texts = ["Extradition shall be refused if the offence is regarded as a political offence.",
             "De aangezochte Staat verleent wederzijdse rechtshulp in strafzaken."]
    quantised = E5Encoder(int8=True)
    int8 = np.array(quantised.embed_passages(texts))
    fp32 = np.array(e5.embed_passages(texts))
    assert quantised.model_name != e5.model_name  # cached apart
    assert "quantized" in type(quantised._model[0].model.encoder.layer[0].output.dense).__module__
    assert 0.9 < float(np.min(np.sum(fp32 * int8, axis=1))) < 0.9999


def test_missing_or_corrupt_model_names_the_rebuild_command(tmp_path):
    with pytest.raises(ModelError, match="make models"):
        E5Encoder(path=tmp_path / "nowhere").embed_query("x")
    if check(model_dir()):
        pytest.skip("no converted model to copy")
    broken = tmp_path / "e5"
    broken.mkdir()
    stamp = json.loads((model_dir() / STAMP_FILE).read_text())
    shutil.copy(model_dir() / STAMP_FILE, broken / STAMP_FILE)
    assert "missing" in check(broken)
    (broken / STAMP_FILE).write_text("{not json")
    assert "corrupt" in check(broken)
    assert stamp["files"]


def test_onnx_int8_matches_the_fp32_model(e5):
    from retrieval.e5_onnx import E5OnnxEncoder

    onnx = E5OnnxEncoder(model_dir())
    texts = ["Extradition shall be refused if the offence is regarded as a political offence.",
             "De aangezochte Staat verleent wederzijdse rechtshulp in strafzaken.",
             "A request for mutual legal assistance shall contain the identity of the authority making the request, "
             "the subject matter and nature of the investigation, prosecution or judicial proceeding. " * 3]
    ours, reference = np.array(onnx.embed_passages(texts)), np.array(e5.embed_passages(texts))
    assert ours.shape == (3, 384) and np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-4)
    assert float(np.min(np.sum(ours * reference, axis=1))) > 0.99  # measured 0.996-0.999
    query = np.array(onnx.embed_query("Peut-on refuser l'extradition pour une infraction politique ?"))
    assert int(np.argmax(ours @ query)) == 0  # prefixes and the cross-lingual reach survive the export


def test_missing_onnx_model_names_the_rebuild_command(tmp_path):
    from retrieval.e5_onnx import E5OnnxEncoder

    encoder = E5OnnxEncoder(tmp_path)
    assert not encoder.available()
    with pytest.raises(ModelError, match="make models"):
        encoder.embed_query("x")
    if check(model_dir()):
        pytest.skip("no converted model to copy the tokenizer from")
    (tmp_path / "onnx").mkdir()
    (tmp_path / "onnx" / "model-int8.onnx").write_bytes(b"truncated")
    shutil.copy(model_dir() / "tokenizer.json", tmp_path / "tokenizer.json")
    with pytest.raises(ModelError, match="make models"):
        E5OnnxEncoder(tmp_path).embed_query("x")
