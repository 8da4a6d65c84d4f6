"""Staff access to the registry: masked lists, recorded reveals, watermarked exports, administration.

Every route names its action (``Allow``); object-level scope is checked with
``require_within`` so a body's officers, a region's supervisors and an enterprise see
only what is theirs (准则第八条、第十条).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.access.events import DataExported
from zhifa.access.model import Principal, Scope, Target, roles_for
from zhifa.access.services import create_user, issue_api_token, reveal_recorded
from zhifa.kernel.clock import format_datetime_zh
from zhifa.ledger.personal import PersonalValue, PiiCipher, reveal
from zhifa.registry import services as registry
from zhifa.registry.model import (
    CredentialStatus,
    OfficerKind,
    Regions,
    mask_id_number,
    mask_name,
    mask_phone,
)
from zhifa.registry.model import (
    Field as EnforcementField,
)
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow, PartyRow
from zhifa.web.auth import Allow, require_within
from zhifa.web.deps import ContextDep, SessionDep

router = APIRouter(tags=["登记管理（工作人员）"])

ReadRegistry = Annotated[Principal, Depends(Allow("registry.read"))]
ReadParty = Annotated[Principal, Depends(Allow("party.read"))]
Reveal = Annotated[Principal, Depends(Allow("personal.reveal"))]
Export = Annotated[Principal, Depends(Allow("registry.export"))]
ManageRegistry = Annotated[Principal, Depends(Allow("registry.manage"))]
ManageCredential = Annotated[Principal, Depends(Allow("credential.manage"))]
ManageUsers = Annotated[Principal, Depends(Allow("user.manage"))]

ERASED = "（已依法删除）"


def masked(session: Session, cipher: PiiCipher, ref: str | None, mask: Callable[[str], str]) -> str:
    """A personal value in its masked form. Decrypting to mask is not a disclosure: the
    clear value never leaves this function, so it is not recorded as a read."""
    if not ref:
        return ""
    row = session.get(PersonalValue, ref)
    if row is None or row.erased:
        return ERASED
    return mask(reveal(session, cipher, ref))


def _body_target(session: Session, body_id: str | None) -> Target | None:
    body = session.get(BodyRow, body_id) if body_id else None
    return Target(body_id=body.id, region_code=body.region_code) if body else None


def _visible_body_ids(session: Session, principal: Principal, action: str) -> list[str] | None:
    """The bodies a principal may list for an action; None means all."""
    scope = roles_for(action)[principal.role]
    if scope is Scope.ANY:
        return None
    if scope is Scope.BODY:
        return [principal.body_id] if principal.body_id else []
    if scope is Scope.REGION and principal.region_code:
        regions = Regions.load()
        return [
            b.id
            for b in session.scalars(select(BodyRow))
            if regions.contains(principal.region_code, b.region_code)
        ]
    return []


def _require_officer_scope(
    request: Request,
    ctx: ContextDep,
    principal: Principal,
    *,
    number: str | None = None,
    officer_id: str | None = None,
) -> None:
    """The body of a credential's holder (or of an officer) must be in the principal's scope.

    Checked in a read session before any unit of work opens, so that a refusal can be
    recorded in its own transaction.
    """
    with ctx.read() as session:
        if number is not None:
            cred = session.get(CredentialRow, number)
            officer_id = cred.officer_id if cred else None
        officer = session.get(OfficerRow, officer_id) if officer_id else None
        target = _body_target(session, officer.body_id) if officer else None
    require_within(request, ctx, principal, target)


def _officer_json(session: Session, cipher: PiiCipher, row: OfficerRow) -> dict[str, Any]:
    creds = session.scalars(select(CredentialRow).where(CredentialRow.officer_id == row.id)).all()
    return {
        "officer_id": row.id,
        "name": row.name,
        "id_number": masked(session, cipher, row.id_number_ref, mask_id_number),
        "id_number_ref": row.id_number_ref,
        "body_id": row.body_id,
        "kind": row.kind,
        "kind_label": OfficerKind(row.kind).label_zh,
        "legal_qualification": row.legal_qualification,
        "is_legal_reviewer": row.is_legal_reviewer,
        "training_hours": row.training_hours,
        "active": row.active,
        "credentials": [
            {"number": c.number, "status": c.status, "valid_to": c.valid_to.isoformat()}
            for c in creds
        ],
    }


def _officers(
    session: Session, principal: Principal, action: str, body_id: str | None
) -> list[OfficerRow]:
    visible = _visible_body_ids(session, principal, action)
    stmt = select(OfficerRow).order_by(OfficerRow.body_id, OfficerRow.name)
    if visible is not None:
        stmt = stmt.where(OfficerRow.body_id.in_(visible))
    if body_id:
        stmt = stmt.where(OfficerRow.body_id == body_id)
    return list(session.scalars(stmt))


@router.get(
    "/api/registry/officers",
    summary="执法人员名册（个人信息已脱敏）；legal_reviewer=true 为法制审核人员名册",
)
def list_officers(
    ctx: ContextDep,
    session: SessionDep,
    principal: ReadRegistry,
    body_id: Annotated[str | None, Query(max_length=32)] = None,
    legal_reviewer: Annotated[bool | None, Query(description="只列法制审核人员")] = None,
) -> dict[str, Any]:
    rows = _officers(session, principal, "registry.read", body_id)
    if legal_reviewer is not None:
        rows = [r for r in rows if r.is_legal_reviewer == legal_reviewer]
    return {"count": len(rows), "items": [_officer_json(session, ctx.pii, r) for r in rows]}


@router.get("/api/registry/officers/{officer_id}", summary="执法人员详情（个人信息已脱敏）")
def get_officer(
    request: Request, ctx: ContextDep, session: SessionDep, principal: ReadRegistry, officer_id: str
) -> dict[str, Any]:
    row = session.get(OfficerRow, officer_id)
    require_within(request, ctx, principal, _body_target(session, row.body_id) if row else None)
    assert row is not None
    return _officer_json(session, ctx.pii, row)


@router.get("/api/registry/parties/{party_id}", summary="当事人详情（个人信息已脱敏）")
def get_party(
    request: Request, ctx: ContextDep, session: SessionDep, principal: ReadParty, party_id: str
) -> dict[str, Any]:
    row = session.get(PartyRow, party_id)
    # Until cases link parties to bodies, a party belongs to no body: only its own
    # enterprise account and administrators (scope any) reach it.
    require_within(request, ctx, principal, Target(owner_ids=frozenset({row.id})) if row else None)
    assert row is not None
    return {
        "party_id": row.id,
        "kind": row.kind,
        "name": row.name or masked(session, ctx.pii, row.name_ref, mask_name),
        "uscc": row.uscc,
        "id_number": masked(session, ctx.pii, row.id_number_ref, mask_id_number),
        "phone": masked(session, ctx.pii, row.phone_ref, mask_phone),
        "address": masked(session, ctx.pii, row.address_ref, lambda a: a[:6] + "****"),
        "region_code": row.region_code,
    }


class RevealRequest(BaseModel):
    ref: str = Field(min_length=1, max_length=32, description="个人信息编号（列表中的 *_ref）")
    purpose: str = Field(min_length=4, max_length=200, description="查看用途，记入账本")


@router.post("/api/personal/reveal", summary="查看个人信息明文（须写明用途，记入账本）")
def reveal_personal(
    request: Request, ctx: ContextDep, principal: Reveal, body: RevealRequest
) -> dict[str, Any]:
    # Scope first, in a read session: a refusal is recorded in its own transaction.
    with ctx.read() as session:
        pv = session.get(PersonalValue, body.ref)
        target: Target | None = None
        if pv is not None:
            officer = session.get(OfficerRow, pv.subject_id)
            if officer is not None:
                target = _body_target(session, officer.body_id)
            elif session.get(PartyRow, pv.subject_id) is not None:
                target = Target(owner_ids=frozenset({pv.subject_id}))
    require_within(request, ctx, principal, target)
    with ctx.uow() as uow:
        row, value = reveal_recorded(uow, principal, ref=body.ref, purpose=body.purpose)
        entry = uow.recorded[-1]
        uow.commit()
    return {"ref": row.ref, "field": row.field, "value": value, "recorded_event": entry.event_id}


@router.get("/api/registry/officers.csv", summary="导出执法人员名册（带导出人水印，记入账本）")
def export_officers(
    ctx: ContextDep,
    session: SessionDep,
    principal: Export,
    body_id: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    rows = _officers(session, principal, "registry.export", body_id)
    now = ctx.clock.now()
    watermark = f"导出人：{principal.display}（{principal.role.label_zh}） 导出时间：{format_datetime_zh(now)} 仅限工作使用，不得外传"
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf)
    w.writerow([watermark])
    w.writerow(["姓名", "身份证号（脱敏）", "人员类别", "所属执法主体", "法律职业资格", "执法证号"])
    names = {b.id: b.name for b in session.scalars(select(BodyRow))}
    for r in rows:
        data = _officer_json(session, ctx.pii, r)
        w.writerow(
            [
                r.name,
                data["id_number"],
                data["kind_label"],
                names.get(r.body_id, ""),
                "是" if r.legal_qualification else "否",
                "、".join(c["number"] for c in data["credentials"]),
            ]
        )
    w.writerow([watermark])
    with ctx.uow() as uow:
        uow.record(
            [
                DataExported(
                    actor=principal.actor,
                    occurred_at=now,
                    user_id=principal.user_id,
                    what="officers",
                    rows=len(rows),
                    filters={"body_id": body_id},
                    watermark=watermark,
                )
            ]
        )
        uow.commit()
    return Response(
        buf.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=officers.csv"},
    )


class CredentialStatusRequest(BaseModel):
    status: Literal["valid", "suspended", "revoked", "expired"]
    reason: str = Field(min_length=2, max_length=500)
    effective: date


@router.post(
    "/api/registry/credentials/{number}/status", summary="变更执法证状态（暂扣、恢复、注销）"
)
def change_credential_status(
    request: Request,
    ctx: ContextDep,
    principal: ManageCredential,
    number: str,
    body: CredentialStatusRequest,
) -> dict[str, Any]:
    with ctx.uow() as uow:
        cred = uow.session.get(CredentialRow, number)
        officer = uow.session.get(OfficerRow, cred.officer_id) if cred else None
        require_within(
            request, ctx, principal, _body_target(uow.session, officer.body_id) if officer else None
        )
        registry.change_credential_status(
            uow, principal.actor, number, body.status, reason=body.reason, effective=body.effective
        )
        uow.commit()
    # This worker's public answers change at once; other workers' within their cache TTL.
    if cache := getattr(request.app.state, "credential_cache", None):
        cache.clear()
    return {
        "number": number,
        "status": body.status,
        "status_label": CredentialStatus(body.status).label_zh,
    }


class OfficerCreate(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    id_number: str = Field(min_length=15, max_length=18)
    body_id: str = Field(min_length=1, max_length=32)
    kind: Literal["officer", "auxiliary", "grid_worker", "temporary", "third_party"]
    legal_qualification: bool = False
    is_legal_reviewer: bool = False
    training_hours: int = Field(default=0, ge=0, le=10000)


@router.post("/api/registry/officers", status_code=201, summary="登记人员")
def create_officer(
    ctx: ContextDep, principal: ManageRegistry, body: OfficerCreate
) -> dict[str, Any]:
    with ctx.uow() as uow:
        oid = registry.register_officer(uow, principal.actor, **body.model_dump())
        uow.commit()
    return {"officer_id": oid}


class CredentialCreate(BaseModel):
    number: str = Field(min_length=1, max_length=40)
    officer_id: str = Field(min_length=1, max_length=32)
    fields: list[EnforcementField] = Field(min_length=1)
    region_codes: list[str] = Field(min_length=1)
    valid_from: date
    valid_to: date


@router.post("/api/registry/credentials", status_code=201, summary="发放执法证")
def issue_credential(
    request: Request, ctx: ContextDep, principal: ManageCredential, body: CredentialCreate
) -> dict[str, Any]:
    with ctx.uow() as uow:
        officer = uow.session.get(OfficerRow, body.officer_id)
        require_within(
            request, ctx, principal, _body_target(uow.session, officer.body_id) if officer else None
        )
        number = registry.issue_credential(
            uow,
            principal.actor,
            number=body.number,
            officer_id=body.officer_id,
            fields=[f.value for f in body.fields],
            region_codes=body.region_codes,
            valid_from=body.valid_from,
            valid_to=body.valid_to,
        )
        uow.commit()
    return {"number": number}


class UserCreate(BaseModel):
    username: str = Field(min_length=3, max_length=64)
    password: str = Field(min_length=12, max_length=200)
    role: Literal[
        "officer", "legal_reviewer", "body_head", "supervisor", "administrator", "enterprise"
    ]
    name: str = Field(min_length=1, max_length=60)
    body_id: str | None = None
    region_code: str | None = None
    officer_id: str | None = None
    party_id: str | None = None


@router.post("/api/access/users", status_code=201, summary="创建账号")
def create_account(ctx: ContextDep, principal: ManageUsers, body: UserCreate) -> dict[str, Any]:
    with ctx.uow() as uow:
        uid, secret = create_user(uow, principal.actor, **body.model_dump())
        uow.commit()
    # The TOTP secret is shown once, to the administrator enrolling the user.
    return {"user_id": uid, "totp_secret": secret}


class TokenCreate(BaseModel):
    user_id: str = Field(min_length=1, max_length=32)
    label: str = Field(min_length=1, max_length=100)


@router.post("/api/access/tokens", status_code=201, summary="签发系统对接令牌（只显示一次）")
def create_token(ctx: ContextDep, principal: ManageUsers, body: TokenCreate) -> dict[str, Any]:
    with ctx.uow() as uow:
        token = issue_api_token(uow, principal.actor, body.user_id, body.label)
        uow.commit()
    return {"token": token}


class BodyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    uscc: str = Field(min_length=18, max_length=18)
    region_code: str = Field(min_length=6, max_length=6)
    level: Literal["province", "city", "county", "township"]
    legal_status: Literal["statutory", "authorized", "entrusted"]
    fields: list[EnforcementField] = Field(min_length=1)
    entrusting_body_id: str | None = None
    entrusted_scope: list[str] = []


@router.post("/api/registry/bodies", status_code=201, summary="登记执法主体")
def create_body(ctx: ContextDep, principal: ManageRegistry, body: BodyCreate) -> dict[str, Any]:
    data = body.model_dump()
    data["fields"] = [f.value for f in body.fields]
    with ctx.uow() as uow:
        bid = registry.register_body(uow, principal.actor, **data)
        uow.commit()
    return {"body_id": bid}


class BodyChange(BaseModel):
    reason: str = Field(min_length=2, max_length=500)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    region_code: str | None = Field(default=None, min_length=6, max_length=6)
    level: Literal["province", "city", "county", "township"] | None = None
    fields: list[EnforcementField] | None = None
    status: Literal["active", "dissolved"] | None = None
    entrusted_scope: list[str] | None = None


@router.post(
    "/api/registry/bodies/{body_id}/changes", summary="变更执法主体（须说明理由，记入账本）"
)
def change_body(
    ctx: ContextDep, principal: ManageRegistry, body_id: str, body: BodyChange
) -> dict[str, Any]:
    data = body.model_dump()
    if body.fields is not None:
        data["fields"] = [f.value for f in body.fields]
    with ctx.uow() as uow:
        registry.change_body(uow, principal.actor, body_id, **data)
        uow.commit()
    return {"body_id": body_id}
