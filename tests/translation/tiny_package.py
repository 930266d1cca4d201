"""Tiny but real .argosmodel packages (nl→en, en→fr): the translation tests' fixtures.

Recipe: template sentence pairs over a small legal lexicon (:mod:`tests.translation.tiny_domain`);
one joint sentencepiece model; a small MarianMTModel; converted with CTranslate2's
TransformersConverter; zipped with ``metadata.json`` and a blank spaCy pipeline as the
package's own sentence splitter. Because the model reproduces its domain, the tests
assert exact translations.

Why the tests pass on any x86-64 CPU, by construction:

1. The packages are built once and committed (``tests/fixtures/argos/``, about 1.6 MB each,
   with ``build.json`` recording how). No test trains a model, so the floating-point
   paths of the machine that runs the tests never touch training. (Training did differ:
   a 600-step model built on one AMD EPYC translated "The Minister sends the request." as
   "envoie la décision.", while the same recipe passed elsewhere.)
2. A build is written only after it passes :mod:`tests.translation.tiny_verify` over the
   whole enumerated domain: the right token wins every decoding step by a log-probability
   margin far above any CPU's rounding differences, and the CTranslate2 model decodes every
   sentence exactly at every compute type the CPU offers. Training goes on, with the checks
   every 300 steps, until it passes, so a rebuild on any machine, with any thread
   count or SIMD level, yields a package that passes the same tests.
3. ``tests/translation/test_tiny_fixtures.py`` repeats the decoding check on the machine
   running the suite, so a CPU whose inference differed would be named at once.

Rebuild: ``python -m tests.translation.tiny_package`` (about a minute per pair on 2 cores);
``--out DIR`` builds elsewhere, and ``PALERMO_TINY_ARGOS_DIR=DIR`` makes the tests use it
(``python -m tests.translation.rebuild_matrix`` does both under several CPU settings).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path

from tests.translation.tiny_domain import PLACEHOLDER_SYMBOLS, domain_pairs, training_pairs
from tests.translation.tiny_verify import MIN_MARGIN, check_decoding, check_margins

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "argos"
NAMES = {"nl": "Dutch", "en": "English", "fr": "French"}
PAIRS = ("nl-en", "en-fr")
D_MODEL, LAYERS = 128, 2  # one 96-wide layer confused two placeholders in one sentence
WARMUP, CHECK_EVERY, MAX_STEPS = 100, 300, 6000  # the checks run every CHECK_EVERY steps; training stops at the first pass


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


def _batches(pairs, sp, pad_id: int, eos_id: int, batch_size: int, seed: int):
    """Endless seeded random batches of (input ids, attention mask, labels)."""
    import torch

    rng = random.Random(seed)
    encoded = [(sp.encode(s), sp.encode(t) + [eos_id]) for s, t in pairs]
    while True:
        batch = rng.sample(encoded, batch_size)
        src_len, tgt_len = max(len(s) for s, _ in batch), max(len(t) for _, t in batch)
        ids = torch.full((batch_size, src_len), pad_id)
        labels = torch.full((batch_size, tgt_len), -100)
        for row, (s, t) in enumerate(batch):
            ids[row, : len(s)] = torch.tensor(s)
            labels[row, : len(t)] = torch.tensor(t)
        yield ids, (ids != pad_id).long(), labels


def _new_marian(sp):
    from transformers import MarianConfig, MarianMTModel

    size = sp.get_piece_size()
    config = MarianConfig(
        vocab_size=size + 1, d_model=D_MODEL, encoder_layers=LAYERS, decoder_layers=LAYERS, encoder_attention_heads=4,
        decoder_attention_heads=4, encoder_ffn_dim=2 * D_MODEL, decoder_ffn_dim=2 * D_MODEL, max_position_embeddings=512,
        pad_token_id=size, eos_token_id=sp.eos_id(), decoder_start_token_id=size, forced_eos_token_id=sp.eos_id(),
        dropout=0.0, share_encoder_decoder_embeddings=True, scale_embedding=True,
    )
    return MarianMTModel(config)


def _training(pairs, sp, threads: int):
    """Train a small MarianMTModel (seeded); yield (steps so far, model) every CHECK_EVERY steps.

    Learning rate: linear warm-up to 3e-3, then inverse square-root decay, so training can
    stop at any check without a schedule that assumes a fixed length.
    """
    import torch

    torch.manual_seed(0)
    torch.set_num_threads(threads)
    model = _new_marian(sp)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min((step + 1) / WARMUP, (WARMUP / (step + 1)) ** 0.5))
    batches = _batches(pairs, sp, sp.get_piece_size(), sp.eos_id(), 32, seed=1)
    for steps in range(1, MAX_STEPS + 1):
        model.train()
        ids, mask, labels = next(batches)
        model(input_ids=ids, attention_mask=mask, labels=labels).loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        if steps % CHECK_EVERY == 0:
            model.eval()
            yield steps, model


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

    # float16 storage halves the committed fixture (under 2 MiB); its rounding (about 1e-3 relative) is far
    # below the 2-nat margin, and the decoding check runs on this stored model at every compute type.
    Converter(str(hf_dir)).convert(str(out), quantization="float16", force=True)


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


def _trained_and_verified(pairs, sp, domain, work: Path, threads: int, log) -> tuple[Path, dict]:
    """Train until both checks pass; the CTranslate2 model dir and the record of the checks."""
    for steps, model in _training(pairs, sp, threads):
        margin = check_margins(model, sp, domain)
        log(f"  {steps} steps: min margin {margin.min_margin:.2f} over {margin.checked} sentences, {len(margin.failures)} below {MIN_MARGIN}")
        if not margin.passed:
            continue
        hf_dir, ct2_dir = work / f"hf-{steps}", work / f"ct2-{steps}"
        model.save_pretrained(hf_dir)
        _convert(hf_dir, sp, ct2_dir)
        decoding = check_decoding(ct2_dir, sp, domain)
        log(f"  {steps} steps: CTranslate2 decoding, {len(decoding.failures)} failures")
        if decoding.passed:
            return ct2_dir, {"steps": steps, "margin": margin.as_dict(), "decoding": decoding.as_dict()}
    raise RuntimeError(f"the tiny model did not learn its domain in {MAX_STEPS} steps: widen it (D_MODEL) or train longer")


def build_package(src: str, tgt: str, target: Path, threads: int = 1, log=print) -> dict:
    """Train, verify and package a tiny ``src``→``tgt`` model into ``target`` (.argosmodel); the build record."""
    pairs, domain = training_pairs(src, tgt, count=20000), domain_pairs(src, tgt)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sp = _train_sentencepiece(pairs, work)
        model_dir, record = _trained_and_verified(pairs, sp, domain, work, threads, log)
        folder = work / "pkg" / f"translate-{src}_{tgt}-tiny"
        _write_package(folder, src, tgt, work, model_dir)
        partial = target.with_suffix(".partial")
        _zip_folder(folder, partial)
        partial.replace(target)
    return record


def package_dir() -> Path:
    """Where the tests take the packages from: ``$PALERMO_TINY_ARGOS_DIR`` (a rebuild) or the committed fixtures."""
    return Path(os.environ.get("PALERMO_TINY_ARGOS_DIR") or FIXTURES)


def tiny_package(src: str, tgt: str) -> Path:
    """The tiny ``src``→``tgt`` package (committed; run this module to rebuild it)."""
    target = package_dir() / f"translate-{src}_{tgt}-tiny.argosmodel"
    if not target.is_file():
        raise FileNotFoundError(f"{target} is missing: rebuild it with `python -m tests.translation.tiny_package --out {target.parent}`")
    return target


def rebuild(out: Path, pairs: list[str], threads: int) -> None:
    """Build the packages into ``out`` and write ``build.json`` (settings, versions, check results)."""
    out.mkdir(parents=True, exist_ok=True)
    record = {"threads": threads, "ATEN_CPU_CAPABILITY": os.environ.get("ATEN_CPU_CAPABILITY", "native"),
              "versions": {d: metadata.version(d) for d in ("torch", "transformers", "ctranslate2", "sentencepiece", "spacy")},
              "min_margin_required": MIN_MARGIN, "stored_weights": "float16", "packages": {}}
    for pair in pairs:
        started = time.perf_counter()
        print(f"{pair}: training")
        built = build_package(*pair.split("-"), out / f"translate-{pair.replace('-', '_')}-tiny.argosmodel", threads)
        record["packages"][pair] = {**built, "seconds": round(time.perf_counter() - started, 1)}
        print(f"{pair}: done in {record['packages'][pair]['seconds']} s")
    (out / "build.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Rebuild the tiny test translation packages (verified before they are written).")
    parser.add_argument("pairs", nargs="*", default=list(PAIRS), help="language pairs, e.g. nl-en en-fr")
    parser.add_argument("--out", type=Path, default=FIXTURES, help="output folder (default: the committed fixtures)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads for training")
    arguments = parser.parse_args()
    rebuild(arguments.out, arguments.pairs, arguments.threads)
