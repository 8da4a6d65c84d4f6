"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from zhifa import __version__
from zhifa.app_context import Context, build_context
from zhifa.web.errors import install_error_handlers
from zhifa.web.render import STATIC_DIR
from zhifa.web.routes import account, health, ledger, pages, registry_api
from zhifa.web.routes import public as public_routes


def create_app(context: Context | None = None) -> FastAPI:
    """Build the app around a context (the CLI and tests pass theirs)."""
    ctx = context or build_context()
    ctx.settings.check_production()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Checkpoints deferred under load are signed within one interval.
        async def tick() -> None:
            while True:
                await asyncio.sleep(ctx.settings.checkpoint_interval_seconds)
                await run_in_threadpool(ctx.checkpointer.flush)

        task = asyncio.create_task(tick())
        try:
            yield
        finally:
            task.cancel()
            await run_in_threadpool(ctx.checkpointer.flush)

    # FastAPIOffline serves Swagger UI's files from its package: intranets have no CDN.
    app = FastAPIOffline(
        title="zhifa 行政执法监督信息系统",
        version=__version__,
        description="行政执法公示、执法全过程记录、重大执法决定法制审核与执法监督。",
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.context = ctx
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(health.router)
    app.include_router(ledger.router)
    app.include_router(pages.router)
    app.include_router(public_routes.router)
    app.include_router(account.router)
    app.include_router(registry_api.router)

    production = ctx.settings.mode == "production"

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        h = response.headers
        # Swagger UI needs inline script/style on /docs only; everything else is strict.
        docs = request.url.path.startswith("/docs")
        h.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; "
            "form-action 'self'"
            + (
                "; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"
                if docs
                else ""
            ),
        )
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "no-referrer")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if production:
            h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.url.path.startswith(("/api/", "/admin", "/workbench", "/supervision")):
            h.setdefault("Cache-Control", "no-store")
        return response

    return app
