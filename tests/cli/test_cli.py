"""The `palermo` command line end to end on a small corpus (UNTOC and the report)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_ingest_prints_a_summary_with_skipped_files(cli_env):
    _, output = cli_env
    assert "ingest summary" in output
    assert re.search(r"ingest: (\d+)/\1 files, \d+ chunks embedded", output)  # a log line, not a bar, off a terminal
    assert "skipped instruments/BWBV9999998.md: empty file" in " ".join(output.split())


def test_second_ingest_is_a_no_op(cli_env):
    env, _ = cli_env
    result = runner.invoke(app, ["ingest"], env=env)
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    assert "parsed and written │ 0" in flat or "parsed and written 0" in flat


def test_search_json(cli_env):
    env, _ = cli_env
    result = runner.invoke(app, ["search", "UNTOC 16(4)", "--json", "-k", "3"], env=env)
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert hits[0]["label"] == "UNTOC art. 16(4)" and hits[0]["match"] == "exact" and len(hits) == 3


def test_search_text_groups_by_article(cli_env):
    env, _ = cli_env
    result = runner.invoke(app, ["search", "What must a request for mutual legal assistance contain under UNTOC?"], env=env)
    assert result.exit_code == 0
    assert "UNTOC art. 18 — Mutual legal assistance" in result.output
    assert "UNTOC art. 18(15)" in result.output


def test_show_prints_the_paragraph_in_every_language(cli_env):
    env, _ = cli_env
    result = runner.invoke(app, ["show", "UNTOC", "18", "15"], env=env)
    assert result.exit_code == 0, result.output
    assert "A request for mutual legal assistance shall contain" in result.output
    assert "(en)" in result.output and "(nl)" in result.output


def test_show_report_paragraph(cli_env):
    env, _ = cli_env
    result = runner.invoke(app, ["show", "2024 report", "21"], env=env)
    assert result.exit_code == 0 and "2024 Secretariat report para. 21" in result.output


def test_unknown_things_are_one_clean_line(cli_env):
    env, _ = cli_env
    for args, message in (
        (["show", "Treaty of Nowhere", "1"], "no instrument is called 'Treaty of Nowhere'"),
        (["show", "UNTOC", "99"], "not in the index"),
        (["search", "   "], "the question is empty"),
    ):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_missing_corpus_dir_names_the_setting(cli_env, tmp_path):
    env, _ = cli_env
    result = runner.invoke(app, ["corpus", "list"], env={**env, "PALERMO_CORPUS_DIR": str(tmp_path / "nope")})
    assert result.exit_code == 2 and "PALERMO_CORPUS_DIR" in result.output


def test_second_process_gets_a_clear_message(cli_env):
    env, _ = cli_env
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from corpora.settings import load_settings; from retrieval.stores import open_store;"
         "store = open_store(load_settings()); print('ready', flush=True); time.sleep(60)"],
        cwd=REPO, env={**env, "PATH": "/usr/bin:/bin"}, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = runner.invoke(app, ["search", "extradition"], env=env)
        assert result.exit_code == 2
        assert "in use by another palermo process" in " ".join(result.output.split())
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.2)
    assert runner.invoke(app, ["search", "extradition"], env=env).exit_code == 0
