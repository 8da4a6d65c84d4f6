"""准则第五条 严格遵守法定程序: 严格执行行政执法公示、执法全过程记录、重大执法决定法制审核
制度；依法保障当事人陈述、申辩、要求听证等权利.

Most of the procedure is refused before it happens by the case model's guards
(``zhifa.cases.model``): they are declared here with ``guard(...)`` so that supervisors see
them among the rules. What the guards cannot refuse — because the fact is only known later,
or because the step itself is lawful and only its surroundings are not — is found by the
detectors below: a decision taken while the party's statement period still ran, a 查封/扣押
without its audio-video record, a decision published or withdrawn late.

What this module cannot see: a 回避 request still waiting for the head's decision. The case
records only ``RecusalDecided`` (the decision with ``requested_by``); a request is not an
event of its own, so a request left undecided leaves no trace to find (see the report to the
lead: a ``RecusalRequested`` event would make it a timed detector).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from zhifa.cases import events as cev
from zhifa.cases.model import due_after
from zhifa.conduct.engine import Ctx, Engine, Hit, Track, global_timed
from zhifa.conduct.model import RULES, Finding, Subject, SubjectKind, guard, rule
from zhifa.disclosure import events as dev
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import ConfigurationError, NotFound

ART = 5
CFL = "《中华人民共和国行政处罚法》"
CCL = "《中华人民共和国行政强制法》"
GUIDE_118 = (
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的"
    "指导意见》（国办发〔2018〕118号）"
)
MODEL = "zhifa.cases.model"


# ------------------------------------------------------------------ guards (refused before)

guard(
    id="R5.decision_without_notice",
    article=ART,
    title="未经事先告知即作出处罚决定",
    basis=f"{CFL}第四十四条、第六十二条",
    guard_ref=f"{MODEL}._decision",
    explain="案件未告知拟作出的行政处罚内容及事实、理由、依据和当事人的陈述、申辩、听证权利的，系统拒绝记录处罚决定（只有“已告知”阶段的案件才能作出决定）。",
    action="先制作并送达行政处罚事先告知书，听取当事人陈述、申辩后再作出决定。",
)

guard(
    id="R5.notice_incomplete",
    article=ART,
    title="事先告知未写明拟处罚的事实、理由和依据",
    basis=f"{CFL}第四十四条",
    guard_ref=f"{MODEL}._notified",
    explain="告知书缺少拟作出处罚的事实、理由或者依据的，系统拒绝记录告知。",
    action="补全告知书的事实、理由和依据后再告知。",
)

guard(
    id="R5.hearing_right_not_notified",
    article=ART,
    title="属于听证范围却未告知听证权利",
    basis=f"{CFL}第六十三条",
    guard_ref=f"{MODEL}._notified",
    explain="拟作出的处罚属于听证范围（较大数额罚款、没收较大数额违法所得、降低资质等级、吊销许可证件、责令停产停业等）而告知书未告知听证权利的，系统拒绝记录告知。",
    action="在告知书中告知当事人有要求听证的权利及提出期限。",
)

guard(
    id="R5.hearing_window_open",
    article=ART,
    title="听证申请期限未届满即作出决定",
    basis=f"{CFL}第六十四条第（一）项",
    guard_ref=f"{MODEL}._decision",
    explain="当事人享有听证权利而申请期限（告知后五个工作日）尚未届满、也未申请的，系统拒绝记录处罚决定。",
    action="等待听证申请期限届满；当事人申请听证的，依法组织听证。",
)

guard(
    id="R5.hearing_not_held",
    article=ART,
    title="当事人申请听证而未举行听证即作出决定",
    basis=f"{CFL}第六十五条",
    guard_ref=f"{MODEL}._decision",
    explain="当事人已申请听证、听证尚未举行的，系统拒绝记录处罚决定。",
    action="依法通知并举行听证，根据听证笔录作出决定。",
)

guard(
    id="R5.hearing_notice_short",
    article=ART,
    title="听证通知不足七日",
    basis=f"{CFL}第六十四条第（二）项",
    guard_ref=f"{MODEL}._hearing_notice",
    explain="听证通知距举行听证不足法定的七个工作日的，系统拒绝记录听证通知。",
    action="重新确定听证日期，保证当事人有充分的准备时间。",
)

guard(
    id="R5.hearing_presider_investigated",
    article=ART,
    title="本案调查人员主持听证",
    basis=f"{CFL}第六十四条第（四）项",
    guard_ref=f"{MODEL}._presider",
    explain="听证主持人由本案调查人员担任的，系统拒绝记录听证通知和听证。",
    action="由行政机关指定非本案调查人员主持听证。",
)

guard(
    id="R5.heavier_after_defence",
    article=ART,
    title="因当事人陈述申辩而加重处罚",
    basis=f"{CFL}第四十五条第二款",
    guard_ref=f"{MODEL}._decision",
    explain="处罚决定的罚款、没收金额或者处罚种类重于告知书所告知的，系统拒绝记录处罚决定。",
    action="加重处罚须重新告知，并重新听取当事人的陈述、申辩。",
)

guard(
    id="R5.legal_review_missing",
    article=ART,
    title="重大执法决定未经法制审核或者审核未通过",
    basis=f"{CFL}第五十八条；{GUIDE_118}",
    guard_ref=f"{MODEL}._decision",
    explain="案件涉及听证范围的处罚或者被标记为涉及重大公共利益、法律关系复杂的，未经法制审核或者审核未通过，系统拒绝记录处罚决定。",
    action="提交本机关具有法律职业资格的法制审核人员审核，审核通过后再作出决定。",
)

guard(
    id="R5.reviewer_unqualified",
    article=ART,
    title="法制审核人员不具备审核资格",
    basis=f"{CFL}第五十八条第二款",
    guard_ref=f"{MODEL}._review",
    explain="审核人不是本机关在岗的法制审核人员，或者未取得法律职业资格的，系统拒绝记录法制审核。",
    action="由本机关取得法律职业资格的法制审核人员审核。",
)

guard(
    id="R5.collective_missing",
    article=ART,
    title="重大违法行为未经负责人集体讨论",
    basis=f"{CFL}第五十七条第二款",
    guard_ref=f"{MODEL}._decision",
    explain="拟给予责令停产停业、责令关闭、吊销许可证件等处罚而未经行政机关负责人集体讨论的，系统拒绝记录处罚决定。",
    action="召开负责人集体讨论会议并记录讨论结论后再作出决定。",
)

guard(
    id="R5.remedy_route_missing",
    article=ART,
    title="处罚决定未载明复议、诉讼的途径和期限",
    basis=f"{CFL}第五十九条第一款第（五）项",
    guard_ref=f"{MODEL}._decision",
    explain="给予行政处罚的决定未写明申请行政复议的机关或者提起行政诉讼的法院的，系统拒绝记录处罚决定。（不予行政处罚决定不在此列。）",
    action="在决定书中写明申请行政复议、提起行政诉讼的途径和期限。",
)

guard(
    id="R5.decision_served_late",
    article=ART,
    title="当事人不在场时未在七日内送达处罚决定书",
    basis=f"{CFL}第六十一条第一款",
    guard_ref=f"{MODEL}._served",
    explain="处罚决定作出后超过七个工作日才送达的，系统拒绝记录该送达。",
    action="依照民事诉讼法的有关规定在七日内送达；无法直接送达的，依法采用其他送达方式。",
)

guard(
    id="R5.measure_unapproved",
    article=ART,
    title="实施强制措施前未经负责人批准",
    basis=f"{CCL}第十八条第（一）项、第十九条",
    guard_ref=f"{MODEL}._measure",
    explain="查封、扣押、冻结的批准日期晚于实施日期且未标明情况紧急，或者紧急实施后超过二十四小时才补办批准的，系统拒绝记录该强制措施。",
    action="实施前向行政机关负责人报告并经批准；情况紧急的，二十四小时内补办批准手续。",
)

guard(
    id="R5.recusal_self_decided",
    article=ART,
    title="被申请回避的人员自己决定回避",
    basis=f"{CFL}第四十三条第三款",
    guard_ref=f"{MODEL}._recusal",
    explain="回避由行政机关负责人决定；由被申请回避的执法人员自己作出决定的，系统拒绝记录。",
    action="由行政机关负责人决定是否回避。",
)

guard(
    id="R5.enforcement_without_demand",
    article=ART,
    title="未经催告即申请人民法院强制执行",
    basis=f"{CCL}第五十四条",
    guard_ref=f"{MODEL}._court",
    explain="申请人民法院强制执行前未催告当事人履行义务，或者催告后未满十日的，系统拒绝记录申请。",
    action="先书面催告当事人履行义务，催告书送达十日后仍未履行的，再申请强制执行。",
)


# ------------------------------------------------------------------ detectors


def threshold(ctx: Ctx, key: str, on: date) -> int | None:
    """A supervision threshold (``conduct.*``) in force on ``on``, or ``None`` before the
    system had one: such a threshold is the system's, not the law's, and is not applied
    to a day before it was set."""
    try:
        return ctx.number(key, on)
    except NotFound:
        return None


def _safe_due(ctx: Ctx, key: str, start: date) -> date | None:
    """The last day of a period, or ``None`` when the holiday calendar of its year is not
    loaded yet (a period the system cannot count is not reported as cut short)."""
    try:
        return due_after(ctx.env, key, start)[0]
    except ConfigurationError:
        return None


@rule(
    id="R5.statement_period_cut",
    article=ART,
    kind="detector",
    title="陈述、申辩期限未届满即作出处罚决定",
    basis=f"{CFL}第四十四条、第四十五条；《行政执法人员行为准则》第五条（保障当事人陈述、申辩权利）",
    severity="high",
    params=("defence.statement.deadline",),
    on=("DocumentServed", "DecisionIssued"),
    explain="案件{subject}于{start}{how}，当事人陈述、申辩的期限至{due}；当事人未提出陈述、申辩，也未举行听证，执法主体却于{decided}作出处罚决定，当事人的陈述、申辩权利未得到保障。",
    action="核查当事人是否已明确放弃陈述、申辩；未放弃的，由执法主体依法自行纠正（撤销后重新听取陈述、申辩再作决定），并追究相关人员责任。",
)
def statement_period_cut(h: Hit) -> Iterator[Finding]:
    """A penalty decided on or before the last day of the party's statement period, when the
    party neither made a statement nor was heard at a hearing.

    The period (``defence.statement.deadline``) runs from the notice — from its service when
    a ``DocumentServed(document="notice")`` was recorded, since the party can only answer a
    notice it has received. The guards refuse an early decision only where the party had a
    hearing right (the hearing-request period); this detector covers every case. A decision
    not to penalise (no penalty kinds) takes nothing from the party and is left alone."""
    t, s, e = h.track, h.before, h.event
    if t is None or s is None:
        return
    if isinstance(e, cev.DocumentServed):
        if e.document == "notice":
            t.memo.setdefault("R5.notice_served", e.served_on)
        return
    assert isinstance(e, cev.DecisionIssued)
    if not e.penalty_kinds or s.notified_on is None:
        return
    if s.statements or s.hearing_held:
        return
    served: date | None = t.memo.get("R5.notice_served")
    start = max(s.notified_on, served) if served else s.notified_on
    due = _safe_due(h.ctx, "defence.statement.deadline", start)
    decided: date = e.decided_on
    if due is None or decided > due:
        return
    yield RULES["R5.statement_period_cut"].finding(
        h.ctx.case(t.case_id),
        [*t.marked("RightsNotified", "DocumentServed:notice"), h.index],
        h.on,
        body_id=t.body_id,
        case_id=t.case_id,
        start=start.isoformat(),
        how="送达行政处罚事先告知书" if served else "告知拟作出的行政处罚",
        due=due.isoformat(),
        decided=decided.isoformat(),
    )


@rule(
    id="R5.measure_unrecorded",
    article=ART,
    kind="detector",
    title="查封、扣押未全程音像记录",
    basis=f"{GUIDE_118}（查封扣押财产等现场执法活动推行全程音像记录）；《行政执法人员行为准则》第五条",
    severity="high",
    params=("conduct.late_entry.days",),
    on=("EvidenceCollected",),
    timed=True,
    explain="案件{subject}于{imposed}实施{what}（措施编号{measure}），案件中没有当日的音像记录；至{as_of}已超过{limit}日仍未上传。",
    action="督促执法主体说明未全程音像记录的原因并上传现场执法音像；确无记录的，依法追究相关人员责任并完善执法记录仪使用管理。",
)
def measure_unrecorded(
    x: Hit | Track, ctx: Ctx | None = None, as_of: date | None = None
) -> Iterator[Finding]:
    """A 查封 or 扣押 with no audio-visual evidence (``EvidenceCollected`` of kind
    ``audio_visual``) collected on the day it was imposed, once the time allowed for
    uploading it (``conduct.late_entry.days``, the same allowance as any other record) has
    passed. A 冻结 is done by a notice to a bank, not on site, and is left alone."""
    if isinstance(x, Hit):
        e = x.event
        assert isinstance(e, cev.EvidenceCollected)
        if x.track is not None and e.kind == "audio_visual":
            days = x.track.memo.setdefault("R5.av_days", {})
            days.setdefault(legal_date(e.collected_at), x.index)
        return
    assert ctx is not None
    assert as_of is not None
    s = x.state
    if s is None:
        return
    recorded: dict[date, int] = x.memo.get("R5.av_days", {})
    for mid, m in s.measures:
        if m.kind == "freeze" or m.imposed_on in recorded:
            continue
        limit = threshold(ctx, "conduct.late_entry.days", as_of)
        if limit is None or (as_of - m.imposed_on).days <= limit:
            continue
        yield RULES["R5.measure_unrecorded"].finding(
            ctx.case(x.case_id),
            x.marked(f"MeasureImposed:{mid}"),
            as_of,
            body_id=x.body_id,
            case_id=x.case_id,
            discriminator=mid,
            imposed=m.imposed_on.isoformat(),
            what="查封" if m.kind == "seal" else "扣押",
            measure=mid,
            as_of=as_of.isoformat(),
            limit=limit,
        )


def _pub_subject(ctx: Ctx, case_id: str, number: str = "") -> Subject:
    """The case, labelled with its number (from the case's own events, else the task's)."""
    return Subject(SubjectKind.CASE, case_id, ctx.case(case_id).label or number)


@rule(
    id="R5.publication_late",
    article=ART,
    kind="detector",
    title="行政处罚决定未按期公开",
    basis=f"{CFL}第四十八条；{GUIDE_118}（行政执法决定自作出之日起二十个工作日内公开，行政许可、行政处罚决定七个工作日内公开）",
    severity="medium",
    params=("disclosure.penalty_licensing", "disclosure.other_decisions"),
    on=("PublicationDue", "DecisionPublished", "PublicationCancelled", "PublicationLate"),
    timed=True,
    explain="案件{subject}的执法决定应于{due}前公开，{what}。",
    action="督促执法主体立即依法公开（已公开的，说明逾期原因），落实行政执法公示制度。",
)
def publication_late(h: Hit) -> Iterator[Finding]:
    """A decision published after its deadline (``PublicationLate``, recorded by the
    disclosure package) — or, on the clock, a publication task past its deadline with the
    decision neither published nor cancelled. The deadline is the disclosure package's own
    (``PublicationDue.due_on``, counted with the parameters named here)."""
    mem = h.memory("R5.publication_late")
    e = h.event
    assert isinstance(e, dev.PublicationEvent)
    if isinstance(e, dev.PublicationDue):
        mem[e.publication_id] = _Task(e.case_id, e.body_id, e.due_on, [h.index], e.number)
        return
    task: _Task | None = mem.get(e.publication_id)
    if task is not None:
        task.done = True
        task.entries.append(h.index)
    if not isinstance(e, dev.PublicationLate):
        return
    yield RULES["R5.publication_late"].finding(
        _pub_subject(h.ctx, e.case_id, task.number if task else ""),
        task.entries if task else [h.index],
        h.on,
        body_id=e.body_id,
        case_id=e.case_id,
        discriminator=e.publication_id,
        due=e.due.isoformat(),
        what=f"至{e.published_on.isoformat()}才公开，逾期{(e.published_on - e.due).days}日",
    )


@dataclass
class _Task:
    """A publication (or withdrawal) task as the disclosure package recorded it."""

    case_id: str
    body_id: str
    due: date
    entries: list[int]
    number: str = ""
    cause: str = ""
    done: bool = False


def _pending(engine: Engine, rule_id: str, as_of: date, doing_zh: str) -> Iterator[Finding]:
    r = RULES[rule_id]
    tasks: dict[str, _Task] = engine.memory.get(rule_id, {})
    for pid, task in tasks.items():
        if task.done or task.due >= as_of:
            continue
        yield r.finding(
            _pub_subject(engine.ctx, task.case_id, task.number),
            task.entries,
            as_of,
            body_id=task.body_id,
            case_id=task.case_id,
            discriminator=pid,
            due=task.due.isoformat(),
            cause=_CAUSE_ZH.get(task.cause, _CAUSE_ANY),
            what=f"截至{as_of.isoformat()}{doing_zh}，已逾期{(as_of - task.due).days}日",
        )


def _publications_pending(engine: Engine, as_of: date) -> Iterator[Finding]:
    return _pending(engine, "R5.publication_late", as_of, "仍未公开")


global_timed("R5.publication_late")(_publications_pending)


_CAUSE_ZH = {"varied": "变更", "revoked": "撤销", "declared_unlawful": "确认违法"}
_CAUSE_ANY = "变更、撤销或者确认违法"


@rule(
    id="R5.withdrawal_late",
    article=ART,
    kind="detector",
    title="被变更、撤销或者确认违法的处罚决定未按期撤回公开",
    basis=f"{CFL}第四十八条第二款（三日内撤回行政处罚决定信息并公开说明理由）",
    severity="high",
    params=("disclosure.withdrawal",),
    on=("WithdrawalDue", "PublicationWithdrawn", "WithdrawalLate"),
    timed=True,
    explain="案件{subject}已公开的处罚决定经复议或者诉讼被{cause}，应于{due}前撤回公开，{what}。",
    action="督促执法主体立即撤回已公开的处罚决定信息并公开说明理由，说明逾期原因。",
)
def withdrawal_late(h: Hit) -> Iterator[Finding]:
    """A published decision, since varied, revoked or declared unlawful, withdrawn after its
    deadline (``WithdrawalLate``) — or, on the clock, still shown past it."""
    mem = h.memory("R5.withdrawal_late")
    e = h.event
    assert isinstance(e, dev.PublicationEvent)
    if isinstance(e, dev.WithdrawalDue):
        mem[e.publication_id] = _Task(e.case_id, e.body_id, e.due_on, [h.index], cause=e.cause)
        return
    task: _Task | None = mem.get(e.publication_id)
    if task is not None:
        task.done = True
        task.entries.append(h.index)
    if not isinstance(e, dev.WithdrawalLate):
        return
    yield RULES["R5.withdrawal_late"].finding(
        _pub_subject(h.ctx, e.case_id),
        task.entries if task else [h.index],
        h.on,
        body_id=e.body_id,
        case_id=e.case_id,
        discriminator=e.publication_id,
        cause=_CAUSE_ZH.get(task.cause if task else "", _CAUSE_ANY),
        due=e.due.isoformat(),
        what=f"至{e.withdrawn_on.isoformat()}才撤回，逾期{(e.withdrawn_on - e.due).days}日",
    )


def _withdrawals_pending(engine: Engine, as_of: date) -> Iterator[Finding]:
    return _pending(engine, "R5.withdrawal_late", as_of, "仍在公开")


global_timed("R5.withdrawal_late")(_withdrawals_pending)


# ------------------------------------------------------------------ 回避申请


@rule(
    id="R5.recusal_undecided",
    article=5,
    kind="detector",
    title="回避申请未及时决定",
    basis=f"{CFL}第四十三条；《市场监督管理行政处罚程序规定》第十条",
    severity="high",
    params=("recusal.decision.deadline",),
    on=("RecusalRequested", "RecusalDecided", "DecisionIssued"),
    timed=True,
    explain="案件{subject}的执法人员{officer}于{requested}被申请回避，决定期限至{due}；{what}。",
    action="由执法主体负责人立即对回避申请作出决定；申请未决期间作出的处理决定，应审查是否重新作出。",
)
def recusal_undecided(
    x: Hit | Track, ctx: Ctx | None = None, as_of: date | None = None
) -> Iterator[Finding]:
    """A recusal request left undecided past its deadline, or a decision on the case taken
    while a request was still pending."""
    r = RULES["R5.recusal_undecided"]
    if isinstance(x, Hit):
        t, e = x.track, x.event
        if t is None:
            return
        pending: dict[str, tuple[int, date]] = t.memo.setdefault("recusal_pending", {})
        if isinstance(e, cev.RecusalRequested):
            pending[e.officer_id] = (x.index, e.requested_on)
        elif isinstance(e, cev.RecusalDecided):
            pending.pop(e.officer_id, None)
        elif isinstance(e, cev.DecisionIssued):
            for oid, (idx, requested) in pending.items():
                due = _recusal_due(x.ctx, requested)
                yield r.finding(
                    x.ctx.case(t.case_id),
                    [idx, x.index],
                    x.on,
                    body_id=t.body_id,
                    case_id=t.case_id,
                    discriminator=oid,
                    officer=x.ctx.officer_name(oid),
                    requested=requested.isoformat(),
                    due=due.isoformat() if due else "（期限所在年度的节假日安排尚未公布）",
                    what=f"申请尚未决定，即于{e.decided_on.isoformat()}作出了处罚决定",
                )
        return
    assert ctx is not None
    assert as_of is not None
    for oid, (idx, requested) in x.memo.get("recusal_pending", {}).items():
        due = _recusal_due(ctx, requested)
        if due is None or due >= as_of:
            continue
        yield r.finding(
            ctx.case(x.case_id),
            [idx],
            as_of,
            body_id=x.body_id,
            case_id=x.case_id,
            discriminator=oid,
            officer=ctx.officer_name(oid),
            requested=requested.isoformat(),
            due=due.isoformat(),
            what=f"截至{as_of.isoformat()}仍未作出决定",
        )


def _recusal_due(ctx: Ctx, requested: date) -> date | None:
    try:
        return ctx.add_working_days(requested, ctx.number("recusal.decision.deadline", requested))
    except ConfigurationError:
        return None
