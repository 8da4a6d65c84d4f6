"""Annual report projectors: a function of each event alone."""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhifa.reports.events import AnnualReportLate, AnnualReportPublished
from zhifa.reports.tables import AnnualReportLateRow, AnnualReportRow
from zhifa.store.uow import projector


@projector(AnnualReportPublished)
def _published(session: Session, e: AnnualReportPublished, idx: int) -> None:
    row = session.get(AnnualReportRow, (e.body_id, e.year))
    if row is None:
        session.add(
            AnnualReportRow(
                body_id=e.body_id,
                year=e.year,
                digest=e.digest,
                published_on=e.published_on,
                report=e.report,
                entry=idx,
            )
        )
    else:  # a corrected report replaces the earlier one; both stay on the ledger
        row.digest = e.digest
        row.published_on = e.published_on
        row.report = e.report
        row.entry = idx


@projector(AnnualReportLate)
def _late(session: Session, e: AnnualReportLate, idx: int) -> None:
    session.add(
        AnnualReportLateRow(
            body_id=e.body_id,
            year=e.year,
            due=e.due,
            detected_on=e.detected_on,
            basis=e.basis,
            entry=idx,
        )
    )
