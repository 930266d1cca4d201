"""Checks that a tiny translation model reproduces its whole template domain, with room to spare.

Two checks, both over :func:`tests.translation.tiny_domain.domain_pairs`:

- **margin** (the trained PyTorch model, teacher-forced): at every target position the
  right token must beat the runner-up by at least ``MIN_MARGIN`` in log-probability. Then
  greedy decoding yields the right sentence, and no floating-point path of another CPU
  (a different SIMD width, int8 kernels, thread count) moves a logit far enough to flip a
  choice; such differences are orders of magnitude smaller than the margin.
- **decoding** (the converted CTranslate2 model, as palermo runs it): every sentence comes
  out exactly, greedily, at every compute type this CPU offers (``float32``, ``int8``...;
  palermo's default ``auto`` picks one of them), with the decoding parameters of
  ``service.translation.engine``.

Greedy, because only greedy decoding follows from the margins. CTranslate2's beam search
(patience 1) stops once ``beam_size`` hypotheses have ended; a tiny model whose words are
split into few-letter pieces offers many hypotheses that skip one piece, score about 5 nats
worse and end one step before the right one, so beam 4 can return one of them. Which one,
or whether the right one ends first, turns on tiny score differences among those wrong
hypotheses: that is the machine dependence behind "envoie la décision." for "Le ministre
envoie la demande.". The tests therefore run these packages with
``PALERMO_TRANSLATION_BEAM_SIZE=1`` (``tests/conftest.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MIN_MARGIN = 2.0  # nats: the right token is at least e² ≈ 7.4 times likelier than any other
BATCH = 256


@dataclass
class Verdict:
    """What the checks found: the smallest margin and the sentences that failed."""

    checked: int
    min_margin: float | None = None  # the margin check's; None for the decoding check
    failures: list[str] = field(default_factory=list)
    compute_types: list[str] = field(default_factory=list)  # the decoding check's

    @property
    def passed(self) -> bool:
        """True when every sentence came out right with the margin required."""
        return not self.failures

    def as_dict(self) -> dict[str, object]:
        """For the build record."""
        found: dict[str, object] = {"checked": self.checked, "failures": self.failures[:20]}
        if self.min_margin is not None:
            found["min_margin"] = round(self.min_margin, 3)
        if self.compute_types:
            found["compute_types"] = self.compute_types
        return found


def margins(model, sp, pairs: list[tuple[str, str]]) -> list[float]:
    """Per pair, the smallest log-probability gap between the right next token and the best other one."""
    import torch

    pad_id, eos_id = sp.get_piece_size(), sp.eos_id()
    found: list[float] = []
    model.eval()
    with torch.no_grad():
        for start in range(0, len(pairs), BATCH):
            chunk = pairs[start : start + BATCH]
            sources = [sp.encode(s) for s, _ in chunk]
            targets = [sp.encode(t) + [eos_id] for _, t in chunk]
            ids = torch.full((len(chunk), max(map(len, sources))), pad_id)
            labels = torch.full((len(chunk), max(map(len, targets))), -100)
            for row, (s, t) in enumerate(zip(sources, targets)):
                ids[row, : len(s)], labels[row, : len(t)] = torch.tensor(s), torch.tensor(t)
            logits = model(input_ids=ids, attention_mask=(ids != pad_id).long(), labels=labels).logits
            logp = torch.log_softmax(logits.float(), dim=-1)
            gold = logp.gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
            others = logp.scatter(-1, labels.clamp(min=0).unsqueeze(-1), float("-inf")).max(-1).values
            gap = (gold - others).masked_fill(labels == -100, float("inf"))
            found.extend(gap.min(-1).values.tolist())
    return found


def check_margins(model, sp, pairs: list[tuple[str, str]]) -> Verdict:
    """The margin check on the trained model."""
    gaps = margins(model, sp, pairs)
    verdict = Verdict(checked=len(pairs), min_margin=min(gaps))
    verdict.failures = [f"margin {gap:.2f}: {s} -> {t}" for gap, (s, t) in zip(gaps, pairs) if gap < MIN_MARGIN]
    return verdict


def decode(model_dir: Path, sp, sources: list[str], compute_type: str, beam_size: int) -> list[str]:
    """Translate with CTranslate2 the way palermo's engine does."""
    import ctranslate2

    translator = ctranslate2.Translator(str(model_dir), device="cpu", compute_type=compute_type, intra_threads=1)
    results = translator.translate_batch(
        [sp.encode(s, out_type=str) for s in sources], replace_unknowns=True, max_batch_size=1024,
        batch_type="tokens", beam_size=beam_size, num_hypotheses=1, length_penalty=0.2,
    )
    return [sp.decode_pieces(r.hypotheses[0]).replace("▁", " ").strip() for r in results]


def check_decoding(model_dir: Path, sp, pairs: list[tuple[str, str]]) -> Verdict:
    """The decoding check on the converted model: greedy, at every compute type this CPU offers."""
    import ctranslate2

    verdict = Verdict(checked=len(pairs), compute_types=sorted(ctranslate2.get_supported_compute_types("cpu")))
    sources = [s for s, _ in pairs]
    for compute_type in verdict.compute_types:
        outputs = decode(model_dir, sp, sources, compute_type, beam_size=1)
        verdict.failures += [f"{compute_type}: {s} -> {o!r}, expected {t!r}" for (s, t), o in zip(pairs, outputs) if o != t]
    return verdict
