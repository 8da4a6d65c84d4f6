"""Complaint use cases: submit, accept or reject, assign, reply, close; the public status.

Every step is a ledger event recorded through a unit of work. The public status is read by
the tracking code's digest and carries no personal data: the handling body, the dates, the
status and the (redacted) reply or reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.complaints import events as ev
from zhifa.complaints.model import (
    Complaint,
    ComplaintInput,
    Outcome,
    Status,
    check_reason,
    check_step,
    code_digest,
    contact_mask,
    new_tracking_code,
    normalize_code,
    validate,
)
from zhifa.complaints.tables import ComplaintRow
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import DomainError, InvalidInput, NotFound, Violation
from zhifa.kernel.ids import new_id
from zhifa.ledger.personal import reveal
from zhifa.registry.model import BodyStatus, OfficerKind
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow
from zhifa.store.uow import UnitOfWork

PUBLIC_ACTOR = "public"


@dataclass(frozen=True)
class Submitted:
    complaint_id: str
    code: str  # shown once, to the complainant; never stored


def _language_flags(text: str) -> tuple[str, ...]:
    """Categories of uncivil language quoted in the complaint (准则第六条), to help triage."""
    from zhifa.civility import check_text

    try:
        findings = check_text(text)
    except DomainError:  # e.g. a text over the checker's limit: triage help only
        return ()
    return tuple(sorted({str(f.category) for f in findings}))


def _body_for(session: Session, body_id: str) -> BodyRow:
    body = session.get(BodyRow, body_id) if body_id else None
    if body is None or body.status != BodyStatus.ACTIVE.value:
        raise InvalidInput(
            "所选执法主体不存在或已撤销，请从列表中选择",
            "unknown or inactive body",
            violations=[Violation("body_id", "执法主体不在名录中", "body not in registry")],
        )
    return body


def _check_credential(session: Session, number: str | None, body: BodyRow) -> None:
    if not number:
        return
    cred = session.get(CredentialRow, number)
    officer = session.get(OfficerRow, cred.officer_id) if cred else None
    if officer is None:
        raise InvalidInput(
            f"执法证号“{number}”不在执法证名录中，请核对（不确定可留空）",
            "credential number not in registry",
            violations=[Violation("credential_number", "执法证号不存在", "unknown credential")],
        )
    if officer.body_id != body.id:
        holder_body = session.get(BodyRow, officer.body_id)
        name = holder_body.name if holder_body else "其他执法主体"
        raise InvalidInput(
            f"执法证号“{number}”的持证人属于{name}，不属于所选的{body.name}；"
            "请核对执法主体或执法证号",
            "credential holder belongs to another body",
            violations=[
                Violation("credential_number", "持证人不属于所选执法主体", "other body's officer")
            ],
        )


def submit_complaint(uow: UnitOfWork, form: ComplaintInput) -> Submitted:
    """Accept a complaint from the public form; returns its tracking code (shown once)."""
    today = legal_date(uow.clock.now())
    c: Complaint = validate(form, today)
    s = uow.session
    body = _body_for(s, c.body_id)
    _check_credential(s, c.credential_number, body)
    cid = new_id()
    code = new_tracking_code()
    digest = code_digest(code)
    while s.scalar(select(ComplaintRow.id).where(ComplaintRow.code_digest == digest)):
        code = new_tracking_code()  # 2^60 codes: a clash is astronomically rare, but cheap
        digest = code_digest(code)
    uow.record(
        [
            ev.ComplaintReceived(
                actor=PUBLIC_ACTOR,
                occurred_at=uow.clock.now(),
                complaint_id=cid,
                body_id=body.id,
                code_digest=digest,
                region_code=body.region_code,
                received_on=today,
                channel="web",
                topic=c.topic.value,
                occurred_on=c.occurred_on,
                credential_number=c.credential_number,
                case_number=c.case_number,
                anonymous=c.anonymous,
                contact_mask=contact_mask(c),
                language_flags=_language_flags(c.text),
                text=uow.protect(cid, "text", c.text),
                place=uow.protect(cid, "place", c.place) if c.place else None,
                contact_name=uow.protect(cid, "contact_name", c.contact_name)
                if c.contact_name
                else None,
                contact_phone=uow.protect(cid, "contact_phone", c.contact_phone)
                if c.contact_phone
                else None,
            )
        ]
    )
    return Submitted(cid, code)


# ---------------------------------------------------------------------------- staff steps


def _row(session: Session, complaint_id: str) -> ComplaintRow:
    row = session.get(ComplaintRow, complaint_id)
    if row is None:
        raise NotFound("投诉举报不存在", f"complaint {complaint_id} not found")
    return row


def _hide_phone(phone: str) -> str:
    # Stronger than the staff mask (138****5678): only the first three digits stay, as the
    # redactor masks phones in published text.
    return phone[:3] + "*" * (len(phone) - 3)


def _public_text(uow: UnitOfWork, row: ComplaintRow, text: str) -> str:
    """A staff text as the status page shows it: the complainant's own name and phone masked
    wherever the text quotes them, then every other personal item by the redactor."""
    from zhifa.disclosure.redact import mask_person_name, redact

    for ref, mask in ((row.name_ref, mask_person_name), (row.phone_ref, _hide_phone)):
        if ref:
            try:
                value = reveal(uow.session, uow.pii, ref)
            except DomainError:  # erased on lawful request: nothing left to mask
                continue
            if value:
                text = text.replace(value, mask(value))
    return redact(text).redacted


def accept(uow: UnitOfWork, actor: str, complaint_id: str) -> None:
    row = _row(uow.session, complaint_id)
    check_step("accept", Status(row.status))
    uow.record(
        [
            ev.ComplaintAccepted(
                actor=actor,
                occurred_at=uow.clock.now(),
                complaint_id=row.id,
                body_id=row.body_id,
                accepted_on=legal_date(uow.clock.now()),
            )
        ]
    )


def reject(uow: UnitOfWork, actor: str, complaint_id: str, reason: str) -> None:
    row = _row(uow.session, complaint_id)
    check_step("reject", Status(row.status))
    clean = check_reason(reason, "reason", "不予受理的理由")
    uow.record(
        [
            ev.ComplaintRejected(
                actor=actor,
                occurred_at=uow.clock.now(),
                complaint_id=row.id,
                body_id=row.body_id,
                rejected_on=legal_date(uow.clock.now()),
                reason=_public_text(uow, row, clean),
                reason_original=uow.protect(row.id, "reason_original", clean),
            )
        ]
    )


def assign(uow: UnitOfWork, actor: str, complaint_id: str, officer_id: str) -> None:
    row = _row(uow.session, complaint_id)
    check_step("assign", Status(row.status))
    officer = uow.session.get(OfficerRow, officer_id) if officer_id else None
    if (
        officer is None
        or officer.body_id != row.body_id
        or officer.kind != OfficerKind.OFFICER.value
        or not officer.active
    ):
        raise InvalidInput(
            "承办人须为本机关在职的执法人员（辅助人员等不得承办，准则第一条）",
            "assignee must be an active officer of the body",
            article=1,
            violations=[
                Violation("officer_id", "不是本机关执法人员", "not an officer of the body")
            ],
        )
    uow.record(
        [
            ev.ComplaintAssigned(
                actor=actor,
                occurred_at=uow.clock.now(),
                complaint_id=row.id,
                body_id=row.body_id,
                officer_id=officer.id,
                assigned_on=legal_date(uow.clock.now()),
            )
        ]
    )


def reply(uow: UnitOfWork, actor: str, complaint_id: str, text: str) -> None:
    row = _row(uow.session, complaint_id)
    check_step("reply", Status(row.status))
    clean = check_reason(text, "reply", "答复内容")
    uow.record(
        [
            ev.ComplaintReplied(
                actor=actor,
                occurred_at=uow.clock.now(),
                complaint_id=row.id,
                body_id=row.body_id,
                replied_on=legal_date(uow.clock.now()),
                reply=_public_text(uow, row, clean),
                reply_original=uow.protect(row.id, "reply_original", clean),
            )
        ]
    )


def close(uow: UnitOfWork, actor: str, complaint_id: str, outcome: str, reason: str) -> None:
    row = _row(uow.session, complaint_id)
    check_step("close", Status(row.status), replied=row.replied_on is not None)
    try:
        result = Outcome(outcome)
    except ValueError:
        raise InvalidInput(
            "请选择办结结论",
            "unknown outcome",
            violations=[Violation("outcome", "办结结论不是可选值之一", "unknown outcome")],
        ) from None
    clean = check_reason(reason, "reason", "办结说明")
    uow.record(
        [
            ev.ComplaintClosed(
                actor=actor,
                occurred_at=uow.clock.now(),
                complaint_id=row.id,
                body_id=row.body_id,
                closed_on=legal_date(uow.clock.now()),
                outcome=result.value,
                reason=_public_text(uow, row, clean),
                reason_original=uow.protect(row.id, "reason_original", clean),
            )
        ]
    )


# ---------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class PublicStatus:
    """What the tracking page shows: nothing personal."""

    code: str
    status: Status
    body_name: str
    received_on: date
    accepted_on: date | None
    replied_on: date | None
    closed_on: date | None
    reply: str | None
    outcome: Outcome | None
    reason: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "status": self.status.value,
            "status_label": self.status.label_zh,
            "body": self.body_name,
            "received_on": self.received_on.isoformat(),
            "accepted_on": self.accepted_on.isoformat() if self.accepted_on else None,
            "replied_on": self.replied_on.isoformat() if self.replied_on else None,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "reply": self.reply,
            "outcome": self.outcome.value if self.outcome else None,
            "reason": self.reason,
        }


def public_status(session: Session, typed_code: str) -> PublicStatus | None:
    """The status for a tracking code as typed, or ``None`` (unknown and malformed look alike)."""
    code = normalize_code(typed_code)
    if code is None:
        return None
    row = session.scalar(select(ComplaintRow).where(ComplaintRow.code_digest == code_digest(code)))
    if row is None:
        return None
    body = session.get(BodyRow, row.body_id)
    return PublicStatus(
        code=code,
        status=Status(row.status),
        body_name=body.name if body else "",
        received_on=row.received_on,
        accepted_on=row.accepted_on,
        replied_on=row.replied_on,
        closed_on=row.closed_on,
        reply=row.reply,
        outcome=Outcome(row.outcome) if row.outcome else None,
        reason=row.reason,
    )
