"""The data standard: export → import into an empty database → export is byte-identical; a
file with bad lines changes nothing and names each line; guards run on import."""

from __future__ import annotations

import gc
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from zhifa.app_context import Context, build_context, initialise
from zhifa.cases.interchange import (
    EVENT_TYPES,
    event_schema,
    export_lines,
    import_events,
    parse_all,
    read_lines,
)
from zhifa.cases.services import DbEnv, record_steps
from zhifa.cases.synthetic import Cast, Generator
from zhifa.cases.tables import CaseRow
from zhifa.demo import _id, load_demo
from zhifa.kernel.errors import DomainError, InvalidInput
from zhifa.ledger.services import load_verifiers
from zhifa.ledger.tables import LedgerEntry
from zhifa.ledger.verify import Report, verify_all
from zhifa.registry.tables import CredentialRow
from zhifa.settings import Settings

CAST = Cast(
    body_id=_id("body", 1),
    body_short="示市监",
    investigators=(_id("offi", 1), _id("offi", 2)),
    reviewer=_id("offi", 3),
    presider=_id("offi", 3),
    head="user:" + _id("user", 3),
    region_code="990102",
    matters=(
        ("MR-AD-59-01", 10000000, "《中华人民共和国广告法》第五十九条第一款第（一）项"),
        ("MR-PRICE-42-01", 500000, "《中华人民共和国价格法》第四十二条"),
    ),
)


def generate(ctx: Context, count: int) -> None:
    with ctx.uow() as uow:
        gen = Generator(DbEnv(uow.session), CAST, seed="test")
        record_steps(uow, list(gen.cases(count, date(2025, 3, 1), date(2026, 2, 27))))
        uow.commit()


def export_all(ctx: Context) -> bytes:
    with ctx.read() as s:
        return b"".join(line + b"\n" for line in export_lines(s, ctx.pii))


def import_bytes(ctx: Context, data: bytes) -> None:
    parsed, problems = parse_all(read_lines(data.splitlines(keepends=True)))
    if problems:
        raise InvalidInput("bad", "bad", violations=problems)
    with ctx.uow() as uow:
        import_events(uow, parsed, cipher=ctx.pii)
        uow.commit()


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_demo(ctx)
    return ctx


@pytest.fixture
def second(tmp_path: Path, database_url: str, demo: Context) -> Context:
    """Another node: its own (empty of cases) database with the same registry. It is an
    SQLite file in both legs, so the PostgreSQL leg checks PostgreSQL → SQLite → identical."""
    url = f"sqlite:///{tmp_path / 'second.db'}"
    other = build_context(
        Settings(mode="test", data_dir=tmp_path / "second", database_url=url), clock=demo.clock
    )
    initialise(other)
    load_demo(other)
    yield other
    other.engine.dispose()


def test_round_trip_is_byte_identical(demo: Context, second: Context) -> None:
    generate(demo, 40)
    first = export_all(demo)
    assert first.count(b"\n") > 200
    assert "示例市第".encode() in first  # personal fields exported in clear
    import_bytes(second, first)
    assert export_all(second) == first
    with demo.read() as a, second.read() as b:
        stages_a = sorted(a.scalars(select(CaseRow.stage)))
        assert stages_a == sorted(b.scalars(select(CaseRow.stage)))
        assert len(set(stages_a)) >= 5  # cases in many states
    # Importing the same file again is idempotent.
    with second.read() as s:
        before = s.scalar(select(func.count()).select_from(LedgerEntry))
    import_bytes(second, first)
    with second.read() as s:
        assert s.scalar(select(func.count()).select_from(LedgerEntry)) == before


def test_bad_lines_are_all_reported_and_nothing_changes(demo: Context) -> None:
    generate(demo, 3)
    good = export_all(demo).splitlines()
    lines = [
        good[0],
        b'{"type": "CaseOpened"',  # not JSON
        json.dumps({"type": "Nope", "version": 1}).encode(),
        json.dumps(
            {
                "type": "LeadRegistered",
                "version": 1,
                "event_id": "x1",
                "occurred_at": "2026-03-02T02:00:00Z",
                "actor": "a",
                "data": {
                    "case_id": "c",
                    "body_id": CAST.body_id,
                    "source": "rumour",
                    "received_on": "2026-02-30",
                },
            }
        ).encode(),
        b"\xff\xfe",
    ]
    parsed, problems = parse_all(read_lines(lines))
    where = {(v.location, v.field) for v in problems}
    assert ("line 2", "(line)") in where
    assert ("line 3", "type") in where
    assert ("line 4", "data.source") in where
    assert ("line 4", "data.received_on") in where
    assert ("line 4", "data.summary") in where
    assert ("line 5", "(line)") in where
    assert len(parsed) == 1


def test_guards_run_on_import(demo: Context, tmp_path: Path) -> None:
    generate(demo, 12)
    all_lines = [json.loads(line) for line in export_all(demo).splitlines()]
    opened_case = next(o["data"]["case_id"] for o in all_lines if o["type"] == "CaseOpened")
    lines = [json.dumps(o).encode() for o in all_lines if o["data"]["case_id"] == opened_case]
    with demo.read() as s:
        before = s.scalar(select(func.count()).select_from(LedgerEntry))
    # Same case again under new ids, with its opening approved by an auxiliary: refused.
    forged = []
    for line in lines:
        obj = json.loads(line)
        obj["event_id"] = "f" + obj["event_id"][1:]
        obj["data"]["case_id"] = "forged-case"
        if obj["type"] == "CaseOpened":
            obj["data"]["officer_ids"] = [_id("offi", 1), _id("offi", 4)]
        forged.append(json.dumps(obj, ensure_ascii=False).encode())
    parsed, problems = parse_all(read_lines(forged))
    assert not problems
    with pytest.raises(InvalidInput) as refused, demo.uow() as uow:
        import_events(uow, parsed, cipher=demo.pii)
    messages = [v.reason_zh for v in refused.value.violations]
    assert any("准则》第一条" in m for m in messages)
    assert (
        refused.value.violations[0].location
        == f"line {next(i for i, raw in enumerate(forged, 1) if b'CaseOpened' in raw)}"
    )
    with demo.read() as s:
        assert s.scalar(select(func.count()).select_from(LedgerEntry)) == before


def test_every_event_type_has_a_schema() -> None:
    for name, cls in EVENT_TYPES.items():
        schema = event_schema(cls)
        assert schema["properties"]["type"] == {"const": name}
        assert set(schema["properties"]["data"]["required"]) <= set(
            schema["properties"]["data"]["properties"]
        )
    committed = Path(__file__).parents[2] / "docs" / "schemas"
    for name, cls in EVENT_TYPES.items():
        path = committed / f"{name}.schema.json"
        assert path.exists(), f"run: zhifa schemas docs/schemas ({name} missing)"
        assert json.loads(path.read_text(encoding="utf-8")) == event_schema(cls), (
            f"{name} out of date"
        )


# ------------------------------------------------------------------ the import's fast paths


def run_verify(ctx: Context) -> Report:
    with ctx.read() as s:
        return verify_all(s, load_verifiers(ctx.settings), ctx.pii, ctx.settings.blob_dir)


def import_parsed(ctx: Context, data: bytes, *, batch: int = 2000, first: int = 0) -> None:
    parsed, problems = parse_all(read_lines(data.splitlines(keepends=True)))
    assert not problems
    for part in ([parsed[:first]] if first else []) + [parsed]:
        with ctx.uow() as uow:
            import_events(uow, part, cipher=ctx.pii, batch=batch)
            uow.commit()


def test_imported_projections_equal_a_replay_of_the_ledger(demo: Context, second: Context) -> None:
    """What the import's batch projector wrote is what the per-event projectors make of the
    ledger (``zhifa verify`` replays them and compares every row and column), personal values
    decrypt to their commitments, and the export is the file again — in small batches, and
    when a second file continues cases the first one opened."""
    generate(demo, 30)
    first = export_all(demo)
    import_parsed(second, first, batch=37, first=len(first.splitlines()) // 2)
    assert export_all(second) == first
    report = run_verify(second)
    assert report.ok, report.problems[:5]
    assert report.rows["cases"] >= 30
    assert report.rows["case_officers"] > 0
    with second.read() as s:
        bodies = b"".join(s.scalars(select(LedgerEntry.body)))
    assert "示例市第".encode() in first
    for line in first.splitlines():
        obj = json.loads(line)
        if obj["type"] == "CaseOpened" and obj["data"]["party_kind"] == "person":
            assert obj["data"]["party_name"].encode() not in bodies


def test_import_writes_what_the_projectors_would_on_the_main_database(
    demo: Context, second: Context
) -> None:
    """The other direction: histories recorded step by step on the second node, imported
    into the test database (PostgreSQL in that leg), then verified there."""
    generate(second, 20)
    data = export_all(second)
    import_parsed(demo, data, batch=50)
    assert export_all(demo) == data
    report = run_verify(demo)
    assert report.ok, report.problems[:5]
    with demo.read() as a, second.read() as b:
        for table in (CaseRow,):
            cols = [c for c in table.__table__.columns if c.name != "last_entry"]
            assert sorted(a.execute(select(*cols)).all()) == sorted(b.execute(select(*cols)).all())


def test_import_is_the_same_whatever_the_gc_and_restores_it(demo: Context, second: Context) -> None:
    generate(demo, 3)
    assert gc.isenabled()
    import_bytes(second, export_all(demo))
    assert gc.isenabled()
    with pytest.raises(InvalidInput):
        import_bytes(second, export_all(demo).replace(b"CaseOpened", b"CaseOpenedX", 1))
    assert gc.isenabled()


class _Forgetful(set[Any]):
    """A cache that keeps nothing: every question goes to the registry's guard."""

    def add(self, _item: Any) -> None:
        return None


def _credentials(ctx: Context, officer_id: str, **values: Any) -> None:
    with ctx.uow() as uow:
        uow.session.execute(
            update(CredentialRow).where(CredentialRow.officer_id == officer_id).values(**values)
        )
        uow.commit()


def test_cached_authorisation_refuses_from_the_day_a_credential_lapses(
    demo: Context, second: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(demo, 24)
    data = export_all(demo)
    # In the second node, one investigator's credential expires part-way through the
    # histories and the other's takes effect part-way through.
    _credentials(second, CAST.investigators[0], valid_to=date(2025, 9, 1))
    _credentials(second, CAST.investigators[1], valid_from=date(2025, 6, 1))

    def refusals() -> list[tuple[str | None, str, str, str]]:
        parsed, problems = parse_all(read_lines(data.splitlines(keepends=True)))
        assert not problems
        with pytest.raises(InvalidInput) as refused, second.uow() as uow:
            import_events(uow, parsed, cipher=second.pii)
        return [(v.location, v.field, v.reason_zh, v.reason_en) for v in refused.value.violations]

    cached = refusals()
    assert gc.isenabled()
    assert any("到期" in zh for _, _, zh, _ in cached)
    assert any("生效" in zh for _, _, zh, _ in cached)
    assert len({loc for loc, *_ in cached}) > 5

    class Uncached(DbEnv):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._allowed = _Forgetful()

    monkeypatch.setattr("zhifa.cases.interchange.DbEnv", Uncached)
    assert refusals() == cached
    with second.read() as s:
        assert s.scalar(select(func.count()).select_from(CaseRow)) == 0  # nothing written


def test_cached_authorisation_per_day_window_and_a_suspension(demo: Context) -> None:
    officer = CAST.investigators[0]
    _credentials(demo, officer, valid_from=date(2025, 3, 1), valid_to=date(2025, 9, 1))
    matter, region = CAST.matters[0][0], CAST.region_code
    with demo.read() as s:
        env = DbEnv(s)

        def outcome(on: date, e: DbEnv = env) -> str:
            try:
                e.authorize(officer, CAST.body_id, matter, region, on)
            except DomainError as exc:
                return exc.message_zh
            return "ok"

        days = [date(2025, 2, 28), date(2025, 3, 1), date(2025, 6, 1), date(2025, 9, 1)]
        days += [date(2025, 9, 2), date(2026, 1, 1), date(2025, 8, 31), date(2025, 2, 1)]
        for on in days:  # in an order that crosses the windows both ways
            assert outcome(on) == outcome(on, DbEnv(s))
        assert outcome(date(2025, 9, 1)) == "ok"
        assert "到期" in outcome(date(2025, 9, 2))
        assert "生效" in outcome(date(2025, 2, 28))
    _credentials(demo, officer, status="suspended")
    with demo.read() as s:
        assert "暂扣" in outcome(date(2025, 6, 1), DbEnv(s))
