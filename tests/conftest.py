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


# ----------------------------------------------------------------------------- log scan
# Every log record the suite produces goes to one file; at the end the file is searched for
# the demo jurisdiction's personal data (ID numbers, phones, natural persons' names, demo
# passwords). Finding any fails the run: personal data never goes to logs.

import logging  # noqa: E402
import tempfile  # noqa: E402

LOG_FILE = Path(tempfile.gettempdir()) / f"zhifa-test-log-{os.getpid()}.txt"


def pytest_configure(config: pytest.Config) -> None:
    LOG_FILE.write_text("", encoding="utf-8")
    # Append mode: a test that reconfigures logging (uvicorn's dictConfig closes every
    # handler) must not silence the scan; a closed append-mode handler reopens on emit.
    handler = logging.FileHandler(LOG_FILE, mode="a", encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for noisy in ("sqlalchemy", "alembic", "asyncio", "urllib3", "filelock", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _personal_values() -> list[str]:
    from datetime import date as _date

    from zhifa.demo import BODIES, DEMO_USERS, OFFICERS, PARTIES, demo_id_number

    regions = {b.n: b.region for b in BODIES}
    values = [demo_id_number(regions[o[2]], o[6], o[0]) for o in OFFICERS]
    for n, kind, name, region in PARTIES:
        if kind == "natural_person":
            values += [
                name,
                demo_id_number(region, _date(1975 + n, n, 10 + n), 100 + n),
                f"1380000{n:04d}",
            ]
    values += [u.password for u in DEMO_USERS]
    return values


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    logging.shutdown()
    if not LOG_FILE.exists():
        return
    text = LOG_FILE.read_text(encoding="utf-8", errors="replace")
    leaked = [v for v in _personal_values() if v in text]
    size = len(text)
    LOG_FILE.unlink()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if leaked:
        if reporter:
            reporter.write_line(
                f"PERSONAL DATA IN LOGS: {len(leaked)} demo values found in {size} bytes of logs",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif size == 0 and session.testscollected > 20:
        # A whole suite that logged nothing means the scan saw nothing: fail, don't pass.
        if reporter:
            reporter.write_line("log scan: no log records were captured", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter:
        reporter.write_line(f"log scan: {size} bytes of logs, no personal data found")
