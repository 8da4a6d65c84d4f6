"""准则第三条 严格按照法律规定和客观事实执法: 严禁乱收费、乱罚款、乱检查、乱查封；严禁违规
异地执法和趋利性执法；严禁下达或变相下达罚没指标；严禁截留、坐收坐支、私分、占用、挪用罚没财物.

Most of it is refused before it happens by the case model's guards (``zhifa.cases.model``)
and the registry's ``authorize``: a fine above the statutory maximum, a penalty kind the
matter does not provide, a 查封/扣押 of property unrelated to the case or for longer than
the law allows, cash taken on the spot without a statutory ground, a payment outside the
designated bank or electronic channel, a case in another body's territory. They are declared
here with ``guard(...)`` so that supervisors see them among the rules.

What only time shows is found by the detectors: a 查封/扣押 left in force past its term,
cash collected on the spot and not handed over in time. Inspections are recorded even when
unlawful (refusing the record would hide them), so 乱检查 is found afterwards: an inspection
under no published item, without the head's approval, or outside the body's territory with
no joint body of that place. What no single case shows is found by an analysis: a body whose
罚没收入 rises sharply on the same period of the year before.

Not covered, because nothing is recorded to check: 乱收费 (no fee is an event), a 罚没指标
handed down (no such record), the body's paying collected fines into the bank
(``collection.handover.agency`` has no event).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from zhifa.cases import events as cev
from zhifa.cases.model import CaseState, Measure, Stage
from zhifa.conduct.articles.article_04 import lookup_matter
from zhifa.conduct.engine import Ctx, Engine, Hit, Track, conclusion
from zhifa.conduct.model import RULES, Finding, Subject, SubjectKind, guard, rule
from zhifa.inspections.events import InspectionConducted
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import ConfigurationError, DomainError
from zhifa.kernel.money import Money
from zhifa.registry.model import Regions

ART = 3
CFL = "《中华人民共和国行政处罚法》"
CCL = "《中华人民共和国行政强制法》"
MODEL = "zhifa.cases.model"


# ------------------------------------------------------------------ guards (refused before)

guard(
    id="R3.fine_out_of_range",
    article=ART,
    title="乱罚款：罚款超过法定上限",
    basis=f"{CFL}第四条、第三十四条；各执法事项的罚则",
    guard_ref=f"{MODEL}._fine_in_range",
    explain="告知书或者处罚决定的罚款数额高于执法事项罚则规定的上限的，系统拒绝记录。（低于下限而未适用减轻处罚的，见第四条；以货值金额、违法所得等为基数的倍数罚款，决定未记录基数，系统不能核对。）",
    action="在法定幅度内确定罚款数额。",
)

guard(
    id="R3.penalty_kind_not_allowed",
    article=ART,
    title="乱罚款：处以执法事项罚则未规定的处罚种类",
    basis=f"{CFL}第四条（处罚以法律、法规、规章规定为限）",
    guard_ref=f"{MODEL}._penalties",
    explain="告知书、处罚决定或者当场处罚决定的处罚种类不在该执法事项罚则规定的种类之内的，系统拒绝记录。",
    action="处罚种类以法律、法规、规章对该违法行为的规定为限。",
)

guard(
    id="R3.seizure_unrelated_items",
    article=ART,
    title="乱查封：查封、扣押与违法行为无关的财物",
    basis=f"{CCL}第二十三条",
    guard_ref=f"{MODEL}._measure",
    explain="查封、扣押清单中有一项未标明与违法行为有关的，系统拒绝记录该强制措施（不得查封、扣押与违法行为无关的场所、设施或者财物，以及公民个人及其所扶养家属的生活必需品）。",
    action="查封、扣押限于涉案的场所、设施或者财物，逐项写明与违法行为的关联。",
)

guard(
    id="R3.seizure_term_exceeded",
    article=ART,
    title="乱查封：查封、扣押期限超过法定期限",
    basis=f"{CCL}第二十五条",
    guard_ref=f"{MODEL}._measure_ext",
    explain="查封、扣押决定的期限超过三十日（_measure），或者延长超过三十日、第二次延长、原期限届满后才延长（_measure_ext）的，系统拒绝记录。期限届满而未解除的，由 R3.seizure_overdue 发现。",
    action="情况复杂确需延长的，在期限届满前经行政机关负责人批准延长一次（不超过三十日），并书面告知当事人。",
)

guard(
    id="R3.on_the_spot_collection",
    article=ART,
    title="乱罚款：不符合法定情形当场收缴罚款",
    basis=f"{CFL}第六十八条、第六十九条、第七十条",
    guard_ref=f"{MODEL}._on_the_spot",
    explain="当场收缴罚款不属于一百元以下、事后难以执行或者边远水上交通不便地区等法定情形，或者收缴金额与罚款不一致、未出具专用票据的，系统拒绝记录当场处罚决定。",
    action="不符合当场收缴情形的，告知当事人到指定银行或者通过电子支付系统缴纳罚款。",
)

guard(
    id="R3.payment_channel",
    article=ART,
    title="坐收坐支：罚款未缴入指定银行或者电子支付系统",
    basis=f"{CFL}第五十九条第一款第（四）项、第六十七条（罚缴分离）",
    guard_ref=f"{MODEL}._paid",
    explain="登记缴款的渠道不是指定银行或者电子支付系统（执法人员自行收取罚款）的，系统拒绝登记；处罚决定未载明缴款的指定银行或者电子支付系统的，也拒绝记录（_decision）。",
    action="告知当事人到指定银行或者通过电子支付系统缴纳罚款；当场收缴的，依法出具专用票据并按期交回。",
)

guard(
    id="R3.out_of_region",
    article=ART,
    title="违规异地执法：在执法主体管辖区域以外立案、处罚",
    basis=f"{CFL}第二十二条、第二十六条",
    guard_ref="zhifa.registry.authorize.authorize",
    explain="案件的违法行为发生地（区划代码）不在执法主体的管辖区域内的，系统拒绝立案或者记录当场处罚（拒绝理由目前以准则第一条“越权执法”表述；执法证载明区域不含该地的，见 R1.beyond_region）。系统没有“协助”记录：需要异地协助的，由当地有管辖权的机关依行政处罚法第二十六条自行实施。",
    action="移送违法行为发生地有管辖权的机关处理，或者请求当地机关协助。",
)

guard(
    id="R3.no_evidence",
    article=ART,
    title="事实不清、证据不足即告知拟处罚",
    basis=f"{CFL}第四十条",
    guard_ref=f"{MODEL}._notified",
    explain="案件尚未记录任何证据即告知拟作出的行政处罚的，系统拒绝记录告知。",
    action="先调查取证，查明事实；违法事实不清、证据不足的，不得给予行政处罚。",
)

guard(
    id="R3.limitation_expired",
    article=ART,
    title="违法行为超过追责时效仍立案处罚",
    basis=f"{CFL}第三十六条",
    guard_ref=f"{MODEL}._limitation",
    explain="立案时记录的违法行为发生（终了）日期到发现之日已超过二年（涉及公民生命健康安全、金融安全且有危害后果的五年）的，系统拒绝立案。",
    action="不予立案并说明理由；法律另有规定的，写明依据。",
)

guard(
    id="R3.demand_unfounded",
    article=ART,
    title="没有逾期未履行的义务即催告",
    basis=f"{CCL}第三十五条",
    guard_ref=f"{MODEL}._demand",
    explain="罚款已缴清、决定已被撤销，或者缴款期限尚未届满即催告当事人履行的，系统拒绝记录催告。",
    action="缴款期限届满、当事人仍未履行的，再依法书面催告。",
)


# ------------------------------------------------------------------ 查封、扣押期限

_MEASURE_ZH = {"seal": "查封", "seize": "扣押", "freeze": "冻结"}
# 行政强制法第二十五条第三款: 检测、检验、检疫或者技术鉴定的期间不计入查封、扣押期间.
_NOT_COUNTED = frozenset({"testing", "appraisal"})


def measure_days(
    imposed_on: date, duration_days: int, periods: list[tuple[date, date]]
) -> tuple[int, int]:
    """The term of a 查封/扣押 in calendar days, and the days of it not counted.

    ``duration_days`` is the term decided (extensions included); each testing or appraisal
    period that begins before the term (lengthened by the periods before it) has run out
    adds its days, those the term already counted for an overlapping period counted once.
    Days before the imposition, or a period that begins after the term ran out, add nothing.
    """
    end = imposed_on + timedelta(days=duration_days)
    counted_to = imposed_on  # the last day already added (the imposition day never counts)
    extra = 0
    for a, b in sorted(periods):
        start = max(a, counted_to + timedelta(days=1))
        if start > end:
            break
        if b < start:
            continue
        days = (b - start).days + 1
        extra += days
        end += timedelta(days=days)
        counted_to = b
    return duration_days + extra, extra


@rule(
    id="R3.seizure_overdue",
    article=ART,
    kind="detector",
    title="乱查封：查封、扣押期限届满未解除",
    basis=f"{CCL}第二十五条、第二十八条第一款第（四）项",
    severity="high",
    params=("coercion.seizure.duration", "coercion.seizure.extension"),
    on=("MeasureReleased", "TimeExcluded"),
    timed=True,
    explain="案件{subject}的{kind}（措施编号{measure}）于{imposed}实施，期限{days}日{note}，至{due}届满；{what}。",
    action="督促执法主体立即解除{kind}、退还财物并书面告知当事人；依法应当没收、销毁的，依法作出处理决定。查明超期原因，追究相关人员责任。",
)
def seizure_overdue(
    x: Hit | Track, ctx: Ctx | None = None, as_of: date | None = None
) -> Iterator[Finding]:
    """A 查封、扣押 or 冻结 still in force after its term ran out, or released only after it.

    The term is the one decided, with its approved extension (the case model folds it in),
    counted in calendar days from the day after imposition; testing and appraisal periods
    recorded on the case (``TimeExcluded`` with reason ``testing`` or ``appraisal``) do not
    count (行政强制法第二十五条第三款). A case transferred to another organ hands its
    seized property over with it and is left alone."""
    if isinstance(x, Hit):
        t, s, e = x.track, x.before, x.event
        if t is None or s is None:
            return
        if isinstance(e, cev.TimeExcluded):
            if e.reason in _NOT_COUNTED:
                t.memo.setdefault("R3.seizure_overdue", []).append((e.from_on, e.to_on))
            return
        assert isinstance(e, cev.MeasureReleased)
        m = s.measure(e.measure_id)
        if m is not None:
            yield from _overdue(x.ctx, t, e.measure_id, m, x.on, e.released_on, x.index)
        return
    assert ctx is not None
    assert as_of is not None
    s = x.state
    if s is None or s.stage is Stage.TRANSFERRED:
        return
    for mid, m in s.measures:
        if m.released_on is None:
            yield from _overdue(ctx, x, mid, m, as_of)


def _overdue(
    ctx: Ctx,
    t: Track,
    mid: str,
    m: Measure,
    on: date,
    released_on: date | None = None,
    index: int | None = None,
) -> Iterator[Finding]:
    """The finding when the measure was released after its term (``released_on``, by the
    event at ``index``), or is still in force on ``on`` after it."""
    days, extra = measure_days(m.imposed_on, m.duration_days, t.memo.get("R3.seizure_overdue", []))
    try:
        due = ctx.add_days(m.imposed_on, days)
    except ConfigurationError:
        return  # the holiday calendar of that year is not loaded yet
    end = released_on or on
    if end <= due:
        return
    if released_on is not None:
        what = f"至{released_on.isoformat()}才解除，超期{(end - due).days}日"
    else:
        what = f"截至{on.isoformat()}仍未解除，已超期{(end - due).days}日"
    note = "（含批准延长）" if m.extended else ""
    if extra:
        note += f"，检测、鉴定期间{extra}日不计入"
    yield RULES["R3.seizure_overdue"].finding(
        ctx.case(t.case_id),
        t.marked(f"MeasureImposed:{mid}", f"MeasureExtended:{mid}")
        + ([] if index is None else [index]),
        on,
        body_id=t.body_id,
        case_id=t.case_id,
        discriminator=mid,
        kind=_MEASURE_ZH.get(m.kind, m.kind),
        measure=mid,
        imposed=m.imposed_on.isoformat(),
        days=m.duration_days,
        note=note,
        due=due.isoformat(),
        what=what,
    )


# ------------------------------------------------------------------ 当场收缴的罚款交回


@rule(
    id="R3.cash_not_handed_over",
    article=ART,
    kind="detector",
    title="截留罚款：当场收缴的罚款未按期交回行政机关",
    basis=f"{CFL}第七十一条",
    severity="high",
    params=("collection.handover.officer",),
    on=("CashHandedOver",),
    timed=True,
    explain="案件{subject}于{decided}当场收缴罚款{collected}（执法人员：{officers}），最迟应于{due}交至行政机关；{what}。",
    action="督促收缴罚款的执法人员立即将罚款交至行政机关，由行政机关缴付指定银行；查明是否存在截留、挪用、坐收坐支，依法追究责任。",
)
def cash_not_handed_over(
    x: Hit | Track, ctx: Ctx | None = None, as_of: date | None = None
) -> Iterator[Finding]:
    """Cash collected on the spot (简易程序) not handed to the body within the working days
    the law allows from the day it was collected, or handed over only after them."""
    if isinstance(x, Hit):
        t, s, e = x.track, x.before, x.event
        assert isinstance(e, cev.CashHandedOver)
        if t is not None and s is not None:
            late = f"至{e.handed_on.isoformat()}才交回{Money(e.amount_fen)}"
            yield from _cash(x.ctx, t, s, x.on, e.handed_on, late, [x.index])
        return
    assert ctx is not None
    assert as_of is not None
    s = x.state
    if s is not None and s.collected_cash_fen > s.handed_over_fen:
        owed = Money(s.collected_cash_fen - s.handed_over_fen)
        still = f"截至{as_of.isoformat()}仍有{owed}未交回"
        yield from _cash(ctx, x, s, as_of, as_of, still, x.marked("CashHandedOver"))


def _cash(
    ctx: Ctx, t: Track, s: CaseState, on: date, end: date, what: str, more: list[int]
) -> Iterator[Finding]:
    """The finding when ``end`` (the handover, or today) is past the handover period."""
    if s.decided_on is None:
        return
    try:
        n = ctx.number("collection.handover.officer", s.decided_on)
        due = ctx.add_working_days(s.decided_on, n)
    except ConfigurationError:
        return  # the holiday calendar of that year is not loaded yet
    if end <= due:
        return
    yield RULES["R3.cash_not_handed_over"].finding(
        ctx.case(t.case_id),
        t.marked("SummaryDecisionIssued") + more,
        on,
        body_id=t.body_id,
        case_id=t.case_id,
        decided=s.decided_on.isoformat(),
        collected=Money(s.collected_cash_fen),
        officers="、".join(ctx.officer_name(o) for o in s.officer_ids) or "未记录",
        due=due.isoformat(),
        what=what,
    )


# ------------------------------------------------------------------ 乱检查、违规异地检查

GUIDE_54 = "《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）"
_INSPECTION_ZH = {
    "routine": "日常检查",
    "random": "双随机抽查",
    "case": "案件调查检查",
    "special": "专项检查",
}


def _inspection_facts(ctx: Ctx, e: InspectionConducted) -> dict[str, Any]:
    """What every inspection finding names: the body, the day, the enterprise (a public
    fact, not personal data) and the kind of inspection."""
    return {
        "body": ctx.body_name(e.body_id),
        "on": legal_date(e.started_at).isoformat(),
        "enterprise": e.enterprise_name,
        "kind": _INSPECTION_ZH.get(e.kind, e.kind),
    }


def _inspection(e: InspectionConducted) -> Subject:
    return Subject(SubjectKind.INSPECTION, e.inspection_id, e.enterprise_name)


@rule(
    id="R3.inspection_without_item",
    article=ART,
    kind="detector",
    title="乱检查：没有公布的行政检查事项即实施检查",
    basis=f"{GUIDE_54}第三部分（清理并公布行政检查事项，从源头上遏制乱检查）",
    severity="medium",
    on=("InspectionConducted",),
    explain="{body}于{on}对企业“{enterprise}”实施{kind}，{what}。",
    action="督促执法主体停止实施没有公布依据的检查并说明检查依据；确需检查的，依法将检查事项纳入清单并向社会公布后再实施。",
)
def inspection_without_item(h: Hit) -> Iterator[Finding]:
    """An inspection recorded under no item, or under a code that is not in the published
    catalog. (The inspection is recorded all the same: refusing the record would hide an
    inspection that took place.) An engine that cannot read the catalog stays silent."""
    e = h.event
    assert isinstance(e, InspectionConducted)
    if e.item_code:
        answered, matter = lookup_matter(h.engine, e.item_code)
        if not answered or matter is not None:
            return
        what = f"所依据的事项“{e.item_code}”不在公布的行政检查事项中"
    else:
        what = "没有载明所依据的行政检查事项"
    yield RULES["R3.inspection_without_item"].finding(
        _inspection(e),
        [h.index],
        h.on,
        body_id=e.body_id,
        what=what,
        **_inspection_facts(h.ctx, e),
    )


@rule(
    id="R3.inspection_unapproved",
    article=ART,
    kind="detector",
    title="乱检查：未经负责人批准实施检查",
    basis=f"{GUIDE_54}；司法部《行政检查文书基本格式文本（试行）》（行政检查审批表）",
    severity="medium",
    on=("InspectionConducted",),
    explain="{body}于{on}对企业“{enterprise}”实施{kind}，{what}。",
    action="督促执法主体落实检查审批制度，检查前报本机关负责人批准；查明未经批准即实施检查的原因和责任人员。",
)
def inspection_unapproved(h: Hit) -> Iterator[Finding]:
    """An inspection with no approval by the body's head, or approved only after it began."""
    e = h.event
    assert isinstance(e, InspectionConducted)
    began = legal_date(e.started_at)
    if not e.approved_by or e.approved_on is None:
        what = "没有本机关负责人批准检查的记录"
    elif e.approved_on > began:
        what = f"负责人于{e.approved_on.isoformat()}才批准，晚于检查开始"
    else:
        return
    yield RULES["R3.inspection_unapproved"].finding(
        _inspection(e),
        [h.index],
        h.on,
        body_id=e.body_id,
        what=what,
        **_inspection_facts(h.ctx, e),
    )


# 日常检查 and 双随机抽查 follow a plan made and published in advance; a 案件调查检查 follows
# a lead or a complaint, and a 专项检查 is ordered from above: neither needs an annual plan.
_PLANNED = ("routine", "random")


@rule(
    id="R3.inspection_unplanned",
    article=ART,
    kind="detector",
    title="乱检查：日常检查、双随机抽查不在检查计划内",
    basis=f"{GUIDE_54}（制定并公布年度行政检查计划，未列入计划的不得实施日常检查）；《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）",
    severity="low",
    on=("InspectionConducted",),
    explain="{body}于{on}对企业“{enterprise}”实施{kind}，没有载明所属的年度检查计划或抽查计划。",
    action="督促执法主体按照公布的年度检查计划和抽查计划实施日常检查；计划外确需检查的，说明依据并按案件调查或专项检查程序办理。",
)
def inspection_unplanned(h: Hit) -> Iterator[Finding]:
    """A 日常检查 or 双随机抽查 recorded under no inspection plan."""
    e = h.event
    assert isinstance(e, InspectionConducted)
    if e.kind not in _PLANNED or e.plan_id.strip():
        return
    yield RULES["R3.inspection_unplanned"].finding(
        _inspection(e),
        [h.index],
        h.on,
        body_id=e.body_id,
        **_inspection_facts(h.ctx, e),
    )


@rule(
    id="R3.inspection_out_of_region",
    article=ART,
    kind="detector",
    title="违规异地执法：在管辖区域以外实施检查，没有协作记录",
    basis=f"{GUIDE_54}（行政检查遵循属地管辖，跨地区检查依协作机制）；{CFL}第二十二条、第二十六条",
    severity="high",
    on=("InspectionConducted",),
    explain="{body}（管辖区域：{home}）于{on}在{place}对企业“{enterprise}”实施{kind}，该地不在其管辖区域内，也没有与当地执法主体联合检查的记录。",
    action="督促执法主体说明跨区域检查的依据；确需异地检查的，应当通过协作机制请当地有管辖权的机关实施或者联合实施，并追究违规异地执法的责任。",
)
def inspection_out_of_region(h: Hit) -> Iterator[Finding]:
    """An inspection in a place outside the body's territory, with none of the bodies it
    was done jointly with (``joint_with``: the record of cooperation) covering that place.
    A body's territory is what its ``BodyRegistered``/``BodyChanged`` said (the engine
    keeps it in ``ctx.body_regions``); a body the engine has not seen registered, or an
    unknown region code, is not judged. (An
    inspection under a published item is refused outside the territory already, by the
    registry's ``authorize``; this finds the others.)"""
    e = h.event
    assert isinstance(e, InspectionConducted)
    regions = Regions.load()
    home = h.ctx.body_regions.get(e.body_id)
    if home is None or e.region_code not in regions or home not in regions:
        return
    covering = [home, *(h.ctx.body_regions.get(b, "") for b in e.joint_with)]
    if any(regions.contains(r, e.region_code) for r in covering if r):
        return
    yield RULES["R3.inspection_out_of_region"].finding(
        _inspection(e),
        [h.index],
        h.on,
        body_id=e.body_id,
        home=regions.full_name(home),
        place=regions.full_name(e.region_code),
        **_inspection_facts(h.ctx, e),
    )


# ------------------------------------------------------------------ 罚没收入同比增长

# Evidence kept per body and month: the largest receipts only, so that memory stays
# proportional to bodies × months, never to the number of payments (a technical bound).
TOP_PER_MONTH = 10


@rule(
    id="R3.revenue_growth",
    article=ART,
    kind="analysis",
    title="趋利性执法风险：罚没收入同比大幅增长",
    basis="《行政执法人员行为准则》第三条（严禁趋利性执法、严禁下达或变相下达罚没指标）；《行政执法监督条例》；规范涉企行政执法专项行动（2025年）罚没收入预警",
    severity="medium",
    params=("revenue.alert.growth",),
    on=("PaymentReceived", "DecisionIssued", "SummaryDecisionIssued"),
    explain="执法主体{subject}在{period}的罚没收入为{current}（{count}笔），上年同期为{base}，同比增长{growth}%，达到预警比例{limit}%。{note}",
    action="请执法主体说明罚没收入增长的原因（案件数量、案情变化等），核查是否存在下达或变相下达罚没指标、以罚代管、选择性执法等趋利性执法问题。",
)
def revenue_growth(h: Hit) -> Iterator[Finding]:
    """罚没收入 per body and month: fines paid (``PaymentReceived``), cash collected on the
    spot (``SummaryDecisionIssued``) and amounts confiscated (``DecisionIssued``), each on
    the day it was paid, collected or decided. The conclusion compares each year (the
    current year up to its last complete month) with the same months of the year before."""
    e = h.event
    if isinstance(e, cev.PaymentReceived):
        amount, day = e.amount_fen, e.paid_on
    elif isinstance(e, cev.DecisionIssued):
        amount, day = e.confiscation_fen, e.decided_on
    else:
        assert isinstance(e, cev.SummaryDecisionIssued)
        amount, day = e.collected_on_spot_fen, e.decided_on
    if amount <= 0:
        return
    months: dict[int, list[Any]] = h.memory("R3.revenue_growth").setdefault(e.body_id, {})
    key = day.year * 12 + day.month - 1
    cell = months.get(key)
    if cell is None:
        cell = months[key] = [0, 0, []]  # total, count, heap of the largest (amount, index)
    cell[0] += amount
    cell[1] += 1
    top: list[tuple[int, int]] = cell[2]
    if len(top) < TOP_PER_MONTH:
        heapq.heappush(top, (amount, h.index))
    elif amount > top[0][0]:
        heapq.heapreplace(top, (amount, h.index))
    yield from ()


def _month_end(key: int) -> date:
    y, m = divmod(key + 1, 12)
    return date(y, m + 1, 1) - timedelta(days=1)


def _period_zh(year: int, months: int) -> str:
    if months == 12:
        return f"{year}年"
    return f"{year}年1月" if months == 1 else f"{year}年1月至{months}月"


def _revenue_growth(engine: Engine, as_of: date) -> Iterator[Finding]:
    r = RULES["R3.revenue_growth"]
    ctx = engine.ctx
    # The last complete month as of ``as_of``: the current month counts on its last day.
    last = as_of.year * 12 + as_of.month - 1
    if _month_end(last) > as_of:
        last -= 1
    for body, months in engine.memory.get(r.id, {}).items():
        for year in sorted({k // 12 for k in months}):
            first = year * 12
            end = min(first + 11, last)
            if end < first:
                continue
            cur = [c for c in (months.get(k) for k in range(first, end + 1)) if c]
            base = sum(c[0] for c in (months.get(k - 12) for k in range(first, end + 1)) if c)
            current = sum(c[0] for c in cur)
            if base <= 0 or current <= base:
                continue
            try:
                limit = ctx.number("revenue.alert.growth", _month_end(end))
            except DomainError:
                continue  # no alert threshold in force for that period
            if (current - base) * 100 < limit * base:
                continue
            count = sum(c[1] for c in cur)
            evidence = [i for c in cur for _, i in c[2]]
            span = end - first + 1
            yield r.finding(
                ctx.body(body),
                evidence,
                as_of,
                body_id=body,
                discriminator=str(year),
                period=_period_zh(year, span),
                current=Money(current),
                count=count,
                base=Money(base),
                growth=(current - base) * 100 // base,
                limit=limit,
                note=(
                    f"证据列出各月金额最大的至多{TOP_PER_MONTH}笔（共{count}笔）。"
                    if count > len(evidence)
                    else ""
                ),
            )


conclusion("R3.revenue_growth")(_revenue_growth)
