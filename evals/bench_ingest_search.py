"""Benchmark of issue 2: parse counts, ingest times, search latency, memory and dev recall.

    .venv/bin/python -m evals.bench_ingest_search [--cold] [--questions ../shared/evals/dev.jsonl]

``--cold`` builds a fresh index with an empty embedding cache in a temporary data dir
(several minutes); without it the configured index is brought up to date and reused.
Results are printed and written to bench-results/bench_ingest_search.json.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from collections import Counter
from pathlib import Path

from corpora.registry import load_registry
from corpora.settings import REPO_ROOT, Settings, load_settings
from evals.backends import InProcessBackend
from evals.dataset import load_questions
from evals.metrics import percentile
from evals.runner import RunConfig, run_questions, summarise_rows
from ingest.embedding import Embedders, EmbeddingCache
from ingest.pipeline import IngestSummary, run_ingest
from ingest.sources import list_sources, parse_source
from retrieval.dense import DenseEncoder
from retrieval.hybrid import Retriever
from retrieval.multilingual import MultilingualEncoder
from retrieval.setup import build_e5
from retrieval.setup import build_retriever
from retrieval.stores import open_store

SETS = ["instruments", "reports"]


def parse_counts(settings: Settings) -> dict:
    """English articles parsed vs the manifest's n_articles_en, UNTOC art. 18 and the report."""
    registry = load_registry(settings, SETS)
    mismatches, checked, headings = [], 0, []
    started = time.perf_counter()
    provisions_by_id = {}
    for source in list_sources(registry, SETS):
        try:
            provisions_by_id[source.instrument.id] = parse_source(source)
        except Exception as exc:  # reported, never fatal
            provisions_by_id[source.instrument.id] = []
            mismatches.append((source.instrument.id, "parse error", str(exc)))
    seconds = time.perf_counter() - started
    for instrument in registry.instruments.values():
        if instrument.n_articles_en <= 0:
            continue
        checked += 1
        english = {(p.chapter, p.article) for p in provisions_by_id[instrument.id] if p.language == "en" and p.kind == "article"}
        if len(english) != instrument.n_articles_en:
            mismatches.append((instrument.id, len(english), instrument.n_articles_en))
        headings += [(instrument.short_name, p.article_heading) for p in provisions_by_id[instrument.id]
                     if p.language == "en" and p.article_heading and instrument.short_name != instrument.id]
    untoc18 = [p for p in provisions_by_id["BWBV0001668"] if p.language == "en" and p.article == "18"]
    report = provisions_by_id["CTOC-COP-2024-SECRETARIAT-IC"]
    return {
        "instruments_checked": checked, "mismatches": mismatches, "parse_seconds": round(seconds, 2),
        "untoc_art18_paragraphs": len(untoc18), "report_paragraphs": len(report),
        "provisions": sum(len(v) for v in provisions_by_id.values()),
        "languages": dict(Counter(p.language for v in provisions_by_id.values() for p in v)),
        "_headings": sorted(set(headings)),
    }


def ingest_once(settings: Settings) -> IngestSummary:
    """One ingest run of the focused corpus with the given settings."""
    registry = load_registry(settings, SETS)
    store = open_store(settings)
    cache = EmbeddingCache(settings.cache_path)
    try:
        embedders = Embedders.over(cache, DenseEncoder(settings.embedding_model, settings.embedding_batch_size),
                                   MultilingualEncoder(threads=2), build_e5(settings))
        return run_ingest(store, embedders, list_sources(registry, SETS), max_chars=settings.chunk_max_chars)
    finally:
        store.close()
        cache.close()


def latency_questions(headings: list[tuple[str, str]], dev: list[str], count: int = 200) -> list[str]:
    """The dev questions plus generated ones ("What does the <instrument> say about <heading>?")."""
    rng = random.Random(7)
    generated = [f"What does the {short} say about {heading.lower()}?" for short, heading in headings]
    rng.shuffle(generated)
    return (dev + generated)[:count]


def measure_latency(retriever: Retriever, questions: list[str]) -> dict:
    """p50/p95 of whole search calls (embedding the question included)."""
    retriever.search("warm-up question about extradition", k=10)
    retriever.search("question d'échauffement sur l'extradition", k=10)
    times = []
    for question in questions:
        started = time.perf_counter()
        retriever.search(question, k=10)
        times.append((time.perf_counter() - started) * 1000)
    return {"n": len(times), "p50_ms": round(percentile(times, 0.5), 2), "p95_ms": round(percentile(times, 0.95), 2),
            "max_ms": round(max(times), 2)}


def dev_recall(retriever: Retriever, questions_path: Path, scratch: Path) -> dict:
    """Recall@1/5/10 and MRR (overall, by type, by language) for every retriever, via the eval runner."""
    questions = load_questions(questions_path)
    report = {}
    for mode in ("hybrid", "dense", "multi", "bm25"):
        config = RunConfig(str(questions_path), "retrieval", mode, "in-process")
        rows = run_questions(questions, InProcessBackend(retriever), config, scratch / mode, resume=False)
        summary = summarise_rows(rows)
        report[mode] = {"overall": summary["overall"], "by_type": summary["by_type"], "by_lang": summary["by_lang"],
                        "misses@5": [(r["id"], r["retrieved"][:5]) for r in rows if r["answerable"] and r["recall@5"] < 1.0]}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cold", action="store_true", help="measure a cold ingest in a temporary data dir")
    parser.add_argument("--questions", type=Path, default=REPO_ROOT.parent / "shared" / "evals" / "dev.jsonl")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench-results")
    args = parser.parse_args()
    settings = load_settings()
    results: dict = {"parse": parse_counts(settings)}
    headings = results["parse"].pop("_headings")
    print(json.dumps({"parse": results["parse"]}, indent=1))
    if args.cold:
        with tempfile.TemporaryDirectory() as scratch:
            cold_settings = load_settings(data_dir=Path(scratch))
            cold = ingest_once(cold_settings)
            warm = ingest_once(cold_settings)
        results["ingest_cold"] = {"seconds": round(cold.seconds, 1), "chunks": cold.chunks, "embedded": cold.embedded,
                                  "chunks_per_s": round(cold.chunks / cold.seconds, 1), "skipped": cold.skipped}
    else:
        ingest_once(settings)  # bring the configured index up to date
        warm = ingest_once(settings)
    results["ingest_warm"] = {"seconds": round(warm.seconds, 2), "updated": warm.updated, "embedded": warm.embedded,
                              "points": warm.points_in_store}
    print(json.dumps({k: v for k, v in results.items() if k.startswith("ingest")}, indent=1))
    store = open_store(settings)
    try:
        retriever = build_retriever(settings, store, DenseEncoder(), load_registry(settings, SETS))
        dev_texts = [q.question for q in load_questions(args.questions)]
        results["latency"] = measure_latency(retriever, latency_questions(headings, dev_texts))
        with tempfile.TemporaryDirectory() as scratch:
            results["recall"] = dev_recall(retriever, args.questions, Path(scratch))
    finally:
        store.close()
    results["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps({"latency": results["latency"], "peak_rss_mib": results["peak_rss_mib"]}, indent=1))
    for mode, report in results["recall"].items():
        print(mode, json.dumps(report["overall"]))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_ingest_search.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
