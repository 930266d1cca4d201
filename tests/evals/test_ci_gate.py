"""CI gate: retrieval mode on the dev set over the whole focused corpus.

Measured on 2026-11-28: hybrid recall@5 = 0.86 on the 54 answerable dev questions (0.72
before the glossary, query expansion, cross-references, sibling paragraphs and the BM25
lean). Runs have differed by half a question now and then (near-ties in the fusion), so the
gate sits about 0.03 below: noise does not trip it, a real regression does.
"""

from __future__ import annotations

import pytest

from corpora.settings import REPO_ROOT
from evals.backends import InProcessBackend
from evals.dataset import load_questions
from evals.runner import RunConfig, run_questions, summarise_rows
from retrieval.setup import build_retriever

DEV_SET = REPO_ROOT.parent / "shared" / "evals" / "dev.jsonl"
DEV2_SET = REPO_ROOT.parent / "shared" / "evals" / "dev2.jsonl"
HYBRID_RECALL_AT_5_GATE = 0.83
#: dev2 (90 questions, 8 languages; measured, never tuned on): recall@5 0.654 with MiniLM + USE and
#: script-based language detection, 0.704 once each sentence of a scenario is searched too (issue 12);
#: the gate sits below it by about the same margin as dev's.
DEV2_HYBRID_RECALL_AT_5_GATE = 0.67


@pytest.mark.full_index
def test_hybrid_recall_at_5_on_dev(full_index, tmp_path):
    if not DEV_SET.is_file():
        pytest.skip(f"dev set not found at {DEV_SET}")
    summary = full_index["summary"]
    assert summary.points_in_store > 14000 and not summary.skipped
    retriever = build_retriever(full_index["settings"], full_index["store"], full_index["encoder"], full_index["registry"])
    questions = load_questions(DEV_SET)
    rows = run_questions(questions, InProcessBackend(retriever), RunConfig(str(DEV_SET), "retrieval", "hybrid", "in-process"), tmp_path)
    overall = summarise_rows(rows)["overall"]
    print(f"dev hybrid: {overall}")
    assert overall["n"] == sum(1 for q in questions if q.answerable)
    assert overall["recall@5"] >= HYBRID_RECALL_AT_5_GATE


@pytest.mark.full_index
def test_hybrid_recall_at_5_on_dev2(full_index, tmp_path):
    if not DEV2_SET.is_file():
        pytest.skip(f"dev2 set not found at {DEV2_SET}")
    retriever = build_retriever(full_index["settings"], full_index["store"], full_index["encoder"], full_index["registry"])
    questions = load_questions(DEV2_SET)
    rows = run_questions(questions, InProcessBackend(retriever), RunConfig(str(DEV2_SET), "retrieval", "hybrid", "in-process"), tmp_path)
    summary = summarise_rows(rows)
    print(f"dev2 hybrid: {summary['overall']} by language: {summary['by_lang']}")
    assert summary["overall"]["recall@5"] >= DEV2_HYBRID_RECALL_AT_5_GATE
