"""The FastAPI application factory; the lifespan opens the store and models once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from corpora.registry import Registry
from corpora.settings import Settings
from service.errors import install_error_handlers
from service.routers import health, search
from service.state import ServiceState


def create_app(settings: Settings, registry: Registry, state: ServiceState | None = None) -> FastAPI:
    """Build the app; ``state`` lets a caller hand in components it already opened."""

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
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(search.router)
    return app
