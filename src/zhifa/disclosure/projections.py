"""Disclosure projectors: publication events → ``publications``; auto-release → settings.

Deterministic: each reads only its event and the row it maintains (``zhifa verify`` replays
them into fresh tables). ``search_text`` is what the portal's full-text index covers: for a
published decision its number, body, matter, party label, basis and public text; for a
withdrawn one only the notice (the withdrawn text is no longer public); nothing for a task.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhifa.disclosure import events as ev
from zhifa.disclosure.tables import DisclosureSettingRow, PublicationRow
from zhifa.store.uow import projector


def _row(session: Session, publication_id: str) -> PublicationRow:
    return session.get_one(PublicationRow, publication_id)


def _published_search(e: ev.DecisionPublished) -> str:
    return "\n".join((e.number, e.body_name, e.matter_name, e.party_label, e.basis, e.text))


@projector(ev.PublicationDue)
def _due(session: Session, e: ev.PublicationDue, idx: int) -> None:
    session.add(
        PublicationRow(
            id=e.publication_id,
            case_id=e.case_id,
            body_id=e.body_id,
            document_kind=e.document_kind,
            category=e.category,
            number=e.number,
            matter_code=e.matter_code,
            field=e.field,
            status="due",
            decided_on=e.decided_on,
            effective_on=e.effective_on,
            due_on=e.due_on,
            due_basis=e.due_basis,
            published_on=None,
            late=False,
            released_by=None,
            body_name=e.body_name,
            matter_name=e.matter_name,
            party_label="",
            penalty_kinds=[],
            penalty_kinds_key="",
            fine_fen=0,
            confiscation_fen=0,
            basis="",
            text="",
            search_text="",
            due_entry=idx,
            extra={},
        )
    )


@projector(ev.DecisionPublished)
def _published(session: Session, e: ev.DecisionPublished, idx: int) -> None:
    row = _row(session, e.publication_id)
    row.status = "published"
    row.published_on = e.published_on
    row.late = e.late
    row.released_by = e.released_by
    row.number = e.number
    row.body_name = e.body_name
    row.matter_code = e.matter_code
    row.matter_name = e.matter_name
    row.field = e.field
    row.party_label = e.party_label
    row.penalty_kinds = list(e.penalty_kinds)
    row.penalty_kinds_key = " " + " ".join(e.penalty_kinds) + " "
    row.fine_fen = e.fine_fen
    row.confiscation_fen = e.confiscation_fen
    row.basis = e.basis
    row.decided_on = e.decided_on
    row.text = e.text
    row.search_text = _published_search(e)
    row.published_entry = idx
    row.extra = {**row.extra, "text_digest": e.text_digest, "masked": dict(e.masked)}


@projector(ev.PublicationCancelled)
def _cancelled(session: Session, e: ev.PublicationCancelled, idx: int) -> None:
    row = _row(session, e.publication_id)
    row.status = "cancelled"
    row.extra = {**row.extra, "cancelled_on": e.cancelled_on.isoformat(), "cancelled": e.reason}


@projector(ev.WithdrawalDue)
def _withdrawal_due(session: Session, e: ev.WithdrawalDue, idx: int) -> None:
    row = _row(session, e.publication_id)
    row.withdrawal_due = e.due_on
    row.withdrawal_cause = e.cause
    row.extra = {
        **row.extra,
        "withdrawal_due_entry": idx,
        "remedy_id": e.remedy_id,
        "remedy_decided_on": e.remedy_decided_on.isoformat(),
        "withdrawal_basis": e.due_basis,
    }


@projector(ev.PublicationWithdrawn)
def _withdrawn(session: Session, e: ev.PublicationWithdrawn, idx: int) -> None:
    row = _row(session, e.publication_id)
    row.status = "withdrawn"
    row.withdrawn_on = e.withdrawn_on
    row.withdrawal_cause = e.cause
    row.withdrawal_reason = e.reason
    row.withdrawn_entry = idx
    row.text = ""
    row.search_text = "\n".join((row.number, row.body_name, row.matter_name, e.reason))
    row.extra = {**row.extra, "withdrawal_late": e.late}


@projector(ev.AutoReleaseConfigured)
def _auto_release(session: Session, e: ev.AutoReleaseConfigured, idx: int) -> None:
    row = session.get(DisclosureSettingRow, e.body_id)
    if row is None:
        session.add(DisclosureSettingRow(body_id=e.body_id, auto_release=e.enabled, entry=idx))
    else:
        row.auto_release = e.enabled
        row.entry = idx
