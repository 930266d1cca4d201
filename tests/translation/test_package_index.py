"""Packages from where offline networks keep them: a local folder, and an internal index in argos's format
served by a real HTTP server on loopback (good install, checksum mismatch, server down, foreign links)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import shutil
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def index_server(root: Path):
    """http.server over ``root`` on a free loopback port; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _write_index(root: Path, archive: Path, **entry) -> None:
    """An argos index.json (argospm's fields) with one package linked relative to the index, plus its sha256."""
    (root / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copy(archive, root / "packages" / archive.name)
    base = {"type": "translate", "code": "nl_en", "from_code": "nl", "from_name": "Dutch", "to_code": "en",
            "to_name": "English", "package_version": "0.1", "argos_version": "1.9.0",
            "links": [f"packages/{archive.name}"], "sha256": hashlib.sha256(archive.read_bytes()).hexdigest()}
    sbd = {"type": "sbd", "code": "sbd", "from_code": "nl", "links": ["packages/none.argosmodel"]}
    (root / "index.json").write_text(json.dumps([sbd, {**base, **entry}]), encoding="utf-8")


def _out(result) -> str:
    """The command's output with line wrapping undone."""
    return " ".join(result.output.split())


def _installed(data: Path) -> list[str]:
    folder = data / "argos-packages"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_install_from_the_index_and_list(tmp_path, tiny_packages, socket_enabled):
    _write_index(tmp_path / "www", tiny_packages["nl-en"])
    with index_server(tmp_path / "www") as url:
        env = {"PALERMO_DATA_DIR": str(tmp_path / "data"), "PALERMO_ARGOS_INDEX_URL": f"{url}/index.json"}
        listed = runner.invoke(app, ["translate", "packages"], env=env)
        assert listed.exit_code == 0, listed.output
        assert "available from" in _out(listed) and "nl->en Dutch -> English version 0.1 (not installed)" in _out(listed)
        done = runner.invoke(app, ["translate", "install", "nl-en"], env=env)
        assert done.exit_code == 0, done.output
        assert "installed nl->en" in _out(done)
        assert "(installed 0.1)" in _out(runner.invoke(app, ["translate", "packages"], env=env))
        missing = runner.invoke(app, ["translate", "install", "en-de"], env=env)
        assert missing.exit_code == 2 and "has no en->de package; it offers: nl->en" in _out(missing)
    assert _installed(tmp_path / "data") == ["translate-nl_en-tiny"]
    assert not list((tmp_path / "data").glob(".argos-download-*"))


@pytest.mark.parametrize(("entry", "needle"), [
    ({"sha256": "0" * 64}, "checksum mismatch for translate-nl_en"),
    ({"sha256": None}, "has no sha256"),
    ({"links": ["http://192.0.2.1/translate-nl_en.argosmodel"]}, "no link of translate-nl_en is on the package index's host"),
])
def test_refused_downloads_install_nothing(tmp_path, tiny_packages, socket_enabled, entry, needle):
    _write_index(tmp_path / "www", tiny_packages["nl-en"], **entry)
    with index_server(tmp_path / "www") as url:
        env = {"PALERMO_DATA_DIR": str(tmp_path / "data"), "PALERMO_ARGOS_INDEX_URL": f"{url}/index.json"}
        result = runner.invoke(app, ["translate", "install", "nl_en"], env=env)
    assert result.exit_code == 2 and needle in _out(result)
    assert _installed(tmp_path / "data") == []
    assert not [p for p in (tmp_path / "data").rglob("*") if p.is_file()]  # no partial download left


def test_index_down_is_a_clear_error(tmp_path, socket_enabled):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"PALERMO_DATA_DIR": str(tmp_path / "data"), "PALERMO_ARGOS_INDEX_URL": f"http://127.0.0.1:{port}/index.json",
           "PALERMO_ARGOS_INDEX_TIMEOUT": "5"}
    for args in (["translate", "install", "nl-en"], ["translate", "packages"]):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 2 and f"cannot reach the package index at http://127.0.0.1:{port}/index.json" in _out(result)
    assert _installed(tmp_path / "data") == []
    offline = runner.invoke(app, ["translate", "packages", "--no-index"], env=env)
    assert offline.exit_code == 0 and "no translation package installed" in _out(offline)


def test_install_a_folder_all_checked_first(tmp_path, tiny_packages):
    folder = tmp_path / "offline-share"
    folder.mkdir()
    for archive in tiny_packages.values():
        shutil.copy(archive, folder / archive.name)
    (folder / "broken.argosmodel").write_bytes(b"not a zip")
    env = {"PALERMO_DATA_DIR": str(tmp_path / "data")}
    refused = runner.invoke(app, ["translate", "install", str(folder)], env=env)
    assert refused.exit_code == 2 and "nothing installed" in _out(refused) and "broken.argosmodel" in _out(refused)
    assert _installed(tmp_path / "data") == []
    (folder / "broken.argosmodel").unlink()
    done = runner.invoke(app, ["translate", "install", str(folder)], env=env)
    assert done.exit_code == 0 and _out(done).count("installed ") == 2
    assert _installed(tmp_path / "data") == ["translate-en_fr-tiny", "translate-nl_en-tiny"]
    no_index = runner.invoke(app, ["translate", "install", "nl-en"], env=env)
    assert no_index.exit_code == 2 and "set PALERMO_ARGOS_INDEX_URL" in _out(no_index)


def test_listing_without_the_index_never_connects(tmp_path):
    """With an index configured, `translate packages --no-index` runs with connect() forbidden."""
    import os
    import subprocess
    import sys

    from tests.test_offline import GUARD, REPO

    env = {**os.environ, "PALERMO_DATA_DIR": str(tmp_path / "data"), "PALERMO_ARGOS_INDEX_URL": "http://127.0.0.1:9/index.json"}
    done = subprocess.run([sys.executable, "-c", GUARD, "translate", "packages", "--no-index"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert "NETWORK ATTEMPT" not in done.stdout + done.stderr and done.returncode == 0, done.stderr[-2000:]
    assert "no translation package installed" in done.stdout
