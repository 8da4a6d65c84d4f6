"""Shared fixtures: a fresh database per test (SQLite file, or a clean PostgreSQL schema)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from zhifa.app_context import Context, build_context, initialise
from zhifa.kernel.clock import FixedClock
from zhifa.settings import Settings

PG_URL = os.environ.get("ZHIFA_TEST_DATABASE_URL", "")
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 2026年3月2日 09:30 Beijing time, a Monday


def _reset_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite by default; the PostgreSQL leg sets ZHIFA_TEST_DATABASE_URL."""
    if PG_URL:
        _reset_pg(PG_URL)
        return PG_URL
    return f"sqlite:///{tmp_path / 'zhifa.db'}"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(mode="test", data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def ctx(settings: Settings, clock: FixedClock) -> Iterator[Context]:
    context = build_context(settings, clock=clock)
    initialise(context)
    yield context
    context.engine.dispose()
