"""`palermo ask` and `palermo chat` on a small corpus (UNTOC only, see test_cli.py's cli_env)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_ask_json_has_cited_answer(cli_env):
    env, _ = cli_env
    result = runner.invoke(app, ["ask", "What must a request for mutual legal assistance under UNTOC contain?", "--json"], env=env)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert "UNTOC art. 18(15)" in [c["label"] for c in payload["citations"]]
    assert payload["checklist"] and payload["checklist"][0]["text"].endswith("(UNTOC art. 18(15)(a))")


def test_ask_renders_an_abstention_visibly(cli_env):
    env, _ = cli_env
    result = runner.invoke(app, ["ask", "What is the telephone number of the UNODC treaty section?"], env=env)
    assert result.exit_code == 0
    assert "do not address this" in result.output


def test_chat_keeps_history_and_survives_bad_questions(cli_env):
    env, _ = cli_env
    turns = "What does UNTOC say about joint investigations?\n" + "x" * 2500 + "\nAnd who can agree on them?\n\n"
    result = runner.invoke(app, ["chat"], input=turns, env=env)
    assert result.exit_code == 0, result.output
    assert "UNTOC art. 19" in result.output
    assert "at most 2000" in result.output  # the oversized turn is refused, the chat goes on
    assert result.output.count("you>") == 4


def test_ask_generative_without_model_is_one_clean_line(cli_env):
    env, _ = cli_env
    result = runner.invoke(app, ["ask", "UNTOC 18(15)", "--mode", "generative"], env=env)
    assert result.exit_code == 2 and "PALERMO_LLM_MODEL_PATH" in result.output
