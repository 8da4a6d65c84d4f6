"""Alembic environment: the URL comes from the caller's config or from zhifa settings."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from zhifa.settings import get_settings
from zhifa.store.base import UtcDateTime
from zhifa.store.engine import make_engine
from zhifa.store.metadata import all_metadata

config = context.config
target_metadata = all_metadata()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().effective_database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Our UtcDateTime is a plain timezone-aware DateTime in the schema.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    # Search objects an area creates by hand in its migration (e.g. an FTS5 table and its
    # shadow tables) are not mapped: each area registers a predicate in metadata.info.
    return not any(skip(name) for skip in target_metadata.info.get("unmanaged", ()))


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `zhifa db upgrade`")
run_migrations_online()
