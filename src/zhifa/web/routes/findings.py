"""行为准则发现事项: the API, the supervisor's dashboard and finding page, the body's
rectification view (整改). Supervisors see their region; a body's head sees and rectifies
the findings about their own body. Findings hold no personal data of parties."""

from __future__ import annotations

import math
from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from zhifa.access.model import Principal, Role, Target
from zhifa.app_context import Context
from zhifa.conduct import services as conduct
from zhifa.conduct.engine import load_rules
from zhifa.conduct.model import RULES, Severity, Status, SubjectKind
from zhifa.conduct.tables import FindingRow
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import DomainError, InvalidInput, Violation, chinese_ordinal
from zhifa.ledger.tables import LedgerEntry, LedgerSubject
from zhifa.registry.tables import BodyRow
from zhifa.reports.charts import bar_svg
from zhifa.web.auth import Allow, csrf_token_for, require_within
from zhifa.web.deps import ContextDep, SessionDep
from zhifa.web.render import render
from zhifa.web.routes.registry_api import _visible_body_ids

router = APIRouter(include_in_schema=True)

Read = Annotated[Principal, Depends(Allow("finding.read"))]
Rectify = Annotated[Principal, Depends(Allow("finding.rectify"))]
Move = Annotated[Principal, Depends(Allow("finding.handle"))]
FindingId = Annotated[str, Path(max_length=32, pattern=r"^F[0-9a-f]{23}$")]
PAGE = 50

ARTICLE_ZH = {
    1: "严格遵循职权法定",
    2: "严格履职尽责",
    3: "严格按照法律规定和客观事实执法",
    4: "严格做到公正执法",
    5: "严格遵守法定程序",
    6: "严格推进文明执法",
    7: "严格做到执法与服务相结合",
    8: "严格遵守纪律规定",
    9: "严格遵守案卷归档保存规定",
    10: "严格遵守保密规定",
}


def _filters(
    session: Session,
    principal: Principal,
    action: str,
    article: int | None,
    body: str,
    severity: str,
    status: str,
    rule: str,
) -> conduct.Filters:
    problems = []
    if severity and severity not in {s.value for s in Severity}:
        problems.append(
            Violation("severity", "严重程度不是可选值之一", "unknown severity", severity)
        )
    if status and status not in {s.value for s in Status} | {"open_any"}:
        problems.append(Violation("status", "状态不是可选值之一", "unknown status", status))
    if problems:
        raise InvalidInput("查询条件有误", "bad finding filters", violations=problems)
    visible = _visible_body_ids(session, principal, action)
    body_ids: list[str] | None = visible
    if body:
        body_ids = [body] if visible is None or body in visible else []
    return conduct.Filters(
        article=article,
        body_ids=body_ids,
        severity=severity or None,
        status=status or None,
        rule=rule or None,
        with_unbodied=principal.role is Role.SUPERVISOR and not body,
    )


@router.get("/api/findings", summary="行为准则发现事项（按条款、执法主体、严重程度、状态筛选）")
def api_findings(
    session: SessionDep,
    principal: Read,
    article: Annotated[int | None, Query(ge=1, le=10)] = None,
    body: Annotated[str, Query(max_length=32)] = "",
    severity: Annotated[str, Query(max_length=8)] = "",
    status: Annotated[str, Query(max_length=16)] = "",
    rule: Annotated[str, Query(max_length=80)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=500)] = 100,
) -> JSONResponse:
    f = _filters(session, principal, "finding.read", article, body, severity, status, rule)
    total, rows = conduct.list_findings(session, f, limit=size, offset=(page - 1) * size)
    return JSONResponse(
        {"total": total, "page": page, "size": size, "items": [conduct.as_json(r) for r in rows]}
    )


def _body_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(BodyRow.id, BodyRow.name)).all())


@router.get("/supervision/findings", response_class=HTMLResponse, include_in_schema=False)
def dashboard(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: Read,
    article: Annotated[int | None, Query(ge=1, le=10)] = None,
    body: Annotated[str, Query(max_length=32)] = "",
    severity: Annotated[str, Query(max_length=8)] = "",
    status: Annotated[str, Query(max_length=16)] = "",
    rule: Annotated[str, Query(max_length=80)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The supervisor's view of all ten articles: counts by article, body and severity, the
    trend by month, the oldest open findings, and the list under the chosen filters."""
    load_rules()
    f = _filters(session, principal, "finding.read", article, body, severity, status, rule)
    scope = conduct.Filters(body_ids=f.body_ids, with_unbodied=f.with_unbodied)
    open_scope = conduct.Filters(
        body_ids=f.body_ids, status="open_any", with_unbodied=f.with_unbodied
    )
    by_article = conduct.counts(session, scope, FindingRow.article)
    open_by_article = conduct.counts(session, open_scope, FindingRow.article)
    names = _body_names(session)
    by_body = sorted(
        conduct.counts(session, open_scope, FindingRow.body_id).items(),
        key=lambda kv: -kv[1],
    )
    by_severity = conduct.counts(session, scope, FindingRow.severity)
    by_status = conduct.counts(session, scope, FindingRow.status)
    total, rows = conduct.list_findings(session, f, limit=PAGE, offset=(page - 1) * PAGE)
    today = legal_date(ctx.clock.now())
    trend = conduct.trend(session, scope)[-12:]
    rules_per_article: dict[int, int] = {}
    for r in RULES.values():
        rules_per_article[r.article] = rules_per_article.get(r.article, 0) + 1
    return render(
        request,
        "findings/dashboard.html",
        {
            "active": "supervision",
            "title": "行为准则发现事项",
            "articles": [
                {
                    "n": n,
                    "zh": chinese_ordinal(n),
                    "title": ARTICLE_ZH[n],
                    "all": by_article.get(n, 0),
                    "open": open_by_article.get(n, 0),
                    "rules": rules_per_article.get(n, 0),
                }
                for n in range(1, 11)
            ],
            "by_body": [(b, names.get(b or "", "（未关联执法主体）"), n) for b, n in by_body[:20]],
            "by_severity": [(s, by_severity.get(s.value, 0)) for s in Severity],
            "by_status": [(s, by_status.get(s.value, 0)) for s in Status],
            "trend": trend,
            "trend_svg": Markup(bar_svg("每月新发现事项数", trend, chart_id="chart-trend")),
            "article_svg": Markup(
                bar_svg(
                    "各条款未办结发现事项",
                    [
                        (f"第{chinese_ordinal(n)}条", open_by_article.get(n, 0))
                        for n in range(1, 11)
                    ],
                    chart_id="chart-articles",
                )
            ),
            "oldest": [_row_view(r, names, today) for r in conduct.oldest_open(session, scope)],
            "items": [_row_view(r, names, today) for r in rows],
            "total": total,
            "page": page,
            "pages": max(1, math.ceil(total / PAGE)),
            "filters": {
                "article": article,
                "body": body,
                "severity": severity,
                "status": status,
                "rule": rule,
            },
            "bodies": sorted(
                ((b, names.get(b, b)) for b in (f.body_ids if f.body_ids is not None else names)),
                key=lambda x: x[1],
            ),
            "severities": list(Severity),
            "statuses": list(Status),
            "today": today,
        },
    )


def _row_view(r: FindingRow, names: dict[str, str], today: date) -> dict[str, Any]:
    rule = RULES.get(r.rule)
    return {
        "id": r.id,
        "rule": r.rule,
        "title": rule.title if rule else r.rule,
        "article": r.article,
        "article_zh": chinese_ordinal(r.article),
        "severity": Severity(r.severity),
        "status": Status(r.status),
        "subject_kind": SubjectKind(r.subject_kind).label_zh,
        "subject": r.subject_label or r.subject_id,
        "body": names.get(r.body_id or "", ""),
        "found_on": r.found_on,
        "age": (today - r.found_on).days,
        "due_on": r.due_on,
        "overdue": bool(r.due_on and r.due_on < today and Status(r.status).is_open),
        "explanation": r.explanation,
    }


def _target(session: Session, row: FindingRow | None, principal: Principal) -> Target | None:
    if row is None:
        return None
    if row.body_id is None:
        # The whole node's (the ledger; a user of no body): every supervisor's, and the
        # administrators'; never a body's head.
        if principal.role is Role.SUPERVISOR:
            return Target(region_code=principal.region_code)
        return Target()
    body = session.get(BodyRow, row.body_id)
    return Target(body_id=row.body_id, region_code=body.region_code if body else None)


def _load(request: Request, ctx: Context, principal: Principal, finding_id: str) -> FindingRow:
    with ctx.read() as session:
        row = session.get(FindingRow, finding_id)
        target = _target(session, row, principal)
        if row is not None:
            session.expunge(row)
    require_within(request, ctx, principal, target)
    assert row is not None
    return row


_OTHER_ZH = {
    "DeadlineMissed": "超期预警（计时扫描）",
    "LanguageFlagged": "不文明用语提示（笔录检查）",
    "DossierChecked": "案卷检查",
    "DocumentIssued": "制作并出具文书",
    "ComplaintReceived": "收到投诉举报",
    "ComplaintAccepted": "受理投诉举报",
    "ComplaintRejected": "不予受理投诉举报",
    "ComplaintAssigned": "指派办理投诉举报",
    "ComplaintReplied": "答复投诉举报",
    "ComplaintClosed": "办结投诉举报",
    "DecisionPublished": "公开处罚决定",
    "PublicationLate": "逾期未公开",
    "AccessDenied": "越权访问被拒绝",
    "PersonalDataRead": "查看明文个人信息",
    "FindingOpened": "发现事项",
    "FindingStatusChanged": "发现事项办理",
}


def event_label(type_: str) -> str:
    """The Chinese name of a step (the workbench's form titles, then the system's own)."""
    from zhifa.web.case_forms import FORMS

    for f in FORMS:
        if f.key == type_:
            return f.title
    return _OTHER_ZH.get(type_, type_)


def _timeline(session: Session, indices: list[int]) -> list[dict[str, Any]]:
    """The ledger entries behind a finding, in order, with their public facts only."""
    out = []
    for idx, type_, body in session.execute(
        select(LedgerEntry.idx, LedgerEntry.event_type, LedgerEntry.body)
        .where(LedgerEntry.idx.in_(indices[:200]))
        .order_by(LedgerEntry.idx)
    ):
        rec = parse_json(body)
        out.append(
            {
                "idx": idx,
                "type": type_,
                "label": event_label(type_),
                "occurred_at": rec.get("occurred_at", ""),
                "actor": rec.get("actor", ""),
            }
        )
    return out


def _history(session: Session, finding_id: str) -> list[dict[str, Any]]:
    out = []
    for idx, body in session.execute(
        select(LedgerEntry.idx, LedgerEntry.body)
        .join(LedgerSubject, LedgerSubject.idx == LedgerEntry.idx)
        .where(LedgerSubject.subject_id == finding_id)
        .order_by(LedgerEntry.idx)
    ):
        rec = parse_json(body)
        d = rec["data"]
        if rec["type"] == "FindingOpened":
            out.append(
                {
                    "idx": idx,
                    "on": d["found_on"],
                    "what": "发现（待处理）",
                    "reason": "",
                    "due_on": None,
                }
            )
        else:
            out.append(
                {
                    "idx": idx,
                    "on": d["changed_on"],
                    "what": f"{Status(d['from_status']).label_zh} → {Status(d['to_status']).label_zh}",
                    "reason": d["reason"],
                    "due_on": d.get("due_on"),
                }
            )
    return out


def _detail(
    request: Request,
    ctx: Context,
    principal: Principal,
    row: FindingRow,
    *,
    error: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    load_rules()
    today = legal_date(ctx.clock.now())
    with ctx.read() as session:
        names = _body_names(session)
        evidence = _timeline(session, list(row.evidence))
        history = _history(session, row.id)
        group = list(
            session.scalars(
                select(FindingRow)
                .where(FindingRow.group_key == row.group_key, FindingRow.id != row.id)
                .order_by(FindingRow.found_on.desc())
                .limit(50)
            )
        )
    rule = RULES.get(row.rule)
    current = Status(row.status)
    from zhifa.conduct.model import TRANSITIONS

    role = (
        "supervisor"
        if principal.role in (Role.SUPERVISOR,)
        else ("body" if principal.role is Role.BODY_HEAD else "")
    )
    moves = [(s, who) for s, who in TRANSITIONS[current].items() if who == role]
    return render(
        request,
        "findings/detail.html",
        {
            "active": "supervision",
            "title": "发现事项",
            "f": _row_view(row, names, today),
            "row": row,
            "rule": rule,
            "evidence": evidence,
            "history": history,
            "group": [_row_view(g, names, today) for g in group],
            "moves": moves,
            "csrf": csrf_token_for(request),
            "error": error,
            "today": today,
        },
        status_code=status_code,
    )


@router.get(
    "/supervision/findings/{finding_id}", response_class=HTMLResponse, include_in_schema=False
)
def finding_page(
    request: Request, ctx: ContextDep, principal: Read, finding_id: FindingId
) -> HTMLResponse:
    row = _load(request, ctx, principal, finding_id)
    return _detail(request, ctx, principal, row)


@router.post("/supervision/findings/{finding_id}/status", include_in_schema=False)
async def finding_move(
    request: Request, ctx: ContextDep, principal: Move, finding_id: FindingId
) -> Response:
    """督办 / 驳回 / 退回整改 (supervisor); 开始整改 / 报告已整改 (the body's head)."""
    row = await run_in_threadpool(_load, request, ctx, principal, finding_id)
    form = await request.form()
    role = "supervisor" if principal.role is Role.SUPERVISOR else "body"

    def run() -> None:
        raw_target = str(form.get("to", ""))[:16]
        raw_due = str(form.get("due_on", ""))[:10]
        problems = []
        try:
            target = Status(raw_target)
        except ValueError:
            problems.append(
                Violation("to", "办理结果不是可选值之一", "unknown target status", raw_target)
            )
        due: date | None = None
        if raw_due:
            try:
                due = date.fromisoformat(raw_due)
            except ValueError:
                problems.append(
                    Violation("due_on", "整改期限应为日期", "due_on must be a date", raw_due)
                )
        if problems:
            raise InvalidInput("办理意见有误", "bad transition form", violations=problems)
        conduct.change_status(
            ctx,
            row.id,
            target,
            role=role,
            actor=principal.actor,
            reason=str(form.get("reason", ""))[:2000],
            due_on=due,
        )

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
                status_code=exc.http_status,
            )
        )
    return RedirectResponse(f"/supervision/findings/{row.id}", status_code=303)


@router.get("/workbench/rectification", response_class=HTMLResponse, include_in_schema=False)
def rectification(
    request: Request, ctx: ContextDep, session: SessionDep, principal: Rectify
) -> HTMLResponse:
    """The body's rectification view: what the supervisor ordered, by when, and what is late."""
    load_rules()
    visible = _visible_body_ids(session, principal, "finding.rectify")
    today = legal_date(ctx.clock.now())
    names = _body_names(session)
    _, ordered = conduct.list_findings(
        session, conduct.Filters(body_ids=visible, status="open_any"), limit=500
    )
    views = [_row_view(r, names, today) for r in ordered]
    views.sort(key=lambda v: (v["due_on"] is None, v["due_on"] or today, v["found_on"]))
    return render(
        request,
        "findings/rectification.html",
        {
            "active": "workbench",
            "title": "整改事项",
            "ordered": [v for v in views if v["status"] in (Status.ORDERED, Status.RECTIFYING)],
            "waiting": [v for v in views if v["status"] is Status.OPEN],
            "today": today,
        },
    )
