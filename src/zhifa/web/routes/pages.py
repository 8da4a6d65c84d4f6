"""The four doors' landing pages: 公示, 核验, 工作台, 监督 — and the administration page."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.access.model import Principal
from zhifa.kernel.clock import legal_date
from zhifa.ledger.tables import LedgerCheckpoint, LedgerState
from zhifa.registry.model import CredentialStatus, OfficerKind, Regions, mask_id_number
from zhifa.registry.queries import credential_of
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow
from zhifa.reports.services import late_reports, reminders
from zhifa.web.auth import Allow, csrf_token_for
from zhifa.web.deps import ContextDep, SessionDep
from zhifa.web.render import render
from zhifa.web.routes.registry_api import _visible_body_ids, masked

router = APIRouter(include_in_schema=False)

Public = Annotated[Principal, Depends(Allow("public.read"))]
Workbench = Annotated[Principal, Depends(Allow("workbench.open"))]
Supervision = Annotated[Principal, Depends(Allow("supervision.open"))]
Admin = Annotated[Principal, Depends(Allow("credential.manage"))]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, principal: Public) -> HTMLResponse:
    state = session.get(LedgerState, 1)
    latest = session.scalars(
        select(LedgerCheckpoint).order_by(LedgerCheckpoint.size.desc()).limit(1)
    ).first()
    return render(
        request,
        "home.html",
        {
            "active": "public",
            "title": "行政执法公示",
            "ledger": state,
            "checkpoint": latest,
        },
    )


@router.get("/verify", response_class=HTMLResponse)
def verify_home(request: Request, principal: Public) -> HTMLResponse:
    return render(request, "verify.html", {"active": "verify", "title": "核验"})


def _credential_rows(
    session: Session, ctx: ContextDep, body_ids: list[str] | None, on: Any, *, mask: bool = True
) -> list[dict[str, Any]]:
    """One row per officer and credential (an officer without one: one row, no number).
    ``mask=False`` skips the masked ID number for pages that do not show it."""
    stmt = (
        select(OfficerRow, CredentialRow)
        .join(CredentialRow, CredentialRow.officer_id == OfficerRow.id, isouter=True)
        .order_by(OfficerRow.body_id, OfficerRow.name)
    )
    if body_ids is not None:
        stmt = stmt.where(OfficerRow.body_id.in_(body_ids))
    bodies = {b.id: b.name for b in session.scalars(select(BodyRow))}
    out = []
    for officer, cred in session.execute(stmt):
        status = credential_of(cred).status_on(on) if cred else None
        days_left = (cred.valid_to - on).days if cred else None
        light = (
            "red"
            if status
            in (CredentialStatus.SUSPENDED, CredentialStatus.REVOKED, CredentialStatus.EXPIRED)
            else (
                "yellow" if days_left is not None and days_left <= 30 else ("green" if cred else "")
            )
        )
        out.append(
            {
                "officer_id": officer.id,
                "body_id": officer.body_id,
                "name": officer.name,
                "id_number": masked(session, ctx.pii, officer.id_number_ref, mask_id_number)
                if mask
                else "",
                "kind": OfficerKind(officer.kind).label_zh,
                "kind_code": officer.kind,
                "body": bodies.get(officer.body_id, ""),
                "number": cred.number if cred else "",
                "status": status.label_zh if status else "无执法证",
                "status_code": status.value if status else "",
                "valid_to": cred.valid_to if cred else None,
                "light": light,
            }
        )
    return out


@router.get("/workbench", response_class=HTMLResponse)
def workbench(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: Workbench,
    stage: Annotated[str, Query(max_length=20)] = "",
    overdue: Annotated[bool, Query()] = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """我的案件: each with its next step and nearest statutory deadline (cases_pages)."""
    from zhifa.web.routes.cases_pages import workbench_cases

    today = legal_date(ctx.clock.now())
    body = session.get(BodyRow, principal.body_id) if principal.body_id else None
    rows = _credential_rows(session, ctx, [principal.body_id] if principal.body_id else [], today)
    mine = next((r for r in rows if r["officer_id"] == principal.officer_id), None)
    cases = workbench_cases(session, principal, today, stage=stage, overdue=overdue, page=page)
    return render(
        request,
        "workbench.html",
        {
            "active": "workbench",
            "title": "执法工作台",
            "body": body,
            "rows": rows,
            "mine": mine,
            "today": today,
            "csrf": csrf_token_for(request),
            **cases,
        },
    )


@router.get("/supervision", response_class=HTMLResponse)
def supervision(
    request: Request, ctx: ContextDep, session: SessionDep, principal: Supervision
) -> HTMLResponse:
    today = legal_date(ctx.clock.now())
    visible = _visible_body_ids(session, principal, "supervision.open")
    stmt = select(BodyRow).order_by(BodyRow.region_code, BodyRow.name)
    if visible is not None:
        stmt = stmt.where(BodyRow.id.in_(visible))
    regions = Regions.load()
    rows = _credential_rows(session, ctx, visible, today, mask=False)
    bodies = []
    for b in session.scalars(stmt):
        mine = [r for r in rows if r["body_id"] == b.id]
        kinds = {r["officer_id"]: r["kind_code"] for r in mine}
        statuses = [r["status_code"] for r in mine if r["number"]]
        bodies.append(
            {
                "name": b.name,
                "region": regions.full_name(b.region_code),
                "officers": sum(1 for k in kinds.values() if k == "officer"),
                "non_officers": sum(1 for k in kinds.values() if k != "officer"),
                "valid": statuses.count(CredentialStatus.VALID.value),
                "suspended": statuses.count(CredentialStatus.SUSPENDED.value),
                "expired": statuses.count(CredentialStatus.EXPIRED.value),
                "revoked": statuses.count(CredentialStatus.REVOKED.value),
            }
        )
    problems = [r for r in rows if r["light"] == "red"]
    return render(
        request,
        "supervision.html",
        {
            "active": "supervision",
            "title": "执法监督",
            "bodies": bodies,
            "problems": problems,
            "today": today,
            **_case_findings(session, visible),
            "annual_reminders": reminders(session, today, visible),
            "annual_late": late_reports(session, visible),
        },
    )


_CATEGORY_ZH = {
    "insulting": "侮辱性",
    "provocative": "挑衅性",
    "threatening": "威胁性",
    "discriminatory": "歧视性",
    "perfunctory": "敷衍性（含推诿扯皮）",
}


def _case_findings(session: Session, visible: list[str] | None) -> dict[str, Any]:
    """What the checks on recorded cases found (准则第二、六、九条), counted per body, with
    the latest ones listed — one grouped query each, whatever the number of cases."""
    from sqlalchemy import func

    from zhifa.cases.tables import CaseAlertRow, CaseFindingRow, CaseRow

    def scoped(stmt: Any, column: Any) -> Any:
        return stmt if visible is None else stmt.where(column.in_(visible))

    names: dict[str, str] = dict(session.execute(select(BodyRow.id, BodyRow.name)).all())
    counts: dict[str, dict[str, int]] = {}
    for body_id, article, n in session.execute(
        scoped(
            select(CaseFindingRow.body_id, CaseFindingRow.article, func.count()).group_by(
                CaseFindingRow.body_id, CaseFindingRow.article
            ),
            CaseFindingRow.body_id,
        )
    ):
        counts.setdefault(body_id, {})[f"a{article}"] = n
    for body_id, n in session.execute(
        scoped(
            select(CaseAlertRow.body_id, func.count()).group_by(CaseAlertRow.body_id),
            CaseAlertRow.body_id,
        )
    ):
        counts.setdefault(body_id, {})["a2"] = n
    latest = session.execute(
        scoped(
            select(CaseFindingRow, CaseRow.number)
            .join(CaseRow, CaseRow.id == CaseFindingRow.case_id)
            .order_by(CaseFindingRow.found_on.desc(), CaseFindingRow.entry.desc())
            .limit(20),
            CaseFindingRow.body_id,
        )
    ).all()
    return {
        "finding_counts": sorted(
            ({"body": names.get(b, b), **c} for b, c in counts.items()), key=lambda r: r["body"]
        ),
        "latest_findings": [
            {
                "body": names.get(f.body_id, f.body_id),
                "case_id": f.case_id,
                "number": number,
                "article": f.article,
                "what": (
                    "执法用语：" + "、".join(_CATEGORY_ZH.get(c, c) for c in f.detail)
                    if f.kind == "language"
                    else f"案卷要素：{f.count} 处"
                ),
                "found_on": f.found_on,
                "entry": f.entry,
            }
            for f, number in latest
        ],
    }


@router.get("/admin/credentials", response_class=HTMLResponse)
def admin_credentials(
    request: Request, ctx: ContextDep, session: SessionDep, principal: Admin
) -> HTMLResponse:
    today = legal_date(ctx.clock.now())
    visible = _visible_body_ids(session, principal, "credential.manage")
    rows = [r for r in _credential_rows(session, ctx, visible, today) if r["number"]]
    return render(
        request,
        "admin_credentials.html",
        {
            "active": "workbench",
            "title": "执法证管理",
            "rows": rows,
            "csrf": csrf_token_for(request),
            "today": today,
        },
    )


@router.post("/admin/credentials/{number}/status")
def admin_change_status(
    request: Request,
    ctx: ContextDep,
    principal: Admin,
    number: str,
    status: Annotated[str, Form(pattern="^(valid|suspended|revoked)$")],
    reason: Annotated[str, Form(min_length=2, max_length=500)],
    effective: Annotated[date, Form()],
) -> RedirectResponse:
    """The plain-form twin of ``POST /api/registry/credentials/{number}/status``."""
    from zhifa.registry import services as registry
    from zhifa.web.routes.registry_api import _require_officer_scope

    _require_officer_scope(request, ctx, principal, number=number)
    with ctx.uow() as uow:
        registry.change_credential_status(
            uow, principal.actor, number, status, reason=reason, effective=effective
        )
        uow.commit()
    if cache := getattr(request.app.state, "credential_cache", None):
        cache.clear()
    return RedirectResponse(f"/admin/credentials?changed={number}", status_code=303)


ManageRegistry = Annotated[Principal, Depends(Allow("registry.manage"))]


def _officer_form(
    request: Request,
    session: Session,
    *,
    values: dict[str, Any],
    error: Any = None,
    status: int = 200,
) -> HTMLResponse:
    bodies = session.scalars(select(BodyRow).order_by(BodyRow.name)).all()
    return render(
        request,
        "admin_officers.html",
        {
            "active": "workbench",
            "title": "登记执法人员",
            "bodies": bodies,
            "values": values,
            "error": error,
            "csrf": csrf_token_for(request),
            "kinds": [(k.value, k.label_zh) for k in OfficerKind],
            "done": request.query_params.get("done"),
        },
        status_code=status,
    )


@router.get("/admin/officers", response_class=HTMLResponse)
def admin_officers(
    request: Request, session: SessionDep, principal: ManageRegistry
) -> HTMLResponse:
    return _officer_form(request, session, values={"kind": "officer", "training_hours": "0"})


@router.post("/admin/officers", response_class=HTMLResponse)
async def admin_register_officer(
    request: Request, ctx: ContextDep, session: SessionDep, principal: ManageRegistry
) -> Response:
    """The plain-form twin of ``POST /api/registry/officers``. A refused form keeps what was
    typed and says, field by field, what is wrong."""
    from starlette.concurrency import run_in_threadpool

    from zhifa.kernel.errors import DomainError
    from zhifa.registry import services as registry

    form = await request.form()
    values = {
        k: str(form.get(k, "")).strip()
        for k in ("name", "id_number", "body_id", "kind", "training_hours")
    }
    values["legal_qualification"] = "on" if form.get("legal_qualification") else ""
    values["is_legal_reviewer"] = "on" if form.get("is_legal_reviewer") else ""

    def register() -> str:
        hours = values["training_hours"] or "0"
        if not hours.isdigit():
            from zhifa.kernel.errors import InvalidInput, Violation

            raise InvalidInput(
                "培训学时须为非负整数",
                "bad training hours",
                violations=[Violation("training_hours", "培训学时须为非负整数", "bad hours")],
            )
        with ctx.uow() as uow:
            oid = registry.register_officer(
                uow,
                principal.actor,
                name=values["name"],
                id_number=values["id_number"],
                body_id=values["body_id"],
                kind=values["kind"] or "officer",
                legal_qualification=bool(values["legal_qualification"]),
                is_legal_reviewer=bool(values["is_legal_reviewer"]),
                training_hours=int(hours),
            )
            uow.commit()
        return oid

    try:
        await run_in_threadpool(register)
    except (DomainError, ValueError) as exc:
        error = (
            exc.diagnostics()
            if isinstance(exc, DomainError)
            else {"message": "人员类别无效", "violations": []}
        )
        return _officer_form(request, session, values=values, error=error, status=400)
    return RedirectResponse("/admin/officers?done=1", status_code=303)
