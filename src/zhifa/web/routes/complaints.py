"""投诉举报: the public form and status page, and the body's staff pages to handle complaints.

The public side needs no account. The form is protected by a signed double-submit token (a
random nonce and time, signed with the app's secret, in a strict same-site cookie and in the
form) and by a per-address limit on submissions. Its answer is a tracking code; the status
page shows the status, the handling body, the dates and the reply — nothing personal, and
the URL carries only the code. Nothing typed into the form is ever logged.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import func, select, true
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from zhifa.access.model import POLICY, Principal, Target
from zhifa.access.services import constant_time_equals, reveal_recorded
from zhifa.app_context import Context
from zhifa.civility import Category
from zhifa.complaints import services as complaints
from zhifa.complaints.model import (
    MAX_TEXT,
    ComplaintInput,
    Outcome,
    Status,
    Topic,
)
from zhifa.complaints.tables import ComplaintRow
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import DomainError
from zhifa.registry.model import BodyStatus, OfficerKind, Regions
from zhifa.registry.tables import BodyRow, OfficerRow
from zhifa.web.auth import Allow, csrf_token_for, require_within
from zhifa.web.deps import ContextDep, SessionDep
from zhifa.web.ratelimit import BrowseLimited, RateLimiter, client_key
from zhifa.web.render import render
from zhifa.web.routes.registry_api import _visible_body_ids

router = APIRouter(include_in_schema=False)

Submit = Annotated[Principal, Depends(Allow("complaint.submit"))]
Track = Annotated[Principal, Depends(Allow("public.read"))]
Read = Annotated[Principal, Depends(Allow("complaint.read"))]
Handle = Annotated[Principal, Depends(Allow("complaint.handle"))]

FORM_COOKIE = "zhifa_complaint_form"
FORM_FIELD = "form_token"
FORM_PATH = "/public/complaints"
FORM_MAX_AGE = 7200  # seconds a form stays valid: long enough to type a complaint on a phone
SUBMIT_LIMIT = 5  # submissions per address per window
SUBMIT_WINDOW = 3600.0
LIMITER_KEY = "complaint_submit_limiter"
PAGE_SIZE = 50
REVEAL_PURPOSE = "办理投诉举报：核实反映的问题并联系投诉举报人"
_lock = threading.Lock()


# ---------------------------------------------------------------------------- form token


def _sign(ctx: Context, nonce: str, issued: int) -> str:
    key = hashlib.sha256(b"zhifa complaint form\x00" + ctx.settings.secret_key.encode()).digest()
    return hmac.new(key, f"{nonce}.{issued}".encode(), hashlib.sha256).hexdigest()[:32]


def _new_token(ctx: Context) -> str:
    nonce = secrets.token_urlsafe(18)
    issued = int(ctx.clock.now().timestamp())
    return f"{nonce}.{issued}.{_sign(ctx, nonce, issued)}"


def _token_ok(ctx: Context, cookie: str, sent: str) -> bool:
    """Double submit (cookie equals field) and a valid, unexpired signature."""
    if not cookie or not sent or not constant_time_equals(cookie, sent):
        return False
    parts = sent.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    nonce, issued, sig = parts[0], int(parts[1]), parts[2]
    age = ctx.clock.now().timestamp() - issued
    return 0 <= age <= FORM_MAX_AGE and constant_time_equals(sig, _sign(ctx, nonce, issued))


def _limiter(request: Request) -> RateLimiter:
    """Per-address submission limit; tests replace ``app.state.complaint_submit_limiter``."""
    limiter: RateLimiter | None = getattr(request.app.state, LIMITER_KEY, None)
    if limiter is None:
        with _lock:
            limiter = getattr(request.app.state, LIMITER_KEY, None)
            if limiter is None:
                limiter = RateLimiter(SUBMIT_LIMIT, SUBMIT_WINDOW)
                setattr(request.app.state, LIMITER_KEY, limiter)
    return limiter


# ---------------------------------------------------------------------------- public form


def _bodies(session: Session) -> list[tuple[str, str, str]]:
    regions = Regions.load()
    rows = session.execute(
        select(BodyRow.id, BodyRow.name, BodyRow.region_code)
        .where(BodyRow.status == BodyStatus.ACTIVE.value)
        .order_by(BodyRow.region_code, BodyRow.name)
    )
    return [(i, n, regions.full_name(r)) for i, n, r in rows]


def _form_page(
    request: Request,
    ctx: Context,
    session: Session,
    *,
    values: dict[str, Any],
    error: dict[str, Any] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    token = _new_token(ctx)
    fields = {v["field"] for v in (error or {}).get("violations", [])}
    response = render(
        request,
        "complaints/new.html",
        {
            "active": "public",
            "title": "投诉举报",
            "values": values,
            "error": error,
            "bad": fields,
            "bodies": _bodies(session),
            "topics": [(t.value, t.label_zh) for t in Topic],
            "form_token": token,
            "csrf": csrf_token_for(request) or "",
            "max_text": MAX_TEXT,
        },
        status_code=status,
    )
    response.set_cookie(
        FORM_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=ctx.settings.mode == "production",
        max_age=FORM_MAX_AGE,
        path=FORM_PATH,
    )
    if headers:
        response.headers.update(headers)
    return response


@router.get("/public/complaints/new", response_class=HTMLResponse, dependencies=[BrowseLimited])
def complaint_form(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    _: Submit,
    body: Annotated[str, Query(max_length=32)] = "",
    credential: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    """The form; ``body`` and ``credential`` pre-fill it (e.g. from a credential check page)."""
    values = {"body_id": body.strip(), "credential_number": credential.strip(), "topic": ""}
    if credential.strip():
        values["topic"] = Topic.CONDUCT.value
    return _form_page(request, ctx, session, values=values)


_FORM_FIELDS = (
    "body_id",
    "topic",
    "text",
    "occurred_on",
    "place",
    "credential_number",
    "case_number",
    "contact_name",
    "contact_phone",
)


@router.post("/public/complaints", response_class=HTMLResponse)
async def complaint_submit(request: Request, ctx: ContextDep, _: Submit) -> Response:
    form = await request.form()
    # Bounded copies: what is echoed back into the form on a refusal is never unbounded.
    values: dict[str, Any] = {
        k: str(form.get(k, ""))[: (MAX_TEXT * 4 if k == "text" else 400)] for k in _FORM_FIELDS
    }
    values["anonymous"] = bool(form.get("anonymous"))

    def page(error: dict[str, Any], status: int, headers: dict[str, str] | None = None) -> Response:
        with ctx.read() as session:
            return _form_page(
                request, ctx, session, values=values, error=error, status=status, headers=headers
            )

    if not _token_ok(ctx, request.cookies.get(FORM_COOKIE, ""), str(form.get(FORM_FIELD, ""))):
        return await run_in_threadpool(
            page,
            {"message": "页面已过期或来源不明，请核对内容后重新提交。", "violations": []},
            403,
        )
    wait = _limiter(request).hit(client_key(request))
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        minutes = max(1, math.ceil(seconds / 60))
        return await run_in_threadpool(
            page,
            {
                "message": f"提交过于频繁：每个网络地址每小时最多提交 {SUBMIT_LIMIT} 件投诉举报。"
                f"请约 {minutes} 分钟后再试；您填写的内容已保留。",
                "violations": [],
            },
            429,
            {"Retry-After": str(seconds)},
        )
    data = ComplaintInput(
        body_id=values["body_id"],
        topic=values["topic"],
        text=str(form.get("text", "")),
        occurred_on=values["occurred_on"],
        place=values["place"],
        credential_number=values["credential_number"],
        case_number=values["case_number"],
        anonymous=values["anonymous"],
        contact_name=values["contact_name"],
        contact_phone=values["contact_phone"],
    )

    def submit() -> str:
        with ctx.uow() as uow:
            done = complaints.submit_complaint(uow, data)
            uow.commit()
        return done.code

    try:
        code = await run_in_threadpool(submit)
    except DomainError as exc:
        return await run_in_threadpool(page, exc.diagnostics(), exc.http_status)
    response = RedirectResponse(f"/public/complaints/{code}?submitted=1", status_code=303)
    response.delete_cookie(FORM_COOKIE, path=FORM_PATH)
    return response


# ---------------------------------------------------------------------------- tracking


@router.get("/public/complaints", response_class=HTMLResponse, dependencies=[BrowseLimited])
def complaint_lookup(
    request: Request, _: Track, code: Annotated[str, Query(max_length=40)] = ""
) -> Response:
    """Type a tracking code; a well-formed one goes to its status page."""
    from zhifa.complaints.model import normalize_code

    error = ""
    if code.strip():
        canonical = normalize_code(code)
        if canonical:
            return RedirectResponse(f"/public/complaints/{canonical}", status_code=303)
        error = "查询码格式不正确：查询码为 12 位字母和数字（如 7KQ2-M9XD-4RTA），请核对。"
    return render(
        request,
        "complaints/lookup.html",
        {"active": "public", "title": "投诉举报查询", "error": error},
        status_code=400 if error else 200,
    )


@router.get("/public/complaints/{code}", response_class=HTMLResponse, dependencies=[BrowseLimited])
def complaint_status(
    request: Request,
    session: SessionDep,
    _: Track,
    code: Annotated[str, Path(max_length=40)],
    submitted: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    found = complaints.public_status(session, code)
    if found is None:
        return render(
            request,
            "complaints/lookup.html",
            {
                "active": "public",
                "title": "投诉举报查询",
                "error": "没有找到与该查询码对应的投诉举报，请核对查询码（字母不区分大小写）。",
            },
            status_code=404,
        )
    return render(
        request,
        "complaints/status.html",
        {
            "active": "public",
            "title": "投诉举报办理情况",
            "s": found,
            "submitted": submitted,
        },
    )


@router.get(
    "/api/public/complaints/{code}",
    summary="投诉举报办理情况（凭查询码；不含任何个人信息）",
    dependencies=[BrowseLimited],
)
def complaint_status_api(
    session: SessionDep, _: Track, code: Annotated[str, Path(max_length=40)]
) -> JSONResponse:
    found = complaints.public_status(session, code)
    if found is None:
        return JSONResponse(
            {"error": {"code": "not_found", "message": "没有找到与该查询码对应的投诉举报。"}},
            status_code=404,
        )
    return JSONResponse(found.as_json())


# ---------------------------------------------------------------------------- staff


def _target(row: ComplaintRow | None) -> Target | None:
    return Target(body_id=row.body_id, region_code=row.region_code) if row else None


def _load(request: Request, ctx: Context, principal: Principal, complaint_id: str) -> ComplaintRow:
    """The complaint if it lies in the principal's scope (missing and out of scope alike)."""
    with ctx.read() as session:
        row = session.get(ComplaintRow, complaint_id[:32])
        if row is not None:
            session.expunge(row)
    require_within(request, ctx, principal, _target(row))
    assert row is not None
    return row


_FLAG_ZH = {c.value: c.label_zh for c in Category}


def _view(row: ComplaintRow, bodies: dict[str, str], officers: dict[str, str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "body": bodies.get(row.body_id, ""),
        "status": Status(row.status),
        "topic": Topic(row.topic).label_zh,
        "received_on": row.received_on,
        "occurred_on": row.occurred_on,
        "credential_number": row.credential_number,
        "case_number": row.case_number,
        "contact": row.contact_mask,
        "flags": [_FLAG_ZH.get(f, f) for f in row.language_flags],
        "accepted_on": row.accepted_on,
        "officer": officers.get(row.officer_id or "", ""),
        "replied_on": row.replied_on,
        "reply": row.reply,
        "closed_on": row.closed_on,
        "outcome": Outcome(row.outcome).label_zh if row.outcome else "",
        "reason": row.reason,
        "entry": row.received_entry,
        "last_entry": row.last_entry,
    }


@router.get("/workbench/complaints", response_class=HTMLResponse)
def complaint_list(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: Read,
    status: Annotated[str, Query(max_length=20)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    visible = _visible_body_ids(session, principal, "complaint.read")
    stmt = select(ComplaintRow)
    if visible is not None:
        stmt = stmt.where(ComplaintRow.body_id.in_(visible))
    counts = dict(
        session.execute(
            select(ComplaintRow.status, func.count())
            .where(ComplaintRow.body_id.in_(visible) if visible is not None else true())
            .group_by(ComplaintRow.status)
        ).all()
    )
    chosen = status if status in {s.value for s in Status} else ""
    if chosen:
        stmt = stmt.where(ComplaintRow.status == chosen)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(ComplaintRow.received_on.desc(), ComplaintRow.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    bodies = {b.id: b.name for b in session.scalars(select(BodyRow))}
    today = legal_date(ctx.clock.now())
    items = [_view(r, bodies, {}) | {"age": (today - r.received_on).days} for r in rows]
    return render(
        request,
        "complaints/list.html",
        {
            "active": "workbench",
            "title": "投诉举报办理",
            "items": items,
            "counts": [(s, counts.get(s.value, 0)) for s in Status],
            "chosen": chosen,
            "page": page,
            "pages": max(1, math.ceil(total / PAGE_SIZE)),
            "total": total,
        },
    )


def _detail(
    request: Request,
    ctx: Context,
    principal: Principal,
    row: ComplaintRow,
    *,
    clear: dict[str, str] | None = None,
    error: dict[str, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    with ctx.read() as session:
        bodies = {row.body_id: (b.name if (b := session.get(BodyRow, row.body_id)) else "")}
        roster = session.execute(
            select(OfficerRow.id, OfficerRow.name)
            .where(
                OfficerRow.body_id == row.body_id,
                OfficerRow.kind == OfficerKind.OFFICER.value,
                OfficerRow.active.is_(True),
            )
            .order_by(OfficerRow.name)
        ).all()
    officers = dict(roster)
    may_handle = principal.role in POLICY["complaint.handle"]
    return render(
        request,
        "complaints/detail.html",
        {
            "active": "workbench",
            "title": "投诉举报",
            "c": _view(row, bodies, officers),
            "roster": roster,
            "may_handle": may_handle,
            "clear": clear,
            "error": error,
            "csrf": csrf_token_for(request),
            "purpose": REVEAL_PURPOSE,
            "outcomes": [(o.value, o.label_zh) for o in Outcome],
        },
        status_code=status,
    )


ComplaintId = Annotated[str, Path(max_length=32)]


@router.get("/workbench/complaints/{complaint_id}", response_class=HTMLResponse)
def complaint_detail(
    request: Request, ctx: ContextDep, principal: Read, complaint_id: ComplaintId
) -> HTMLResponse:
    row = _load(request, ctx, principal, complaint_id)
    return _detail(request, ctx, principal, row)


@router.post("/workbench/complaints/{complaint_id}/reveal", response_class=HTMLResponse)
async def complaint_reveal(
    request: Request, ctx: ContextDep, principal: Handle, complaint_id: ComplaintId
) -> HTMLResponse:
    """The complaint's text, place and contact in clear: a deliberate, recorded read."""
    row = await run_in_threadpool(_load, request, ctx, principal, complaint_id)
    form = await request.form()
    purpose = str(form.get("purpose", ""))[:200]
    refs = {
        "text": row.text_ref,
        "place": row.place_ref,
        "contact_name": row.name_ref,
        "contact_phone": row.phone_ref,
    }

    def read() -> dict[str, str]:
        out: dict[str, str] = {}
        with ctx.uow() as uow:
            for name, ref in refs.items():
                if ref:
                    _, out[name] = reveal_recorded(uow, principal, ref=ref, purpose=purpose)
            uow.commit()
        return out

    try:
        clear = await run_in_threadpool(read)
    except DomainError as exc:
        return await run_in_threadpool(
            partial(
                _detail,
                request,
                ctx,
                principal,
                row,
                error=exc.diagnostics(),
                status=exc.http_status,
            )
        )
    return await run_in_threadpool(partial(_detail, request, ctx, principal, row, clear=clear))


async def _step(
    request: Request, ctx: Context, principal: Principal, complaint_id: str, step: str
) -> Response:
    row = await run_in_threadpool(_load, request, ctx, principal, complaint_id)
    form = await request.form()

    def text(name: str) -> str:
        return str(form.get(name, ""))[:8000]

    def run() -> None:
        with ctx.uow() as uow:
            if step == "accept":
                complaints.accept(uow, principal.actor, row.id)
            elif step == "reject":
                complaints.reject(uow, principal.actor, row.id, text("reason"))
            elif step == "assign":
                complaints.assign(uow, principal.actor, row.id, text("officer_id"))
            elif step == "reply":
                complaints.reply(uow, principal.actor, row.id, text("reply"))
            else:
                complaints.close(uow, principal.actor, row.id, text("outcome"), text("reason"))
            uow.commit()

    try:
        await run_in_threadpool(run)
    except DomainError as exc:
        return await run_in_threadpool(
            partial(
                _detail,
                request,
                ctx,
                principal,
                row,
                error=exc.diagnostics(),
                status=exc.http_status,
            )
        )
    return RedirectResponse(f"/workbench/complaints/{row.id}?done={step}", status_code=303)


@router.post("/workbench/complaints/{complaint_id}/accept")
async def complaint_accept(
    request: Request, ctx: ContextDep, principal: Handle, complaint_id: ComplaintId
) -> Response:
    return await _step(request, ctx, principal, complaint_id, "accept")


@router.post("/workbench/complaints/{complaint_id}/reject")
async def complaint_reject(
    request: Request, ctx: ContextDep, principal: Handle, complaint_id: ComplaintId
) -> Response:
    return await _step(request, ctx, principal, complaint_id, "reject")


@router.post("/workbench/complaints/{complaint_id}/assign")
async def complaint_assign(
    request: Request, ctx: ContextDep, principal: Handle, complaint_id: ComplaintId
) -> Response:
    return await _step(request, ctx, principal, complaint_id, "assign")


@router.post("/workbench/complaints/{complaint_id}/reply")
async def complaint_reply(
    request: Request, ctx: ContextDep, principal: Handle, complaint_id: ComplaintId
) -> Response:
    return await _step(request, ctx, principal, complaint_id, "reply")


@router.post("/workbench/complaints/{complaint_id}/close")
async def complaint_close(
    request: Request, ctx: ContextDep, principal: Handle, complaint_id: ComplaintId
) -> Response:
    return await _step(request, ctx, principal, complaint_id, "close")
