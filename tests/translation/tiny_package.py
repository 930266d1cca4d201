"""Build tiny but real .argosmodel packages offline (test helper and benchmark fixture).

Recipe: template sentence pairs over a small legal lexicon (Dutch, English, French) with
placeholder slots; one joint sentencepiece model; a small MarianMTModel trained for a few
hundred steps; converted with CTranslate2's TransformersConverter; zipped with
``metadata.json`` and a blank spaCy pipeline as the package's own sentence splitter.
The result translates its own domain correctly, so tests can assert on the output.

Packages are cached under ``<repo>/data/test-cache/argos-tiny/<recipe hash>/`` (or
``$PALERMO_TINY_ARGOS_CACHE``): local reruns are instant, CI builds once per run.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LANGS = ("nl", "en", "fr")
NAMES = {"nl": "Dutch", "en": "English", "fr": "French"}
PLACEHOLDER_SYMBOLS = [f"QX{n}Q" for n in range(10)]

SUBJECTS = [
    ("de aangezochte Staat", "the requested State", "l'État requis"),
    ("de verzoekende Staat", "the requesting State", "l'État requérant"),
    ("de centrale autoriteit", "the central authority", "l'autorité centrale"),
    ("de rechtbank", "the court", "le tribunal"),
    ("de officier van justitie", "the prosecutor", "le procureur"),
    ("de minister", "the Minister", "le ministre"),
]
VERBS = [
    ("zendt", "sends", "envoie"),
    ("weigert", "refuses", "refuse"),
    ("ontvangt", "receives", "reçoit"),
    ("verleent", "grants", "accorde"),
    ("onderzoekt", "examines", "examine"),
]
OBJECTS = [
    ("het verzoek", "the request", "la demande"),
    ("de stukken", "the documents", "les documents"),
    ("wederzijdse rechtshulp", "mutual legal assistance", "l'entraide judiciaire"),
    ("uitlevering", "extradition", "l'extradition"),
    ("het bewijs", "the evidence", "les preuves"),
    ("de beslissing", "the decision", "la décision"),
    ("de vertaling", "the translation", "la traduction"),
]
ADJUNCTS = [
    ("op grond van artikel {p}", "under article {p}", "en vertu de l'article {p}"),
    ("in dossier {p}", "in file {p}", "dans le dossier {p}"),
    ("op {p}", "on {p}", "le {p}"),
    ("aan {p}", "to {p}", "à {p}"),
    ("onverwijld", "without delay", "sans délai"),
    ("schriftelijk", "in writing", "par écrit"),
]


def recipe_hash() -> str:
    """Hash of this file and the library versions: the cache key."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for dist in ("torch", "transformers", "ctranslate2", "sentencepiece", "spacy"):
        digest.update(f"{dist}={metadata.version(dist)}".encode())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """Folder holding the cached packages of the current recipe."""
    root = os.environ.get("PALERMO_TINY_ARGOS_CACHE") or REPO / "data" / "test-cache" / "argos-tiny"
    return Path(root) / recipe_hash()


DETERMINERS = {"de", "het", "the", "le", "la", "les"}


def _maybe_token(rng: random.Random, phrase: tuple[str, ...]) -> tuple[str, ...]:
    """A noun phrase, or a placeholder for all of it, or for its noun after the determiner."""
    roll, token = rng.random(), rng.choice(PLACEHOLDER_SYMBOLS)
    if roll < 0.15:
        return tuple(token for _ in phrase)
    if roll < 0.3 and all(p.split(" ", 1)[0].lower() in DETERMINERS and " " in p for p in phrase):
        return tuple(f"{p.split(' ', 1)[0]} {token}" for p in phrase)
    return phrase


def _sentence(rng: random.Random, src: int, tgt: int) -> tuple[str, str]:
    subject, verb = _maybe_token(rng, rng.choice(SUBJECTS)), rng.choice(VERBS)
    obj = _maybe_token(rng, rng.choice(OBJECTS))
    parts = [[subject[i], verb[i], obj[i]] for i in (src, tgt)]
    if rng.random() < 0.7:
        adjunct, token = rng.choice(ADJUNCTS), rng.choice(PLACEHOLDER_SYMBOLS)
        for side, i in enumerate((src, tgt)):
            parts[side].append(adjunct[i].format(p=token))
    pair = [" ".join(words) for words in parts]
    return tuple(text[0].upper() + text[1:] + "." for text in pair)  # type: ignore[return-value]


def training_pairs(src: str, tgt: str, count: int = 5000, seed: int = 7) -> list[tuple[str, str]]:
    """Template sentence pairs from ``src`` to ``tgt``."""
    rng = random.Random(seed)
    return [_sentence(rng, LANGS.index(src), LANGS.index(tgt)) for _ in range(count)]


def _train_sentencepiece(pairs: list[tuple[str, str]], work: Path):
    import sentencepiece as spm

    corpus = work / "sp-corpus.txt"
    corpus.write_text("\n".join(s for pair in pairs for s in pair), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(work / "sentencepiece"), vocab_size=300, hard_vocab_limit=False, model_type="unigram",
        character_coverage=1.0, user_defined_symbols=PLACEHOLDER_SYMBOLS, pad_id=-1, bos_id=-1,
        unk_id=0, eos_id=1, minloglevel=2, num_threads=2,
    )
    return spm.SentencePieceProcessor(model_file=str(work / "sentencepiece.model"))


def _batches(pairs, sp, pad_id: int, eos_id: int, batch_size: int, steps: int, seed: int):
    import torch

    rng = random.Random(seed)
    encoded = [(sp.encode(s), sp.encode(t) + [eos_id]) for s, t in pairs]
    for _ in range(steps):
        batch = rng.sample(encoded, batch_size)
        src_len, tgt_len = max(len(s) for s, _ in batch), max(len(t) for _, t in batch)
        ids = torch.full((batch_size, src_len), pad_id)
        labels = torch.full((batch_size, tgt_len), -100)
        for row, (s, t) in enumerate(batch):
            ids[row, : len(s)] = torch.tensor(s)
            labels[row, : len(t)] = torch.tensor(t)
        yield ids, (ids != pad_id).long(), labels


def _train_marian(pairs, sp, out: Path, steps: int) -> None:
    import torch
    from transformers import MarianConfig, MarianMTModel

    torch.manual_seed(0)
    torch.set_num_threads(1)  # tiny matrices: a second thread gains nothing
    size = sp.get_piece_size()
    pad_id, eos_id = size, sp.eos_id()
    config = MarianConfig(
        vocab_size=size + 1, d_model=96, encoder_layers=1, decoder_layers=1, encoder_attention_heads=4,
        decoder_attention_heads=4, encoder_ffn_dim=192, decoder_ffn_dim=192, max_position_embeddings=512,
        pad_token_id=pad_id, eos_token_id=eos_id, decoder_start_token_id=pad_id, forced_eos_token_id=eos_id,
        dropout=0.0, share_encoder_decoder_embeddings=True, scale_embedding=True,
    )
    model = MarianMTModel(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=steps, pct_start=0.1)
    model.train()
    for ids, mask, labels in _batches(pairs, sp, pad_id, eos_id, 32, steps, seed=1):
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
    model.eval()
    model.save_pretrained(out)


class _VocabOnly:
    """What the converter needs of a tokenizer: the vocabulary and special tokens."""

    def __init__(self, sp) -> None:
        self.vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
        self.vocab["<pad>"] = sp.get_piece_size()
        self.eos_token, self.unk_token = sp.id_to_piece(sp.eos_id()), sp.id_to_piece(sp.unk_id())
        self.bos_token = None

    def get_vocab(self) -> dict[str, int]:
        return dict(self.vocab)


def _convert(hf_dir: Path, sp, out: Path) -> None:
    from ctranslate2.converters import TransformersConverter

    class Converter(TransformersConverter):
        def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
            return _VocabOnly(sp)

    Converter(str(hf_dir)).convert(str(out), force=True)


def _write_package(folder: Path, src: str, tgt: str, work: Path, model_dir: Path) -> None:
    import spacy

    folder.mkdir(parents=True)
    shutil.copytree(model_dir, folder / "model")
    shutil.copy(work / "sentencepiece.model", folder / "sentencepiece.model")
    spacy.blank(src).to_disk(folder / "spacy")
    meta = {"package_version": "0.1", "argos_version": "1.9.0", "type": "translate", "from_code": src,
            "from_name": NAMES[src], "to_code": tgt, "to_name": NAMES[tgt], "links": []}
    (folder / "metadata.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (folder / "README.md").write_text(f"Tiny {src}->{tgt} test package (template domain only).\n", encoding="utf-8")


def _zip_folder(folder: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder.parent).as_posix())


def build_package(src: str, tgt: str, target: Path, steps: int = 600) -> Path:
    """Train and package a tiny ``src``→``tgt`` model into ``target`` (.argosmodel)."""
    pairs = training_pairs(src, tgt)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sp = _train_sentencepiece(pairs, work)
        _train_marian(pairs, sp, work / "hf", steps)
        _convert(work / "hf", sp, work / "ct2")
        folder = work / "pkg" / f"translate-{src}_{tgt}-tiny"
        _write_package(folder, src, tgt, work, work / "ct2")
        partial = target.with_suffix(".partial")
        _zip_folder(folder, partial)
        partial.replace(target)
    return target


def tiny_package(src: str, tgt: str) -> Path:
    """The cached tiny package for ``src``→``tgt``, built on first use."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"translate-{src}_{tgt}-tiny.argosmodel"
    if not target.is_file():
        build_package(src, tgt, target)
    return target


if __name__ == "__main__":
    import sys
    import time

    for pair in sys.argv[1:] or ["nl-en", "en-fr"]:
        started = time.perf_counter()
        built = tiny_package(*pair.split("-"))
        print(f"{built} ({time.perf_counter() - started:.1f} s)")
