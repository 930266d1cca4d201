"""Retrieval scoring of a question set: recall@1/5/10 and MRR per question and overall."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from evals.dataset import Question
from evals.metrics import Retrieved, mean, recall_at, reciprocal_rank
from retrieval.hybrid import Retriever, RetrieverMode

CUTOFFS = (1, 5, 10)


@dataclass
class RetrievalScore:
    """Scores of one question."""

    id: str
    type: str
    lang: str
    recall: dict[int, float]
    mrr: float
    retrieved: list[str] = field(default_factory=list)
    latency_ms: float = 0.0


def history_turns(question: Question) -> list[str]:
    """The user turns of a follow-up's conversation, oldest first."""
    return [turn["content"] for turn in question.history if turn.get("role") == "user"]


def score_question(retriever: Retriever, question: Question, mode: RetrieverMode) -> RetrievalScore:
    """Search once with k=10 and score the ranking against the gold citations."""
    result = retriever.search(question.question, k=max(CUTOFFS), mode=mode, history=history_turns(question))
    ranked = [Retrieved(hit.instrument_id, hit.article, hit.paragraph) for hit in result.hits]
    return RetrievalScore(
        id=question.id,
        type=question.type,
        lang=question.lang,
        recall={k: recall_at(question.gold, ranked, k) for k in CUTOFFS},
        mrr=reciprocal_rank(question.gold, ranked),
        retrieved=[hit.label for hit in result.hits],
        latency_ms=sum(result.timings_ms.values()),
    )


def summarise(scores: list[RetrievalScore]) -> dict[str, float]:
    """Mean recall@k and MRR."""
    summary = {f"recall@{k}": mean([score.recall[k] for score in scores]) for k in CUTOFFS}
    summary["mrr"] = mean([score.mrr for score in scores])
    summary["n"] = len(scores)
    return summary


def breakdown(scores: list[RetrievalScore], attribute: str) -> dict[str, dict[str, float]]:
    """Summaries per question type or language."""
    groups: dict[str, list[RetrievalScore]] = defaultdict(list)
    for score in scores:
        groups[getattr(score, attribute)].append(score)
    return {name: summarise(members) for name, members in sorted(groups.items())}
