"""ASGI entry for process managers: ``uvicorn --factory zhifa.web.asgi:create``.

Reads settings from the environment like every other entrypoint; applies migrations.
"""

from __future__ import annotations

from fastapi import FastAPI

from zhifa.app_context import build_context, initialise
from zhifa.web.app import create_app


def create() -> FastAPI:
    ctx = build_context()
    initialise(ctx)
    return create_app(ctx)


def baseline() -> object:
    """The raw limit for ``zhifa bench api``: an ASGI app that answers fixed JSON bytes with
    no framework, no database — what the same server and client can do at best."""
    body = (
        '{"number":"9901202400001","status":"valid","status_label":"有效","may_enforce":true}'
    ).encode()

    async def app(scope: dict[str, object], receive: object, send: object) -> None:
        assert scope["type"] == "http"
        await send(  # type: ignore[operator]
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})  # type: ignore[operator]

    return app
