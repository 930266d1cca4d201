"""Imports run one way through the house (corpora <- ingest/retrieval <- service <- HTTP <- ui, cli
on top), and `palermo --help` loads no heavy library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("corpora", "ingest", "retrieval", "service", "evals", "ui", "cli")
#: package -> packages it must never import (at module level or inside a function)
FORBIDDEN = {
    "corpora": {"ingest", "retrieval", "service", "evals", "ui", "cli"},
    "retrieval": {"ingest", "service", "evals", "ui", "cli"},
    "ingest": {"service", "evals", "ui", "cli"},
    "service": {"evals", "ui", "cli"},
    "evals": {"ui", "cli"},
    "ui": {"cli"},
}
#: the store interface knows no backend; the backends do not know who picks them
STORE_MODULES = {
    "retrieval/store.py": {"retrieval.store_edge", "retrieval.store_client", "retrieval.stores"},
    "retrieval/store_edge.py": {"retrieval.stores", "retrieval.store_client"},
    "retrieval/store_client.py": {"retrieval.stores", "retrieval.store_edge"},
}
HEAVY = ("torch", "transformers", "sentence_transformers", "fastapi", "matplotlib", "qdrant_edge", "qdrant_client",
         "pydantic_settings", "argostranslate", "uvicorn", "streamlit")


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from ... import`` in the file names (relative imports resolved)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_imports_point_down_the_layers():
    wrong = []
    for package, banned in FORBIDDEN.items():
        for path in sorted((REPO / package).rglob("*.py")):
            for module in imported_modules(path):
                if module.split(".")[0] in banned:
                    wrong.append(f"{path.relative_to(REPO)} imports {module}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("relative", sorted(STORE_MODULES))
def test_store_modules_import_one_way(relative):
    assert not imported_modules(REPO / relative) & STORE_MODULES[relative]


def test_the_checker_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text("def f():\n    from service.app import create_app\n    import torch\n", encoding="utf-8")
    assert imported_modules(source) == {"service.app", "torch"}


def test_cli_help_loads_no_heavy_library():
    probe = ("import sys, cli.main; heavy = %r; "
             "print(','.join(sorted(m for m in heavy if m in sys.modules)))") % (HEAVY,)
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == ""
    shown = subprocess.run([sys.executable, "-m", "cli.main", "--help"], cwd=REPO, capture_output=True, text=True)
    assert shown.returncode == 0 and "ingest" in shown.stdout and "translate" in shown.stdout
