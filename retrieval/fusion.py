"""Pure functions that merge ranked lists (fusion inside Qdrant is RRF; these work on its output)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def interleave(rankings: Sequence[Sequence[T]]) -> list[T]:
    """Round-robin merge: rank 1 of every list, then rank 2, ... (fair to each instrument)."""
    merged: list[T] = []
    for position in range(max((len(ranking) for ranking in rankings), default=0)):
        merged.extend(ranking[position] for ranking in rankings if position < len(ranking))
    return merged


def dedupe(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """Keep the first item of every key, in order."""
    seen: set[Hashable] = set()
    unique = []
    for item in items:
        marker = key(item)
        if marker not in seen:
            seen.add(marker)
            unique.append(item)
    return unique


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Hashable]], k: int = 60, weights: Sequence[float] | None = None
) -> list[Hashable]:
    """Classic RRF (Cormack et al. 2009): score = sum weight/(k + rank), weights 1 by default.

    Weighted fusion is done here rather than by Qdrant: qdrant-edge 0.9's weighted RRF moves
    scores by a fraction of what the weights say (measured: weights 1:2 change a fused score by
    about 1%), so only equal weights are left to Qdrant."""
    scores: dict[Hashable, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores, key=lambda item: -scores[item])


def fuse_keeping_first(
    items: Sequence[T], others: Sequence[tuple[Sequence[T], float]], key: Callable[[T], Hashable], k: int = 60,
) -> list[T]:
    """``items`` (weight 1) fused by RRF with other rankings, each with its weight, items matched by
    ``key`` (an item of ``items`` wins over an equal one found elsewhere); the first of ``items``
    stays first: a second opinion reorders the candidates, it does not overrule the best one."""
    by_key: dict[Hashable, T] = {}
    for item in [*items, *(other for ranking, _ in others for other in ranking)]:
        by_key.setdefault(key(item), item)
    rankings = [[key(item) for item in items], *([key(item) for item in ranking] for ranking, _ in others)]
    fused = [by_key[marker] for marker in reciprocal_rank_fusion(rankings, k, [1.0, *(weight for _, weight in others)])]
    first = list(items[:1])
    return first + [item for item in fused if not first or key(item) != key(first[0])]


def pull_siblings(items: Sequence[T], group: Callable[[T], Hashable | None], groups: int, per_group: int = 1) -> list[T]:
    """Move the next ``per_group`` items of the same group (article) up behind the first item
    of each of the first ``groups`` groups; the rest keep their order. Items whose group is
    None are never grouped."""
    pending = list(items)
    result: list[T] = []
    opened = 0
    while pending:
        item = pending.pop(0)
        result.append(item)
        key = group(item)
        if key is None or opened >= groups:
            continue
        opened += 1
        siblings = [other for other in pending if group(other) == key][:per_group]
        result.extend(siblings)
        pending = [other for other in pending if not any(other is sibling for sibling in siblings)]
    return result
