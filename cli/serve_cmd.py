"""`palermo serve`: the HTTP API."""

from __future__ import annotations

import signal
from types import FrameType
from typing import Annotated

import typer

from cli.runtime import clean_errors


def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default PALERMO_API_HOST, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PALERMO_API_PORT, 8000).")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (more than one needs server mode).")] = 1,
) -> None:
    """Serve the API (OpenAPI at /docs). With the embedded index it holds the index while it runs and
    records itself in data_dir/service.json, so that the other commands go through it."""
    import uvicorn

    from cli.service_link import forget_service, record_service
    from corpora.errors import ConfigurationError, StoreLockedError
    from corpora.registry import load_registry
    from corpora.settings import load_settings
    from service.app import create_app
    from service.state import ServiceState

    with clean_errors():
        settings = load_settings(api_host=host, api_port=port)
        shared_index = settings.qdrant_mode == "server"
        if workers > 1 and not shared_index:
            raise ConfigurationError(
                f"{workers} workers cannot share the embedded index (one process holds it). Run one worker, or keep "
                "the index in a Qdrant server (PALERMO_QDRANT_MODE=server and PALERMO_QDRANT_URL, see deploy/README.md) "
                "and start as many workers or services against it as you need")
        if workers > 1:  # each worker builds its own app from the environment
            uvicorn.run("service.app:app_from_environment", factory=True, workers=workers, host=settings.api_host,
                        port=settings.api_port, log_level="info", access_log=False)
            return
        registry = load_registry(settings)
        try:
            state = ServiceState.open(settings, registry)
        except StoreLockedError as exc:
            raise StoreLockedError(
                f"{exc.detail}. A second service cannot open the embedded index: use the one that holds it (the CLI "
                "finds it through data_dir/service.json), or keep the index in a Qdrant server "
                "(PALERMO_QDRANT_MODE=server, see deploy/README.md) to run several services") from None
        app = create_app(settings, registry, state)
        if not shared_index:
            record_service(settings, settings.api_host, settings.api_port)
        # uvicorn re-raises the SIGTERM it caught once it has shut down: end cleanly, so the record goes
        signal.signal(signal.SIGTERM, _exit_cleanly)
        try:
            uvicorn.run(app, host=settings.api_host, port=settings.api_port, log_level="info", access_log=False)
        finally:
            forget_service(settings)


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
