"""End to end in a real headless browser: the API and `palermo ui` as servers, Debian's chromium driven by Playwright.

Screenshots of every page are saved under test-artifacts/ui/. Skipped with a reason when /usr/bin/chromium
is missing (`make browser` installs it; `make test` runs that first).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from corpora.settings import REPO_ROOT
from tests.ui.conftest import RunningApi, api_settings, free_port, make_eval_runs

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts" / "ui"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (the [test] extra)")
pytestmark = [pytest.mark.enable_socket,
              pytest.mark.skipif(not CHROMIUM.is_file(),
                                 reason=f"{CHROMIUM} is not installed: run `make browser` (apt-get install chromium)")]


@pytest.fixture(scope="module")
def browser_api(small_index, tmp_path_factory):
    """The real API with the tiny nl->en package (a committed fixture) installed."""
    from service.translation import Translator
    from tests.translation.tiny_package import tiny_package

    settings = api_settings(small_index, tmp_path_factory.mktemp("argos-e2e"))
    Translator(settings).install_package(tiny_package("nl", "en"))
    api = RunningApi(small_index, settings).start()
    yield api
    api.stop()


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60) -> float:
    """Seconds until ``url`` answers 200 (fails with the server's output if it dies)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            pytest.fail(f"palermo ui exited with {process.returncode}: {process.stdout.read() if process.stdout else ''}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="module")
def ui_server(browser_api, tmp_path_factory):
    """`palermo ui` in a subprocess on a free port, calling the test API."""
    api = browser_api
    port = free_port()
    env = {**os.environ, "PALERMO_UI_API_URL": api.url,
           "PALERMO_EVAL_RUNS_DIR": str(make_eval_runs(tmp_path_factory.mktemp("e2e") / "eval-runs")), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "cli.main", "ui", "--port", str(port)]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        seconds = wait_for_http(f"http://127.0.0.1:{port}/_stcore/health", process)
        print(f"palermo ui answered after {seconds:.1f} s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def page(ui_server, tmp_path):
    """A page in a fresh chromium profile; any request off this machine is blocked and recorded."""
    external: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS,
            viewport={"width": 1400, "height": 1000})
        context.route("**/*", guard)
        context.set_default_timeout(60_000)
        try:
            yield context.new_page()
        finally:
            context.close()
    assert not external, f"the UI tried to reach other hosts: {external}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_ask_cite_translate_browse_evaluate(page, ui_server):
    page.goto(ui_server)
    page.get_by_role("heading", name="Ask").wait_for()
    page.get_by_test_id("stChatInputTextArea").fill("Can bank secrecy justify refusing assistance?")
    page.keyboard.press("Enter")
    chip = page.get_by_role("button", name="UNTOC art. 18(8)")
    chip.wait_for()
    assert "bank secrecy" in page.get_by_test_id("stChatMessage").last.inner_text()
    shot(page, "1-ask-answer")
    chip.click()
    page.locator("mark", has_text="bankgeheim").first.wait_for()
    page.locator("mark", has_text="bank secrecy").first.wait_for()
    assert page.get_by_text("Dutch — Wederzijdse rechtshulp").first.is_visible()
    shot(page, "2-ask-citation-panel")

    page.get_by_role("link", name="Translate").click()
    page.get_by_role("heading", name="Translate").wait_for()
    page.get_by_label("Text to translate").fill("De rechtbank weigert het verzoek.")
    page.get_by_role("button", name="Translate", exact=True).click()
    page.get_by_label("Translation").wait_for()
    assert page.get_by_label("Translation").input_value() == "The court refuses the request."
    shot(page, "3-translate")

    page.get_by_role("link", name="Sources").click()
    page.get_by_label("Search by name, alias or title").fill("Palermo")
    page.get_by_label("Search by name, alias or title").press("Enter")
    page.get_by_role("heading", name="UNTOC — United Nations Convention against Transnational Organized Crime").wait_for()
    shot(page, "4-sources")

    page.goto(f"{ui_server}/evaluate")  # a deep link runs the entry script too (the navigation, the settings)
    page.get_by_role("heading", name="Evaluate").wait_for()
    page.get_by_test_id("stMetric").first.wait_for()
    assert page.get_by_role("link", name="Ask").is_visible()
    page.wait_for_timeout(1000)
    shot(page, "5-evaluate")
    page.get_by_text("Answer of a1").scroll_into_view_if_needed()
    shot(page, "6-evaluate-question")
