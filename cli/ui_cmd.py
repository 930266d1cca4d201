"""`palermo ui`: the Streamlit web interface (it calls the API at PALERMO_UI_API_URL)."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.runtime import clean_errors
from corpora.settings import Settings, load_settings

APP = Path(__file__).resolve().parents[1] / "ui" / "app.py"


def streamlit_command(settings: Settings) -> list[str]:
    """`streamlit run ui/app.py` headless, offline (no usage statistics, no file watcher), errors without details."""
    upload_mb = max(1, math.ceil(settings.max_upload_bytes / (1024 * 1024)))
    options = {
        "server.headless": "true", "server.address": settings.ui_host, "server.port": str(settings.ui_port),
        "server.fileWatcherType": "none", "server.runOnSave": "false", "server.maxUploadSize": str(upload_mb),
        "browser.gatherUsageStats": "false", "client.showErrorDetails": "none", "client.toolbarMode": "minimal",
        "global.developmentMode": "false",
    }
    return [sys.executable, "-m", "streamlit", "run", str(APP), *[f"--{key}={value}" for key, value in options.items()]]


def ui(
    host: Annotated[str | None, typer.Option(help="Bind address (default PALERMO_UI_HOST, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PALERMO_UI_PORT, 8501).")] = None,
    api_url: Annotated[str | None, typer.Option(help="The API to call (default PALERMO_UI_API_URL).")] = None,
) -> None:
    """Serve the web interface (Ask, Translate, Sources, Evaluate); the API must run too (`palermo serve`)."""
    with clean_errors():
        settings = load_settings(ui_host=host, ui_port=port, ui_api_url=api_url)
        typer.echo(f"palermo web interface on http://{settings.ui_host}:{settings.ui_port} "
                   f"(API {settings.ui_api_url}); Ctrl-C stops it", err=True)
        sys.stdout.flush()
        # exec: Streamlit takes over this process, so signals (Ctrl-C, SIGTERM) reach it directly.
        os.execve(sys.executable, streamlit_command(settings), {**os.environ, "PALERMO_UI_API_URL": settings.ui_api_url})
