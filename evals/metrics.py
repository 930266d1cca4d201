"""Pure metric functions over retrieved provisions and gold citations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evals.dataset import GoldCitation


@dataclass(frozen=True)
class Retrieved:
    """The pinpoint of one retrieved provision."""

    instrument: str
    article: str | None
    paragraph: str | None


def matches(gold: GoldCitation, got: Retrieved) -> bool:
    """Same instrument and article; same paragraph when the gold entry gives one."""
    if gold.instrument != got.instrument:
        return False
    if (gold.article or None) != (got.article or None):
        return False
    return gold.paragraph is None or gold.paragraph == got.paragraph


def recall_at(gold: Sequence[GoldCitation], ranked: Sequence[Retrieved], k: int) -> float:
    """Share of gold entries matched by one of the first ``k`` results."""
    if not gold:
        return 0.0
    top = ranked[:k]
    return sum(1 for entry in gold if any(matches(entry, got) for got in top)) / len(gold)


def reciprocal_rank(gold: Sequence[GoldCitation], ranked: Sequence[Retrieved]) -> float:
    """1 / rank of the first result that matches any gold entry (0 when none does)."""
    for rank, got in enumerate(ranked, start=1):
        if any(matches(entry, got) for entry in gold):
            return 1.0 / rank
    return 0.0


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean, 0 for no values."""
    return sum(values) / len(values) if values else 0.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction in 0..1)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]
