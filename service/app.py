"""The FastAPI application factory; the lifespan opens the store and models once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from corpora.registry import Registry
from corpora.settings import Settings
from service.errors import install_error_handlers
from service.libretranslate.access import RequestLimiter
from service.routers import ask, drafts, health, instruments, libretranslate, search, termbases, translate
from service.security import API_KEY_HEADER, BodySizeLimit, RequireKey, check_exposure
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
    app.state.libretranslate_limiter = RequestLimiter(settings.libretranslate_req_limit)
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes, max_upload_bytes=settings.max_upload_bytes,
                       plain_error_paths=libretranslate.BODY_PATHS)
    if settings.cors_origins:  # outermost, so that every answer (a 413 too) carries the headers
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", API_KEY_HEADER], max_age=60 * 60 * 24 * 20)
    app.include_router(health.router)
    for router in (search.router, ask.router, instruments.router, translate.router, termbases.router, drafts.router):
        app.include_router(router, dependencies=[RequireKey])
    app.include_router(libretranslate.router)  # LibreTranslate's routes check its api_key themselves
    return app


def app_from_environment() -> FastAPI:
    """The app built from PALERMO_* settings alone: the factory each worker of `palermo serve --workers N` calls."""
    from corpora.registry import load_registry
    from corpora.settings import load_settings

    settings = load_settings()
    return create_app(settings, load_registry(settings))
