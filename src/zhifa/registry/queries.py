"""Registry reads: domain objects from the projections, the authorization check, public views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.catalog.services import get_matter
from zhifa.kernel.errors import NotFound
from zhifa.registry.authorize import Authorization, authorize
from zhifa.registry.model import (
    Body,
    BodyLevel,
    BodyStatus,
    Credential,
    CredentialStatus,
    Field,
    LegalStatus,
    Officer,
    OfficerKind,
    Regions,
)
from zhifa.registry.tables import BodyRow, CredentialHistoryRow, CredentialRow, OfficerRow


def body_of(row: BodyRow) -> Body:
    return Body(
        id=row.id,
        name=row.name,
        uscc=row.uscc,
        region_code=row.region_code,
        level=BodyLevel(row.level),
        legal_status=LegalStatus(row.legal_status),
        fields=frozenset(Field(f) for f in row.fields),
        entrusting_body_id=row.entrusting_body_id,
        entrusted_scope=frozenset(row.entrusted_scope),
        status=BodyStatus(row.status),
    )


def officer_of(row: OfficerRow) -> Officer:
    """The officer without the ID number: guards and public pages never need it."""
    return Officer(
        id=row.id,
        name=row.name,
        id_number=None,
        body_id=row.body_id,
        kind=OfficerKind(row.kind),
        legal_qualification=row.legal_qualification,
        training_hours=row.training_hours,
        is_legal_reviewer=row.is_legal_reviewer,
        active=row.active,
    )


def credential_of(row: CredentialRow) -> Credential:
    return Credential(
        number=row.number,
        officer_id=row.officer_id,
        fields=frozenset(Field(f) for f in row.fields),
        region_codes=frozenset(row.region_codes),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        status=CredentialStatus(row.status),
    )


def authorize_action(
    session: Session,
    *,
    officer_id: str,
    credential_number: str | None,
    matter_code: str,
    region_code: str,
    on: date,
) -> Authorization:
    """The guard every enforcement step calls: may this officer, showing this credential,
    carry out this matter here today? Raises ``NotAuthorized`` (准则第一条) with the reason."""
    officer_row = session.get(OfficerRow, officer_id)
    if officer_row is None:
        raise NotFound("执法人员不存在", f"officer {officer_id} not found")
    body_row = session.get_one(BodyRow, officer_row.body_id)
    cred_row = session.get(CredentialRow, credential_number) if credential_number else None
    if credential_number and cred_row is None:
        raise NotFound(
            f"执法证 {credential_number} 不存在", f"credential {credential_number} not found"
        )
    return authorize(
        officer_of(officer_row),
        credential_of(cred_row) if cred_row else None,
        body_of(body_row),
        get_matter(session, matter_code),
        region_code,
        on,
        Regions.load(),
    )


@dataclass(frozen=True)
class PublicCredential:
    """What 亮证核验 shows anyone: the public fields only (no ID number, no phone)."""

    number: str
    holder: str
    body: str
    body_region: str
    fields: tuple[str, ...]
    regions: tuple[str, ...]
    valid_from: date
    valid_to: date
    status: CredentialStatus
    status_since: date | None
    may_enforce: bool
    statement: str

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "holder": self.holder,
            "body": self.body,
            "fields": list(self.fields),
            "regions": list(self.regions),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat(),
            "status": self.status.value,
            "status_label": self.status.label_zh,
            "status_since": self.status_since.isoformat() if self.status_since else None,
            "may_enforce": self.may_enforce,
            "statement": self.statement,
        }


def public_credential(session: Session, number: str, on: date) -> PublicCredential:
    """The public verification of a credential on a date, in plain Chinese."""
    found = (
        session.execute(
            select(CredentialRow, OfficerRow, BodyRow)
            .join(OfficerRow, OfficerRow.id == CredentialRow.officer_id)
            .join(BodyRow, BodyRow.id == OfficerRow.body_id)
            .where(CredentialRow.number == number.strip())
        ).first()
        if number and len(number) <= 40
        else None
    )
    if found is None:
        raise NotFound(
            f"未查到执法证号“{number[:40]}”：该证件不存在或号码有误。请勿配合无法核实身份的人员，"
            "可拨打 12345 或向当地司法行政部门反映。",
            "credential not found",
        )
    row, officer, body = found
    cred = credential_of(row)
    regions = Regions.load()
    status = cred.status_on(on)
    since = session.scalar(
        select(CredentialHistoryRow.effective)
        .where(CredentialHistoryRow.number == row.number)
        .where(CredentialHistoryRow.status == status.value)
        .order_by(CredentialHistoryRow.entry.desc())
        .limit(1)
    )
    if status is CredentialStatus.EXPIRED:
        since = date.fromordinal(cred.valid_to.toordinal() + 1)
    may = cred.in_force_on(on) and officer.active and body.status == "active"
    field_names = tuple(Field(f).label_zh for f in sorted(row.fields))
    region_names = tuple(regions.full_name(c) for c in sorted(row.region_codes))
    if may:
        statement = (
            f"{officer.name}是{body.name}的行政执法人员，执法证有效，"
            f"可以在{'、'.join(region_names)}从事{'、'.join(field_names)}领域的行政执法。"
        )
    elif status is CredentialStatus.VALID and on < cred.valid_from:
        statement = f"该执法证自 {cred.valid_from.isoformat()} 起生效，目前尚不能执法。"
    else:
        statement = (
            f"该执法证当前状态为“{status.label_zh}”，持证人现在不得从事行政执法活动。"
            "如其正在执法，您有权拒绝配合，并可向当地司法行政部门反映。"
        )
    return PublicCredential(
        number=row.number,
        holder=officer.name,
        body=body.name,
        body_region=regions.full_name(body.region_code),
        fields=field_names,
        regions=region_names,
        valid_from=cred.valid_from,
        valid_to=cred.valid_to,
        status=status,
        status_since=since,
        may_enforce=may,
        statement=statement,
    )
