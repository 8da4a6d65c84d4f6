"""Use cases of the conduct engine: run it over the ledger and record what it finds; move a
finding through 督办 and 整改; read findings for the supervisor's pages, the API and the CLI."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from zhifa.app_context import Context
from zhifa.conduct import events as ev
from zhifa.conduct.engine import Engine
from zhifa.conduct.model import Finding, Status, transition
from zhifa.conduct.tables import FindingRow
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import NotFound
from zhifa.kernel.events import Event, from_record
from zhifa.ledger.tables import LedgerEntry

SYSTEM = "system:conduct"
BATCH = 2000


def ledger_events(
    session: Session, after: int = -1, batch: int = 5000
) -> Iterator[tuple[int, Event]]:
    """Every ledger entry after index ``after``, in order, as its event."""
    last = after
    while True:
        rows = session.execute(
            select(LedgerEntry.idx, LedgerEntry.body)
            .where(LedgerEntry.idx > last)
            .order_by(LedgerEntry.idx)
            .limit(batch)
        ).all()
        if not rows:
            return
        for idx, body in rows:
            yield idx, from_record(parse_json(body))
        last = rows[-1][0]


@dataclass
class RunReport:
    events: int = 0
    found: list[Finding] = field(default_factory=list)

    def line(self) -> str:
        return f"新发现 {len(self.found)} 项（本次读取账本 {self.events} 条）"


def opened_event(f: Finding, now: Any) -> ev.FindingOpened:
    return ev.FindingOpened(
        actor=SYSTEM,
        occurred_at=now,
        finding_id=f.id,
        key=f.key,
        rule=f.rule,
        article=f.article,
        severity=str(f.severity),
        subject_kind=str(f.subject.kind),
        subject_id=f.subject.id,
        subject_label=f.subject.label[:200],
        evidence=f.evidence,
        explanation=f.explanation,
        action=f.action,
        found_on=f.found_on,
        body_id=f.body_id,
        case_id=f.case_id,
    )


class ConductRunner:
    """An engine kept between runs: each run reads only the ledger entries recorded since
    the last one (incremental), then runs the clock and the analyses as of today."""

    def __init__(self) -> None:
        self.engine = Engine()
        self._lock = threading.Lock()

    def run(self, ctx: Context, as_of: date | None = None) -> RunReport:
        with self._lock:
            report = RunReport()
            engine = self.engine
            day = as_of or legal_date(ctx.clock.now())
            found: list[Finding] = []
            with ctx.read() as s:
                for idx, e in ledger_events(s, engine.last_index):
                    report.events += 1
                    found.extend(engine.feed(idx, e))
            found.extend(engine.sweep(day))
            found.extend(engine.analyse(day))
            try:
                record_findings(ctx, found)
            except Exception:
                # Not recorded: forget them, so the next run (a fresh engine) finds them again.
                self.engine = Engine()
                raise
            report.found = found
            return report


def record_findings(ctx: Context, found: Sequence[Finding]) -> int:
    """Record new findings on the ledger (those already there are skipped by key)."""
    n = 0
    for i in range(0, len(found), BATCH):
        chunk = found[i : i + BATCH]
        with ctx.uow() as uow:
            have = set(
                uow.session.scalars(
                    select(FindingRow.key).where(FindingRow.key.in_([f.key for f in chunk]))
                )
            )
            new = [opened_event(f, uow.clock.now()) for f in chunk if f.key not in have]
            if new:
                uow.record(new)
                uow.commit()
                n += len(new)
    return n


_RUNNERS: dict[int, ConductRunner] = {}
_RUNNERS_LOCK = threading.Lock()


def runner_for(ctx: Context) -> ConductRunner:
    """One runner per application context (the web process keeps its engine warm)."""
    with _RUNNERS_LOCK:
        r = _RUNNERS.get(id(ctx))
        if r is None:
            r = _RUNNERS[id(ctx)] = ConductRunner()
        return r


def run(ctx: Context, as_of: date | None = None) -> RunReport:
    return runner_for(ctx).run(ctx, as_of)


# ------------------------------------------------------------------ handling


def change_status(
    ctx: Context,
    finding_id: str,
    target: Status,
    *,
    role: str,
    actor: str,
    reason: str,
    due_on: date | None = None,
    responsible_body_id: str | None = None,
) -> FindingRow:
    """Move a finding (督办, 整改, 驳回…): the lifecycle refuses what it does not allow."""
    with ctx.uow() as uow:
        row = uow.session.get(FindingRow, finding_id)
        if row is None:
            raise NotFound(f"发现事项 {finding_id} 不存在", f"finding {finding_id} not found")
        today = legal_date(uow.clock.now())
        current = Status(row.status)
        transition(current, target, role=role, reason=reason, due_on=due_on, today=today)
        uow.record(
            [
                ev.FindingStatusChanged(
                    actor=actor,
                    occurred_at=uow.clock.now(),
                    finding_id=finding_id,
                    from_status=current.value,
                    to_status=target.value,
                    reason=reason.strip(),
                    changed_on=today,
                    by_role=role,
                    due_on=due_on if target is Status.ORDERED else None,
                    responsible_body_id=(
                        responsible_body_id or row.body_id if target is Status.ORDERED else None
                    ),
                )
            ]
        )
        uow.commit()
        uow.session.refresh(row)
        uow.session.expunge(row)
        return row


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class Filters:
    article: int | None = None
    body_ids: Sequence[str] | None = None  # None: all
    severity: str | None = None
    status: str | None = None  # a Status value, or "open_any" for every open status
    rule: str | None = None
    subject_id: str | None = None
    # Findings about no body (the ledger itself; a user of no body) are the whole node's:
    # supervisors see them with their region's.
    with_unbodied: bool = False


def _where(stmt: Select[Any], f: Filters) -> Select[Any]:
    if f.article is not None:
        stmt = stmt.where(FindingRow.article == f.article)
    if f.body_ids is not None:
        mine = FindingRow.body_id.in_(list(f.body_ids))
        stmt = stmt.where(or_(mine, FindingRow.body_id.is_(None)) if f.with_unbodied else mine)
    if f.severity:
        stmt = stmt.where(FindingRow.severity == f.severity)
    if f.status == "open_any":
        stmt = stmt.where(FindingRow.status.in_([s.value for s in Status if s.is_open]))
    elif f.status:
        stmt = stmt.where(FindingRow.status == f.status)
    if f.rule:
        stmt = stmt.where(FindingRow.rule == f.rule)
    if f.subject_id:
        stmt = stmt.where(FindingRow.subject_id == f.subject_id)
    return stmt


def list_findings(
    session: Session, f: Filters, *, limit: int = 100, offset: int = 0
) -> tuple[int, list[FindingRow]]:
    stmt = _where(select(FindingRow), f)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = list(
        session.scalars(
            stmt.order_by(FindingRow.found_on.desc(), FindingRow.id).limit(limit).offset(offset)
        )
    )
    return total, rows


def counts(session: Session, f: Filters, column: Any) -> dict[Any, int]:
    stmt = _where(select(column, func.count()).select_from(FindingRow), f).group_by(column)
    return dict(session.execute(stmt).all())


def trend(session: Session, f: Filters) -> list[tuple[str, int]]:
    """Findings per month found (YYYY-MM), oldest first."""
    out: dict[str, int] = {}
    stmt = _where(select(FindingRow.found_on), f)
    for (d,) in session.execute(stmt):
        k = f"{d.year:04d}-{d.month:02d}"
        out[k] = out.get(k, 0) + 1
    return sorted(out.items())


def oldest_open(session: Session, f: Filters, limit: int = 10) -> list[FindingRow]:
    stmt = _where(select(FindingRow), Filters(**{**f.__dict__, "status": "open_any"}))
    return list(session.scalars(stmt.order_by(FindingRow.found_on, FindingRow.id).limit(limit)))


def as_json(row: FindingRow) -> dict[str, Any]:
    """The finding as the API and ``zhifa findings --format json`` give it."""
    return {
        "id": row.id,
        "rule": row.rule,
        "article": row.article,
        "severity": row.severity,
        "subject": {"kind": row.subject_kind, "id": row.subject_id, "label": row.subject_label},
        "evidence": list(row.evidence),
        "status": row.status,
        "explanation": row.explanation,
        "action": row.action,
        "found_on": row.found_on.isoformat(),
        "body_id": row.body_id,
        "case_id": row.case_id,
        "due_on": row.due_on.isoformat() if row.due_on else None,
    }
