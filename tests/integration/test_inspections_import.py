"""涉企检查 records through ``zhifa.inspections.interchange``: every bad line named with its
field, nothing written unless all is good, a second import of the same file changes nothing,
and who inspected is checked as on the workbench (准则第一条)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from tests.integration.test_conduct_scenarios import _roster

from zhifa.app_context import Context
from zhifa.inspections.interchange import import_lines, parse_line, to_line
from zhifa.kernel.errors import InvalidInput
from zhifa.ledger.tables import LedgerEntry

LINE = {
    "type": "InspectionConducted",
    "version": 1,
    "event_id": "insp-0001",
    "occurred_at": "2026-03-02T03:00:00Z",
    "actor": "user:head",
    "data": {
        "inspection_id": "in-1",
        "body_id": "body-xihu-amr",
        "region_code": "330106",
        "enterprise_uscc": "91330106MA2B3C4D5D",
        "enterprise_name": "杭州示例餐饮管理有限公司",
        "kind": "routine",
        "item_code": "MR-FOOD-110-01",
        "plan_id": "plan-2026",
        "approved_by": "user:head",
        "approved_on": "2026-03-01",
        "started_at": "2026-03-02T02:00:00Z",
        "ended_at": "2026-03-02T03:00:00Z",
        "place": "杭州市西湖区文三路1号",
        "officer_ids": ["offi-wang", "offi-li"],
        "outcome": "no_problem",
    },
}


def line(**data: object) -> bytes:
    obj = json.loads(json.dumps(LINE))
    obj["data"].update(data)
    if "event_id" in data:
        obj["event_id"] = obj["data"].pop("event_id")
    return json.dumps(obj, ensure_ascii=False).encode()


def entries(ctx: Context) -> int:
    with ctx.read() as s:
        return int(s.scalar(select(func.count()).select_from(LedgerEntry)) or 0)


def test_round_trip_of_one_line() -> None:
    e = parse_line(line(), 1)
    assert parse_line(to_line(e), 1) == e


def test_bad_lines_are_named_and_nothing_is_written(ctx: Context) -> None:
    _roster(ctx)
    before = entries(ctx)
    bad = [
        (1, line()),
        (2, line(kind="surprise", event_id="insp-0002")),
        (3, line(started_at="yesterday", event_id="insp-0003")),
        (4, b"{not json"),
    ]
    with ctx.uow() as uow, pytest.raises(InvalidInput) as refused:
        import_lines(uow, bad)
    where = {(v.location, v.field) for v in refused.value.violations}
    assert ("line 2", "data.kind") in where
    assert ("line 3", "data.started_at") in where
    assert ("line 4", "(line)") in where
    assert entries(ctx) == before


def test_who_inspected_is_checked_and_a_second_import_changes_nothing(ctx: Context) -> None:
    _roster(ctx)
    with ctx.uow() as uow, pytest.raises(InvalidInput) as refused:
        import_lines(uow, [(1, line(officer_ids=["offi-wang", "aux-liu"]))])
    assert "不具有行政执法资格" in refused.value.violations[0].reason_zh
    good = [(1, line()), (2, line(event_id="insp-0002", inspection_id="in-2"))]
    with ctx.uow() as uow:
        assert import_lines(uow, good) == (2, 0)
        uow.commit()
    after = entries(ctx)
    with ctx.uow() as uow:
        assert import_lines(uow, good) == (0, 2)
        uow.commit()
    assert entries(ctx) == after
    # The same id with other content is refused.
    with ctx.uow() as uow, pytest.raises(InvalidInput):
        import_lines(uow, [(1, line(place="别处"))])
