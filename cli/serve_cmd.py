"""`palermo serve`: the HTTP API."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.runtime import clean_errors


def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default PALERMO_API_HOST, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PALERMO_API_PORT, 8000).")] = None,
) -> None:
    """Serve the API (OpenAPI at /docs); holds the embedded index while it runs."""
    import uvicorn

    from corpora.registry import load_registry
    from corpora.settings import load_settings
    from service.app import create_app

    with clean_errors():
        settings = load_settings(api_host=host, api_port=port)
        app = create_app(settings, load_registry(settings))
        uvicorn.run(app, host=settings.api_host, port=settings.api_port, log_level="info", access_log=False)
