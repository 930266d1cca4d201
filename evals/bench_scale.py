"""Scale benchmark (issue 14): the focused corpus plus growing parts of the 3,271-treaty scale set.

    .venv/bin/python -m evals.bench_scale [--sizes 500,1500,3271] [--workdir /tmp/palermo-scale] [--no-answers]
    make bench-scale SIZES=500,1500,3271

One index grows through the sizes: each step adds the next scale treaties (in id order) to a corpus
view of symlinks (never a copy) and runs `palermo ingest --set scale` on it, so every chunk is embedded
once and the ingest time of a size is the sum of its steps. At each size: files, chunks, vectors, ingest
time, index size on disk, peak RSS of the ingest and of the search process, search p50/p95 and recall@5 on
dev and dev2, answer p50/p95 on dev2; at the largest size, the time to update one edited treaty and to
drop a removed one. The embedding cache starts as a copy of the configured one (the
focused corpus is then already embedded), or empty with --cold. Writes bench-results/bench_scale.{json,md,png}.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from corpora.settings import REPO_ROOT, load_settings

EVALS = REPO_ROOT.parent / "shared" / "evals"
SUMMARY_ROW = re.compile(r"^│\s*(?P<name>[^│]+?)\s*│\s*(?P<value>[^│]+?)\s*│$")


def corpus_view(corpus: Path, view: Path, size: int) -> int:
    """Symlink the focused corpus and the first ``size`` other scale treaties into ``view``; returns the
    number of scale rows listed."""
    view.mkdir(parents=True, exist_ok=True)
    for name in ("instruments", "reports"):
        if not (view / name).exists():
            (view / name).symlink_to(corpus / name, target_is_directory=True)
    rows = [json.loads(line) for line in (corpus / "scale" / "manifest.jsonl").read_text().splitlines() if line]
    chosen = sorted((row for row in rows if not row.get("in_instruments")), key=lambda row: row["id"])[:size]
    scale = view / "scale"
    scale.mkdir(exist_ok=True)
    for row in chosen:
        link = view / row["file"]
        if not link.exists():
            link.symlink_to(corpus / row["file"])
    (scale / "manifest.jsonl").write_text("".join(json.dumps(row) + "\n" for row in chosen))
    return len(chosen)


class PeakRss:
    """Polls a child's VmHWM (its peak resident set) until it exits."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.peak_kib = 0
        self._status = Path(f"/proc/{process.pid}/status")
        self._process = process
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while self._process.poll() is None:
            try:
                for line in self._status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kib = max(self.peak_kib, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.5)

    def gib(self) -> float:
        self._thread.join(timeout=2)
        return round(self.peak_kib / 1024 / 1024, 2)


def run_measured(args: list[str], env: dict[str, str], log: Path) -> tuple[str, float, float]:
    """Run a palermo command; its output (also appended to ``log``), seconds and peak RSS in GiB."""
    started = time.perf_counter()
    with open(log, "a") as sink:
        process = subprocess.Popen([sys.executable, "-m", "cli.main", *args], cwd=REPO_ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        peak = PeakRss(process)
        lines = []
        for line in process.stdout:  # type: ignore[union-attr]
            sink.write(line)
            lines.append(line)
            if "ingest:" in line:
                print(f"    {line.rstrip()}", flush=True)
        if process.wait() != 0:
            raise SystemExit(f"`palermo {' '.join(args)}` failed; see {log}")
    return "".join(lines), time.perf_counter() - started, peak.gib()


def summary_rows(output: str) -> dict[str, str]:
    """The ingest summary table as name -> value."""
    rows = {}
    for line in output.splitlines():
        match = SUMMARY_ROW.match(line.strip())
        if match:
            rows[match["name"]] = match["value"]
    return rows


def evaluate(questions: Path, mode: str, env: dict[str, str], out: Path, log: Path) -> tuple[dict, float]:
    """`palermo eval run` on a question set: its summary (overall figures and latency_ms) and the
    process's peak RSS."""
    args = ["eval", "run", str(questions), "--no-resume", "--out", str(out)] + (["--mode", "answer"] if mode == "answer" else [])
    _, _, peak = run_measured(args, env, log)
    return json.loads((out / "results.json").read_text())["summary"], peak


def disk_gib(path: Path) -> float:
    """Size of a folder on disk."""
    total = sum(item.stat().st_blocks * 512 for item in path.rglob("*") if item.is_file())
    return round(total / 1024**3, 3)


def _env(workdir: Path) -> dict[str, str]:
    data = workdir / "data"
    return {**os.environ, "PALERMO_CORPUS_DIR": str(workdir / "corpus"), "PALERMO_DATA_DIR": str(data),
            "PALERMO_EMBEDDING_CACHE": str(data / "embedding-cache.sqlite"), "PYTHONPATH": str(REPO_ROOT)}


def measure(sizes: list[int], workdir: Path, cold: bool, answers: bool, out: Path, evals: bool = True) -> list[dict]:
    """Grow one index through ``sizes`` and measure it at each (outputs rewritten after each size)."""
    settings = load_settings()
    corpus, data = settings.require_corpus_dir(), workdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    cache = data / "embedding-cache.sqlite"
    if not cold and not cache.exists() and settings.cache_path.exists():
        shutil.copyfile(settings.cache_path, cache)
    env = _env(workdir)
    log = workdir / "bench_scale.log"
    rows, ingest_seconds, ingest_peak = [], 0.0, 0.0
    for size in sizes:
        listed = corpus_view(corpus, workdir / "corpus", size)
        print(f"size {size}: {listed} scale treaties beside the focused corpus", flush=True)
        output, seconds, peak = run_measured(["ingest", "--set", "scale"], env, log)
        ingest_seconds += seconds
        ingest_peak = max(ingest_peak, peak)
        table = summary_rows(output)
        row = {"scale_treaties": listed, "files": int(table.get("files", 0)), "skipped": int(table.get("skipped", 0)),
               "points": int(table.get("points in the index", 0)), "ingest_s": round(ingest_seconds, 1),
               "step_embedded": int(table.get("vectors computed (cache misses)", 0)), "ingest_peak_rss_gib": ingest_peak,
               "index_gib": disk_gib(data / f"qdrant-{settings.qdrant_mode}")}
        for name in ("dev", "dev2") if evals else ():
            summary, peak = evaluate(EVALS / f"{name}.jsonl", "retrieval", env, workdir / f"eval-{size}-{name}", log)
            row[f"{name}_recall@5"] = round(summary["overall"]["recall@5"], 3)
            row[f"{name}_search_p50_ms"], row[f"{name}_search_p95_ms"] = summary["latency_ms"]["p50"], summary["latency_ms"]["p95"]
            row["search_peak_rss_gib"] = max(row.get("search_peak_rss_gib", 0), peak)
        if answers and evals:
            summary, _ = evaluate(EVALS / "dev2.jsonl", "answer", env, workdir / f"eval-{size}-dev2-answer", log)
            row["answer_p50_ms"], row["answer_p95_ms"] = summary["latency_ms"]["p50"], summary["latency_ms"]["p95"]
        print("  " + json.dumps(row), flush=True)
        rows.append(row)
        write_outputs(rows, out)
    return rows


def one_file_changes(view: Path, env: dict[str, str], log: Path) -> dict:
    """Seconds of `palermo ingest --set scale` (the whole command, models loaded) after one treaty of the
    view is edited (a sentence added to its last paragraph), and after it is removed again."""
    manifest = view / "scale" / "manifest.jsonl"
    rows = [json.loads(line) for line in manifest.read_text().splitlines() if line]
    row = next(row for row in reversed(rows) if not row.get("empty"))
    link = view / row["file"]
    original = link.resolve()
    link.unlink()
    added = f" This sentence was added by the benchmark at {time.time_ns()}.\n"  # new text: a cache miss
    link.write_text(original.read_text(encoding="utf-8").rstrip() + added, encoding="utf-8")
    output, update_s, _ = run_measured(["ingest", "--set", "scale"], env, log)
    embedded = summary_rows(output).get("vectors computed (cache misses)")
    manifest.write_text("".join(json.dumps(other) + "\n" for other in rows if other is not row))
    output, delete_s, _ = run_measured(["ingest", "--set", "scale"], env, log)
    deleted = summary_rows(output).get("stale points deleted")
    manifest.write_text("".join(json.dumps(other) + "\n" for other in rows))
    link.unlink()
    link.symlink_to(original)
    return {"treaty": row["id"], "update_s": round(update_s, 1), "update_embedded": embedded,
            "delete_s": round(delete_s, 1), "delete_points": deleted}


def write_outputs(rows: list[dict], out: Path) -> None:
    """JSON, a Markdown table and a PNG plot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_scale.json").write_text(json.dumps(rows, indent=2))
    columns = list(rows[0])
    table = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    table += ["| " + " | ".join(str(row.get(column, "")) for column in columns) + " |" for row in rows]
    (out / "bench_scale.md").write_text("\n".join(table) + "\n")
    figure, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    sizes = [row["scale_treaties"] for row in rows]
    axes[0].plot(sizes, [row["ingest_s"] / 60 for row in rows], marker="o")
    axes[0].set(title="ingest (minutes, cumulative)", xlabel="scale treaties")
    for key in ("dev_search_p95_ms", "dev2_search_p95_ms", "answer_p95_ms"):
        if key in rows[0]:
            axes[1].plot(sizes, [row[key] for row in rows], marker="o", label=key.replace("_ms", ""))
    axes[1].set(title="p95 latency (ms)", xlabel="scale treaties")
    axes[1].legend(fontsize=8)
    axes[2].plot(sizes, [row["ingest_peak_rss_gib"] for row in rows], marker="o", label="ingest")
    if "search_peak_rss_gib" in rows[0]:
        axes[2].plot(sizes, [row["search_peak_rss_gib"] for row in rows], marker="o", label="search")
    axes[2].set(title="peak RSS (GiB)", xlabel="scale treaties")
    axes[2].legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(out / "bench_scale.png", dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,1500,3271", help="scale treaties at each step, ascending")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/palermo-scale"), help="index, corpus view and logs")
    parser.add_argument("--cold", action="store_true", help="start from an empty embedding cache")
    parser.add_argument("--no-answers", dest="answers", action="store_false", help="skip the answer latency runs")
    parser.add_argument("--ingest-only", dest="evals", action="store_false", help="measure ingest only (no evals)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench-results")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    rows = measure(sizes, args.workdir, args.cold, args.answers, args.out, args.evals)
    changes = one_file_changes(args.workdir / "corpus", _env(args.workdir), args.workdir / "bench_scale.log")
    (args.out / "bench_scale_one_file.json").write_text(json.dumps(changes, indent=2))
    print((args.out / "bench_scale.md").read_text())
    print(f"one file at {rows[-1]['scale_treaties']} scale treaties: " + json.dumps(changes))


if __name__ == "__main__":
    main()
