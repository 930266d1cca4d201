"""A small run of the chaos benchmark: SIGKILL `palermo ingest` (and `--rebuild`) at seeded moments,
resume, and find the index equal to a clean build (evals/bench_chaos.py runs the full version)."""

from __future__ import annotations

import random

from evals.bench_chaos import Bench, Scenario, run_scenario
from tests.small_corpus import build_small_corpus, seeded_cache


def test_killed_ingests_resume_to_the_clean_index(corpus_dir, tmp_path, session_embedding_cache):
    corpus = build_small_corpus(corpus_dir, tmp_path / "corpus", ("BWBV0001010",))
    bench = Bench(tmp_path, seeded_cache(session_embedding_cache, tmp_path / "cache" / "embedding-cache.sqlite", corpus))
    built = bench.run(["ingest"], corpus, tmp_path / "reference")
    assert built.returncode == 0, built.stderr
    reference = bench.digest(corpus, tmp_path / "reference")
    rng = random.Random(16)

    rows = [run_scenario(bench, Scenario("ingest", ["ingest"], corpus, None), reference, 1, rng, built.seconds),
            run_scenario(bench, Scenario("rebuild", ["ingest", "--rebuild"], corpus, tmp_path / "reference"),
                         reference, 1, rng, built.seconds)]

    for row in rows:
        assert row["mismatches"] == 0, row["trials"]
        assert row["kills_survived"] == row["kills_tried"]
    assert sum(row["kills_tried"] for row in rows) >= 1  # a run that ends first is tried again with an earlier kill
