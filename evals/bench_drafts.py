"""Benchmark of request drafting (issue 15): time to produce a draft without translation.

    PALERMO_DATA_DIR=/tmp/my-data .venv/bin/python -m evals.bench_drafts [--rounds 2]

Runs ~20 varied requests (pairs of States with and without a bilateral treaty in the corpus, mutual legal
assistance with different measures and extradition for prosecution or enforcement, empty to long facts,
urgent or not) against the configured index (the whole focused corpus), after one warm-up draft, and
prints p50 / p95 / max of the whole draft (legal basis, checklist, .docx). Target: p95 <= 2 s.
Results also go to bench-results/bench_drafts.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from corpora.registry import load_registry
from corpora.settings import REPO_ROOT, load_settings
from evals.metrics import percentile
from retrieval.dense import DenseEncoder
from retrieval.setup import build_retriever
from retrieval.stores import open_store
from service.drafting import Drafter, DraftInputs

SHORT = "Between March and June 2023 Mr Jan DE VRIES, born on 4 May 1970, moved EUR 2.3 million to an account abroad."
LONG = "\n\n".join([("On 12 March 2023 the suspect met his contact in Rotterdam and handed over a holdall of banknotes; the "
                     "money came from the sale of cocaine imported through the port. ") * 20] * 40)  # ~100 KB
MLA, EXT = "mutual_legal_assistance", "extradition"
CASES = [
    DraftInputs("Netherlands", "Hong Kong", MLA, "money laundering", SHORT, ("bank_records", "freezing")),
    DraftInputs("Netherlands", "United States", MLA, "fraud", SHORT, ("witness_hearing",), urgent=True),
    DraftInputs("Netherlands", "Canada", MLA, "drug trafficking", LONG, ("search_seizure", "electronic_evidence")),
    DraftInputs("Netherlands", "Germany", MLA, "bribery of a public official", SHORT, ("bank_records",)),
    DraftInputs("Netherlands", "Australia", MLA, "", "", ()),
    DraftInputs("Netherlands", "Morocco", MLA, "trafficking in persons", SHORT, ("witness_hearing", "search_seizure")),
    DraftInputs("Netherlands", "United Kingdom", MLA, "cybercrime", SHORT, ("electronic_evidence",), urgent=True,
                urgency_reason="the data will be deleted"),
    DraftInputs("Netherlands", "Switzerland", MLA, "money laundering", LONG, ("freezing",)),
    DraftInputs("Canada", "Mexico", MLA, "corruption", SHORT, ("bank_records",)),
    DraftInputs("Brazil", "South Africa", MLA, "drug trafficking", "", ("service_of_documents",)),
    DraftInputs("Netherlands", "Canada", EXT, "murder", SHORT, extradition_purpose="prosecution"),
    DraftInputs("Netherlands", "United States", EXT, "fraud", SHORT, extradition_purpose="enforcement"),
    DraftInputs("Netherlands", "Trinidad and Tobago", EXT, "drug trafficking", LONG, urgent=True),
    DraftInputs("Netherlands", "Kenya", EXT, "trafficking in persons", ""),
    DraftInputs("Netherlands", "Hong Kong", EXT, "money laundering", SHORT, extradition_purpose="enforcement"),
    DraftInputs("Netherlands", "Belgium", EXT, "armed robbery", SHORT),
    DraftInputs("Netherlands", "Argentina", EXT, "drug trafficking", SHORT, urgent=True),
    DraftInputs("France", "Brazil", EXT, "corruption", SHORT),
    DraftInputs("India", "Kenya", EXT, "terrorist financing", ""),
    DraftInputs("Hong Kong", "Netherlands", MLA, "fraud", SHORT, ("bank_records", "witness_hearing")),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="Times each case is drafted.")
    args = parser.parse_args()
    settings = load_settings()
    registry = load_registry(settings)
    store = open_store(settings)
    try:
        retriever = build_retriever(settings, store, DenseEncoder(settings.embedding_model), registry)
        drafter = Drafter(retriever, registry, settings.draft_template)
        drafter.draft(CASES[0])  # warm-up: models and caches
        times, rows = [], []
        for _ in range(args.rounds):
            for case in CASES:
                started = time.perf_counter()
                draft = drafter.draft(case)
                elapsed = (time.perf_counter() - started) * 1000
                times.append(elapsed)
                rows.append({"pair": f"{case.requesting_state} -> {case.requested_state}", "kind": case.kind,
                             "facts_chars": len(case.facts), "ms": round(elapsed, 1), "items": len(draft.checklist),
                             "missing": len(draft.missing), "bilateral": len(draft.basis.bilateral),
                             "docx_bytes": len(draft.content)})
    finally:
        store.close()
    summary = {"n": len(times), "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1),
               "max_ms": round(max(times), 1), "points": store_points(settings)}
    for row in rows:
        print(f"{row['ms']:8.1f} ms  {row['pair']:<36} {row['kind']:<24} facts {row['facts_chars']:>6}  "
              f"items {row['items']:>2} (missing {row['missing']:>2})  bilateral {row['bilateral']}")
    print(json.dumps(summary))
    out = REPO_ROOT / "bench-results" / "bench_drafts.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=2))


def store_points(settings) -> int:
    """Points in the index drafted against (to show it is the whole focused corpus)."""
    store = open_store(settings)
    try:
        return store.count()
    finally:
        store.close()


if __name__ == "__main__":
    main()
