"""Fuzz every API operation at a large example count against the index of PALERMO_DATA_DIR (the whole
focused index is best; installed translation packages make the translate operations run for real).

    PALERMO_DATA_DIR=/tmp/fuzz/data python -m evals.bench_fuzz --examples 150

Prints the operations, the requests sent, the statuses, the failures by kind (5xx, error not
problem+json, slower than 5 s, exception) with an example each, and the slowest response.
"""

from __future__ import annotations

import argparse
import time

from evals.fuzzing import SLOW_SECONDS, fuzz

ADMIN_KEY = "bench-fuzz-admin"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=150, help="generated cases per operation")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()

    from corpora.registry import load_registry
    from corpora.settings import load_settings
    from service.app import create_app
    from service.state import ServiceState

    settings = load_settings(admin_api_keys=[ADMIN_KEY])  # package uploads are fuzzed past the admin check
    registry = load_registry(settings)
    state = ServiceState.open(settings, registry)
    app = create_app(settings, registry, state)
    app.state.palermo = state
    started = time.perf_counter()
    try:
        report = fuzz(app, args.examples, args.seed, headers={"X-API-Key": ADMIN_KEY})
    finally:
        state.close()
    minutes = (time.perf_counter() - started) / 60
    print(f"schemathesis {args.examples} examples per operation, seed {args.seed}: {len(report.operations)} operations, "
          f"{report.requests} requests in {minutes:.1f} min")
    print("| operation | requests |\n|---|---|")
    for operation in report.operations:
        print(f"| {operation} | {report.per_operation[operation]} |")
    print(f"statuses: {dict(sorted(report.statuses.items()))}")
    print(f"failures: {sum(report.failures.values())} {dict(report.failures)}")
    for kind, where in report.examples.items():
        print(f"  {kind}: e.g. {where}")
    verdict = "within" if report.slowest[0] <= SLOW_SECONDS else "OVER"
    print(f"slowest response: {report.slowest[0] * 1000:.0f} ms ({report.slowest[1]}; {verdict} the {SLOW_SECONDS:.0f} s target)")


if __name__ == "__main__":
    main()
