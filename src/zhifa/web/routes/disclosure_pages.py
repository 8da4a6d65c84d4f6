"""事后公开: the public decision portal (no login), its open data, and the releaser's pages.

Public: ``/public/decisions`` (full-text search in Chinese, filters, stable URLs), one
decision with its ledger proof (or, once withdrawn, the withdrawal notice and its reason),
and ``/api/public/decisions`` as JSON or CSV (fields in ``docs/open-data.md``).

Staff: ``/workbench/publications`` lists a body's publication and withdrawal tasks with
their deadline lights; a task's page shows the public text beside the original, with every
masked span highlighted. The original's personal values stay hidden until the releaser
asks to see them with a stated purpose, which is recorded (``PersonalDataRead``, 准则第十条).
Release, withdrawal and the auto-release setting need ``disclosure.release``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.access.events import PersonalDataRead
from zhifa.access.model import Principal, Scope, Target, may, roles_for
from zhifa.app_context import Context
from zhifa.cases import events as case_ev
from zhifa.cases.services import calendar_env, case_events
from zhifa.catalog.model import PenaltyKind
from zhifa.disclosure import services as svc
from zhifa.disclosure.publication import (
    CATEGORY_ZH,
    DOCUMENT_TITLES,
    STATUS_ZH,
    WITHDRAWAL_CAUSES,
    PublicText,
    text_digest,
)
from zhifa.disclosure.search import DecisionFilter, parse_query, search
from zhifa.disclosure.tables import DisclosureSettingRow, PublicationRow
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import DomainError, NotFound
from zhifa.kernel.money import Money, format_yuan
from zhifa.registry.model import Field, Regions
from zhifa.registry.tables import BodyRow
from zhifa.web.auth import Allow, require_within
from zhifa.web.deps import ContextDep, SessionDep
from zhifa.web.proofs import check_entry
from zhifa.web.ratelimit import BrowseLimited
from zhifa.web.render import render
from zhifa.web.routes.public import Page, _csv, _export_urls

public_router = APIRouter(
    tags=["事后公开（行政执法决定）"],
    dependencies=[Depends(Allow("public.read")), BrowseLimited],
)
staff_router = APIRouter(include_in_schema=False)
router = APIRouter()

ReadTasks = Annotated[Principal, Depends(Allow("disclosure.read"))]
Release = Annotated[Principal, Depends(Allow("disclosure.release"))]

PAGE_SIZE = 20
YELLOW_DAYS = 3  # working days left before a light turns yellow (../shared/UI.md)
EXPORT_DEFAULT = 500
EXPORT_MAX = 5000
# A query longer than this is refused by validation (400); up to it, it is cut to
# MAX_QUERY_CHARS with a notice (zhifa.disclosure.search).
QUERY_HARD_LIMIT = 20_000
KIND_ZH = {k.value: k.label_zh for k in PenaltyKind}
FIELD_ZH = {f.value: f.label_zh for f in Field}
MASK_KIND_ZH = {
    "person_name": "姓名",
    "id_number": "身份证号",
    "phone": "电话",
    "address_detail": "详细地址",
    "bank_account": "银行账号",
    "plate": "车牌号",
    "email": "电子邮箱",
    "passport": "护照号",
}


# ---------------------------------------------------------------------------- filters


@dataclass
class ParsedFilter:
    filter: DecisionFilter
    problems: list[str]


def _date(value: str, label: str, problems: list[str]) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{label}“{value[:20]}”不是有效日期（应为 YYYY-MM-DD），已忽略该条件")
        return None


def _choice(value: str, choices: dict[str, str], label: str, problems: list[str]) -> str:
    value = value.strip()
    if value and value not in choices:
        problems.append(f"{label}“{value[:40]}”不是可选值，已忽略该条件")
        return ""
    return value


async def decision_filter(
    q: Annotated[str, Query(max_length=QUERY_HARD_LIMIT, description="关键词（全文检索）")] = "",
    body: Annotated[str, Query(max_length=64, description="执法主体 id")] = "",
    field: Annotated[str, Query(max_length=40, description="执法领域，如 market_regulation")] = "",
    kind: Annotated[str, Query(max_length=40, description="处罚种类，如 fine")] = "",
    date_from: Annotated[
        str, Query(alias="from", max_length=20, description="公开日期起（YYYY-MM-DD）")
    ] = "",
    date_to: Annotated[
        str, Query(alias="to", max_length=20, description="公开日期止（YYYY-MM-DD）")
    ] = "",
    status: Annotated[
        str, Query(max_length=20, description="published（已公开）或 withdrawn（已撤回）")
    ] = "",
) -> ParsedFilter:
    """Filters never fail the page: a bad value is named and ignored."""
    problems: list[str] = []
    query = parse_query(q)
    if query.notice_zh:
        problems.append(query.notice_zh)
    start = _date(date_from, "公开日期起", problems)
    end = _date(date_to, "公开日期止", problems)
    if start and end and start > end:
        problems.append("公开日期起晚于公开日期止，已交换两者")
        start, end = end, start
    f = DecisionFilter(
        q=query,
        body_id=body.strip(),
        field=_choice(field, FIELD_ZH, "执法领域", problems),
        kind=_choice(kind, KIND_ZH, "处罚种类", problems),
        date_from=start,
        date_to=end,
        status=_choice(status, {"published": "", "withdrawn": ""}, "公开状态", problems),
    )
    return ParsedFilter(f, problems)


FilterDep = Annotated[ParsedFilter, Depends(decision_filter)]
PageNo = Annotated[int, Query(ge=1, le=100_000, description="页码，从 1 起")]
PublicationId = Annotated[str, Path(max_length=64, description="公开编号")]


# ---------------------------------------------------------------------------- views


def _kinds_zh(kinds: Iterable[str]) -> list[str]:
    return [KIND_ZH.get(k, k) for k in kinds]


def _public_url(row: PublicationRow) -> str:
    return f"/public/decisions/{row.id}"


def decision_json(row: PublicationRow, base_url: str = "") -> dict[str, Any]:
    """One decision as open data (docs/open-data.md). A withdrawn one has no text."""
    withdrawn = row.status == "withdrawn"
    return {
        "publication_id": row.id,
        "url": f"{base_url.rstrip('/')}{_public_url(row)}",
        "status": row.status,
        "number": row.number,
        "document": DOCUMENT_TITLES.get(row.document_kind, row.document_kind),
        "body_id": row.body_id,
        "body_name": row.body_name,
        "field": row.field,
        "field_label": FIELD_ZH.get(row.field, row.field),
        "matter_code": row.matter_code,
        "matter_name": row.matter_name,
        "party": None if withdrawn else row.party_label,
        "penalty_kinds": [] if withdrawn else list(row.penalty_kinds),
        "penalty_labels": [] if withdrawn else _kinds_zh(row.penalty_kinds),
        "fine_fen": None if withdrawn else row.fine_fen,
        "confiscation_fen": None if withdrawn else row.confiscation_fen,
        "basis": None if withdrawn else row.basis,
        "decided_on": row.decided_on.isoformat(),
        "published_on": row.published_on.isoformat() if row.published_on else None,
        "text": None if withdrawn else row.text,
        "text_sha256": None if withdrawn else row.extra.get("text_digest"),
        "withdrawn_on": row.withdrawn_on.isoformat() if row.withdrawn_on else None,
        "withdrawal_reason": row.withdrawal_reason if withdrawn else None,
        "ledger_entry": row.withdrawn_entry if withdrawn else row.published_entry,
        "case_id": row.case_id,
    }


def _view(row: PublicationRow) -> dict[str, Any]:
    return {
        **decision_json(row),
        "status_label": STATUS_ZH.get(row.status, row.status),
        "fine": format_yuan(Money(row.fine_fen)) if row.fine_fen else "",
        "row": row,
    }


def _body_options(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(
        select(BodyRow.id, BodyRow.name)
        .where(BodyRow.id.in_(select(PublicationRow.body_id).distinct()))
        .order_by(BodyRow.name)
    )
    return [(i, n) for i, n in rows]


# ---------------------------------------------------------------------------- public pages


@public_router.get("/public/decisions", response_class=HTMLResponse, include_in_schema=False)
def decisions_page(
    request: Request, session: SessionDep, pf: FilterDep, page: PageNo = 1
) -> HTMLResponse:
    f = pf.filter
    total, rows = search(session, f, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    params = f.params()
    return render(
        request,
        "public/decisions.html",
        {
            "active": "public",
            "title": "行政执法决定公开",
            "f": f,
            "problems": pf.problems,
            "page": Page(
                [_view(r) for r in rows], total, page, "/public/decisions", params, PAGE_SIZE
            ),
            "body_options": _body_options(session),
            "field_options": list(FIELD_ZH.items()),
            "kind_options": list(KIND_ZH.items()),
            "export": _export_urls("/api/public/decisions", params),
        },
    )


def _proof(session: Session, ctx: Context, row: PublicationRow) -> dict[str, Any]:
    if row.status == "withdrawn" and row.withdrawn_entry is not None:
        return check_entry(
            session,
            ctx.settings,
            row.withdrawn_entry,
            lambda d: (
                d.get("publication_id") == row.id and d.get("reason") == row.withdrawal_reason
            ),
        )
    assert row.published_entry is not None
    return check_entry(
        session,
        ctx.settings,
        row.published_entry,
        lambda d: (
            d.get("publication_id") == row.id
            and d.get("text_digest") == text_digest(row.text) == row.extra.get("text_digest")
        ),
    )


def _public_row(session: Session, publication_id: str) -> PublicationRow | None:
    row = session.get(PublicationRow, publication_id)
    return row if row is not None and row.status in ("published", "withdrawn") else None


@public_router.get(
    "/public/decisions/{publication_id}", response_class=HTMLResponse, include_in_schema=False
)
def decision_page(
    publication_id: PublicationId, request: Request, ctx: ContextDep, session: SessionDep
) -> HTMLResponse:
    row = _public_row(session, publication_id)
    if row is None:
        return render(
            request,
            "public/decision_missing.html",
            {"active": "public", "title": "未找到该执法决定", "publication_id": publication_id},
            status_code=404,
        )
    return render(
        request,
        "public/decision.html",
        {
            "active": "public",
            "title": row.number,
            "d": _view(row),
            "check": _proof(session, ctx, row),
            "title_zh": DOCUMENT_TITLES.get(row.document_kind, row.document_kind),
        },
    )


# ---------------------------------------------------------------------------- open data

Format = Annotated[
    Literal["json", "csv"],
    Query(alias="format", description="json，或 csv（带 BOM，Excel 可直接打开）"),
]
Limit = Annotated[int, Query(ge=1, le=EXPORT_MAX, description=f"每次最多返回条数（≤{EXPORT_MAX}）")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="跳过的条数")]

CSV_HEADER = [
    "公开编号",
    "状态",
    "决定文书编号",
    "文书种类",
    "执法主体",
    "执法领域",
    "执法事项编码",
    "执法事项",
    "当事人",
    "处罚种类",
    "罚款（元）",
    "没收金额（元）",
    "处罚依据",
    "决定日期",
    "公开日期",
    "撤回日期",
    "撤回理由",
    "公开文本",
    "公开文本SHA-256",
    "账本记录序号",
    "链接",
]


def _yuan_plain(fen: int | None) -> str:
    return "" if fen is None else f"{fen // 100}.{fen % 100:02d}"


def _csv_row(d: dict[str, Any]) -> list[Any]:
    return [
        d["publication_id"],
        STATUS_ZH.get(d["status"], d["status"]),
        d["number"],
        d["document"],
        d["body_name"],
        d["field_label"],
        d["matter_code"],
        d["matter_name"],
        d["party"] or "",
        d["penalty_labels"],
        _yuan_plain(d["fine_fen"]),
        _yuan_plain(d["confiscation_fen"]),
        d["basis"] or "",
        d["decided_on"],
        d["published_on"] or "",
        d["withdrawn_on"] or "",
        d["withdrawal_reason"] or "",
        d["text"] or "",
        d["text_sha256"] or "",
        d["ledger_entry"],
        d["url"],
    ]


@public_router.get(
    "/api/public/decisions",
    summary="行政执法决定公开（开放数据；format=csv 导出表格；字段见 docs/open-data.md）",
)
def decisions_api(
    ctx: ContextDep,
    session: SessionDep,
    pf: FilterDep,
    fmt: Format = "json",
    limit: Limit = EXPORT_DEFAULT,
    offset: Offset = 0,
) -> Response:
    f = pf.filter
    total, rows = search(session, f, limit=limit, offset=offset)
    base = ctx.settings.public_base_url
    items = [decision_json(r, base) for r in rows]
    following = offset + len(items)
    next_url = (
        "/api/public/decisions?"
        + urlencode({**f.params(), "format": fmt, "limit": limit, "offset": following})
        if following < total
        else None
    )
    if fmt == "csv":
        response = _csv("行政执法决定公开", "decisions", CSV_HEADER, (_csv_row(d) for d in items))
        response.headers["X-Total-Count"] = str(total)
        if next_url:
            response.headers["Link"] = f'<{next_url}>; rel="next"'
        return response
    return JSONResponse(
        {
            "total": total,
            "offset": offset,
            "limit": limit,
            "next": next_url,
            "notices": pf.problems,
            "items": items,
        }
    )


@public_router.get(
    "/api/public/decisions/{publication_id}", summary="一项公开的执法决定及其账本证明"
)
def decision_api(
    publication_id: PublicationId, ctx: ContextDep, session: SessionDep
) -> JSONResponse:
    row = _public_row(session, publication_id)
    if row is None:
        raise NotFound("未找到该执法决定", f"publication {publication_id[:64]} not found")
    proof = _proof(session, ctx, row)
    if "issued_at" in proof:
        proof["issued_at"] = proof["issued_at"].isoformat()
    return JSONResponse({**decision_json(row, ctx.settings.public_base_url), "proof": proof})


# ---------------------------------------------------------------------------- staff


def _target(session: Session, body_id: str) -> Target | None:
    body = session.get(BodyRow, body_id)
    return Target(body_id=body.id, region_code=body.region_code) if body else None


def _visible_bodies(session: Session, principal: Principal, action: str) -> list[str] | None:
    """The bodies whose tasks the principal sees (None: all)."""
    scope = roles_for(action).get(principal.role)
    if scope is Scope.ANY:
        return None
    if scope is Scope.BODY:
        return [principal.body_id] if principal.body_id else []
    if scope is Scope.REGION and principal.region_code:
        regions = Regions.load()
        region = principal.region_code
        return [
            b.id
            for b in session.scalars(select(BodyRow))
            if regions.contains(region, b.region_code)
        ]
    return []


def _light(due: date | None, today: date, done: bool) -> tuple[str, str]:
    """Green, yellow (≤ 3 working days left) or red (overdue), as everywhere a clock runs."""
    if due is None or done:
        return "", ""
    if today > due:
        return "red", "已逾期"
    try:
        left = calendar_env().calendar.working_days_between(today, due)
    except DomainError:  # a due date beyond the published holiday calendar: far off
        left = YELLOW_DAYS + 1
    return ("yellow", "即将到期") if left <= YELLOW_DAYS else ("green", "未到期")


def _task_view(row: PublicationRow, today: date) -> dict[str, Any]:
    withdrawal_open = row.status == "published" and row.withdrawal_due is not None
    due = row.withdrawal_due if withdrawal_open else row.due_on
    colour, label = _light(due, today, row.status not in ("due",) and not withdrawal_open)
    return {
        "row": row,
        "status_label": STATUS_ZH.get(row.status, row.status),
        "task": "撤回" if withdrawal_open else ("公开" if row.status == "due" else ""),
        "due": due,
        "basis": row.extra.get("withdrawal_basis") if withdrawal_open else row.due_basis,
        "light": colour,
        "light_label": label,
        "category": CATEGORY_ZH.get(row.category, row.category),
    }


@staff_router.get("/workbench/publications", response_class=HTMLResponse)
def tasks_page(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: ReadTasks,
    show: Annotated[Literal["open", "all"], Query()] = "open",
) -> HTMLResponse:
    bodies = _visible_bodies(session, principal, "disclosure.read")
    stmt = select(PublicationRow)
    if bodies is not None:
        stmt = stmt.where(PublicationRow.body_id.in_(bodies))
    if show == "open":
        stmt = stmt.where(
            (PublicationRow.status == "due")
            | ((PublicationRow.status == "published") & PublicationRow.withdrawal_due.is_not(None))
        )
    rows = session.scalars(stmt.order_by(PublicationRow.due_on.desc()).limit(500)).all()
    today = legal_date(ctx.clock.now())
    tasks = sorted((_task_view(r, today) for r in rows), key=lambda t: t["due"] or date.max)
    if show == "all":
        tasks.reverse()
    settings = None
    if may(principal, "disclosure.release") and principal.body_id:
        row = session.get(DisclosureSettingRow, principal.body_id)
        settings = {"body_id": principal.body_id, "auto_release": bool(row and row.auto_release)}
    return render(
        request,
        "disclosure/tasks.html",
        {
            "active": "workbench",
            "title": "事后公开任务",
            "tasks": tasks,
            "show": show,
            "settings": settings,
            "may_release": may(principal, "disclosure.release"),
        },
    )


def _load_task(
    request: Request, ctx: Context, session: Session, principal: Principal, publication_id: str
) -> PublicationRow:
    row = session.get(PublicationRow, publication_id)
    require_within(request, ctx, principal, _target(session, row.body_id) if row else None)
    assert row is not None
    return row


def _masked_original(public: PublicText) -> list[tuple[str, str | None]]:
    """The original with each personal span replaced by its kind (nothing revealed)."""
    return [
        (f"［{MASK_KIND_ZH.get(kind, kind)}］" if kind else text, kind)
        for text, kind in public.pieces("original")
    ]


def _task_page(
    request: Request,
    ctx: Context,
    session: Session,
    principal: Principal,
    row: PublicationRow,
    *,
    revealed: bool = False,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    today = legal_date(ctx.clock.now())
    preview = None
    preview_error = None
    if row.status == "due":
        try:
            preview = svc.preview(session, ctx.pii, row.id)
        except DomainError as exc:
            preview_error = exc.diagnostics()
    proof = None
    if row.published_entry is not None:
        proof = _proof(session, ctx, row)
    return render(
        request,
        "disclosure/task.html",
        {
            "active": "workbench",
            "title": f"事后公开：{row.number}",
            "t": _task_view(row, today),
            "row": row,
            "preview": preview,
            "preview_error": preview_error,
            "original": (
                preview.public.pieces("original")
                if preview and revealed
                else (_masked_original(preview.public) if preview else [])
            ),
            "public_pieces": preview.public.pieces("public") if preview else [],
            "revealed": revealed,
            "mask_kinds": MASK_KIND_ZH,
            "kinds_zh": _kinds_zh(preview.penalty_kinds)
            if preview
            else _kinds_zh(row.penalty_kinds),
            "may_release": may(principal, "disclosure.release"),
            "causes": list(WITHDRAWAL_CAUSES.items()),
            "error": error.diagnostics() if error else None,
            "form": form or {},
            "proof": proof,
            "title_zh": DOCUMENT_TITLES.get(row.document_kind, row.document_kind),
        },
        status_code=status_code,
    )


@staff_router.get("/workbench/publications/{publication_id}", response_class=HTMLResponse)
def task_page(
    publication_id: PublicationId,
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: ReadTasks,
) -> HTMLResponse:
    row = _load_task(request, ctx, session, principal, publication_id)
    return _task_page(request, ctx, session, principal, row)


def _record_reveal(ctx: Context, principal: Principal, case_id: str, purpose: str) -> None:
    """Record that the party's personal values were shown to the releaser (准则第十条)."""
    with ctx.uow() as uow:
        refs: list[tuple[str, str]] = []
        for _, e in case_events(uow.session, case_id):
            if isinstance(e, case_ev.CaseOpened | case_ev.SummaryDecisionIssued):
                for name in e.PERSONAL:
                    value = getattr(e, name)
                    if isinstance(value, dict) and "ref" in value:
                        refs.append((name, str(value["ref"])))
                break
        uow.record(
            [
                PersonalDataRead(
                    actor=principal.actor,
                    occurred_at=uow.clock.now(),
                    user_id=principal.user_id,
                    subject_id=case_id,
                    field=name,
                    ref=ref,
                    purpose=purpose,
                )
                for name, ref in refs
            ]
        )
        uow.commit()


@staff_router.post("/workbench/publications/{publication_id}/reveal", response_class=HTMLResponse)
def reveal(
    publication_id: PublicationId,
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: Release,
    purpose: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    row = _load_task(request, ctx, session, principal, publication_id)
    text = purpose.strip()
    if len(text) < 4:
        error = DomainError(
            "查看原文须写明用途（至少 4 个字，如“公开前核对脱敏结果”）",
            "purpose required to reveal the original",
            article=10,
            basis="《行政执法人员行为准则》第十条",
        )
        return _task_page(
            request,
            ctx,
            session,
            principal,
            row,
            error=error,
            form={"purpose": purpose},
            status_code=400,
        )
    _record_reveal(ctx, principal, row.case_id, text)
    return _task_page(request, ctx, session, principal, row, revealed=True)


@staff_router.post("/workbench/publications/{publication_id}/publish")
def publish_task(
    publication_id: PublicationId,
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: Release,
    digest: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    row = _load_task(request, ctx, session, principal, publication_id)
    try:
        with ctx.uow() as uow:
            svc.publish(uow, ctx.pii, row.id, actor=principal.actor, expected_digest=digest or None)
            uow.commit()
    except DomainError as exc:
        session.expire_all()
        return _task_page(
            request, ctx, session, principal, row, error=exc, status_code=exc.http_status
        )
    return RedirectResponse(f"/workbench/publications/{row.id}", status_code=303)


@staff_router.post("/workbench/publications/{publication_id}/withdraw")
def withdraw_task(
    publication_id: PublicationId,
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: Release,
    reason: Annotated[str, Form(max_length=4000)] = "",
    cause: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    row = _load_task(request, ctx, session, principal, publication_id)
    try:
        with ctx.uow() as uow:
            svc.withdraw(uow, row.id, actor=principal.actor, reason=reason, cause=cause or None)
            uow.commit()
    except DomainError as exc:
        session.expire_all()
        return _task_page(
            request,
            ctx,
            session,
            principal,
            row,
            error=exc,
            form={"reason": reason, "cause": cause},
            status_code=exc.http_status,
        )
    return RedirectResponse(f"/workbench/publications/{row.id}", status_code=303)


@staff_router.post("/workbench/publications/request")
def request_task(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: Release,
    case_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Create a decision's publication task now, rather than at the next sweep."""
    from zhifa.cases.tables import CaseRow

    case = session.get(CaseRow, case_id.strip())
    require_within(request, ctx, principal, _target(session, case.body_id) if case else None)
    with ctx.uow() as uow:
        row = svc.request_publication(uow, case_id.strip(), actor=principal.actor)
        pid = row.id
        uow.commit()
    return RedirectResponse(f"/workbench/publications/{pid}", status_code=303)


@staff_router.post("/workbench/publications/settings")
def settings_form(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: Release,
    body_id: Annotated[str, Form(max_length=64)] = "",
    auto_release: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """自动发布: the body's publications are released by the sweep, without a review."""
    body = body_id.strip() or (principal.body_id or "")
    require_within(request, ctx, principal, _target(session, body))
    with ctx.uow() as uow:
        svc.set_auto_release(uow, body, auto_release == "on", actor=principal.actor)
        uow.commit()
    return RedirectResponse("/workbench/publications", status_code=303)


router.include_router(public_router)
router.include_router(staff_router)
