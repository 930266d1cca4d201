"""Chaos benchmark (issue 16): SIGKILL `palermo ingest` at seeded random moments, resume, compare.

    .venv/bin/python -m evals.bench_chaos [--instruments 24] [--kills 10] [--seed 16] [--cache FILE]
                                          [--clean-runs 3] [--scenarios ingest rebuild update]

On a subset of the focused corpus (the first ``--instruments`` treaties of the manifest and the
report) a clean reference index is built. Then, per scenario, each of ``--kills`` trials starts from
the scenario's starting state, runs the CLI as a subprocess, kills it with SIGKILL at a seeded random
moment, runs the same command again until it completes, and compares the index with the clean build:
the same point ids, payload digests and vector digests (per named vector), no duplicate, no orphan
or stale point, and an embedding cache that passes SQLite's integrity check with every vector of the
right size. Scenarios:

* ``ingest``  – a first ingest into an empty data dir;
* ``rebuild`` – ``palermo ingest --rebuild`` over the complete index;
* ``update``  – one file of a copy of the subset changed (its new chunks not yet embedded), ingested.

The embedding cache is a copy of ``--cache`` (default: the repository's data/embedding-cache.sqlite),
so only the update embeds anything. The time lost is, summed over the kills, the killed run plus the
resumed run(s) minus the median of ``--clean-runs`` unkilled runs. Results are printed and written to
bench-results/bench_chaos.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpora.registry import load_registry
from corpora.settings import REPO_ROOT, Settings, load_settings
from ingest.chunking import chunk_provisions
from ingest.embedding import cache_problems, text_key
from ingest.sources import list_sources, parse_source
from retrieval.index_digest import IndexDigest, differences, index_digest, orphans_and_stale
from retrieval.store import DENSE_SIZE, E5_SIZE, MULTI_SIZE
from retrieval.stores import open_store

SETS = ["instruments", "reports"]
REPORT_ID = "CTOC-COP-2024-SECRETARIAT-IC"
RESTARTS = 3


@dataclass
class Attempt:
    """One CLI run: finished by itself or killed, how long it ran, its exit code and error output."""

    completed: bool
    seconds: float
    returncode: int
    stderr: str = ""


@dataclass
class Trial:
    """One kill and the runs that followed it."""

    kill_at: float
    killed: bool
    seconds: float
    restarts: int
    problems: list[str] = field(default_factory=list)


@dataclass
class Scenario:
    """A command, the corpus it reads, its starting data dir (None: empty) and a step before each run."""

    name: str
    args: list[str]
    corpus: Path
    start: Path | None
    prepare: Callable[[], None] = lambda: None


class Bench:
    """The work folder, the environment of the CLI runs and the checks."""

    def __init__(self, work: Path, cache: Path) -> None:
        self.work = work
        self.cache = cache
        self.data = work / "trial-data"

    def env(self, corpus: Path, data: Path) -> dict[str, str]:
        """Environment of a CLI run on ``corpus`` with its index in ``data``."""
        return {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PALERMO_CORPUS_DIR": str(corpus),
                "PALERMO_DATA_DIR": str(data), "PALERMO_EMBEDDING_CACHE": str(self.cache),
                "PALERMO_DOCUMENTS_DIR": str(self.work / "no-documents"), "PALERMO_QDRANT_MODE": "edge"}

    def run(self, args: list[str], corpus: Path, data: Path, kill_at: float | None = None) -> Attempt:
        """Run ``palermo <args>``; with ``kill_at``, SIGKILL it after that many seconds if still running."""
        errors = self.work / "stderr.txt"
        started = time.perf_counter()
        with errors.open("wb") as sink:
            process = subprocess.Popen([sys.executable, "-m", "cli.main", *args], cwd=REPO_ROOT,
                                       env=self.env(corpus, data), stdout=subprocess.DEVNULL, stderr=sink)
            try:
                process.wait(timeout=kill_at)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return Attempt(False, time.perf_counter() - started, process.returncode)
        seconds = time.perf_counter() - started
        return Attempt(True, seconds, process.returncode, errors.read_text(errors="replace")[-600:])

    def settings(self, corpus: Path, data: Path) -> Settings:
        """The settings of a CLI run, for opening its index in this process."""
        return load_settings(corpus_dir=corpus, data_dir=data, embedding_cache=self.cache,
                             documents_dir=self.work / "no-documents", qdrant_mode="edge")

    def digest(self, corpus: Path, data: Path) -> IndexDigest:
        """Digest of the index in ``data`` (opened in this process once the CLI has exited)."""
        store = open_store(self.settings(corpus, data))
        try:
            return index_digest(store)
        finally:
            store.close()

    def problems(self, corpus: Path, reference: IndexDigest) -> list[str]:
        """Everything that differs from the clean build or is inconsistent, in the trial's data dir."""
        try:
            digest = self.digest(corpus, self.data)
        except Exception as exc:  # a store that no longer opens is the finding
            return [f"the index does not open: {exc}"]
        keys = {source.key for source in list_sources(load_registry(self.settings(corpus, self.data), SETS), SETS)}
        return (differences(reference, digest) + orphans_and_stale(digest, keys)
                + cache_problems(self.cache, {DENSE_SIZE, MULTI_SIZE, E5_SIZE}))

    def reset(self, start: Path | None) -> None:
        """The trial's data dir as the scenario starts: empty, or a copy of ``start``."""
        shutil.rmtree(self.data, ignore_errors=True)
        if start is None:
            self.data.mkdir(parents=True)
        else:
            shutil.copytree(start, self.data)


def subset_corpus(shared: Path, target: Path, count: int) -> Path:
    """Copy the first ``count`` treaties of the manifest and the report (files and manifest rows)."""
    for corpus_set, pick in (("instruments", lambda rows: rows[:count]),
                             ("reports", lambda rows: [row for row in rows if row["id"] == REPORT_ID])):
        (target / corpus_set).mkdir(parents=True, exist_ok=True)
        rows = [json.loads(line) for line in (shared / corpus_set / "manifest.jsonl").read_text().splitlines() if line]
        chosen = pick(rows)
        for row in chosen:
            shutil.copyfile(shared / row["file"], target / row["file"])
        (target / corpus_set / "manifest.jsonl").write_text("".join(json.dumps(row) + "\n" for row in chosen))
    return target


def changed_copy(corpus: Path, target: Path, lines_changed: int = 30) -> str:
    """A copy of ``corpus`` with one treaty reworded ("shall" -> "must" in its first ``lines_changed``
    body lines that have it); returns its key."""
    shutil.copytree(corpus, target)
    key = json.loads((target / "instruments" / "manifest.jsonl").read_text().splitlines()[0])["file"]
    path = target / key
    lines, changed = path.read_text(encoding="utf-8").splitlines(keepends=True), 0
    for number, line in enumerate(lines):
        if changed < lines_changed and not line.startswith("#") and re.search(r"\bshall\b", line):
            lines[number] = re.sub(r"\bshall\b", "must", line)
            changed += 1
    path.write_text("".join(lines), encoding="utf-8")
    return key


def chunk_keys(settings: Settings, key: str) -> set[str]:
    """Cache keys of the chunks of one corpus file."""
    source = next(s for s in list_sources(load_registry(settings, SETS), SETS) if s.key == key)
    chunks = chunk_provisions(parse_source(source), key, settings.chunk_max_chars)
    return {text_key(chunk.embed_text) for chunk in chunks}


def forget(cache: Path, keys: set[str]) -> None:
    """Delete the cached vectors of ``keys`` (every model), so the next run embeds them again."""
    with sqlite3.connect(cache) as db:
        db.executemany("DELETE FROM embeddings WHERE key = ?", [(key,) for key in sorted(keys)])
    db.close()


def run_scenario(bench: Bench, scenario: Scenario, reference: IndexDigest | None, kills: int,
                 rng: random.Random, clean_seconds: float | None = None, clean_runs: int = 3) -> dict:
    """Clean runs (the median of their times; the first one's index is the reference when none is
    given), then ``kills`` killed-and-resumed trials. With both ``reference`` and ``clean_seconds``
    given, the clean runs are skipped."""
    if reference is None or clean_seconds is None:
        times = []
        for _ in range(clean_runs):
            bench.reset(scenario.start)
            scenario.prepare()
            clean = bench.run(scenario.args, scenario.corpus, bench.data)
            if clean.returncode != 0:
                raise SystemExit(f"{scenario.name}: the clean run failed: {clean.stderr}")
            times.append(clean.seconds)
            reference = reference or bench.digest(scenario.corpus, bench.data)
            if differences(reference, bench.digest(scenario.corpus, bench.data)):
                raise SystemExit(f"{scenario.name}: a clean run differs from the reference build")
        clean_seconds = statistics.median(times)
        print(f"\n{scenario.name}: clean runs {', '.join(f'{t:.2f}' for t in times)} s", end="")
    print(f"\n{scenario.name}: clean run {clean_seconds:.2f} s (median), {len(reference.points)} points", flush=True)
    trials = []
    for number in range(1, kills + 1):
        kill_at = round(rng.uniform(0.02, 0.95) * clean_seconds, 3)
        trials.append(_trial(bench, scenario, reference, kill_at, rng))
        trial = trials[-1]
        verdict = "ok" if not trial.problems else f"{len(trial.problems)} problems: {trial.problems[:3]}"
        print(f"  kill {number}/{kills} at {trial.kill_at:.3f} s: {'killed' if trial.killed else 'finished first'}, "
              f"{trial.restarts} restart(s), {trial.seconds:.2f} s in all -> {verdict}", flush=True)
    killed = [trial for trial in trials if trial.killed]
    return {
        "scenario": scenario.name, "command": "palermo " + " ".join(scenario.args), "clean_seconds": round(clean_seconds, 2),
        "points": len(reference.points), "kills_tried": len(killed),
        "kills_survived": sum(1 for trial in killed if not trial.problems),
        "mismatches": sum(len(trial.problems) for trial in trials),
        "seconds_lost": round(sum(trial.seconds - clean_seconds for trial in killed), 2),
        "trials": [trial.__dict__ for trial in trials],
    }


def _trial(bench: Bench, scenario: Scenario, reference: IndexDigest, kill_at: float, rng: random.Random) -> Trial:
    """Kill a run at ``kill_at``; a run that ends first is tried again with a kill inside its own
    duration (at most twice, each moment printed); then restart until the command completes and check."""
    for attempt in range(3):
        bench.reset(scenario.start)
        scenario.prepare()
        first = bench.run(scenario.args, scenario.corpus, bench.data, kill_at=kill_at)
        if not first.completed or attempt == 2:
            break
        kill_at = round(rng.uniform(0.02, 0.95) * first.seconds, 3)
        print(f"    finished in {first.seconds:.2f} s before the kill; again, killed at {kill_at:.3f} s", flush=True)
    seconds, restarts, errors = first.seconds, 0, []
    done = first.completed and first.returncode == 0
    while not done and restarts < RESTARTS:
        restarts += 1
        again = bench.run(scenario.args, scenario.corpus, bench.data)
        seconds += again.seconds
        done = again.returncode == 0
        if not done:
            errors.append(f"restart {restarts} exited {again.returncode}: {again.stderr.strip()}")
    problems = errors + ([] if not done else bench.problems(scenario.corpus, reference))
    return Trial(kill_at, not first.completed, seconds, restarts, problems)


def print_table(rows: list[dict]) -> None:
    """The report: scenario, kills survived / tried, mismatches, time lost."""
    print("\n| scenario | command | points | clean run | kills survived / tried | mismatches | time lost (all kills) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['scenario']} | `{row['command']}` | {row['points']} | {row['clean_seconds']:.1f} s | "
              f"{row['kills_survived']} / {row['kills_tried']} | {row['mismatches']} | {row['seconds_lost']:.1f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instruments", type=int, default=24, help="first N treaties of the focused corpus")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--clean-runs", type=int, default=3, help="unkilled runs per scenario (their median time)")
    parser.add_argument("--cache", type=Path, default=REPO_ROOT / "data" / "embedding-cache.sqlite",
                        help="embedding cache to copy (warm: only the update embeds)")
    parser.add_argument("--scenarios", nargs="+", default=["ingest", "rebuild", "update"],
                        choices=["ingest", "rebuild", "update"])
    parser.add_argument("--corpus", type=Path, default=load_settings().corpus_dir, help="the shared corpus")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    print(f"seed {options.seed}, {options.instruments} treaties + the report, {options.kills} kills per scenario")
    with tempfile.TemporaryDirectory(prefix="palermo-chaos-") as folder:
        work = Path(folder)
        bench = Bench(work, work / "embedding-cache.sqlite")
        if options.cache.is_file():
            shutil.copyfile(options.cache, bench.cache)
        corpus = subset_corpus(options.corpus, work / "corpus", options.instruments)
        built = bench.run(["ingest"], corpus, work / "reference")
        if built.returncode != 0:
            raise SystemExit(f"the reference build failed: {built.stderr}")
        reference = bench.digest(corpus, work / "reference")
        changed = work / "corpus-changed"
        key = changed_copy(corpus, changed)
        new_keys = chunk_keys(bench.settings(changed, work / "reference"), key) - chunk_keys(
            bench.settings(corpus, work / "reference"), key)
        scenarios = {
            "ingest": (Scenario("ingest", ["ingest"], corpus, None), reference),
            "rebuild": (Scenario("rebuild", ["ingest", "--rebuild"], corpus, work / "reference"), reference),
            "update": (Scenario("update", ["ingest"], changed, work / "reference",
                                prepare=lambda: forget(bench.cache, new_keys)), None),
        }
        print(f"update: {key} reworded, {len(new_keys)} new chunk texts to embed on each run")
        rows = [run_scenario(bench, *scenarios[name], options.kills, rng, clean_runs=options.clean_runs)
                for name in options.scenarios]
    print_table(rows)
    out = REPO_ROOT / "bench-results" / "bench_chaos.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"seed": options.seed, "instruments": options.instruments, "scenarios": rows}, indent=2))
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
