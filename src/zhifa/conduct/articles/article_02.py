"""准则第二条 严格履职尽责: 不得有案不立、压案不办、超期办案、拖延执行；投诉举报及时处理."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from zhifa.cases.model import (
    CaseState,
    Procedure,
    Stage,
    decision_due,
    filing_due,
    payment_due,
)
from zhifa.complaints import events as kev
from zhifa.conduct.engine import Ctx, Engine, Hit, Track, global_timed
from zhifa.conduct.model import RULES, Finding, Subject, SubjectKind, rule
from zhifa.kernel.errors import ConfigurationError

ART = 2


def _safe(fn: object, s: CaseState, ctx: Ctx) -> date | None:
    """A due date, or ``None`` when the holiday calendar of its year is not loaded yet (a
    deadline the system cannot count is not reported as missed)."""
    try:
        return fn(s, ctx.env)  # type: ignore[operator,no-any-return]
    except ConfigurationError:
        return None


@rule(
    id="R2.lead_not_decided",
    article=ART,
    kind="detector",
    title="有案不立：案源超过立案期限未作决定",
    basis="《行政处罚法》第五十四条；《市场监督管理行政处罚程序规定》第十八条（立案期限）",
    severity="medium",
    params=("case.filing.deadline", "case.filing.extension"),
    on=("CaseOpened", "CaseDeclined"),
    timed=True,
    explain="案源（{subject}）于{received}登记，立案期限至{due}，{what}。",
    action="督促执法主体立即核查并依法作出立案或者不予立案的决定，说明逾期原因。",
)
def lead_not_decided(
    x: Hit | Track, ctx: Ctx | None = None, as_of: date | None = None
) -> Iterator[Finding]:
    """A lead neither opened nor declined within the filing period (or decided after it)."""
    r = RULES["R2.lead_not_decided"]
    if isinstance(x, Hit):
        s, t = x.before, x.track
        if s is None or t is None or s.stage is not Stage.LEAD or s.received_on is None:
            return
        due = _safe(filing_due, s, x.ctx)
        decided = x.on
        if due is None or decided <= due:
            return
        yield r.finding(
            x.ctx.case(t.case_id),
            [*t.marked("LeadRegistered"), x.index],
            x.on,
            body_id=t.body_id,
            case_id=t.case_id,
            received=s.received_on.isoformat(),
            due=due.isoformat(),
            what=f"至{decided.isoformat()}才作出决定",
        )
        return
    assert ctx is not None
    assert as_of is not None
    s = x.state
    if s is None or s.stage is not Stage.LEAD or s.received_on is None:
        return
    due = _safe(filing_due, s, ctx)
    if due is None or due >= as_of:
        return
    yield r.finding(
        ctx.case(x.case_id),
        x.marked("LeadRegistered", "FilingExtended"),
        as_of,
        body_id=x.body_id,
        case_id=x.case_id,
        received=s.received_on.isoformat(),
        due=due.isoformat(),
        what=f"截至{as_of.isoformat()}仍未决定是否立案",
    )


@rule(
    id="R2.decision_overdue",
    article=ART,
    kind="detector",
    title="超期办案：超过办案期限未作出处理决定",
    basis="《行政处罚法》第六十条（自立案之日起九十日内作出决定）",
    severity="high",
    params=("case.decision.deadline", "case.decision.extension"),
    on=("DecisionIssued",),
    timed=True,
    explain="案件{subject}于{opened}立案，办案期限（含批准延长和依法扣除的期间）至{due}，{what}。",
    action="督促执法主体说明超期原因，追究相关人员责任；尚未决定的，立即依法作出决定。",
)
def decision_overdue(
    x: Hit | Track, ctx: Ctx | None = None, as_of: date | None = None
) -> Iterator[Finding]:
    """A 普通程序 case not decided by its deadline (or decided after it)."""
    r = RULES["R2.decision_overdue"]
    if isinstance(x, Hit):
        s, t = x.before, x.track
        if s is None or t is None or s.opened_on is None or s.procedure is not Procedure.GENERAL:
            return
        due = _safe(decision_due, s, x.ctx)
        decided = getattr(x.event, "decided_on", x.on)
        if due is None or decided <= due:
            return
        yield r.finding(
            x.ctx.case(t.case_id),
            [*t.marked("CaseOpened", "DecisionDeadlineExtended"), x.index],
            x.on,
            body_id=t.body_id,
            case_id=t.case_id,
            opened=s.opened_on.isoformat(),
            due=due.isoformat(),
            what=f"至{decided.isoformat()}才作出决定，超期{(decided - due).days}日",
        )
        return
    assert ctx is not None
    assert as_of is not None
    s = x.state
    if (
        s is None
        or not s.is_open
        or s.opened_on is None
        or s.procedure is not Procedure.GENERAL
        or s.decided_on is not None
    ):
        return
    due = _safe(decision_due, s, ctx)
    if due is None or due >= as_of:
        return
    yield r.finding(
        ctx.case(x.case_id),
        x.marked("CaseOpened", "DecisionDeadlineExtended"),
        as_of,
        body_id=x.body_id,
        case_id=x.case_id,
        opened=s.opened_on.isoformat(),
        due=due.isoformat(),
        what=f"截至{as_of.isoformat()}仍未作出决定，已超期{(as_of - due).days}日",
    )


_WORKING = (Stage.INVESTIGATING, Stage.NOTIFIED, Stage.DECIDED)


def _paused(s: CaseState, as_of: date) -> bool:
    """A lawful pause: an excluded period (听证、检测、公告、鉴定) running, a 复议 or 诉讼
    pending, a deferral of payment not yet due."""
    if any(a <= as_of <= b for a, b in s.excluded):
        return True
    if s.remedies_pending:
        return True
    return s.payment_due_override is not None and s.payment_due_override >= as_of


@rule(
    id="R2.case_idle",
    article=ART,
    kind="detector",
    title="压案不办：在办案件长期没有任何办案步骤",
    basis="《行政执法人员行为准则》第二条；《行政执法监督条例》（执法监督发现压案不办）",
    severity="medium",
    params=("conduct.idle_days",),
    timed=True,
    explain="案件{subject}处于“{stage}”阶段，最后一次办案步骤在{last}，至{as_of}已{days}日无任何进展（阈值{limit}日）。",
    action="督促承办人员说明原因并推进办理；确需中止的，依法办理并记录。",
)
def case_idle(t: Track, ctx: Ctx, as_of: date) -> Iterator[Finding]:
    """No step on a case under way for longer than the threshold, with no lawful pause."""
    s = t.state
    if s is None or t.last_on is None:
        return
    owes = s.fine_fen > s.paid_fen and not s.revoked
    if s.stage not in _WORKING and not (s.stage is Stage.SERVED and not owes):
        return
    if _paused(s, as_of):
        return
    limit = ctx.number("conduct.idle_days", as_of)
    days = (as_of - t.last_on).days
    if days <= limit:
        return
    yield RULES["R2.case_idle"].finding(
        ctx.case(t.case_id),
        [t.last],
        as_of,
        body_id=t.body_id,
        case_id=t.case_id,
        # One finding per idle spell: a later spell after the case moved again is another.
        discriminator=t.last_on.isoformat(),
        stage=s.stage.label_zh,
        last=t.last_on.isoformat(),
        as_of=as_of.isoformat(),
        days=days,
        limit=limit,
    )


@rule(
    id="R2.enforcement_delayed",
    article=ART,
    kind="detector",
    title="拖延执行：罚款逾期未缴，又未催告或申请强制执行",
    basis="《行政处罚法》第七十二条；《行政强制法》第三十五条、第五十三条、第五十四条",
    severity="medium",
    params=("payment.deadline", "conduct.enforcement.grace"),
    timed=True,
    explain="案件{subject}的处罚决定已于{served}送达，罚款缴纳期限至{due}，尚欠{owed}元；至{as_of}既未催告，也未申请人民法院强制执行。",
    action="督促执法主体依法催告、加处罚款或者申请人民法院强制执行；确有困难的，依法批准延期或者分期缴纳并记录。",
)
def enforcement_delayed(t: Track, ctx: Ctx, as_of: date) -> Iterator[Finding]:
    """A served fine unpaid, its deadline past by more than the grace period, and no
    enforcement step (催告、申请法院强制执行)."""
    s = t.state
    if s is None or s.served_on is None or s.revoked or s.fine_fen <= s.paid_fen:
        return
    if s.demanded_on is not None or s.court_applied_on is not None or s.remedies_pending:
        return
    due = _safe(payment_due, s, ctx)
    if due is None:
        return
    grace = ctx.number("conduct.enforcement.grace", due)
    if (as_of - due).days <= grace:
        return
    yield RULES["R2.enforcement_delayed"].finding(
        ctx.case(t.case_id),
        t.marked("DecisionIssued", "DocumentServed", "PaymentDeferred"),
        as_of,
        body_id=t.body_id,
        case_id=t.case_id,
        served=s.served_on.isoformat(),
        due=due.isoformat(),
        owed=f"{(s.fine_fen - s.paid_fen) / 100:,.2f}",
        as_of=as_of.isoformat(),
    )


# ------------------------------------------------------------------ complaints


@rule(
    id="R2.complaint_unanswered",
    article=ART,
    kind="detector",
    title="投诉举报逾期未受理或未办结",
    basis="《市场监督管理投诉举报处理暂行办法》第十五条；《信访工作条例》第三十二条",
    severity="medium",
    params=("complaint.accept.deadline", "complaint.handle.deadline"),
    on=(
        "ComplaintReceived",
        "ComplaintAccepted",
        "ComplaintRejected",
        "ComplaintReplied",
        "ComplaintClosed",
    ),
    timed=True,
    explain="投诉举报（收到于{received}）{what}。",
    action="督促执法主体立即处理并答复投诉举报人，说明逾期原因。",
)
def complaint_unanswered(h: Hit) -> Iterator[Finding]:
    """Collects each complaint's dates; the clock part (below) reports the late ones."""
    mem = h.memory("R2.complaint_unanswered")
    e = h.event
    assert isinstance(e, kev.ComplaintEvent)
    cid = e.complaint_id
    if isinstance(e, kev.ComplaintReceived):
        mem[cid] = {
            "body": e.body_id,
            "received": e.received_on,
            "accepted": None,
            "done": None,
            "entries": [h.index],
        }
        return
    c = mem.get(cid)
    if c is None:
        return
    c["entries"].append(h.index)
    if isinstance(e, kev.ComplaintAccepted):
        c["accepted"] = e.accepted_on
    elif isinstance(e, kev.ComplaintRejected):
        c["accepted"] = c["done"] = e.rejected_on
    elif isinstance(e, kev.ComplaintReplied):
        c["done"] = c["done"] or e.replied_on
    elif isinstance(e, kev.ComplaintClosed):
        c["done"] = c["done"] or e.closed_on
    yield from ()


@global_timed("R2.complaint_unanswered")
def _complaints_late(engine: Engine, as_of: date) -> Iterator[Finding]:
    ctx = engine.ctx
    r = RULES["R2.complaint_unanswered"]
    for cid, c in engine.memory.get(r.id, {}).items():
        received: date = c["received"]
        try:
            accept_by = ctx.add_working_days(
                received, ctx.number("complaint.accept.deadline", received)
            )
        except ConfigurationError:
            continue
        accepted: date | None = c["accepted"]
        what = ""
        if (accepted or as_of) > accept_by:
            what = (
                f"至{accepted.isoformat()}才决定受理（期限至{accept_by.isoformat()}）"
                if accepted
                else f"超过受理期限（{accept_by.isoformat()}）仍未决定是否受理"
            )
        elif accepted is not None:
            try:
                handle_by = ctx.add_days(
                    accepted, ctx.number("complaint.handle.deadline", accepted)
                )
            except ConfigurationError:
                continue
            done: date | None = c["done"]
            if (done or as_of) > handle_by:
                what = (
                    f"至{done.isoformat()}才办结答复（期限至{handle_by.isoformat()}）"
                    if done
                    else f"受理后超过办结期限（{handle_by.isoformat()}）仍未答复"
                )
        if not what:
            continue
        yield r.finding(
            Subject(SubjectKind.COMPLAINT, cid, "投诉举报"),
            c["entries"],
            as_of,
            body_id=c["body"],
            received=received.isoformat(),
            what=what,
        )
