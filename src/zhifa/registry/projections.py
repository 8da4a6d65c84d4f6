"""Registry projectors: events → the bodies, officers, credentials and parties tables."""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhifa.registry.events import (
    BodyChanged,
    BodyDocumentPublished,
    BodyRegistered,
    CredentialIssued,
    CredentialStatusChanged,
    OfficerChanged,
    OfficerRegistered,
    PartyRegistered,
)
from zhifa.registry.tables import (
    BodyDocumentRow,
    BodyRow,
    CredentialHistoryRow,
    CredentialRow,
    OfficerRow,
    PartyRow,
)
from zhifa.store.uow import projector


@projector(BodyRegistered)
def _body_registered(session: Session, e: BodyRegistered, idx: int) -> None:
    session.add(
        BodyRow(
            id=e.body_id,
            name=e.name,
            uscc=e.uscc,
            region_code=e.region_code,
            level=e.level,
            legal_status=e.legal_status,
            fields=sorted(e.fields),
            entrusting_body_id=e.entrusting_body_id,
            entrusted_scope=sorted(e.entrusted_scope),
            status="active",
            last_entry=idx,
        )
    )


@projector(BodyChanged)
def _body_changed(session: Session, e: BodyChanged, idx: int) -> None:
    row = session.get_one(BodyRow, e.body_id)
    row.name = e.name
    row.region_code = e.region_code
    row.level = e.level
    row.legal_status = e.legal_status
    row.fields = sorted(e.fields)
    row.status = e.status
    row.entrusting_body_id = e.entrusting_body_id
    row.entrusted_scope = sorted(e.entrusted_scope)
    row.last_entry = idx


@projector(OfficerRegistered)
def _officer_registered(session: Session, e: OfficerRegistered, idx: int) -> None:
    session.add(
        OfficerRow(
            id=e.officer_id,
            name=e.name,
            id_number_ref=e.id_number["ref"],
            body_id=e.body_id,
            kind=e.kind,
            legal_qualification=e.legal_qualification,
            training_hours=e.training_hours,
            is_legal_reviewer=e.is_legal_reviewer,
            active=True,
            last_entry=idx,
        )
    )


@projector(OfficerChanged)
def _officer_changed(session: Session, e: OfficerChanged, idx: int) -> None:
    row = session.get_one(OfficerRow, e.officer_id)
    row.body_id = e.body_id
    row.kind = e.kind
    row.legal_qualification = e.legal_qualification
    row.training_hours = e.training_hours
    row.is_legal_reviewer = e.is_legal_reviewer
    row.active = e.active
    row.last_entry = idx


@projector(CredentialIssued)
def _credential_issued(session: Session, e: CredentialIssued, idx: int) -> None:
    session.add(
        CredentialRow(
            number=e.number,
            officer_id=e.officer_id,
            fields=sorted(e.fields),
            region_codes=sorted(e.region_codes),
            valid_from=e.valid_from,
            valid_to=e.valid_to,
            status="valid",
            last_entry=idx,
        )
    )
    session.flush()
    session.add(
        CredentialHistoryRow(
            number=e.number, entry=idx, status="valid", effective=e.valid_from, reason="发证"
        )
    )


@projector(CredentialStatusChanged)
def _credential_status(session: Session, e: CredentialStatusChanged, idx: int) -> None:
    row = session.get_one(CredentialRow, e.number)
    row.status = e.status
    row.last_entry = idx
    session.add(
        CredentialHistoryRow(
            number=e.number, entry=idx, status=e.status, effective=e.effective, reason=e.reason
        )
    )


@projector(PartyRegistered)
def _party_registered(session: Session, e: PartyRegistered, idx: int) -> None:
    session.add(
        PartyRow(
            id=e.party_id,
            kind=e.kind,
            region_code=e.region_code,
            name=e.name,
            name_ref=e.name_protected["ref"] if e.name_protected else None,
            uscc=e.uscc,
            id_number_ref=e.id_number["ref"] if e.id_number else None,
            phone_ref=e.phone["ref"] if e.phone else None,
            address_ref=e.address["ref"] if e.address else None,
            last_entry=idx,
        )
    )


@projector(BodyDocumentPublished)
def _body_document(session: Session, e: BodyDocumentPublished, idx: int) -> None:
    session.add(
        BodyDocumentRow(
            id=e.document_id,
            body_id=e.body_id,
            title=e.title,
            category=e.category,
            sha256=e.file["sha256"],
            size=e.file["size"],
            media_type=e.file["media_type"],
            entry=idx,
        )
    )
