"""`zhifa verify` catches any single altered value in any covered table (SQLite, PostgreSQL)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, select, text, update
from sqlalchemy.exc import IntegrityError
from tests.conftest import PG_URL, T0

from zhifa.access.services import issue_api_token
from zhifa.app_context import Context, build_context, initialise
from zhifa.cases.timers import sweep
from zhifa.demo import _id, load_demo, load_demo_cases
from zhifa.kernel.clock import FixedClock
from zhifa.ledger.personal import PersonalValue, erase
from zhifa.ledger.services import issue_checkpoint, load_signer, load_verifiers
from zhifa.ledger.tables import LedgerCheckpoint, LedgerEntry, LedgerState
from zhifa.ledger.verify import EXEMPT, Report, projection_tables, verify_all
from zhifa.registry.services import change_credential_status
from zhifa.settings import Settings
from zhifa.store.engine import write_session
from zhifa.store.metadata import all_metadata


def run_verify(ctx: Context) -> Report:
    with ctx.read() as s:
        return verify_all(s, load_verifiers(ctx.settings), ctx.pii, ctx.settings.blob_dir)


def _build_demo(ctx: Context) -> None:
    load_demo(ctx)
    # A few cases in every state, and the overdue ones found by the timer sweep, so the
    # case tables are covered too.
    load_demo_cases(ctx, per_body=8)
    sweep(ctx)
    ctx.checkpointer.flush()
    # A second checkpoint after more events, so consistency between checkpoints is exercised.
    with ctx.uow() as uow:
        change_credential_status(
            uow, "test", "9901202400002", "suspended", reason="测试暂扣", effective=date(2026, 3, 2)
        )
        uow.commit()
    # One party's personal data erased on request, so erased rows are covered too.
    with ctx.uow() as uow:
        uow.record(
            erase(
                uow.session,
                _id("part", 8),
                reason="依申请删除",
                basis="《个人信息保护法》第四十七条",
                actor="test",
                at=ctx.clock.now(),
            )
        )
        uow.commit()
    # An API token, so the access tables have rows of every kind.
    with ctx.uow() as uow:
        issue_api_token(uow, "test", _id("user", 5), "省级平台对接")
        uow.commit()
    with write_session(ctx.session_factory) as s:
        issue_checkpoint(s, load_signer(ctx.settings), ctx.clock)


@pytest.fixture(scope="session")
def sqlite_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo jurisdiction built once; SQLite tests copy it instead of rebuilding it."""
    root = tmp_path_factory.mktemp("demo-template")
    settings = Settings(
        mode="test", data_dir=root / "data", database_url=f"sqlite:///{root / 'z.db'}"
    )
    template = build_context(settings, clock=FixedClock(T0))
    initialise(template)
    _build_demo(template)
    template.engine.dispose()  # the last connection checkpoints the WAL into the file
    return root


def _pg_admin() -> Any:
    """An AUTOCOMMIT engine on the test server, for CREATE/DROP DATABASE."""
    from sqlalchemy import create_engine

    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """On PostgreSQL, the demo built once in a template database (and its data directory);
    each test gets ``CREATE DATABASE … TEMPLATE`` instead of a rebuild (the demo, with its
    year of cases and their documents, takes far longer to build than to copy)."""
    root = tmp_path_factory.mktemp("pg-demo-template")
    name = f"zhifa_verify_tmpl_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    settings = Settings(mode="test", data_dir=root / "data", database_url=_pg_url(name))
    template = build_context(settings, clock=FixedClock(T0))
    initialise(template)
    _build_demo(template)
    template.engine.dispose()  # a template database may have no open connection
    yield root, name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def demo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Context]:
    dropped: str | None = None
    if PG_URL:
        template_root, template = request.getfixturevalue("pg_demo_template")
        root = shutil.copytree(template_root, tmp_path / "demo")
        dropped = f"zhifa_verify_{uuid.uuid4().hex[:12]}"
        admin = _pg_admin()
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{dropped}" TEMPLATE "{template}"'))
        settings = Settings(mode="test", data_dir=root / "data", database_url=_pg_url(dropped))
        ctx = build_context(settings, clock=FixedClock(T0))
    else:
        root = shutil.copytree(request.getfixturevalue("sqlite_demo_template"), tmp_path / "demo")
        settings = Settings(
            mode="test", data_dir=root / "data", database_url=f"sqlite:///{root / 'z.db'}"
        )
        ctx = build_context(settings, clock=FixedClock(T0))
    assert run_verify(ctx).ok
    yield ctx
    ctx.engine.dispose()
    if dropped:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{dropped}"'))
        admin.dispose()


def test_clean_demo_verifies(demo: Context) -> None:
    report = run_verify(demo)
    assert report.ok
    assert report.entries > 40
    assert report.checkpoints >= 2
    assert report.blobs >= 4
    assert report.personal_values >= 18
    assert report.rows["bodies"] >= 6


def test_every_table_is_covered_or_exempt() -> None:
    covered = {t.name for t in projection_tables()} | {
        "ledger_state",
        "ledger_entries",
        "ledger_hashes",
        "ledger_checkpoints",
        "ledger_subjects",
        "personal_values",
    }
    for table in all_metadata().sorted_tables:
        assert table.name in covered or table.name in EXEMPT, table.name
    # Only bookkeeping may be exempt: nothing holding case, registry or person data.
    assert set(EXEMPT) == {"alembic_version", "sessions"}
    assert {c.name for c in all_metadata().tables["sessions"].columns} == {
        "token_sha256",
        "user_id",
        "csrf_token",
        "created_at",
        "last_seen",
        "expires_at",
    }


def _mutate(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1_000_003  # far from any existing key, so primary keys cannot collide
    if isinstance(value, datetime):
        return value + timedelta(seconds=1)
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, (bytes, memoryview)):
        b = bytearray(bytes(value))
        b[0] ^= 0x01
        return bytes(b)
    if isinstance(value, list):
        return [*value, "x"]
    if isinstance(value, dict):
        return {**value, "name": str(value.get("name", "")) + "（改）"}
    if isinstance(value, str):
        return value[:-1] + ("y" if value[-1:] != "y" else "z") if value else "z"
    if value is None:
        return None
    raise AssertionError(f"no mutation for {type(value)}")


def _cases() -> list[tuple[str, str]]:
    cases = []
    for table in all_metadata().sorted_tables:
        if table.name in EXEMPT:
            continue
        referenced = {
            fk.column.name
            for other in all_metadata().sorted_tables
            for fk in other.foreign_keys
            if fk.column.table is table
        }
        for col in table.columns:
            # A primary key that other rows reference cannot be changed: the database refuses.
            if col.name in referenced:
                continue
            cases.append((table.name, col.name))
    return cases


@pytest.mark.parametrize(("table_name", "column"), _cases())
def test_any_single_altered_value_is_named(demo: Context, table_name: str, column: str) -> None:
    table: Table = all_metadata().tables[table_name]
    pk = list(table.primary_key.columns)
    with demo.engine.begin() as conn:
        rows = conn.execute(select(table)).mappings().all()
        row = next((r for r in rows if r[column] is not None), None)
        if row is None:
            pytest.skip(f"no non-null {table_name}.{column} in the demo data")
        candidates = [_mutate(row[column])]
        fk = next(iter(table.columns[column].foreign_keys), None)
        if fk is not None:  # point at another existing row instead
            candidates = list(
                conn.execute(select(fk.column).where(fk.column != row[column])).scalars()
            )
        where = [c == row[c.name] for c in pk]
        for new in candidates:  # the first that keeps the key unique
            try:
                with conn.begin_nested():
                    conn.execute(update(table).where(*where).values({column: new}))
                break
            except IntegrityError:
                continue
        else:
            pytest.fail(f"no value could replace {table_name}.{column}")
    report = run_verify(demo)
    assert not report.ok, f"altering {table_name}.{column} went unnoticed"
    assert any(table_name in p.where for p in report.problems) or (
        table_name.startswith("ledger_") and any("ledger_" in p.where for p in report.problems)
    ), [p.line() for p in report.problems]


def test_deleting_last_entry_is_caught(demo: Context) -> None:
    with demo.engine.begin() as conn:
        size = conn.execute(select(LedgerState.size)).scalar_one()
        conn.execute(text("DELETE FROM ledger_subjects WHERE idx = :i"), {"i": size - 1})
        conn.execute(text("DELETE FROM ledger_entries WHERE idx = :i"), {"i": size - 1})
        conn.execute(text("UPDATE ledger_state SET size = :s"), {"s": size - 1})
    report = run_verify(demo)
    assert any(p.kind == "checkpoint" and "大于现存记录数" in p.detail_zh for p in report.problems)


def test_swapping_two_entries_is_caught(demo: Context) -> None:
    with demo.engine.begin() as conn:
        a = conn.execute(select(LedgerEntry).where(LedgerEntry.idx == 3)).mappings().one()
        b = conn.execute(select(LedgerEntry).where(LedgerEntry.idx == 4)).mappings().one()
        # Move both rows out of the way of the unique event_id, then swap everything but idx.
        conn.execute(text("DELETE FROM ledger_entries WHERE idx IN (3, 4)"))
        for idx, src in ((3, b), (4, a)):
            conn.execute(
                LedgerEntry.__table__.insert().values(
                    idx=idx, **{k: v for k, v in src.items() if k != "idx"}
                )
            )
    report = run_verify(demo)
    wheres = " ".join(p.where for p in report.problems)
    assert "ledger_checkpoints" in wheres
    assert "ledger_hashes idx=" in wheres


def demo_first_checkpoint(conn: Any) -> Any:
    return conn.execute(select(LedgerCheckpoint.__table__).order_by(LedgerCheckpoint.size)).first()


def test_altered_checkpoint_signature_is_caught(demo: Context) -> None:
    with demo.engine.begin() as conn:
        cp = demo_first_checkpoint(conn)
        assert cp is not None
        note = cp.note.replace(f"\n{cp.size}\n", f"\n{cp.size}\n", 1)
        lines = note.split("\n")
        lines[2] = lines[2][:-2] + ("AA" if not lines[2].endswith("AA=") else "BB")  # root line
        conn.execute(
            update(LedgerCheckpoint)
            .where(LedgerCheckpoint.size == cp.size)
            .values(note="\n".join(lines))
        )
    report = run_verify(demo)
    assert any(p.kind == "checkpoint" and "签名树头无效" in p.detail_zh for p in report.problems)


def test_replaced_blob_file_is_caught(demo: Context) -> None:
    files = [p for p in Path(demo.settings.blob_dir).rglob("*") if p.is_file()]
    assert files
    files[0].write_bytes(b"forged flowchart")
    report = run_verify(demo)
    assert [p for p in report.problems if p.kind == "blob" and files[0].name in p.where]


def test_all_alterations_are_reported_not_only_the_first(demo: Context) -> None:
    with demo.engine.begin() as conn:
        conn.execute(text("UPDATE bodies SET name = name || '·改' "))
    report = run_verify(demo)
    assert len([p for p in report.problems if p.where.startswith("bodies ")]) >= 6


def test_erasure_keeps_the_ledger_verifiable(demo: Context) -> None:
    with demo.uow() as uow:
        events = erase(
            uow.session,
            _id("part", 7),
            reason="当事人依法申请删除",
            basis="《个人信息保护法》第四十七条",
            actor="test",
            at=demo.clock.now(),
        )
        assert events
        uow.record(events)
        uow.commit()
    report = run_verify(demo)
    assert report.ok, [p.line() for p in report.problems]
    with demo.read() as s:
        rows = s.scalars(
            select(PersonalValue).where(PersonalValue.subject_id == _id("part", 7))
        ).all()
        assert rows
        assert all(r.erased and r.ciphertext is None and r.salt is None for r in rows)


def test_cli_verify_exit_codes_and_names(demo: Context, tmp_path: Path) -> None:
    env = {
        "ZHIFA_DATA_DIR": str(demo.settings.data_dir),
        "ZHIFA_DATABASE_URL": demo.settings.effective_database_url,
        "PATH": "/usr/bin:/bin",
    }
    cmd = [sys.executable, "-m", "zhifa.cli.main", "verify"]
    ok = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=120)
    assert ok.returncode == 0, ok.stderr
    with demo.engine.begin() as conn:
        conn.execute(
            text("UPDATE credentials SET valid_to = '2039-12-31' WHERE number = '9901202400001'")
        )
    bad = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=120)
    assert bad.returncode == 1
    assert "credentials number=9901202400001 column=valid_to" in bad.stderr
    exempt = subprocess.run(
        [*cmd, "--list-exempt"], capture_output=True, text=True, env=env, check=False
    )
    assert exempt.returncode == 0
    assert exempt.stdout.startswith("alembic_version")
