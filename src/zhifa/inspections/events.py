"""Inspection events. An enterprise's name and 统一社会信用代码 are public facts; nothing
personal is recorded here (the person met on site is in the inspection's transcript, if any)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from zhifa.kernel.events import Event


@dataclass(frozen=True, kw_only=True)
class InspectionConducted(Event):
    """涉企行政检查 (国办发〔2024〕54号): one inspection of one enterprise, recorded when it
    ends. ``item_code`` is the published 检查事项 it was done under (a catalog matter of kind
    ``inspection``), ``plan_id`` the inspection plan (年度检查计划、双随机抽查计划) it belongs
    to, ``approved_by``/``approved_on`` the head's prior approval; empty when there was none —
    the record keeps what happened, and the conduct rules judge it (准则第三条、第七条)."""

    TYPE = "InspectionConducted"
    SUBJECTS = ("inspection_id", "body_id")
    inspection_id: str
    body_id: str
    region_code: str
    enterprise_uscc: str
    enterprise_name: str
    kind: str  # routine | random | case | special
    item_code: str
    plan_id: str
    approved_by: str
    approved_on: date | None
    started_at: datetime
    ended_at: datetime
    place: str
    officer_ids: tuple[str, ...]
    outcome: str  # no_problem | correction_ordered | case_opened
    joint_with: tuple[str, ...] = ()  # the other bodies of a 联合检查


INSPECTION_EVENTS: tuple[type[Event], ...] = (InspectionConducted,)
KINDS = ("routine", "random", "case", "special")
OUTCOMES = ("no_problem", "correction_ordered", "case_opened")
