"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhifa import __version__
from zhifa.app_context import Context, build_context
from zhifa.web.errors import install_error_handlers
from zhifa.web.render import STATIC_DIR
from zhifa.web.routes import (
    account,
    case_documents,
    cases_pages,
    complaints,
    disclosure_api,
    disclosure_pages,
    documents_api,
    findings,
    health,
    language_api,
    ledger,
    pages,
    registry_api,
    reports,
)
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

        # The timer sweep (as `zhifa tick`): overdue statutory clocks become ledger entries.
        async def sweep_deadlines() -> None:
            from zhifa.cases.timers import sweep_all

            while True:
                await asyncio.sleep(ctx.settings.tick_interval_seconds)
                await run_in_threadpool(sweep_all, ctx)

        # Everything loaded at start-up (catalog, regions, templates, ORM mappers) lives for
        # the whole process: move it out of the collector's way, so full collections stay
        # short and do not stall requests.
        gc.collect()
        gc.freeze()
        task = asyncio.create_task(tick())
        sweeper = asyncio.create_task(sweep_deadlines())
        try:
            yield
        finally:
            task.cancel()
            sweeper.cancel()
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
    app.include_router(case_documents.router)
    app.include_router(ledger.router)
    app.include_router(pages.router)
    app.include_router(public_routes.router)
    app.include_router(account.router)
    app.include_router(registry_api.router)
    app.include_router(documents_api.router)
    app.include_router(language_api.router)
    app.include_router(disclosure_api.router)
    app.include_router(cases_pages.router)
    app.include_router(complaints.router)
    app.include_router(reports.router)
    app.include_router(disclosure_pages.router)
    app.include_router(findings.router)

    app.add_middleware(SecurityHeaders, production=ctx.settings.mode == "production")
    return app


_STAFF_PREFIXES = ("/api/", "/admin", "/workbench", "/supervision")


class SecurityHeaders:
    """Headers on every response, as plain ASGI (no per-request task or stream)."""

    def __init__(self, app: ASGIApp, production: bool) -> None:
        self.app = app
        csp = (
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
            "base-uri 'self'; form-action 'self'"
        )
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if production:
            common.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        self.default = [(b"content-security-policy", csp.encode()), *common]
        # Swagger UI at /docs needs inline script and style; nowhere else does.
        self.docs = [
            (
                b"content-security-policy",
                (
                    csp + "; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"
                ).encode(),
            ),
            *common,
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        extra = self.docs if path.startswith("/docs") else self.default
        if path.startswith(_STAFF_PREFIXES):
            extra = [*extra, (b"cache-control", b"no-store")]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in extra if k not in present),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
