"""涉企检查 records in the data standard: JSON lines of ``InspectionConducted``, checked whole
before anything is written, recorded all or nothing, idempotent by ``event_id``.

One line::

    {"type": "InspectionConducted", "version": 1, "event_id": "…", "occurred_at": "…Z",
     "actor": "user:…", "data": {"inspection_id": "…", "body_id": "…", …}}

The fields and their meaning are those of ``zhifa.inspections.events.InspectionConducted``
(`docs/data-standard.md`). Who inspected is checked as on the workbench (two authorised
officers, 准则第一条); a missing item, plan or approval is recorded as it was, for the conduct
rules to find.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from zhifa.cases.services import DbEnv
from zhifa.inspections.events import KINDS, OUTCOMES, InspectionConducted
from zhifa.inspections.model import check
from zhifa.kernel.canonical import canonical_json, parse_json
from zhifa.kernel.clock import to_utc
from zhifa.kernel.errors import DomainError, InvalidInput, Violation
from zhifa.ledger.tables import LedgerEntry
from zhifa.store.uow import UnitOfWork

# field → kind: "str" (non-empty), "str?" (may be empty), "date", "date?", "instant",
# "ids" (a list of strings)
FIELDS: dict[str, str] = {
    "inspection_id": "str",
    "body_id": "str",
    "region_code": "str",
    "enterprise_uscc": "str",
    "enterprise_name": "str",
    "kind": "str",
    "item_code": "str?",
    "plan_id": "str?",
    "approved_by": "str?",
    "approved_on": "date?",
    "started_at": "instant",
    "ended_at": "instant",
    "place": "str",
    "officer_ids": "ids",
    "outcome": "str",
    "joint_with": "ids?",
}
ENUMS = {"kind": KINDS, "outcome": OUTCOMES}


def _value(kind: str, v: Any) -> tuple[Any, str | None]:
    """The field's value, or the reason it is not one (Chinese)."""
    optional = kind.endswith("?")
    base = kind.rstrip("?")
    if v is None:
        return (None, None) if optional and base in ("date",) else (None, "不能为空")
    if base == "str":
        if not isinstance(v, str):
            return None, "应为字符串"
        if not optional and not v.strip():
            return None, "不能为空"
        return v, None
    if base == "date":
        try:
            return date.fromisoformat(v), None
        except (TypeError, ValueError):
            return None, "应为日期 YYYY-MM-DD"
    if base == "instant":
        try:
            t = datetime.fromisoformat(str(v).replace("Z", "+00:00"))
        except ValueError:
            return None, "应为 ISO 8601 时刻（带时区）"
        return (t, None) if t.tzinfo else (None, "时刻须带时区")
    if base == "ids":
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            return None, "应为字符串列表"
        return tuple(v), None
    raise AssertionError(kind)  # pragma: no cover - a declaration error


def parse_line(text: bytes, lineno: int) -> InspectionConducted:
    where = f"line {lineno}"
    problems: list[Violation] = []

    def bad(field: str, zh: str, en: str) -> None:
        problems.append(Violation(field, zh, en, where))

    try:
        obj = parse_json(text)
    except (InvalidInput, ValueError) as exc:
        raise InvalidInput(
            f"第{lineno}行有误",
            f"line {lineno} is invalid",
            violations=[Violation("(line)", f"不是有效的 JSON：{exc}", "not valid JSON", where)],
        ) from None
    if not isinstance(obj, dict):
        bad("(line)", "每行应为一个 JSON 对象", "a line must be an object")
        obj = {}
    if obj and (obj.get("type"), obj.get("version")) != ("InspectionConducted", 1):
        bad(
            "type", "只接受 InspectionConducted（version 1）", "type must be InspectionConducted v1"
        )
    for meta in ("event_id", "actor"):
        if obj and not (isinstance(obj.get(meta), str) and obj.get(meta)):
            bad(meta, "不能为空", f"{meta} is required")
    occurred, why = _value("instant", obj.get("occurred_at")) if obj else (None, None)
    if why:
        bad("occurred_at", why, "occurred_at must be an instant with a zone")
    data = obj.get("data") if obj else None
    if obj and not isinstance(data, dict):
        bad("data", "应为对象", "data must be an object")
        data = {}
    kwargs: dict[str, Any] = {}
    for name, kind in FIELDS.items():
        if name not in (data or {}):
            if kind.endswith("?"):
                kwargs[name] = () if kind == "ids?" else ("" if kind == "str?" else None)
                continue
            bad(f"data.{name}", "缺少该字段", "field missing")
            continue
        value, why = _value(kind, data[name])  # type: ignore[index]
        if why:
            bad(f"data.{name}", why, f"{name}: bad value")
        elif name in ENUMS and value not in ENUMS[name]:
            bad(f"data.{name}", f"应为 {'、'.join(ENUMS[name])} 之一", f"{name} not allowed")
        else:
            kwargs[name] = value
    extra = sorted(set(data or {}) - set(FIELDS))
    for name in extra:
        bad(f"data.{name}", "数据标准中没有该字段", "unknown field")
    if problems:
        raise InvalidInput(f"第{lineno}行有误", f"line {lineno} is invalid", violations=problems)
    assert isinstance(occurred, datetime)
    return InspectionConducted(
        actor=obj["actor"], occurred_at=occurred, event_id=obj["event_id"], **kwargs
    )


def to_line(e: InspectionConducted) -> bytes:
    data = e.payload()
    return canonical_json(
        {
            "type": e.TYPE,
            "version": e.VERSION,
            "event_id": e.event_id,
            "occurred_at": to_utc(e.occurred_at).isoformat().replace("+00:00", "Z"),
            "actor": e.actor,
            "data": data,
        }
    )


def import_lines(uow: UnitOfWork, lines: Iterable[tuple[int, bytes]]) -> tuple[int, int]:
    """Check every line, then every inspection; record them all, or raise with every
    problem and record nothing. Returns (imported, skipped as already recorded)."""
    parsed: list[tuple[int, InspectionConducted]] = []
    problems: list[Violation] = []
    for n, raw in lines:
        try:
            parsed.append((n, parse_line(raw, n)))
        except InvalidInput as exc:
            problems += exc.violations
    if problems:
        raise InvalidInput(
            f"文件有 {len(problems)} 处错误，未导入任何数据",
            f"{len(problems)} problems; nothing imported",
            violations=problems,
        )
    ids = [e.event_id for _, e in parsed]
    known = dict(
        uow.session.execute(
            select(LedgerEntry.event_id, LedgerEntry.body).where(LedgerEntry.event_id.in_(ids))
        ).all()
    )
    env = DbEnv(uow.session)
    todo: list[InspectionConducted] = []
    for n, e in parsed:
        if e.event_id in known:
            prior = parse_json(known[e.event_id])
            if prior.get("data") != parse_json(canonical_json({"d": e.payload()}))["d"]:
                problems.append(
                    Violation(
                        "event_id",
                        "事件编号已存在，但内容不同",
                        "event_id exists with other content",
                        f"line {n}",
                    )
                )
            continue
        try:
            check(e, env)
        except DomainError as exc:
            fields = ",".join(v.field for v in exc.violations) or "(event)"
            art = f"（{exc.article_zh}；{exc.basis}）" if exc.article else ""
            problems.append(
                Violation(fields, f"{exc.message_zh}{art}", exc.message_en, f"line {n}")
            )
            continue
        todo.append(e)
    if problems:
        raise InvalidInput(
            f"导入被拒绝：{len(problems)} 处问题，未写入任何数据",
            f"import refused: {len(problems)} problems, nothing written",
            violations=problems,
        )
    uow.record(todo)
    return len(todo), len(parsed) - len(todo)
