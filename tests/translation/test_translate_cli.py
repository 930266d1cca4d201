"""`palermo translate` end to end: packages install/list, text, documents, clean errors."""

from __future__ import annotations

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_cli_installs_lists_and_translates(tmp_path, tiny_packages):
    env = {"PALERMO_DATA_DIR": str(tmp_path / "data")}
    for archive in tiny_packages.values():
        result = runner.invoke(app, ["translate", "packages", "install", str(archive)], env=env)
        assert result.exit_code == 0 and "installed" in result.output
    listed = runner.invoke(app, ["translate", "packages", "list"], env=env)
    assert "nl->en" in listed.output and "through English: fr" in listed.output
    done = runner.invoke(app, ["translate", "De aangezochte Staat verleent wederzijdse rechtshulp.", "--to", "en"], env=env)
    assert done.exit_code == 0 and done.stdout.strip() == "The requested State grants mutual legal assistance."
    source = tmp_path / "verzoek.md"
    source.write_text("# Uitlevering\n\n1. De minister zendt het verzoek.\n", encoding="utf-8")
    glossary = tmp_path / "g.csv"
    glossary.write_text("id,nl,en\nsurrender,uitlevering,surrender\n", encoding="utf-8")
    out = tmp_path / "out.md"
    done = runner.invoke(app, ["translate", str(source), "--to", "en", "--from", "nl", "--glossary", str(glossary), "--out", str(out)], env=env)
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8") == "# Surrender\n\n1. The Minister sends the request.\n"


def test_cli_errors_are_one_line_and_exit_2(tmp_path):
    env = {"PALERMO_DATA_DIR": str(tmp_path / "data")}
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(app, ["translate", "packages", "install", str(bad)], env=env)
    assert result.exit_code == 2 and "not a zip archive" in result.output
    result = runner.invoke(app, ["translate", "De rechtbank.", "--to", "en"], env=env)
    assert result.exit_code == 2 and "no installed package translates into en" in result.output
