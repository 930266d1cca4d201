"""One index, many users: while `palermo serve` holds the embedded index, search/show/ask go through its
API (found from the record it leaves in data_dir/service.json) and say so on stderr; a second service or
several workers on the embedded index fail at start with the fix named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from cli.service_link import recorded_service, service_for_locked_index
from corpora.errors import StoreLockedError
from corpora.settings import Settings
from tests.ui.conftest import free_port

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _settings(env: dict[str, str]) -> Settings:
    return Settings(corpus_dir=Path(env["PALERMO_CORPUS_DIR"]), data_dir=Path(env["PALERMO_DATA_DIR"]))


def test_no_record_and_a_stale_record_are_explained(tmp_path):
    settings = Settings(data_dir=tmp_path)
    locked = StoreLockedError("the embedded store is in use by another palermo process")
    with pytest.raises(StoreLockedError, match="No running palermo service was found"):
        service_for_locked_index(settings, locked)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    settings.service_record.write_text(json.dumps({"url": "http://127.0.0.1:9", "pid": dead.pid}))
    assert recorded_service(settings).pid == dead.pid
    with pytest.raises(StoreLockedError, match=f"pid {dead.pid}\\) is no longer running"):
        service_for_locked_index(settings, locked)


@pytest.mark.enable_socket
def test_a_recorded_service_that_does_not_answer_is_named(tmp_path):
    settings = Settings(data_dir=tmp_path, api_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreLockedError, match="does not answer"):
        service_for_locked_index(settings, StoreLockedError("held"))


@pytest.mark.enable_socket
def test_the_record_goes_when_the_service_stops(cli_env):
    env, _ = cli_env
    process, url = _start_serving(env)
    record = Path(env["PALERMO_DATA_DIR"]) / "service.json"
    assert json.loads(record.read_text())["url"] == url
    process.terminate()
    assert process.wait(timeout=60) == 0
    assert not record.exists()
    assert recorded_service(_settings(env)) is None


def _start_serving(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """A real `palermo serve` process over the small CLI index, once it answers /readyz."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--port", str(port)], cwd=REPO,
                               env={**os.environ, **env, "PYTHONPATH": str(REPO)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, f"palermo serve exited: {process.stderr.read()[-2000:]}"
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    pytest.fail("palermo serve did not become ready")


@pytest.fixture(scope="module")
def serving(cli_env):
    env, _ = cli_env
    process, url = _start_serving(env)
    yield env, url, process
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.enable_socket
def test_commands_go_through_the_service_that_holds_the_index(serving):
    env, url, process = serving
    record = json.loads((Path(env["PALERMO_DATA_DIR"]) / "service.json").read_text())
    assert record == {**record, "url": url, "pid": process.pid}

    found = runner.invoke(app, ["search", "contents of a request for mutual legal assistance", "--json"], env=env)
    assert found.exit_code == 0, found.output
    assert "going through its API" in found.stderr and url in found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert hits and all(hit["instrument_short"] == "UNTOC" for hit in hits)

    shown = runner.invoke(app, ["show", "UNTOC", "18", "15"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "UNTOC art. 18(15)" in shown.stdout and "UNTOC art. 18(14)" not in shown.stdout

    missing = runner.invoke(app, ["show", "UNTOC", "999"], env=env)
    assert missing.exit_code == 2 and "999" in missing.stderr

    asked = runner.invoke(app, ["ask", "What must a request for mutual legal assistance contain?", "--json"], env=env)
    assert asked.exit_code == 0, asked.output
    assert any(c["label"].startswith("UNTOC art. 18") for c in json.loads(asked.stdout)["citations"])


@pytest.mark.enable_socket
def test_a_second_service_or_several_workers_fail_with_the_fix(serving):
    env, _, _ = serving
    second = runner.invoke(app, ["serve", "--port", str(free_port())], env=env)
    assert second.exit_code == 2
    assert "second service cannot open the embedded index" in second.stderr
    assert "PALERMO_QDRANT_MODE=server" in second.stderr
    workers = runner.invoke(app, ["serve", "--workers", "2"], env=env)
    assert workers.exit_code == 2 and "PALERMO_QDRANT_MODE=server" in workers.stderr
