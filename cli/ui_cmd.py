"""`palermo ui`: the Streamlit web interface (it calls the API at PALERMO_UI_API_URL)."""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.runtime import clean_errors
from corpora.errors import ConfigurationError

if TYPE_CHECKING:
    from corpora.settings import Settings

APP = Path(__file__).resolve().parents[1] / "ui" / "app.py"


def streamlit_command(settings: "Settings") -> list[str]:
    """`streamlit run ui/app.py` headless, offline (no usage statistics, no file watcher), errors without details."""
    upload_mb = max(1, math.ceil(settings.max_upload_bytes / (1024 * 1024)))
    options = {
        "server.headless": "true", "server.address": settings.ui_host, "server.port": str(settings.ui_port),
        "server.fileWatcherType": "none", "server.runOnSave": "false", "server.maxUploadSize": str(upload_mb),
        "browser.gatherUsageStats": "false", "client.showErrorDetails": "none", "client.toolbarMode": "minimal",
        "global.developmentMode": "false",
        # browser policy: Streamlit's own CORS and XSRF protection on (its defaults, pinned), no static folder;
        # it cannot set X-Frame-Options, a CSP or Referrer-Policy (README, "Security and reliability")
        "server.enableCORS": "true", "server.enableXsrfProtection": "true", "server.enableStaticServing": "false",
    }
    return [sys.executable, "-m", "streamlit", "run", str(APP), *[f"--{key}={value}" for key, value in options.items()]]


def wait_until_ready(api_url: str, seconds: float) -> None:
    """Block until the API answers /readyz (ConfigurationError after ``seconds``)."""
    from ui.client import PalermoClient, ServiceError

    client = PalermoClient(api_url, timeout=5)
    deadline = time.monotonic() + seconds
    while True:
        try:
            client.ready()
            return
        except ServiceError as exc:
            if time.monotonic() > deadline:
                raise ConfigurationError(f"the API at {api_url} is not ready after {seconds:.0f} s: {exc}") from None
            time.sleep(0.5)


def ui(
    host: Annotated[str | None, typer.Option(help="Bind address (default PALERMO_UI_HOST, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PALERMO_UI_PORT, 8501).")] = None,
    api_url: Annotated[str | None, typer.Option(help="The API to call (default PALERMO_UI_API_URL).")] = None,
    wait_for_api: Annotated[float, typer.Option(help="Seconds to wait for the API to be ready first (0: do not wait).",
                                                min=0)] = 0,
) -> None:
    """Serve the web interface (Ask, Translate, Sources, Evaluate); the API must run too (`palermo serve`)."""
    from corpora.settings import load_settings

    with clean_errors():
        settings = load_settings(ui_host=host, ui_port=port, ui_api_url=api_url)
        if wait_for_api:
            wait_until_ready(settings.ui_api_url, wait_for_api)
        typer.echo(f"\npalermo is ready: open http://{settings.ui_host}:{settings.ui_port}  "
                   f"(web interface, calling the API at {settings.ui_api_url}); Ctrl-C stops it\n", err=True)
        sys.stdout.flush()
        # exec: Streamlit takes over this process, so signals (Ctrl-C, SIGTERM) reach it directly.
        os.execve(sys.executable, streamlit_command(settings), {**os.environ, "PALERMO_UI_API_URL": settings.ui_api_url})
