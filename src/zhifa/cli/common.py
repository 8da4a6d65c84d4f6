"""What every command shares: consoles, the database option, opening the node's context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from zhifa.app_context import Context

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

DbUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="数据库地址；缺省为 ZHIFA_DATABASE_URL 或本地 SQLite 文件"),
]


def open_context(database_url: str | None = None) -> Context:
    """Check settings, build the node's context and bring its database to head."""
    from zhifa.app_context import build_context, initialise
    from zhifa.settings import get_settings

    get_settings().check_production()  # before anything is created or written
    ctx = build_context(database_url=database_url)
    initialise(ctx)
    return ctx
