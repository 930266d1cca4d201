"""Compare two results files: metric deltas and the questions whose outcome changed."""

from __future__ import annotations

import json
from pathlib import Path

from corpora.errors import DatasetError

COMPARED = ("recall@1", "recall@5", "recall@10", "mrr")


def load_results(path: Path) -> dict:
    """A results.json written by `palermo eval run`."""
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(f"cannot read results file {path}: {exc}") from None
    if not {"summary", "questions", "meta"} <= set(results):
        raise DatasetError(f"{path} is not a palermo results file (needs meta, summary, questions)")
    return results


def compare_results(before: dict, after: dict) -> dict:
    """Deltas overall and per type, plus per-question changes of hit@5."""
    deltas = {m: after["summary"]["overall"][m] - before["summary"]["overall"][m] for m in COMPARED}
    by_type = {
        name: {m: block[m] - before["summary"]["by_type"][name][m] for m in COMPARED}
        for name, block in after["summary"]["by_type"].items() if name in before["summary"]["by_type"]
    }
    old = {row["id"]: row for row in before["questions"] if row.get("answerable")}
    changed = []
    for row in after["questions"]:
        previous = old.get(row["id"])
        if previous is not None and row.get("answerable") and previous["recall@5"] != row["recall@5"]:
            changed.append({"id": row["id"], "type": row["type"], "recall@5": [previous["recall@5"], row["recall@5"]],
                            "top5": [previous["retrieved"][:5], row["retrieved"][:5]]})
    return {"overall": deltas, "by_type": by_type, "changed": changed,
            "improved": sum(1 for c in changed if c["recall@5"][1] > c["recall@5"][0]),
            "regressed": sum(1 for c in changed if c["recall@5"][1] < c["recall@5"][0])}
