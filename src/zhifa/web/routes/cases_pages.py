"""The officer workbench for cases (案件办理): my cases, the case page, a form for each step.

Every step goes through ``zhifa.cases.services.record_steps``, so the forms run the very
guards the import runs; a refused step comes back as the same form, with what was typed,
the refusal in Chinese, the article of the 《行政执法人员行为准则》, the statute and what
would make it lawful. Access: ``case.read`` to look, ``case.record`` to record (an officer
only on the cases assigned to them, 准则第八条), ``case.review`` for 法制审核; object scope
is the case's body (``require_within``).

Personal data stays out of URLs and logs: forms post, case ids are random, and the lists
show only ``party_label`` (an organisation's name or a masked person's name).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from zhifa.access.model import Principal, Role, Target, may
from zhifa.access.services import record_denial
from zhifa.access.tables import UserRow
from zhifa.app_context import Context
from zhifa.cases import events as ev
from zhifa.cases.documents import issuable_now
from zhifa.cases.model import ENDED, CaseState, Clock, Stage, clocks
from zhifa.cases.services import calendar_env, case_events, load_state, record_steps
from zhifa.cases.state_json import from_json
from zhifa.cases.tables import CaseAlertRow, CaseDocumentRow, CaseOfficerRow, CaseRow
from zhifa.catalog.model import PenaltyKind, Tier
from zhifa.catalog.parameters import Parameters
from zhifa.catalog.services import get_matter
from zhifa.catalog.tables import MatterRow
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import DomainError, Forbidden
from zhifa.kernel.ids import new_id
from zhifa.kernel.money import Money, format_yuan
from zhifa.ledger.tables import LedgerCheckpoint
from zhifa.registry.model import OfficerKind, Regions
from zhifa.registry.tables import BodyRow, OfficerRow
from zhifa.web import case_forms as cf
from zhifa.web.auth import Allow, _route_template, csrf_token_for, require_within
from zhifa.web.deps import ContextDep, SessionDep
from zhifa.web.render import render

log = logging.getLogger("zhifa.web.cases")

router = APIRouter(include_in_schema=False)

ReadCase = Annotated[Principal, Depends(Allow("case.read"))]
RecordCase = Annotated[Principal, Depends(Allow("case.record"))]
ReviewCase = Annotated[Principal, Depends(Allow("case.review"))]

PAGE_SIZE = 20
# Up to this many cases in view, the list is sorted exactly by the nearest statutory due
# date (clocks computed for each: about 0.15 ms a case on the development machine, so about
# 0.15 s at the limit; docs/case-workbench.md). Beyond it (a large body's head), cases are ordered by the date their
# running clocks start from, and clocks are computed for the page only.
EXACT_SORT_LIMIT = 1000
MAX_UPLOAD = 200 * 1024**2  # an evidence file through a form; larger files come by import
CONDUCT = "《行政执法人员行为准则》"


class NotAssigned(Forbidden):
    """An officer tried to act on a case not assigned to them (准则第八条)."""

    code = "not_assigned"


# ------------------------------------------------------------------ scope


def _target(session: Session, row: CaseRow | None) -> Target | None:
    if row is None:
        return None
    body = session.get(BodyRow, row.body_id)
    return Target(body_id=row.body_id, region_code=body.region_code if body else None)


def _may_record(principal: Principal, state: CaseState) -> bool:
    """Heads record on any case of their body; an officer on the cases assigned to them, and
    on leads (a lead is the body's intake: nobody is assigned before 立案)."""
    if principal.role is Role.BODY_HEAD:
        return True
    if principal.role is not Role.OFFICER or not principal.officer_id:
        return False
    return not state.officer_ids or principal.officer_id in state.officer_ids


def _require_assigned(
    request: Request, ctx: Context, principal: Principal, state: CaseState
) -> None:
    if _may_record(principal, state):
        return
    record_denial(
        ctx,
        principal,
        action=getattr(request.state, "zhifa_action", "case.record"),
        route=_route_template(request),
        reason="not_assigned",
    )
    raise NotAssigned(
        "您不是本案的承办执法人员，不能办理本案的步骤。",
        "officer is not assigned to the case",
        article=8,
        basis=f"{CONDUCT}第八条（不得干预、插手、违规过问他人承办的案件）",
        hint_zh="由本案承办人员办理；确需参与的，由机关负责人依法指派。",
    )


def _load_case(
    request: Request, ctx: Context, session: Session, principal: Principal, case_id: str
) -> tuple[CaseRow, CaseState]:
    row = session.get(CaseRow, case_id) if len(case_id) <= 32 else None
    require_within(request, ctx, principal, _target(session, row))
    assert row is not None
    state = load_state(session, case_id)
    assert state is not None
    return row, state


# ------------------------------------------------------------------ deadline lights


def _light(due: date, today: date) -> str:
    """red: overdue; yellow: three working days or fewer left; green otherwise (UI.md)."""
    if due < today:
        return "red"
    try:
        soon = calendar_env().add_working_days(today, 3)
    except DomainError:  # the calendar of the coming year is not loaded yet
        soon = today + timedelta(days=3)
    return "yellow" if due <= soon else "green"


def _days_text(due: date, today: date) -> str:
    left = (due - today).days
    if left < 0:
        return f"已超期 {-left} 日"
    if left == 0:
        return "今日届满"
    return f"剩 {left} 日"


def _clock_rows(state: CaseState, today: date) -> list[dict[str, Any]]:
    out = []
    for c in clocks(state, calendar_env()):
        out.append(
            {
                "key": c.key,
                "label": c.label_zh,
                "due": c.due,
                "pending": c.pending_zh,
                "basis": c.basis,
                "met_on": c.met_on,
                "light": "met" if c.met_on else (_light(c.due, today) if c.due else ""),
                "days": _days_text(c.due, today) if c.due and not c.met_on else "",
            }
        )
    return out


def _nearest(state: CaseState) -> Clock | None:
    """The running clock that falls due first (a clock whose calendar is missing: last)."""
    running = [c for c in clocks(state, calendar_env()) if c.met_on is None]
    if not running:
        return None
    return min(running, key=lambda c: (c.due is None, c.due or date.max))


# ------------------------------------------------------------------ my cases (the workbench)


def workbench_cases(
    session: Session,
    principal: Principal,
    today: date,
    *,
    stage: str = "",
    overdue: bool = False,
    page: int = 1,
) -> dict[str, Any]:
    """The cases a principal works on, nearest due first, one page of them.

    An officer sees the cases assigned to them and the body's leads; a head or a legal
    reviewer sees the body's cases. Without a stage filter only open cases are listed.
    """
    scope = [CaseRow.body_id == (principal.body_id or "")]
    if principal.role is Role.OFFICER:
        mine = select(CaseOfficerRow.case_id).where(
            CaseOfficerRow.officer_id == (principal.officer_id or "")
        )
        scope.append(or_(CaseRow.id.in_(mine), CaseRow.stage == str(Stage.LEAD)))
    open_cases = CaseRow.stage.not_in([str(s) for s in ENDED])
    where = list(scope)
    where.append(CaseRow.stage == stage if stage in {str(s) for s in Stage} else open_cases)
    if overdue:
        where.append(CaseRow.id.in_(select(CaseAlertRow.case_id)))
    total = session.scalar(select(func.count()).select_from(CaseRow).where(and_(*where))) or 0
    alerts = (
        session.scalar(
            select(func.count(func.distinct(CaseAlertRow.case_id)))
            .join(CaseRow, CaseRow.id == CaseAlertRow.case_id)
            .where(and_(*scope, open_cases))
        )
        or 0
    )
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    exact = total <= EXACT_SORT_LIMIT
    stmt = select(CaseRow).where(and_(*where))
    if exact:
        rows = list(session.scalars(stmt))
    else:
        started = func.coalesce(CaseRow.decided_on, CaseRow.opened_on, CaseRow.received_on)
        rows = list(
            session.scalars(
                stmt.order_by(started.asc(), CaseRow.id)
                .offset((page - 1) * PAGE_SIZE)
                .limit(PAGE_SIZE)
            )
        )
    items: list[dict[str, Any]] = []
    for row in rows:
        state = from_json(row.state)
        c = _nearest(state) if state.is_open else None
        items.append(
            {
                "id": row.id,
                "number": row.number,
                "party": row.party_label,
                "matter_code": row.matter_code,
                "stage": Stage(row.stage).label_zh,
                "next_step": row.next_step,
                "clock": c.label_zh if c else "",
                "due": c.due if c else None,
                "pending": c.pending_zh if c else "",
                "light": _light(c.due, today) if c and c.due else "",
                "days": _days_text(c.due, today) if c and c.due else "",
                "received_on": row.received_on,
            }
        )
    items.sort(key=lambda i: (i["due"] is None, i["due"] or date.max, i["number"], i["id"]))
    if exact:
        items = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    codes = {i["matter_code"] for i in items if i["matter_code"]}
    names: dict[str, str] = {}
    if codes:
        found = session.execute(
            select(MatterRow.code, MatterRow.name).where(MatterRow.code.in_(codes))
        )
        names = {row.code: row.name for row in found}
    for i in items:
        i["matter"] = names.get(i["matter_code"], i["matter_code"])
    query = {"stage": stage, "overdue": "1" if overdue else ""}

    def url(n: int) -> str:
        parts = [f"{k}={v}" for k, v in query.items() if v] + [f"page={n}"]
        return "/workbench?" + "&".join(parts)

    return {
        "cases": items,
        "total": total,
        "alerts": alerts,
        "exact": exact,
        "stage": stage,
        "overdue": overdue,
        "stages": [(str(s), s.label_zh) for s in Stage],
        "page": {
            "number": page,
            "pages": pages,
            "total": total,
            "prev_url": url(page - 1) if page > 1 else "",
            "next_url": url(page + 1) if page < pages else "",
        },
        "overdue_on_page": sum(1 for i in items if i["light"] == "red"),
    }


# ------------------------------------------------------------------ what the forms offer


def _officer_options(session: Session, body_id: str) -> list[tuple[str, str]]:
    rows = session.scalars(
        select(OfficerRow)
        .where(OfficerRow.body_id == body_id, OfficerRow.active.is_(True))
        .order_by(OfficerRow.name)
    )
    return [(o.id, f"{o.name}（{OfficerKind(o.kind).label_zh}）") for o in rows]


def _approver_options(session: Session, body_id: str) -> list[tuple[str, str]]:
    rows = session.scalars(
        select(UserRow)
        .where(UserRow.body_id == body_id, UserRow.role == "body_head", UserRow.active.is_(True))
        .order_by(UserRow.username)
    )
    return [(f"user:{u.id}", f"{u.username}（{Role.BODY_HEAD.label_zh}）") for u in rows]


def _matter_options(session: Session, body: BodyRow) -> list[tuple[str, str]]:
    stmt = select(MatterRow.code, MatterRow.name).where(MatterRow.kind == "penalty")
    if body.entrusted_scope:
        stmt = stmt.where(MatterRow.code.in_(list(body.entrusted_scope)))
    else:
        stmt = stmt.where(MatterRow.field.in_(list(body.fields)))
    return [
        (code, f"{name}（{code}）") for code, name in session.execute(stmt.order_by(MatterRow.code))
    ]


def _region_options(body: BodyRow) -> list[tuple[str, str]]:
    regions = Regions.load()
    return sorted(
        (r.code, regions.full_name(r.code))
        for r in regions
        if regions.contains(body.region_code, r.code)
    )


def _form_context(
    session: Session,
    ctx: Context,
    principal: Principal,
    body: BodyRow,
    state: CaseState | None,
    timeline: Sequence[tuple[int, ev.CaseEvent]] = (),
) -> cf.FormContext:
    now = ctx.clock.now()
    today = legal_date(now)
    kinds: list[tuple[str, str]] = []
    if state is not None and state.matter_code:
        try:
            matter = get_matter(session, state.matter_code)
            kinds = [(k.value, k.label_zh) for k in PenaltyKind if k in matter.penalty_kinds]
        except DomainError:
            kinds = []
    duration = Parameters.load().get("coercion.seizure.duration", on=today).number()
    return cf.FormContext(
        principal=principal,
        today=today,
        now=now,
        body_id=body.id,
        state=state,
        officers=_officer_options(session, body.id),
        approvers=_approver_options(session, body.id),
        matters=_matter_options(session, body),
        regions=_region_options(body),
        timeline=timeline,
        matter_kinds=kinds,
        self_approve=may(principal, "case.approve") and principal.body_id == body.id,
        default_duration=duration,
    )


def _forms_for(
    principal: Principal, state: CaseState
) -> tuple[list[cf.StepForm], list[cf.StepForm], list[cf.StepForm]]:
    """The steps the principal may submit: (the stage's usual next steps, the stage's other
    steps, every other step). All are offered: the guards, not the page, say what is lawful."""
    usable: list[cf.StepForm] = []
    for f in cf.FORMS:
        if f.key in cf.STARTERS:
            continue
        if f.action == "case.review":
            if may(principal, "case.review"):
                usable.append(f)
        elif may(principal, "case.record") and _may_record(principal, state):
            usable.append(f)
    primary = cf.PRIMARY.get(state.stage, ())
    suggested = sorted((f for f in usable if f.key in primary), key=lambda f: primary.index(f.key))
    nearby = [f for f in usable if f not in suggested and state.stage in f.stages]
    others = [f for f in usable if f not in suggested and f not in nearby]
    return suggested, nearby, others


# ------------------------------------------------------------------ the timeline


_LABELS: dict[str, Mapping[str, str]] = {
    "source": dict(cf.SOURCES),
    "kind": dict(cf.EVIDENCE_KINDS) | dict(cf.TRANSCRIPT_KINDS),
    "document": dict(cf.DOCUMENTS),
    "method": dict(cf.METHODS),
    "channel": dict(cf.CHANNELS) | {"on_the_spot": "当场收缴"},
    "outcome": dict(cf.REVIEW_OUTCOMES) | dict(cf.REMEDY_OUTCOMES),
    "handling": dict(cf.HANDLINGS),
}


def _kinds_zh(kinds: Sequence[str]) -> str:
    out = []
    for k in kinds:
        try:
            out.append(PenaltyKind(k).label_zh)
        except ValueError:
            out.append(k)
    return "、".join(out) or "不予行政处罚"


def _yuan(fen: int) -> str:
    return format_yuan(Money(fen))


def summary_zh(e: ev.CaseEvent) -> str:
    """One line of what a step recorded, without personal data (commitments stay hidden)."""
    match e:
        case ev.LeadRegistered():
            return f"{_LABELS['source'].get(e.source, e.source)}：{e.summary}"
        case ev.CaseOpened():
            return f"立案编号 {e.number}；当事人 {e.party_label}；执法人员 {len(e.officer_ids)} 名"
        case ev.CaseDeclined():
            return f"理由：{e.reasons}"
        case ev.SummaryDecisionIssued():
            return f"决定书 {e.number}：{_kinds_zh(e.penalty_kinds)}，罚款 {_yuan(e.fine_fen)}；当事人 {e.party_label}"
        case ev.EvidenceCollected():
            return f"{e.evidence_id} {_LABELS['kind'].get(e.kind, e.kind)}：{e.description}（SHA-256 {e.digest[:12]}…）"
        case ev.TranscriptRecorded():
            return f"{e.evidence_id} {_LABELS['kind'].get(e.kind, e.kind)}，说话人：{'、'.join(e.speakers)}（内容加密保存）"
        case ev.EvidencePreserved():
            return f"{e.preservation_id}：{len(e.items)} 项物品"
        case ev.PreservationHandled():
            return f"{e.preservation_id}：{_LABELS['handling'].get(e.handling, e.handling)}"
        case ev.RightsNotified():
            hearing = "，已告知听证权利" if e.hearing_right else ""
            return f"告知书 {e.document_number}：拟{_kinds_zh(e.penalty_kinds)}，罚款 {_yuan(e.fine_fen)}{hearing}"
        case ev.StatementReceived():
            return (
                "陈述、申辩理由成立，予以采纳" if e.adopted else "陈述、申辩已听取（内容加密保存）"
            )
        case ev.HearingNoticed():
            return f"定于 {e.hearing_on.isoformat()} 在 {e.place} 举行"
        case ev.LegalReviewCompleted():
            return f"结论：{_LABELS['outcome'].get(e.outcome, e.outcome)}"
        case ev.DecisionIssued():
            tier = Tier(e.tier).label_zh if e.tier in {t.value for t in Tier} else e.tier
            return f"决定书 {e.number}：{_kinds_zh(e.penalty_kinds)}，罚款 {_yuan(e.fine_fen)}（{tier}）"
        case ev.DocumentIssued():
            return f"文书 {e.number}"
        case ev.DocumentServed():
            return f"{_LABELS['document'].get(e.document, e.document)}，{_LABELS['method'].get(e.method, e.method)}"
        case ev.PaymentReceived():
            return f"{_yuan(e.amount_fen)}，{_LABELS['channel'].get(e.channel, e.channel)}"
        case ev.CashHandedOver():
            return _yuan(e.amount_fen)
        case ev.PaymentDeferred():
            return f"缴纳期限至 {e.due_on.isoformat()}，分 {e.instalments} 期"
        case ev.MeasureImposed():
            return f"{e.measure_id}：{len(e.items)} 项，期限 {e.duration_days} 日"
        case ev.RemedyFiled() | ev.RemedyDecided():
            return e.remedy_id
        case ev.CaseTransferred():
            return f"移送至 {e.to_name}"
        case ev.DeadlineMissed():
            return f"{e.label}已于 {e.due.isoformat()} 届满"
        case ev.CaseCorrected():
            return f"更正“{e.field}”：{e.reason}"
        case ev.RecusalRequested():
            return f"申请 {e.officer_id} 回避：{e.reason}"
        case ev.CircumstancesAssessed():
            marks = [
                label
                for on, label in (
                    (e.first_offence, "初次违法"),
                    (e.harm_minor, "危害后果轻微"),
                    (e.corrected_in_time, "及时改正"),
                    (e.no_fault, "无主观过错"),
                )
                if on
            ]
            return "；".join(
                x
                for x in (
                    "、".join(marks),
                    f"免罚清单：{e.exemption_item}" if e.exemption_item else "",
                    f"从重 {len(e.aggravating)} 项" if e.aggravating else "",
                    f"从轻减轻 {len(e.mitigating)} 项" if e.mitigating else "",
                )
                if x
            )
        case ev.InterferenceReported():
            return f"{e.interferer_position}（姓名与经过已加密保存，已送达执法监督机构）"
        case ev.RelationDeclared():
            return f"{e.officer_id} 申报与当事人存在利害关系"
        case ev.WordingFlagged():
            return f"文书用语检查发现 {len(e.findings)} 处不文明用语（准则第六条）"
    return ""


def _actor_names(session: Session, actors: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    users = [a.removeprefix("user:") for a in actors if a.startswith("user:")]
    if users:
        for u in session.scalars(select(UserRow).where(UserRow.id.in_(users))):
            out[f"user:{u.id}"] = f"{u.username}（{Role(u.role).label_zh}）"
    for a in actors:
        if a.startswith("system:"):
            out[a] = "系统（期限巡查）" if a == "system:timer" else "系统"
        out.setdefault(a, a)
    return out


def _timeline(session: Session, events: list[tuple[int, ev.CaseEvent]]) -> list[dict[str, Any]]:
    size = session.scalar(select(func.max(LedgerCheckpoint.size))) or 0
    names = _actor_names(session, {e.actor for _, e in events})
    return [
        {
            "index": idx,
            "at": e.occurred_at,
            "step": cf.STEP_NAMES.get(e.TYPE, e.TYPE),
            "type": e.TYPE,
            "actor": names.get(e.actor, e.actor),
            "summary": summary_zh(e),
            "signed": idx < size,
        }
        for idx, e in events
    ]


# ------------------------------------------------------------------ the case page


def _case_page(
    request: Request,
    ctx: Context,
    session: Session,
    principal: Principal,
    row: CaseRow,
    state: CaseState,
    *,
    step: str = "",
    values: dict[str, cf.Raw] | None = None,
    error: dict[str, Any] | None = None,
    civility: list[dict[str, Any]] | str | None = None,
    status: int = 200,
) -> HTMLResponse:
    today = legal_date(ctx.clock.now())
    body = session.get(BodyRow, row.body_id)
    assert body is not None
    events = case_events(session, row.id)
    suggested, nearby, others = _forms_for(principal, state)
    selected = cf.FORM_BY_KEY.get(step)
    if selected is not None and selected not in (*suggested, *nearby, *others):
        selected = None
    fc = _form_context(session, ctx, principal, body, state, events)
    if selected is not None and values is None:
        values = cf.defaults(selected, fc)
    matter = session.get(MatterRow, state.matter_code) if state.matter_code else None
    officers = dict(fc.officers)
    documents = session.scalars(
        select(CaseDocumentRow)
        .where(CaseDocumentRow.case_id == row.id)
        .order_by(CaseDocumentRow.issued_on)
    ).all()
    alerts = session.scalars(
        select(CaseAlertRow).where(CaseAlertRow.case_id == row.id).order_by(CaseAlertRow.due)
    ).all()
    return render(
        request,
        "cases/case.html",
        {
            "active": "workbench",
            "title": row.number or "案源（未立案）",
            "row": row,
            "state": state,
            "stage": state.stage.label_zh,
            "procedure": {"summary": "简易程序", "general": "普通程序"}.get(
                str(state.procedure or ""), "—"
            ),
            "body": body,
            "matter": matter,
            "officers": [officers.get(o, o) for o in state.officer_ids],
            "clocks": _clock_rows(state, today),
            "timeline": _timeline(session, events),
            "documents": documents,
            "alerts": alerts,
            "suggested": suggested,
            "nearby": nearby,
            "others": others,
            "groups": cf.GROUPS,
            "form": selected,
            "fc": fc,
            "values": values or {},
            "error": error,
            "field_errors": _field_errors(selected, error),
            "civility": civility,
            "may_record": bool(suggested or nearby or others),
            "assigned": _may_record(principal, state),
            "today": today,
            "csrf": csrf_token_for(request),
            "done": cf.STEP_NAMES.get(request.query_params.get("done", ""), ""),
            "civility_saved": request.query_params.get("civility", ""),
            "action_url": f"/workbench/cases/{row.id}/"
            + ("review" if selected is not None and selected.action == "case.review" else "steps"),
            "measure_rows": range(cf.MEASURE_ROWS),
            "issuable": issuable_now(state, [e for _, e in events])
            if may(principal, "case.record") and _may_record(principal, state)
            else [],
        },
        status_code=status,
    )


def _field_errors(form: cf.StepForm | None, error: dict[str, Any] | None) -> dict[str, list[str]]:
    """Violations by input name ("items[2]" → "items"); the rest stay in the error box."""
    out: dict[str, list[str]] = {}
    if form is None or not error:
        return out
    names = cf.field_names(form)
    for v in error.get("violations", []):
        name = str(v.get("field", "")).split("[")[0]
        if name == "party_label":
            name = "party_name"
        if name in names:
            out.setdefault(name, []).append(str(v.get("reason_zh", "")))
    return out


@router.get("/workbench/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: ReadCase,
    case_id: str,
    step: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    row, state = _load_case(request, ctx, session, principal, case_id)
    return _case_page(request, ctx, session, principal, row, state, step=step)


async def _uploads(form: FormData) -> dict[str, cf.Upload]:
    """The files posted with a step, read (up to the limit) and closed."""
    out: dict[str, cf.Upload] = {}
    for key, value in form.multi_items():
        if not isinstance(value, UploadFile):
            continue
        try:
            if key.endswith("_file") and value.filename:
                data = await value.read(MAX_UPLOAD + 1)
                out[key.removesuffix("_file")] = (data, value.content_type or "", value.filename)
        finally:
            await value.close()
    return out


def _too_large(uploads: Mapping[str, cf.Upload]) -> list[str]:
    return [name for name, (data, _t, _n) in uploads.items() if len(data) > MAX_UPLOAD]


@router.post("/workbench/cases/{case_id}/steps", response_class=HTMLResponse)
async def record_step(
    request: Request, ctx: ContextDep, principal: RecordCase, case_id: str
) -> Response:
    form = await request.form()
    uploads = await _uploads(form)
    return await run_in_threadpool(
        _submit, request, ctx, principal, case_id, form, uploads, "case.record"
    )


@router.post("/workbench/cases/{case_id}/review", response_class=HTMLResponse)
async def record_review(
    request: Request, ctx: ContextDep, principal: ReviewCase, case_id: str
) -> Response:
    form = await request.form()
    return await run_in_threadpool(
        _submit, request, ctx, principal, case_id, form, {}, "case.review"
    )


def _submit(
    request: Request,
    ctx: Context,
    principal: Principal,
    case_id: str,
    data: FormData,
    uploads: dict[str, cf.Upload],
    action: str,
) -> Response:
    with ctx.read() as session:
        row, state = _load_case(request, ctx, session, principal, case_id)
        step = str(data.get("step", ""))
        form = cf.FORM_BY_KEY.get(step)
        if form is None or form.key in cf.STARTERS or form.action != action:
            return _case_page(
                request,
                ctx,
                session,
                principal,
                row,
                state,
                error={
                    "message": "未知的办案步骤，请从案件页面选择要办理的步骤。",
                    "violations": [],
                },
                status=400,
            )
        if action == "case.record":
            _require_assigned(request, ctx, principal, state)
        body = session.get(BodyRow, row.body_id)
        assert body is not None
        fc = _form_context(session, ctx, principal, body, state, case_events(session, case_id))
        values = cf.raw_values(form, data, data.getlist)
        if form.key == "TranscriptRecorded" and data.get("intent") == "check":
            turns = cf.utterances_of(str(values.get("utterances", "")))
            return _case_page(
                request,
                ctx,
                session,
                principal,
                row,
                state,
                step=step,
                values=values,
                civility=_checked(turns),
            )
        if big := _too_large(uploads):
            error = _too_large_error(big)
            return _case_page(
                request,
                ctx,
                session,
                principal,
                row,
                state,
                step=step,
                values=values,
                error=error,
                status=400,
            )
        parsed = cf.parse(form, values, fc, uploads)
        try:
            event = cf.build_event(form, parsed, fc=fc, case_id=row.id, body_id=row.body_id)
            _store_uploads(ctx, parsed)
            with ctx.uow() as uow:
                record_steps(uow, [event])
                uow.commit()
        except DomainError as exc:
            log.info("case step refused: %s %s", form.key, exc.code)
            return _case_page(
                request,
                ctx,
                session,
                principal,
                row,
                state,
                step=step,
                values=parsed.values,
                error=exc.diagnostics(),
                status=_status(exc),
            )
    url = f"/workbench/cases/{case_id}?done={form.key}"
    if form.key == "TranscriptRecorded":
        found = _civility(parsed.kwargs.get("utterances") or [])
        if found:
            url += f"&civility={len(found)}"
    return RedirectResponse(url + "#timeline", status_code=303)


def _status(exc: DomainError) -> int:
    """A refused step is answered 409/400/422; 403 and 404 stay for access and missing cases."""
    return exc.http_status if exc.http_status in (400, 409, 422) else 422


def _too_large_error(names: list[str]) -> dict[str, Any]:
    reason = f"文件超过 {MAX_UPLOAD // 1024**2} MB，请通过数据导入提交，或填写其 SHA-256"
    return {
        "message": reason,
        "violations": [{"field": n, "reason_zh": reason} for n in names],
    }


def _store_uploads(ctx: Context, parsed: cf.Parsed) -> None:
    # Stored before the step is recorded: a refused step leaves an unreferenced file (the
    # store is content-addressed, so harmless), never a recorded digest without its file.
    for data, media_type in parsed.uploads:
        ctx.blobs.put(data, media_type)


def _checked(turns: Sequence[Mapping[str, str]]) -> list[dict[str, Any]] | str:
    """What the transcript form shows after 检查执法用语 ("unavailable": no checker)."""
    if not turns:
        return []
    found = _civility(turns)
    return "unavailable" if found is None else found


def _civility(turns: Sequence[Mapping[str, str]]) -> list[dict[str, Any]] | None:
    """Findings of the civility checker (准则第六条) on the officer's turns; None when the
    checker is not installed. The findings only warn: they never stop a transcript."""
    try:
        from zhifa.civility import check_transcript
    except ImportError:
        return None
    out = []
    for f in check_transcript(list(turns)):
        item = f.as_dict()
        if f.utterance is not None and f.utterance < len(turns):
            item["speaker"] = turns[f.utterance].get("speaker", "")
            item["line"] = f.utterance + 1
        out.append(item)
    return out


# ------------------------------------------------------------------ new leads and 当场处罚


def _starter_page(
    request: Request,
    ctx: Context,
    session: Session,
    principal: Principal,
    key: str,
    *,
    values: dict[str, cf.Raw] | None = None,
    error: dict[str, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    form = cf.FORM_BY_KEY[key]
    body = session.get(BodyRow, principal.body_id or "")
    if body is None:
        require_within(request, ctx, principal, None)
    assert body is not None
    fc = _form_context(session, ctx, principal, body, None)
    return render(
        request,
        "cases/new.html",
        {
            "active": "workbench",
            "title": form.title,
            "form": form,
            "fc": fc,
            "values": values if values is not None else cf.defaults(form, fc),
            "error": error,
            "field_errors": _field_errors(form, error),
            "csrf": csrf_token_for(request),
            "action_url": "/workbench/leads/new"
            if key == "LeadRegistered"
            else "/workbench/summary/new",
            "body": body,
            "measure_rows": range(cf.MEASURE_ROWS),
        },
        status_code=status,
    )


def _start(
    request: Request, ctx: Context, principal: Principal, key: str, data: FormData
) -> Response:
    with ctx.read() as session:
        body = session.get(BodyRow, principal.body_id or "")
        if body is None:
            require_within(request, ctx, principal, None)
        assert body is not None
        form = cf.FORM_BY_KEY[key]
        fc = _form_context(session, ctx, principal, body, None)
        values = cf.raw_values(form, data, data.getlist)
        parsed = cf.parse(form, values, fc, {})
        case_id = new_id()
        try:
            event = cf.build_event(form, parsed, fc=fc, case_id=case_id, body_id=body.id)
            with ctx.uow() as uow:
                record_steps(uow, [event])
                uow.commit()
        except DomainError as exc:
            log.info("case start refused: %s %s", key, exc.code)
            return _starter_page(
                request,
                ctx,
                session,
                principal,
                key,
                values=parsed.values,
                error=exc.diagnostics(),
                status=_status(exc),
            )
    return RedirectResponse(f"/workbench/cases/{case_id}?done={key}", status_code=303)


@router.get("/workbench/leads/new", response_class=HTMLResponse)
def new_lead(
    request: Request, ctx: ContextDep, session: SessionDep, principal: RecordCase
) -> HTMLResponse:
    return _starter_page(request, ctx, session, principal, "LeadRegistered")


@router.post("/workbench/leads/new", response_class=HTMLResponse)
async def register_lead(request: Request, ctx: ContextDep, principal: RecordCase) -> Response:
    form = await request.form()
    return await run_in_threadpool(_start, request, ctx, principal, "LeadRegistered", form)


@router.get("/workbench/summary/new", response_class=HTMLResponse)
def new_summary(
    request: Request, ctx: ContextDep, session: SessionDep, principal: RecordCase
) -> HTMLResponse:
    return _starter_page(request, ctx, session, principal, "SummaryDecisionIssued")


@router.post("/workbench/summary/new", response_class=HTMLResponse)
async def issue_summary(request: Request, ctx: ContextDep, principal: RecordCase) -> Response:
    form = await request.form()
    return await run_in_threadpool(_start, request, ctx, principal, "SummaryDecisionIssued", form)
