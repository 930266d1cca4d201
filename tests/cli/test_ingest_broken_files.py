"""A corpus set with broken files in it (empty, binary, truncated, wrong encoding, listed but missing):
each skipped with a line naming the file and the reason, the rest indexed, exit 0 (1 with --strict)."""

from __future__ import annotations

import json
import random

from typer.testing import CliRunner

from cli.main import app
from tests.small_corpus import build_small_corpus

runner = CliRunner()


def _broken_corpus(corpus_dir, target):
    corpus = build_small_corpus(corpus_dir, target, ("BWBV0001668",), empty_ids=("BWBV9999991",))
    folder = corpus / "instruments"
    rows = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    treaty = (folder / "BWBV0001668.md").read_bytes()
    broken = {
        "BWBV9999992": random.Random(7).randbytes(20_000),                     # binary noise
        "BWBV9999993": treaty[: len(treaty) // 3],                             # truncated: what is there is indexed
        "BWBV9999994": treaty[:4000].decode("utf-8").encode("utf-16"),        # another encoding
        "BWBV9999995": "Artikel 1\n\nDe verdragsluitende Staten, café".encode("latin-1"),
    }
    for instrument_id, data in broken.items():
        (folder / f"{instrument_id}.md").write_bytes(data)
    rows += [{"id": i, "file": f"instruments/{i}.md", "kind": "bilateral"} for i in [*broken, "BWBV9999996"]]
    (folder / "manifest.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    return corpus


def test_broken_files_are_skipped_with_their_reason(corpus_dir, tmp_path, session_embedding_cache):
    env = {"PALERMO_CORPUS_DIR": str(_broken_corpus(corpus_dir, tmp_path / "corpus")),
           "PALERMO_DATA_DIR": str(tmp_path / "data"), "PALERMO_EMBEDDING_CACHE": str(session_embedding_cache)}
    result = runner.invoke(app, ["ingest", "--set", "instruments"], env=env)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    reasons = {line.split()[1].rstrip(":"): line for line in lines if line.startswith("skipped ")}
    assert sorted(reasons) == [f"instruments/BWBV999999{n}.md" for n in (1, 2, 4, 5, 6)]
    assert "empty file" in reasons["instruments/BWBV9999991.md"]
    assert "not UTF-8" in reasons["instruments/BWBV9999992.md"] and "not UTF-8" in reasons["instruments/BWBV9999995.md"]
    assert "No such file" in reasons["instruments/BWBV9999996.md"]
    assert any(line.startswith("│ skipped │ 5") or line == "│ skipped │ 5 │" for line in lines)

    shown = runner.invoke(app, ["show", "BWBV9999993"], env=env)
    assert shown.exit_code == 0 and "art. 1" in shown.stdout

    strict = runner.invoke(app, ["ingest", "--set", "instruments", "--strict"], env=env)
    assert strict.exit_code == 1 and "5 file(s) skipped" in strict.stdout
