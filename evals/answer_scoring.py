"""Answer mode: one row per question (bucket, citations, key facts) and the run's summary."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict

from evals.backends import AnswerOutcome, EvalBackend
from evals.dataset import Question
from evals.metrics import (
    bucket, citation_precision, citation_recall, fact_coverage, invented_specifics, mean, percentile,
)

MARKER = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")
BUCKETS = ("correct", "incomplete", "refused", "hallucinated", "correct_abstention", "missed_abstention")


def strip_markers(text: str) -> str:
    """The answer without its [n] source markers (they are not facts)."""
    return MARKER.sub(" ", text)


def score_answer(question: Question, backend: EvalBackend) -> dict:
    """Ask one question (with its conversation) and score the answer."""
    outcome: AnswerOutcome = backend.ask(question.question, question.history)
    recall = citation_recall(question.gold, outcome.cited)
    coverage = fact_coverage(question.must_include, outcome.text)
    allowed = " ".join([outcome.sources_text, " ".join(outcome.labels), question.question,
                        " ".join(turn.get("content", "") for turn in question.history)])
    invented = bool(invented_specifics(strip_markers(outcome.text), allowed)) if not question.answerable else False
    row = {
        "id": question.id, "type": question.type, "lang": question.lang, "answerable": question.answerable,
        "gold": [asdict(g) for g in question.gold], "cited": outcome.labels,
        "cited_ids": [asdict(c) for c in outcome.cited], "answer": outcome.text,
        "abstained": outcome.abstained, "premise_corrected": outcome.premise_corrected,
        "citation_recall": recall, "citation_precision": citation_precision(question.gold, outcome.cited),
        "fact_coverage": coverage, "latency_ms": round(outcome.latency_ms, 2),
    }
    row["bucket"] = bucket(
        answerable=question.answerable, abstained=outcome.abstained, citation_recall_value=recall,
        fact_coverage_value=coverage, cites_missing_provision=outcome.cites_unknown, invented=invented,
        premise_missed=question.type == "false_premise" and not outcome.premise_corrected,
    )
    return row


def _block(members: list[dict]) -> dict:
    answerable = [row for row in members if row["answerable"]]
    counts = Counter(row["bucket"] for row in members)
    return {
        "n": len(members),
        "buckets": {name: counts.get(name, 0) for name in BUCKETS},
        "citation_recall": mean([row["citation_recall"] for row in answerable]),
        "citation_precision": mean([row["citation_precision"] for row in answerable]),
        "fact_coverage": mean([row["fact_coverage"] for row in answerable]),
    }


def summarise_answers(rows: list[dict]) -> dict:
    """Buckets and shares overall, by type and by language; the issue's targets side by side."""
    unanswerable = [row for row in rows if not row["answerable"]]
    counts = Counter(row["bucket"] for row in rows)
    latencies = [row["latency_ms"] for row in rows]
    overall = _block(rows)
    return {
        "overall": overall,
        "by_type": {t: _block([r for r in rows if r["type"] == t]) for t in sorted({r["type"] for r in rows})},
        "by_lang": {lang: _block([r for r in rows if r["lang"] == lang]) for lang in sorted({r["lang"] for r in rows})},
        "hallucinated_share": counts.get("hallucinated", 0) / len(rows) if rows else 0.0,
        "correct_abstention_share": (counts.get("correct_abstention", 0) / len(unanswerable)) if unanswerable else 1.0,
        "refused_share": counts.get("refused", 0) / max(1, len(rows) - len(unanswerable)),
        "latency_ms": {"p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95), "max": max(latencies, default=0)},
        "questions": len(rows),
    }
