"""Finding projector: events → ``conduct_findings``. A function of the events alone."""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhifa.conduct import events as ev
from zhifa.conduct.model import Status
from zhifa.conduct.tables import FindingRow
from zhifa.kernel.events import Event
from zhifa.store.uow import projector


@projector(*ev.FINDING_EVENTS)
def _finding(session: Session, e: Event, idx: int) -> None:
    if isinstance(e, ev.FindingOpened):
        session.add(
            FindingRow(
                id=e.finding_id,
                key=e.key,
                group_key=f"{e.rule}|{e.subject_kind}:{e.subject_id}",
                rule=e.rule,
                article=e.article,
                severity=e.severity,
                subject_kind=e.subject_kind,
                subject_id=e.subject_id,
                subject_label=e.subject_label,
                body_id=e.body_id,
                case_id=e.case_id,
                evidence=list(e.evidence),
                explanation=e.explanation,
                action=e.action,
                found_on=e.found_on,
                status=Status.OPEN.value,
                changed_on=e.found_on,
                responsible_body_id=e.body_id,
                opened_entry=idx,
                last_entry=idx,
            )
        )
        return
    assert isinstance(e, ev.FindingStatusChanged)
    row = session.get(FindingRow, e.finding_id)
    if row is None:  # the service never lets this happen; verify would flag it
        raise LookupError(f"finding {e.finding_id} has no row")
    row.status = e.to_status
    row.changed_on = e.changed_on
    row.last_entry = idx
    if e.due_on is not None:
        row.due_on = e.due_on
    if e.responsible_body_id is not None:
        row.responsible_body_id = e.responsible_body_id
