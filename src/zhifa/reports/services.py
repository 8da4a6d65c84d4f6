"""Annual report use cases: build a body's or a region's report from the ledger, publish it,
remind before the deadline and record a late report as a finding (``sweep_annual_reports``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.app_context import Context
from zhifa.catalog.parameters import Parameters
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import IllegalTransition, InvalidInput, NotFound, Violation
from zhifa.kernel.events import Event, from_record
from zhifa.ledger.tables import LedgerEntry, LedgerSubject
from zhifa.registry.model import BodyStatus, LegalStatus, Regions
from zhifa.registry.tables import BodyRow
from zhifa.reports.events import AnnualReportLate, AnnualReportPublished
from zhifa.reports.model import TALLIED_TYPES, Due, Figures, digest, due_for, report_document, tally
from zhifa.reports.tables import AnnualReportLateRow, AnnualReportRow
from zhifa.store.uow import UnitOfWork

SYSTEM = "system:annual-report"
DEADLINE_KEY = "annual_report.deadline"
REMINDER_KEY = "annual_report.reminder_from"
FIRST_YEAR = 2000
_CHUNK = 400


def check_year(year: int, today: date) -> int:
    """A report year must be a whole past or current year zhifa could hold data for."""
    if not (FIRST_YEAR <= year <= today.year):
        raise InvalidInput(
            f"年度“{year}”无效：应在 {FIRST_YEAR} 年至 {today.year} 年之间",
            f"year {year} out of range",
            violations=[Violation("year", "年度超出范围", "year out of range")],
        )
    return year


def due(year: int, on: date, params: Parameters | None = None) -> Due:
    """When ``year``'s report is due, and from when zhifa reminds (legal parameters)."""
    p = params or Parameters.load()
    return due_for(year, str(p.value(DEADLINE_KEY, on)), str(p.value(REMINDER_KEY, on)))


def reporting_bodies(session: Session, body_ids: Iterable[str] | None = None) -> list[BodyRow]:
    """Bodies that publish their own report: active, in their own name (a 受委托组织 acts in
    the entrusting body's name, whose report covers it)."""
    stmt = (
        select(BodyRow)
        .where(
            BodyRow.status == BodyStatus.ACTIVE.value,
            BodyRow.legal_status != LegalStatus.ENTRUSTED.value,
        )
        .order_by(BodyRow.region_code, BodyRow.name)
    )
    if body_ids is not None:
        stmt = stmt.where(BodyRow.id.in_(list(body_ids)))
    return list(session.scalars(stmt))


def _events(session: Session, body_ids: list[str]) -> Iterator[tuple[str, Event]]:
    """(body id, event) for every tallied event about these bodies, in ledger order."""
    for i in range(0, len(body_ids), _CHUNK):
        chunk = body_ids[i : i + _CHUNK]
        rows = session.execute(
            select(LedgerSubject.subject_id, LedgerEntry.body)
            .join(LedgerEntry, LedgerEntry.idx == LedgerSubject.idx)
            .where(
                LedgerSubject.role == "body_id",
                LedgerSubject.subject_id.in_(chunk),
                LedgerEntry.event_type.in_(TALLIED_TYPES),
            )
            .order_by(LedgerEntry.idx)
        )
        for body_id, body in rows:
            yield body_id, from_record(parse_json(body))


def figures_by_body(session: Session, body_ids: list[str], year: int) -> dict[str, Figures]:
    grouped: dict[str, list[Event]] = {b: [] for b in body_ids}
    for body_id, e in _events(session, body_ids):
        grouped[body_id].append(e)
    return {b: tally(events, year) for b, events in grouped.items()}


def body_report(session: Session, body_id: str, year: int) -> dict[str, Any]:
    body = session.get(BodyRow, body_id)
    if body is None:
        raise NotFound("执法主体不存在", f"body {body_id} not found")
    f = figures_by_body(session, [body.id], year)[body.id]
    return report_document(f, scope={"kind": "body", "id": body.id, "name": body.name})


def region_report(session: Session, region_code: str, year: int) -> dict[str, Any]:
    regions = Regions.load()
    if region_code not in regions:
        raise InvalidInput(
            f"行政区划代码“{region_code[:12]}”不在本系统的行政区划代码表中",
            "unknown region",
            violations=[Violation("region", "未知的行政区划代码", "unknown region")],
        )
    bodies = [b for b in reporting_bodies(session) if regions.contains(region_code, b.region_code)]
    per_body = figures_by_body(session, [b.id for b in bodies], year)
    total = Figures(year=year)
    rows = []
    published = {
        r.body_id: r
        for r in session.scalars(select(AnnualReportRow).where(AnnualReportRow.year == year))
    }
    for b in bodies:
        f = per_body[b.id]
        total.add(f)
        pub = published.get(b.id)
        rows.append(
            {
                "id": b.id,
                "name": b.name,
                "penalty": f.decisions,
                "coercion": f.category_total("coercion") or 0,
                "fine_fen": f.fine_fen,
                "remedies": sum(f.remedies_decided.values()),
                "complaints": f.complaints.get("received", 0),
                "published_on": pub.published_on.isoformat() if pub else None,
            }
        )
    return report_document(
        total,
        scope={"kind": "region", "id": region_code, "name": regions.full_name(region_code)},
        bodies=rows,
    )


def publish_annual_report(uow: UnitOfWork, actor: str, body_id: str, year: int) -> str:
    """Publish the body's report on ``year`` as it stands; returns its digest.

    Only once the year is over; publishing again is allowed when the figures changed (e.g.
    after a correction) and records a new event — the earlier one stays on the ledger.
    """
    today = legal_date(uow.clock.now())
    if year >= today.year:
        raise IllegalTransition(
            f"{year} 年度尚未结束，不能公布该年度的行政执法数据",
            f"year {year} has not ended",
            hint_zh=f"请在 {year + 1} 年 1 月 1 日以后公布。",
        )
    check_year(year, today)
    s = uow.session
    document = body_report(s, body_id, year)
    d = digest(document)
    existing = s.get(AnnualReportRow, (body_id, year))
    if existing is not None and existing.digest == d:
        raise IllegalTransition(
            f"{year} 年度报告已于 {existing.published_on.isoformat()} 公布，数据没有变化",
            "report already published with the same figures",
            hint_zh="数据更正后才需要重新公布。",
        )
    uow.record(
        [
            AnnualReportPublished(
                actor=actor,
                occurred_at=uow.clock.now(),
                body_id=body_id,
                year=year,
                digest=d,
                published_on=today,
                report=document,
            )
        ]
    )
    return d


@dataclass(frozen=True)
class Reminder:
    body_id: str
    body_name: str
    year: int
    due: date
    days_left: int


def reminders(
    session: Session, today: date, body_ids: Iterable[str] | None = None
) -> list[Reminder]:
    """Bodies whose report is due soon and not yet published (from ``annual_report.reminder_from``
    until the deadline)."""
    out: list[Reminder] = []
    bodies = reporting_bodies(session, body_ids)
    for year in (today.year - 1, today.year):
        d = due(year, today)
        if not d.reminding(today):
            continue
        published = set(
            session.scalars(select(AnnualReportRow.body_id).where(AnnualReportRow.year == year))
        )
        out.extend(
            Reminder(b.id, b.name, year, d.due, (d.due - today).days)
            for b in bodies
            if b.id not in published
        )
    return out


def late_reports(
    session: Session, body_ids: Iterable[str] | None = None
) -> list[AnnualReportLateRow]:
    stmt = select(AnnualReportLateRow).order_by(
        AnnualReportLateRow.year.desc(), AnnualReportLateRow.body_id
    )
    if body_ids is not None:
        stmt = stmt.where(AnnualReportLateRow.body_id.in_(list(body_ids)))
    return list(session.scalars(stmt))


def sweep_annual_reports(ctx: Context) -> int:
    """Record ``AnnualReportLate`` for each body that had not published last year's report by
    the deadline (once per body and year); returns how many were recorded. ``zhifa tick``
    calls it."""
    today = legal_date(ctx.clock.now())
    year = today.year - 1
    params = Parameters.load()
    d = due(year, today, params)
    if not d.late(today):
        return 0
    basis = params.get(DEADLINE_KEY, today).citation[:300]
    with ctx.uow() as uow:
        s = uow.session
        published = {
            r.body_id: r.published_on
            for r in s.scalars(select(AnnualReportRow).where(AnnualReportRow.year == year))
        }
        known = set(
            s.scalars(select(AnnualReportLateRow.body_id).where(AnnualReportLateRow.year == year))
        )
        new = [
            AnnualReportLate(
                actor=SYSTEM,
                occurred_at=uow.clock.now(),
                body_id=b.id,
                year=year,
                due=d.due,
                detected_on=today,
                basis=basis,
            )
            for b in reporting_bodies(s)
            if b.id not in known and (b.id not in published or published[b.id] > d.due)
        ]
        if new:
            uow.record(new)
            uow.commit()
    return len(new)
