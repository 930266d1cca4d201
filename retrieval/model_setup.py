"""The command line of a set-up step that builds model files (``make models``): rebuild when the
files are missing or fail their check, or when forced; otherwise say they are up to date."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from retrieval.dense import force_offline


def run_setup_step(
    label: str, description: str, default_target: Path, check: Callable[[Path], str | None],
    build: Callable[[Path], object], argv: list[str] | None = None,
) -> int:
    """Parse ``--target``/``--force``, then build at the target unless ``check`` finds it complete."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--target", type=Path, default=None)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    force_offline()
    target = args.target or default_target
    problem = None if args.force else check(target)
    if args.force or problem:
        if problem:
            print(f"{label}: {problem}; building it", flush=True)
        build(target)
    else:
        print(f"{label}: {target} is up to date", flush=True)
    return 0
