"""Is the translation test suite independent of the machine? Rebuild the tiny packages under
several CPU settings and run the tests that use them against each rebuild.

For each setting (``ATEN_CPU_CAPABILITY=default`` or the CPU's native level; 1 or 2 torch
threads) the packages are trained afresh into their own folder, then
``pytest tests/translation`` runs with ``PALERMO_TINY_ARGOS_DIR`` pointing there. Prints a
table; exits non-zero when any setting fails. About 3 to 10 minutes per setting on 2 cores.

    python -m tests.translation.rebuild_matrix [--out DIR] [--only default-1 ...]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SETTINGS = {f"{cap}-{threads}": (cap, threads) for cap, threads in itertools.product(("native", "default"), (1, 2))}


def _run(command: list[str], env: dict[str, str]) -> tuple[int, str, float]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    return done.returncode, (done.stdout + done.stderr)[-3000:], time.perf_counter() - started


def run_setting(name: str, out: Path) -> dict[str, object]:
    """Build the packages under one setting, then run the translation tests on them."""
    capability, threads = SETTINGS[name]
    env = {**os.environ, "PALERMO_TINY_ARGOS_DIR": str(out / name)}
    if capability != "native":
        env["ATEN_CPU_CAPABILITY"] = capability
    code, log, build_s = _run([sys.executable, "-m", "tests.translation.tiny_package", "--out", str(out / name),
                               "--threads", str(threads)], env)
    row: dict[str, object] = {"setting": name, "build_s": round(build_s)}
    if code != 0:
        return {**row, "result": "build failed", "log": log}
    record = json.loads((out / name / "build.json").read_text(encoding="utf-8"))
    row["steps"] = {pair: info["steps"] for pair, info in record["packages"].items()}
    row["min_margin"] = {pair: info["margin"]["min_margin"] for pair, info in record["packages"].items()}
    code, log, test_s = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/translation"], env)
    summary = log.strip().splitlines()[-1] if log.strip() else ""
    return {**row, "test_s": round(test_s), "result": "passed" if code == 0 else "FAILED", "pytest": summary,
            **({} if code == 0 else {"log": log})}


def main() -> int:
    """Run the chosen settings; print one JSON line per setting and a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "data" / "test-cache" / "rebuild-matrix")
    parser.add_argument("--only", nargs="*", choices=sorted(SETTINGS), default=sorted(SETTINGS))
    arguments = parser.parse_args()
    rows = []
    for name in arguments.only:
        row = run_setting(name, arguments.out)
        rows.append(row)
        print(json.dumps({k: v for k, v in row.items() if k != "log"}), flush=True)
        if "log" in row:
            print(row["log"], file=sys.stderr)
    failed = [row["setting"] for row in rows if row["result"] != "passed"]
    print(f"{len(rows) - len(failed)} of {len(rows)} settings passed" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
