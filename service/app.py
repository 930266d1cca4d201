"""The FastAPI application factory; the lifespan opens the store and models once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from corpora.registry import Registry
from corpora.settings import Settings
from service.errors import install_error_handlers
from service.routers import ask, health, instruments, search, translate
from service.security import BodySizeLimit, RequireKey, check_exposure
from service.state import ServiceState


def create_app(settings: Settings, registry: Registry, state: ServiceState | None = None) -> FastAPI:
    """Build the app; ``state`` lets a caller hand in components it already opened.
    Refuses a non-loopback bind address without API keys (see service/security.py)."""
    check_exposure(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = state or ServiceState.open(settings, registry)
        app.state.palermo = opened
        try:
            yield
        finally:
            opened.close()

    app = FastAPI(
        title="palermo",
        version="0.1.0",
        description="Offline legal assistant for international cooperation in criminal matters: "
        "provisions with pinpoint citations.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes, max_upload_bytes=settings.max_upload_bytes)
    app.include_router(health.router)
    for router in (search.router, ask.router, instruments.router, translate.router):
        app.include_router(router, dependencies=[RequireKey])
    return app


def app_from_environment() -> FastAPI:
    """The app built from PALERMO_* settings alone: the factory each worker of `palermo serve --workers N` calls."""
    from corpora.registry import load_registry
    from corpora.settings import load_settings

    settings = load_settings()
    return create_app(settings, load_registry(settings))
