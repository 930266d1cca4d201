"""The small CLI corpus (UNTOC only, plus an empty file), ingested once for the CLI tests."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.small_corpus import build_small_corpus

runner = CliRunner()


@pytest.fixture(scope="session")
def cli_env(corpus_dir, small_index, tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    corpus = build_small_corpus(corpus_dir, root / "corpus", ("BWBV0001668",), empty_ids=("BWBV9999998",))
    env = {
        "PALERMO_CORPUS_DIR": str(corpus),
        "PALERMO_DATA_DIR": str(root / "data"),
        "PALERMO_EMBEDDING_CACHE": str(small_index["settings"].cache_path),
    }
    result = runner.invoke(app, ["ingest"], env=env)
    assert result.exit_code == 0, result.output
    return env, result.output
