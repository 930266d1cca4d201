"""`palermo draft` on the small CLI corpus (UNTOC only: no bilateral treaty, UNTOC as the basis)."""

from __future__ import annotations

import json

from docx import Document
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()
FACTS = ("On 3 February 2024 Ms Anna KOWALSKI, a national of Poland born on 1 April 1985, received EUR 400,000 "
         "from a company in Toronto on an account held at a bank in Amsterdam.")


def _draft(env, tmp_path, *extra: str):
    out = tmp_path / "request.docx"
    result = runner.invoke(app, ["draft", "--from", "Netherlands", "--to", "canada", "--measure", "bank_records",
                                 "--offence", "money laundering, punishable by up to 4 years' imprisonment",
                                 "--out", str(out), *extra], env=env)
    return result, out


def test_draft_prints_basis_and_marks_and_writes_the_docx(cli_env, tmp_path):
    env, _ = cli_env
    result, out = _draft(env, tmp_path, "--facts", FACTS, "--authority", "Public Prosecution Service, Amsterdam")
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "no bilateral treaty between Netherlands and Canada" in output
    assert "UNTOC art. 18(7)" in output and "ratifications" in output
    assert "[x] filled" in output and "[ ] MISSING" in output
    assert "UNTOC art. 18(15)(a)" in output and f"wrote {out}" in output
    document = Document(str(out))
    assert "start of a lawyer's work" in document.sections[0].header.paragraphs[0].text
    assert any("Ms Anna KOWALSKI" in p.text for p in document.paragraphs)


def test_draft_json_with_facts_file(cli_env, tmp_path):
    env, _ = cli_env
    facts = tmp_path / "facts.txt"
    facts.write_text(FACTS, encoding="utf-8")
    result, out = _draft(env, tmp_path, "--json", "--facts-file", str(facts))
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    status = {i["label"]: i["status"] for i in payload["checklist"]}
    assert status["UNTOC art. 18(15)(c)"] == "filled" and status["UNTOC art. 18(15)(a)"] == "missing"  # no --authority
    assert payload["missing"] == [i["status"] for i in payload["checklist"]].count("missing")
    assert payload["document"]["path"] == str(out) and payload["document"]["base64"] == "" and out.is_file()
    assert payload["legal_basis"]["no_bilateral"]


def test_unknown_state_is_one_line_with_the_nearest_names(cli_env, tmp_path):
    env, _ = cli_env
    result = runner.invoke(app, ["draft", "--from", "Netherland", "--to", "Canada", "--out", str(tmp_path / "x.docx")],
                           env=env)
    assert result.exit_code == 2
    assert "unknown requesting State 'Netherland'" in result.output and "'Netherlands'" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_broken_template_is_a_clean_error(cli_env, tmp_path):
    env, _ = cli_env
    template = tmp_path / "ours.docx"
    document = Document()
    document.add_paragraph("{% for item in checklist %}{{ item.text }")
    document.save(template)
    result, out = _draft(env | {"PALERMO_DRAFT_TEMPLATE": str(template)}, tmp_path)
    assert result.exit_code == 2 and "ours.docx" in result.output and "{{ item.text }" in result.output
    assert "Traceback" not in result.output and not out.exists()
