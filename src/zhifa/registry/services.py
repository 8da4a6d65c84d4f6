"""Registry use cases: register and change bodies, officers, credentials and parties."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from zhifa.kernel.errors import IllegalTransition, InvalidInput, NotFound, Violation
from zhifa.kernel.ids import new_id
from zhifa.ledger.blobs import BlobStore
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
    mask_id_number,
    validate_id_number,
    validate_region_code,
    validate_uscc,
)
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow, PartyRow
from zhifa.store.uow import UnitOfWork

PARTY_KINDS = {
    "natural_person": "自然人",
    "legal_person": "法人",
    "individual_business": "个体工商户",
    "other_organisation": "其他组织",
}


def _regions() -> Regions:
    return Regions.load()


def register_body(
    uow: UnitOfWork,
    actor: str,
    *,
    name: str,
    uscc: str,
    region_code: str,
    level: str,
    legal_status: str,
    fields: Iterable[str],
    entrusting_body_id: str | None = None,
    entrusted_scope: Iterable[str] = (),
    body_id: str | None = None,
) -> str:
    """Enter a 执法主体 in the registry; refuses bad check digits, unknown regions, duplicates."""
    body = Body(
        id=body_id or new_id(),
        name=name,
        uscc=uscc,
        region_code=validate_region_code(region_code, _regions()),
        level=BodyLevel(level),
        legal_status=LegalStatus(legal_status),
        fields=frozenset(Field(f) for f in fields),
        entrusting_body_id=entrusting_body_id,
        entrusted_scope=frozenset(entrusted_scope),
    )
    s = uow.session
    if s.scalar(select(BodyRow.id).where(BodyRow.uscc == body.uscc)):
        raise InvalidInput(
            f"统一社会信用代码 {body.uscc} 已登记为其他执法主体",
            f"uscc {body.uscc} already registered",
            violations=[Violation("uscc", "统一社会信用代码重复", "duplicate uscc")],
        )
    if body.entrusting_body_id and s.get(BodyRow, body.entrusting_body_id) is None:
        raise NotFound("委托机关不存在", f"entrusting body {body.entrusting_body_id} not found")
    uow.record(
        [
            BodyRegistered(
                actor=actor,
                occurred_at=uow.clock.now(),
                body_id=body.id,
                name=body.name,
                uscc=body.uscc,
                region_code=body.region_code,
                level=body.level.value,
                legal_status=body.legal_status.value,
                fields=tuple(sorted(f.value for f in body.fields)),
                entrusting_body_id=body.entrusting_body_id,
                entrusted_scope=tuple(sorted(body.entrusted_scope)),
            )
        ]
    )
    return body.id


def change_body(
    uow: UnitOfWork,
    actor: str,
    body_id: str,
    *,
    reason: str,
    name: str | None = None,
    region_code: str | None = None,
    level: str | None = None,
    fields: Iterable[str] | None = None,
    status: str | None = None,
    entrusted_scope: Iterable[str] | None = None,
) -> None:
    """Change a body's details (every change an event, with its reason)."""
    row = uow.session.get(BodyRow, body_id)
    if row is None:
        raise NotFound("执法主体不存在", f"body {body_id} not found")
    if not reason.strip():
        raise InvalidInput(
            "变更须说明理由",
            "a change needs a reason",
            violations=[Violation("reason", "缺少变更理由", "reason missing")],
        )
    body = Body(
        id=row.id,
        name=row.name if name is None else name,
        uscc=row.uscc,
        region_code=validate_region_code(region_code or row.region_code, _regions()),
        level=BodyLevel(level or row.level),
        legal_status=LegalStatus(row.legal_status),
        fields=frozenset(Field(f) for f in (row.fields if fields is None else fields)),
        entrusting_body_id=row.entrusting_body_id,
        entrusted_scope=frozenset(
            row.entrusted_scope if entrusted_scope is None else entrusted_scope
        ),
        status=BodyStatus(status or row.status),
    )
    uow.record(
        [
            BodyChanged(
                actor=actor,
                occurred_at=uow.clock.now(),
                body_id=body.id,
                name=body.name,
                region_code=body.region_code,
                level=body.level.value,
                legal_status=body.legal_status.value,
                fields=tuple(sorted(f.value for f in body.fields)),
                status=body.status.value,
                reason=reason.strip(),
                entrusting_body_id=body.entrusting_body_id,
                entrusted_scope=tuple(sorted(body.entrusted_scope)),
            )
        ]
    )


def register_officer(
    uow: UnitOfWork,
    actor: str,
    *,
    name: str,
    id_number: str,
    body_id: str,
    kind: str,
    legal_qualification: bool = False,
    training_hours: int = 0,
    is_legal_reviewer: bool = False,
    officer_id: str | None = None,
) -> str:
    """Enter a person in a body's roster; the ID number is validated and kept protected."""
    officer = Officer(
        id=officer_id or new_id(),
        name=name,
        id_number=id_number,
        body_id=body_id,
        kind=OfficerKind(kind),
        legal_qualification=legal_qualification,
        training_hours=training_hours,
        is_legal_reviewer=is_legal_reviewer,
    )
    if uow.session.get(BodyRow, body_id) is None:
        raise NotFound("所属执法主体不存在", f"body {body_id} not found")
    if officer.is_legal_reviewer and officer.kind is not OfficerKind.OFFICER:
        raise InvalidInput(
            "法制审核人员必须是在编执法人员，不能是辅助人员、网格员、临时工或第三方人员",
            "a legal reviewer must be of kind officer",
            violations=[Violation("is_legal_reviewer", "人员类别不符", "kind is not officer")],
        )
    commitment = uow.protect(officer.id, "id_number", validate_id_number(id_number))
    uow.record(
        [
            OfficerRegistered(
                actor=actor,
                occurred_at=uow.clock.now(),
                officer_id=officer.id,
                name=officer.name,
                id_number=commitment,
                body_id=officer.body_id,
                kind=officer.kind.value,
                legal_qualification=officer.legal_qualification,
                training_hours=officer.training_hours,
                is_legal_reviewer=officer.is_legal_reviewer,
            )
        ]
    )
    return officer.id


def change_officer(
    uow: UnitOfWork,
    actor: str,
    officer_id: str,
    *,
    reason: str,
    kind: str | None = None,
    legal_qualification: bool | None = None,
    training_hours: int | None = None,
    is_legal_reviewer: bool | None = None,
    active: bool | None = None,
) -> None:
    row = uow.session.get(OfficerRow, officer_id)
    if row is None:
        raise NotFound("执法人员不存在", f"officer {officer_id} not found")
    if not reason.strip():
        raise InvalidInput("变更须说明理由", "a change needs a reason")
    uow.record(
        [
            OfficerChanged(
                actor=actor,
                occurred_at=uow.clock.now(),
                officer_id=officer_id,
                body_id=row.body_id,
                kind=OfficerKind(kind or row.kind).value,
                legal_qualification=row.legal_qualification
                if legal_qualification is None
                else legal_qualification,
                training_hours=row.training_hours if training_hours is None else training_hours,
                is_legal_reviewer=row.is_legal_reviewer
                if is_legal_reviewer is None
                else is_legal_reviewer,
                active=row.active if active is None else active,
                reason=reason,
            )
        ]
    )


def issue_credential(
    uow: UnitOfWork,
    actor: str,
    *,
    number: str,
    officer_id: str,
    fields: Iterable[str],
    region_codes: Iterable[str],
    valid_from: date,
    valid_to: date,
) -> str:
    """Issue an 执法证. Only 执法人员 (not auxiliary, grid, temporary or third-party staff) hold one."""
    regions = _regions()
    cred = Credential(
        number=number.strip(),
        officer_id=officer_id,
        fields=frozenset(Field(f) for f in fields),
        region_codes=frozenset(
            validate_region_code(c, regions, "region_codes") for c in region_codes
        ),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    s = uow.session
    officer = s.get(OfficerRow, officer_id)
    if officer is None:
        raise NotFound("执法人员不存在", f"officer {officer_id} not found")
    if officer.kind != OfficerKind.OFFICER.value:
        raise InvalidInput(
            f"{OfficerKind(officer.kind).label_zh}不得持有行政执法证件",
            f"a {officer.kind} cannot hold an enforcement credential",
            article=1,
            basis="《行政执法人员行为准则》第一条；国办发〔2024〕54号",
            violations=[Violation("officer_id", "人员类别不是执法人员", "kind is not officer")],
        )
    if s.get(CredentialRow, cred.number) is not None:
        raise InvalidInput(
            f"执法证号 {cred.number} 已存在",
            f"credential {cred.number} exists",
            violations=[Violation("number", "执法证号重复", "duplicate credential number")],
        )
    uow.record(
        [
            CredentialIssued(
                actor=actor,
                occurred_at=uow.clock.now(),
                number=cred.number,
                officer_id=officer_id,
                fields=tuple(sorted(f.value for f in cred.fields)),
                region_codes=tuple(sorted(cred.region_codes)),
                valid_from=cred.valid_from,
                valid_to=cred.valid_to,
            )
        ]
    )
    return cred.number


_ALLOWED = {
    "valid": {"suspended", "revoked", "expired"},
    "suspended": {"valid", "revoked", "expired"},
    "expired": {"revoked"},
    "revoked": set(),
}


def change_credential_status(
    uow: UnitOfWork, actor: str, number: str, status: str, *, reason: str, effective: date
) -> None:
    """Suspend (暂扣), reinstate, revoke (注销) or expire a credential, with its reason."""
    new = CredentialStatus(status)
    row = uow.session.get(CredentialRow, number)
    if row is None:
        raise NotFound(f"执法证 {number} 不存在", f"credential {number} not found")
    if not reason.strip():
        raise InvalidInput("证件状态变更须说明理由", "a status change needs a reason")
    if new.value not in _ALLOWED[row.status]:
        raise IllegalTransition(
            f"执法证状态不能从“{CredentialStatus(row.status).label_zh}”变为“{new.label_zh}”",
            f"credential status {row.status} → {new.value} is not allowed",
        )
    uow.record(
        [
            CredentialStatusChanged(
                actor=actor,
                occurred_at=uow.clock.now(),
                number=number,
                officer_id=row.officer_id,
                status=new.value,
                reason=reason,
                effective=effective,
            )
        ]
    )


def register_party(
    uow: UnitOfWork,
    actor: str,
    *,
    kind: str,
    name: str,
    region_code: str,
    uscc: str | None = None,
    id_number: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    party_id: str | None = None,
) -> str:
    """Record a 当事人. A natural person's name, ID number, phone and address are protected."""
    if kind not in PARTY_KINDS:
        raise InvalidInput(
            f"当事人类型“{kind}”无效",
            f"unknown party kind {kind}",
            violations=[Violation("kind", "应为自然人、法人、个体工商户或其他组织", "bad kind")],
        )
    if not name.strip():
        raise InvalidInput("当事人名称不能为空", "party name is empty")
    pid = party_id or new_id()
    region = validate_region_code(region_code, _regions())
    natural = kind == "natural_person"
    if natural and not id_number:
        raise InvalidInput(
            "自然人当事人须登记身份证号",
            "a natural person needs an ID number",
            violations=[Violation("id_number", "缺少身份证号", "missing id_number")],
        )
    if not natural and not uscc:
        raise InvalidInput(
            "单位当事人须登记统一社会信用代码",
            "an organisation needs a uscc",
            violations=[Violation("uscc", "缺少统一社会信用代码", "missing uscc")],
        )
    code = validate_uscc(uscc) if uscc else None
    if code and uow.session.scalar(select(PartyRow.id).where(PartyRow.uscc == code)):
        raise InvalidInput(f"统一社会信用代码 {code} 已登记", f"party uscc {code} exists")
    uow.record(
        [
            PartyRegistered(
                actor=actor,
                occurred_at=uow.clock.now(),
                party_id=pid,
                kind=kind,
                region_code=region,
                name=None if natural else name.strip(),
                name_protected=uow.protect(pid, "name", name.strip()) if natural else None,
                uscc=code,
                id_number=uow.protect(pid, "id_number", validate_id_number(id_number))
                if id_number
                else None,
                phone=uow.protect(pid, "phone", phone) if phone else None,
                address=uow.protect(pid, "address", address) if address else None,
            )
        ]
    )
    return pid


__all__ = [
    "PARTY_KINDS",
    "change_body",
    "change_credential_status",
    "change_officer",
    "issue_credential",
    "mask_id_number",
    "publish_body_document",
    "register_body",
    "register_officer",
    "register_party",
]


DOCUMENT_CATEGORIES = {
    "powers_list": "权责清单",
    "flowchart": "执法流程图",
    "benchmark": "行政裁量权基准",
    "inspection_items": "随机抽查事项清单",
    "remedies": "救济途径",
    "other": "其他",
}


def publish_body_document(
    uow: UnitOfWork,
    blobs: BlobStore,
    actor: str,
    *,
    body_id: str,
    title: str,
    category: str,
    data: bytes,
    media_type: str,
    document_id: str | None = None,
) -> str:
    """Publish a document for 事前公开; the bytes go to the blob store, the event holds its hash."""
    if uow.session.get(BodyRow, body_id) is None:
        raise NotFound("执法主体不存在", f"body {body_id} not found")
    if category not in DOCUMENT_CATEGORIES:
        raise InvalidInput(
            f"文件类别“{category}”无效",
            f"unknown document category {category}",
            violations=[Violation("category", "不是可选的文件类别", "bad category")],
        )
    if not title.strip():
        raise InvalidInput("文件标题不能为空", "document title is empty")
    ref = blobs.put(data, media_type)
    doc_id = document_id or new_id()
    uow.record(
        [
            BodyDocumentPublished(
                actor=actor,
                occurred_at=uow.clock.now(),
                document_id=doc_id,
                body_id=body_id,
                title=title.strip(),
                category=category,
                file=ref,
            )
        ]
    )
    return doc_id
