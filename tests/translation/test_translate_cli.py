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


def test_translation_never_connects(tmp_path, tiny_packages):
    """In a subprocess with connect() forbidden and no HF/argos environment: install, translate, a document."""
    import os
    import subprocess
    import sys

    from tests.test_offline import GUARD, REPO

    env = {key: value for key, value in os.environ.items() if not key.startswith(("ARGOS_", "HF_", "XDG_"))}
    env["PALERMO_DATA_DIR"] = str(tmp_path / "data")
    source = tmp_path / "r.txt"
    source.write_text("De minister zendt het verzoek.\n", encoding="utf-8")
    for args in (["translate", "packages", "install", str(tiny_packages["nl-en"])],
                 ["translate", "De rechtbank weigert uitlevering.", "--to", "en"],
                 ["translate", str(source), "--to", "en"]):
        done = subprocess.run([sys.executable, "-c", GUARD, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert "NETWORK ATTEMPT" not in done.stdout + done.stderr
        assert done.returncode == 0, done.stderr[-2000:]
    assert done.returncode == 0 and (tmp_path / "r.en.txt").read_text(encoding="utf-8") == "The Minister sends the request.\n"
