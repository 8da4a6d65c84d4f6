"""``CaseState`` to and from JSON, for the ``cases.state`` column."""

from __future__ import annotations

import dataclasses
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


def to_json(s: CaseState) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(s):
        v = getattr(s, f.name)
        if f.name in _DATES:
            out[f.name] = _d(v)
        elif f.name in _SETS:
            out[f.name] = sorted(v)
        elif f.name in _TUPLES:
            out[f.name] = list(v)
        elif f.name == "preservations":
            out[f.name] = [[pid, on.isoformat(), _d(handled)] for pid, on, handled in v]
        elif f.name == "excluded":
            out[f.name] = [[a.isoformat(), b.isoformat()] for a, b in v]
        elif f.name == "remedy_pauses":
            out[f.name] = [[a.isoformat(), _d(b)] for a, b in v]
        elif f.name == "measures":
            out[f.name] = [
                [
                    mid,
                    m.kind,
                    m.imposed_on.isoformat(),
                    m.duration_days,
                    m.extended,
                    _d(m.released_on),
                ]
                for mid, m in v
            ]
        elif f.name in ("stage", "procedure"):
            out[f.name] = str(v) if v is not None else None
        else:
            out[f.name] = v
    return out


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
