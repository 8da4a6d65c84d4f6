"""Complaint projector: events → ``complaints``. A function of the events alone."""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhifa.complaints import events as ev
from zhifa.complaints.model import Status
from zhifa.complaints.tables import ComplaintRow
from zhifa.store.uow import projector


def _ref(value: object) -> str | None:
    return value["ref"] if isinstance(value, dict) and "ref" in value else None


@projector(*ev.COMPLAINT_EVENTS)
def _complaint(session: Session, e: ev.ComplaintEvent, idx: int) -> None:
    if isinstance(e, ev.ComplaintReceived):
        session.add(
            ComplaintRow(
                id=e.complaint_id,
                code_digest=e.code_digest,
                body_id=e.body_id,
                region_code=e.region_code,
                status=Status.RECEIVED.value,
                topic=e.topic,
                received_on=e.received_on,
                occurred_on=e.occurred_on,
                credential_number=e.credential_number,
                case_number=e.case_number,
                anonymous=e.anonymous,
                contact_mask=e.contact_mask,
                language_flags=list(e.language_flags),
                text_ref=_ref(e.text),
                place_ref=_ref(e.place),
                name_ref=_ref(e.contact_name),
                phone_ref=_ref(e.contact_phone),
                received_entry=idx,
                last_entry=idx,
            )
        )
        return
    row = session.get(ComplaintRow, e.complaint_id)
    if row is None:  # the guard in services never lets this happen; verify would flag it
        raise LookupError(f"complaint {e.complaint_id} has no row")
    row.last_entry = idx
    if isinstance(e, ev.ComplaintAccepted):
        row.status = Status.ACCEPTED.value
        row.accepted_on = e.accepted_on
    elif isinstance(e, ev.ComplaintRejected):
        row.status = Status.REJECTED.value
        row.closed_on = e.rejected_on
        row.reason = e.reason
    elif isinstance(e, ev.ComplaintAssigned):
        row.status = Status.IN_PROGRESS.value
        row.officer_id = e.officer_id
    elif isinstance(e, ev.ComplaintReplied):
        row.status = Status.IN_PROGRESS.value
        row.replied_on = e.replied_on
        row.reply = e.reply
    elif isinstance(e, ev.ComplaintClosed):
        row.status = Status.CLOSED.value
        row.closed_on = e.closed_on
        row.outcome = e.outcome
        row.reason = e.reason
