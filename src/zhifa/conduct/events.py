"""Finding events: a rule found something; a supervisor ordered it put right (督办) or
dismissed it; the responsible body reported rectification. Every move is on the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.kernel.events import Event


@dataclass(frozen=True, kw_only=True)
class FindingOpened(Event):
    """A conduct rule's finding, as found (``zhifa.conduct.model.Finding``). ``evidence`` are
    the ledger indices of the entries that prove it; ``key`` makes it found once only."""

    TYPE = "FindingOpened"
    SUBJECTS = ("finding_id",)
    finding_id: str
    key: str
    rule: str
    article: int
    severity: str
    subject_kind: str
    subject_id: str
    subject_label: str
    evidence: tuple[int, ...]
    explanation: str
    action: str
    found_on: date
    body_id: str | None = None
    case_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class FindingStatusChanged(Event):
    """待处理 → 已督办 → 整改中 → 已整改, or 已驳回 — with the reason or the rectification
    report, and for a 督办 the deadline and the body responsible for putting it right."""

    TYPE = "FindingStatusChanged"
    SUBJECTS = ("finding_id",)
    finding_id: str
    from_status: str
    to_status: str
    reason: str
    changed_on: date
    by_role: str  # supervisor | body
    due_on: date | None = None
    responsible_body_id: str | None = None


FINDING_EVENTS: tuple[type[Event], ...] = (FindingOpened, FindingStatusChanged)
