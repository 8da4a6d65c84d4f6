"""``CaseState`` to and from JSON, for the ``cases.state`` column."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from zhifa.cases.model import CaseState, Measure, Procedure, Stage


def _d(v: date | None) -> str | None:
    return v.isoformat() if v is not None else None


def _p(v: str | None) -> date | None:
    return date.fromisoformat(v) if v is not None else None


_DATES = (
    "received_on",
    "opened_on",
    "notified_on",
    "hearing_requested_on",
    "hearing_on",
    "decided_on",
    "served_on",
    "payment_due_override",
    "demanded_on",
    "court_applied_on",
    "ended_on",
    "handed_over_on",
)
_SETS = ("investigators", "evidence_ids", "remedies_pending")
_TUPLES = ("officer_ids", "notice_kinds", "penalty_kinds", "documents")


def _pairs(v: Any) -> list[list[Any]]:
    return [[pid, on.isoformat(), _d(handled)] for pid, on, handled in v]


def _periods(v: Any) -> list[list[str]]:
    return [[a.isoformat(), b.isoformat()] for a, b in v]


def _pauses(v: Any) -> list[list[str | None]]:
    return [[a.isoformat(), _d(b)] for a, b in v]


def _measures(v: Any) -> list[list[Any]]:
    return [
        [mid, m.kind, m.imposed_on.isoformat(), m.duration_days, m.extended, _d(m.released_on)]
        for mid, m in v
    ]


def _enum(v: Any) -> str | None:
    return str(v) if v is not None else None


def _converter(name: str) -> Callable[[Any], Any] | None:
    """How one field is written (None: as it is)."""
    if name in _DATES:
        return _d
    if name in _SETS:
        return sorted
    if name in _TUPLES:
        return list
    special: dict[str, Callable[[Any], Any]] = {
        "preservations": _pairs,
        "excluded": _periods,
        "remedy_pauses": _pauses,
        "measures": _measures,
        "stage": _enum,
        "procedure": _enum,
    }
    return special.get(name)


# Every field in declaration order, with how it is written (worked out once).
_PLAN = tuple((f.name, _converter(f.name)) for f in dataclasses.fields(CaseState))


def to_json(s: CaseState) -> dict[str, Any]:
    d = s.__dict__
    return {name: d[name] if conv is None else conv(d[name]) for name, conv in _PLAN}


def from_json(d: dict[str, Any]) -> CaseState:
    kw: dict[str, Any] = {}
    for f in dataclasses.fields(CaseState):
        if f.name not in d:
            continue
        v = d[f.name]
        if f.name in _DATES:
            kw[f.name] = _p(v)
        elif f.name in _SETS:
            kw[f.name] = frozenset(v)
        elif f.name in _TUPLES:
            kw[f.name] = tuple(v)
        elif f.name == "preservations":
            kw[f.name] = tuple((pid, date.fromisoformat(on), _p(h)) for pid, on, h in v)
        elif f.name == "excluded":
            kw[f.name] = tuple((date.fromisoformat(a), date.fromisoformat(b)) for a, b in v)
        elif f.name == "remedy_pauses":
            kw[f.name] = tuple((date.fromisoformat(a), _p(b)) for a, b in v)
        elif f.name == "measures":
            kw[f.name] = tuple(
                (mid, Measure(kind, date.fromisoformat(on), days, ext, _p(rel)))
                for mid, kind, on, days, ext, rel in v
            )
        elif f.name == "stage":
            kw[f.name] = Stage(v)
        elif f.name == "procedure":
            kw[f.name] = Procedure(v) if v is not None else None
        else:
            kw[f.name] = v
    return CaseState(**kw)
