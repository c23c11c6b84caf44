"""The FastAPI app: ``create_app(settings)`` wires routers, errors, limits, logs and metrics.

``create_app_from_env`` is the uvicorn factory used when ``provguard serve --workers N`` runs
several processes (each builds its own Services from the same PROVGUARD_* environment).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from provguard.config import Settings, load_settings
from provguard.service import console, errors, logs
from provguard.service.auth import make_limiter
from provguard.service.middleware import ServiceMiddleware
from provguard.service.routes import audit, health, images, inspect, keys, responses, reviews, screen
from provguard.service.state import Services

ROUTERS = (health.router, screen.router, inspect.router, images.router, responses.router, audit.router,
           reviews.router, keys.router)

DESCRIPTION = """Screen image prompts, inspect image provenance and keep a tamper-evident audit log.

`/v1/images/generations`, `/v1/images/edits` and `/v1/responses` are OpenAI-compatible: point
the `openai` client's `base_url` at this service. Errors there use OpenAI's `{"error": {...}}` shape; the
native routes use RFC 9457 `application/problem+json`. Authenticate with
`Authorization: Bearer <key>` (`provguard keys create --team NAME`)."""


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """Build the app. ``services`` defaults to ``Services.build(settings)`` at startup."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        built = services or Services.build(settings)
        app.state.services = built
        if services is None:
            _freeze_startup_heap()
        try:
            yield
        finally:
            if services is None:  # close only what this app built
                await built.aclose()

    app = FastAPI(title="provguard", version=_version(), description=DESCRIPTION, lifespan=lifespan,
                  docs_url="/docs", redoc_url=None)
    app.state.settings = settings
    app.state.limiter = make_limiter(settings)
    if services is not None:
        app.state.services = services
    for router in ROUTERS:
        app.include_router(router)
    console.install(app)
    errors.install(app)
    app.add_middleware(ServiceMiddleware, max_body_bytes=settings.max_body_bytes)
    return app


def create_app_from_env() -> FastAPI:
    """uvicorn factory: settings from PROVGUARD_* (and PROVGUARD_CONFIG), logs in PROVGUARD_LOG_FORMAT."""
    settings = load_settings()
    logs.configure(settings.log_level, settings.log_format)
    return create_app(settings)


def _freeze_startup_heap() -> None:
    """Move the loaded rules, people packs and models out of the cyclic GC's reach.

    They are ~300k long-lived objects: every full collection walked them all (~80 ms idle,
    200+ ms on a busy machine), a stall every request in flight waited out (the p99 tail).
    Objects made after startup are collected as usual.
    """
    import gc

    gc.collect()
    gc.freeze()


def _version() -> str:
    from importlib.metadata import version

    return version("provguard")
