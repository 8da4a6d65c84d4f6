"""Reads the per-article YAML files: named cases, facts in, findings out.

A case::

    - name: 案源登记后超过立案期限未作决定
      rule: R2.lead_not_decided      # the rule it is about
      catches: true                  # true: the rule must find it; false: a lawful case
      as_of: 2026-04-30              # the day the clock and the analyses run on
      events:                        # in ledger order; index 0, 1, 2 …
        - LeadRegistered: {received_on: 2026-03-02}
        - CaseOpened: {case: case-0002, opened_on: 2026-03-03}
      expect:                        # exactly these findings — nothing more
        - {rule: R2.lead_not_decided, subject: case-0001, evidence: [0]}

Case events take the lawful defaults of ``tests/unit/cases/factories.py`` (one 普通程序
case at 杭州市西湖区市场监督管理局, March 2026) and each passes the case model's guards
first, as it would on import. ``at`` sets the event's instant (a date means 10:00 Beijing
time); without it, the event's own first date field is used. A guard case ends with
``refused: {article: 5, says: "…"}``: its last event must be refused by the guard.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from tests.unit.cases.conftest import MemoryEnv
from tests.unit.cases.factories import BODY, CASE, has_defaults, make, moment

from zhifa.cases import events as ev
from zhifa.cases.model import CaseState, check, evolve
from zhifa.conduct.engine import Ctx, Engine
from zhifa.inspections.events import InspectionConducted
from zhifa.inspections.model import check as check_inspection
from zhifa.kernel.errors import DomainError
from zhifa.kernel.events import Event, event_class

HERE = Path(__file__).parent


@dataclass
class Case:
    file: str
    name: str
    rule: str
    catches: bool
    as_of: date
    events: list[dict[str, Any]]
    expect: list[dict[str, Any]]
    refused: dict[str, Any] | None = None
    article: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"


def load_cases(pattern: str = "article_*.yaml") -> list[Case]:
    out: list[Case] = []
    for path in sorted(HERE.glob(pattern)):
        doc = yaml.safe_load(path.read_text("utf-8"))
        for c in doc["cases"]:
            out.append(
                Case(
                    file=path.name,
                    name=c["name"],
                    rule=c["rule"],
                    catches=bool(c["catches"]),
                    as_of=c.get("as_of", date(2026, 12, 31)),
                    events=c.get("events", []),
                    expect=c.get("expect", []),
                    refused=c.get("refused"),
                    article=doc["article"],
                )
            )
    return out


_DATE_FIELDS = (
    "received_on",
    "opened_on",
    "decided_on",
    "notified_on",
    "requested_on",
    "noticed_on",
    "held_on",
    "reviewed_on",
    "served_on",
    "paid_on",
    "handed_on",
    "imposed_on",
    "released_on",
    "preserved_on",
    "handled_on",
    "filed_on",
    "issued_on",
    "approved_on",
    "demanded_on",
    "applied_on",
    "archived_on",
    "closed_on",
    "withdrawn_on",
    "transferred_on",
    "accepted_on",
    "rejected_on",
    "replied_on",
    "assigned_on",
    "checked_on",
    "found_on",
    "detected_on",
    "from_on",
    "notified_on",
    "declared_on",
    "assessed_on",
    "started_at",
    "on",
)


def _instant(v: Any) -> datetime:
    if isinstance(v, datetime):
        return v if v.tzinfo else v.replace(tzinfo=UTC)
    if isinstance(v, date):
        return moment(v)
    raise ValueError(f"not a date: {v!r}")


def _coerce(cls: type[Event], fields: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    out = {}
    for k, v in fields.items():
        hint = hints.get(k)
        if isinstance(v, list) and hint is not None and "tuple" in str(hint):
            v = tuple(tuple(x) if isinstance(x, list) else x for x in v)
        wants_instant = hint is datetime or str(hint) in (
            "datetime.datetime | None",
            "typing.Optional[datetime.datetime]",
        )
        if wants_instant and isinstance(v, date) and not isinstance(v, datetime):
            v = moment(v)
        out[k] = v
    return out


def build(item: dict[str, Any], previous: datetime) -> Event:
    """One YAML event (``{Type: {fields}}``) as the event it describes."""
    ((type_, fields),) = item.items()
    fields = dict(fields or {})
    cls = event_class(type_, int(fields.pop("version", 1)))
    at = fields.pop("at", None)
    case_id = fields.pop("case", CASE)
    fields = _coerce(cls, fields)
    if issubclass(cls, ev.CaseEvent) and has_defaults(cls):
        e: Event = make(cls, case_id, **fields)
    else:
        kw = dict(fields)
        if issubclass(cls, ev.CaseEvent):
            kw.setdefault("case_id", case_id)
            kw.setdefault("body_id", BODY)
        e = cls(actor=kw.pop("actor", "user:test"), occurred_at=previous, **kw)
    when = _instant(at) if at is not None else None
    if when is None:
        for name in _DATE_FIELDS:
            v = getattr(e, name, None)
            if isinstance(v, date):
                when = v if isinstance(v, datetime) else _instant(v)
                break
    return dataclasses.replace(e, occurred_at=when or previous)  # type: ignore[type-var]


_ENV = MemoryEnv()


def play(case: Case) -> tuple[list[Event], Engine, list[Any], DomainError | None]:
    """Fold the case's events through the guards and the engine."""
    engine = Engine(Ctx(_ENV))  # type: ignore[arg-type]
    states: dict[str, CaseState | None] = {}
    events: list[Event] = []
    previous = moment(date(2026, 3, 2))
    refusal: DomainError | None = None
    for i, item in enumerate(case.events):
        e = build(item, previous)
        previous = e.occurred_at
        if isinstance(e, ev.CaseEvent):
            state = states.get(e.case_id)
            try:
                check(state, e, _ENV)  # type: ignore[arg-type]
            except DomainError as exc:
                if case.refused is not None and i == len(case.events) - 1:
                    refusal = exc
                    break
                raise AssertionError(
                    f"{case.id}: event {i} ({e.TYPE}) refused: {exc.message_zh}"
                ) from exc
            states[e.case_id] = evolve(state, e)
        elif isinstance(e, InspectionConducted):
            try:
                check_inspection(e, _ENV)  # type: ignore[arg-type]
            except DomainError as exc:
                if case.refused is not None and i == len(case.events) - 1:
                    refusal = exc
                    break
                raise AssertionError(f"{case.id}: event {i} refused: {exc.message_zh}") from exc
        events.append(e)
    found = engine.run(enumerate(events), case.as_of) if refusal is None else []
    return events, engine, found, refusal
