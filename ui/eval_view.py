"""Reading `palermo eval run` results for the Evaluate page: runs on disk, tables, comparisons (no Streamlit)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from evals.answer_scoring import BUCKETS
from evals.compare import compare_results

RESULTS_NAME = "results.json"
RETRIEVAL_METRICS = ("recall@1", "recall@5", "recall@10", "mrr")
ANSWER_METRICS = ("citation_recall", "citation_precision", "fact_coverage")


class ResultsError(ValueError):
    """A file that is not a palermo results file."""


@dataclass(frozen=True)
class Run:
    """One loaded results file."""

    name: str
    results: dict
    folder: Path | None = None

    @property
    def mode(self) -> str:
        """'answer' or 'retrieval'."""
        return self.results["meta"].get("config", {}).get("mode", "retrieval")

    @property
    def plots(self) -> list[Path]:
        """The PNG plots written next to results.json."""
        return sorted(self.folder.glob("*.png")) if self.folder else []


def find_runs(root: Path) -> list[Path]:
    """results.json files under ``root`` (newest first)."""
    if not root.is_dir():
        return []
    return sorted(root.glob(f"**/{RESULTS_NAME}"), key=lambda p: p.stat().st_mtime, reverse=True)


def parse_results(text: str | bytes, name: str, folder: Path | None = None) -> Run:
    """A run from the text of a results file (ResultsError when it is not one)."""
    try:
        results = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{name} is not JSON: {exc}") from None
    if not isinstance(results, dict) or not {"meta", "summary", "questions"} <= set(results):
        raise ResultsError(f"{name} is not a palermo results file (it needs meta, summary and questions)")
    return Run(name, results, folder)


def load_run(path: Path, root: Path) -> Run:
    """A run from a results.json on disk, named by its folder."""
    name = str(path.parent.relative_to(root)) if path.is_relative_to(root) else str(path)
    return parse_results(path.read_bytes(), name, path.parent)


def headline(run: Run) -> dict[str, float]:
    """The overall metrics of a run."""
    overall = run.results["summary"].get("overall", {})
    names = ANSWER_METRICS if run.mode == "answer" else RETRIEVAL_METRICS
    return {name: float(overall.get(name, 0.0)) for name in names}


def breakdown(run: Run, by: str = "by_type") -> list[dict]:
    """Per-type (or per-language) metrics as table rows."""
    rows = []
    for name, block in run.results["summary"].get(by, {}).items():
        row = {by[3:]: name, "n": block.get("n", 0)}
        row.update({metric: round(block.get(metric, 0.0), 3) for metric in headline(run)})
        if run.mode == "answer":
            row.update(block.get("buckets", {}))
        rows.append(row)
    return rows


def bucket_counts(run: Run) -> dict[str, int]:
    """Answer mode: how many questions fell in each bucket."""
    buckets = run.results["summary"].get("overall", {}).get("buckets", {})
    return {name: int(buckets.get(name, 0)) for name in BUCKETS}


def question_rows(run: Run) -> list[dict]:
    """One table row per question."""
    rows = []
    for q in run.results["questions"]:
        row = {"id": q["id"], "type": q.get("type"), "lang": q.get("lang"), "answerable": q.get("answerable")}
        if run.mode == "answer":
            row.update({"bucket": q.get("bucket"), "citation recall": q.get("citation_recall"),
                        "fact coverage": q.get("fact_coverage"), "cited": len(q.get("cited", []))})
        else:
            row.update({"recall@5": q.get("recall@5"), "mrr": q.get("mrr"),
                        "top hit": (q.get("retrieved") or [""])[0]})
        row["latency ms"] = q.get("latency_ms")
        rows.append(row)
    return rows


def gold_labels(question: dict) -> list[str]:
    """Gold citations as 'INSTRUMENT art. A(P)'."""
    labels = []
    for gold in question.get("gold", []):
        paragraph = f"({gold['paragraph']})" if gold.get("paragraph") else ""
        labels.append(f"{gold['instrument']} art. {gold.get('article') or '-'}{paragraph}")
    return labels


def compare_runs(before: Run, after: Run) -> dict:
    """Metric deltas and the questions whose outcome changed (same mode only)."""
    if before.mode != after.mode:
        raise ResultsError(f"cannot compare a {before.mode} run with a {after.mode} run")
    if before.mode != "answer":
        return compare_results(before.results, after.results)
    old_buckets, new_buckets = bucket_counts(before), bucket_counts(after)
    old = {q["id"]: q for q in before.results["questions"]}
    changed = [{"id": q["id"], "type": q.get("type"), "before": old[q["id"]].get("bucket"), "after": q.get("bucket")}
               for q in after.results["questions"] if q["id"] in old and old[q["id"]].get("bucket") != q.get("bucket")]
    deltas = {m: headline(after)[m] - headline(before)[m] for m in ANSWER_METRICS}
    deltas.update({name: new_buckets[name] - old_buckets[name] for name in BUCKETS})
    return {"overall": deltas, "changed": changed}
