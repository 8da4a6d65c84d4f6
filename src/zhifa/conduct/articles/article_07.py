"""准则第七条 严格做到执法与服务相结合: 坚持精准执法；首违不罚、轻微不罚；更多采用说服教育、
劝导示范、指导约谈等方式；涉企检查不得重复、过频."""

from __future__ import annotations

from collections.abc import Iterator

from zhifa.cases import events as cev
from zhifa.conduct.engine import Hit
from zhifa.conduct.model import RULES, Finding, rule
from zhifa.inspections.events import InspectionConducted

ART = 7
_CFL = "《中华人民共和国行政处罚法》"

# Words a stated reason uses when it engages with the exemption it sets aside: the decision
# must say why 第三十三条 or the 免罚清单 does not apply, not only why this tier was chosen.
_ENGAGES = ("第三十三条", "首违", "轻微", "免罚", "不予处罚", "主观过错", "及时改正")


def _meets_art33(c: cev.CircumstancesAssessed) -> list[str]:
    why = []
    if c.first_offence and c.harm_minor and c.corrected_in_time:
        why.append("初次违法且危害后果轻微并及时改正（第三十三条第一款）")
    if c.no_fault:
        why.append("有证据足以证明没有主观过错（第三十三条第二款）")
    if c.exemption_item.strip():
        why.append(f"属于免罚清单事项“{c.exemption_item.strip()}”")
    return why


@rule(
    id="R7.exempt_but_penalised",
    article=ART,
    kind="detector",
    title="符合首违不罚、轻微不罚或免罚清单情形，仍予处罚且未说明理由",
    basis=f"{_CFL}第三十三条；《国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见》（国办发〔2022〕27号）",
    severity="medium",
    on=("CircumstancesAssessed", "DecisionIssued"),
    explain="案件{subject}认定的情节{why}，但{decided}作出的处罚决定仍予{penalty}，决定载明的理由未说明为何不适用不予处罚。",
    action="由法制审核机构复核该决定；确属应当不罚或可以不罚而未说明理由的，依法纠正并对当事人说明理由。",
)
def exempt_but_penalised(h: Hit) -> Iterator[Finding]:
    """A penalty decided although the recorded circumstances meet 行政处罚法第三十三条 (or a
    免罚清单 item), and the decision's reason does not engage with the exemption."""
    t = h.track
    if t is None:
        return
    e = h.event
    if isinstance(e, cev.CircumstancesAssessed):
        t.memo["circumstances"] = (h.index, e)
        return
    assert isinstance(e, cev.DecisionIssued)
    noted = t.memo.get("circumstances")
    if noted is None or not e.penalty_kinds:
        return
    idx, c = noted
    why = _meets_art33(c)
    if not why or any(w in e.tier_reason for w in _ENGAGES):
        return
    fine = f"罚款{e.fine_fen / 100:,.2f}元" if e.fine_fen else "处罚"
    yield RULES["R7.exempt_but_penalised"].finding(
        h.ctx.case(t.case_id),
        [idx, h.index],
        h.on,
        body_id=t.body_id,
        case_id=t.case_id,
        why="；".join(why),
        decided=e.decided_on.isoformat(),
        penalty=fine,
    )


# ------------------------------------------------------------------ 涉企检查

_COUNTED = ("routine", "random", "case")  # 上级部署的专项检查 (special) is not counted
_KIND_ZH = {
    "routine": "日常检查",
    "random": "双随机抽查",
    "case": "案件调查检查",
    "special": "专项检查",
}


@rule(
    id="R7.inspection_over_cap",
    article=ART,
    kind="detector",
    title="同一执法主体对同一企业年度检查次数超过上限",
    basis="《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）",
    severity="medium",
    params=("inspection.annual_cap",),
    on=("InspectionConducted",),
    explain="{body}在{year}年已对企业“{enterprise}”（{uscc}）检查{count}次，超过年度上限{cap}次（专项检查不计入）。",
    action="督促执法主体停止对该企业的超频检查，改用非现场监管、联合检查等方式，说明超出上限的理由。",
)
def inspection_over_cap(h: Hit) -> Iterator[Finding]:
    """More inspections of one enterprise by one body in one year than the cap allows."""
    e = h.event
    assert isinstance(e, InspectionConducted)
    if e.kind not in _COUNTED:
        return
    year = h.on.year
    seen: list[int] = h.memory("R7.inspection_over_cap").setdefault(
        f"{e.body_id}|{e.enterprise_uscc}|{year}", []
    )
    seen.append(h.index)
    cap = h.ctx.number("inspection.annual_cap", h.on)
    if len(seen) <= cap:
        return
    yield RULES["R7.inspection_over_cap"].finding(
        h.ctx.body(e.body_id),
        seen,
        h.on,
        body_id=e.body_id,
        # One finding per enterprise-year; each further inspection adds to its evidence
        # only in the engine's memory (the recorded finding keeps the entries that proved it).
        discriminator=f"{e.enterprise_uscc}:{year}",
        body=h.ctx.body_name(e.body_id),
        year=year,
        enterprise=e.enterprise_name,
        uscc=e.enterprise_uscc,
        count=len(seen),
        cap=cap,
    )


@rule(
    id="R7.inspection_repeated",
    article=ART,
    kind="detector",
    title="不同部门短期内对同一企业重复检查",
    basis="《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）（推行联合检查，避免重复检查）",
    severity="low",
    params=("inspection.repeat_window",),
    on=("InspectionConducted",),
    explain="{body}于{on}检查企业“{enterprise}”（{uscc}），该企业在{days}日前（{earlier_on}）刚被{earlier_body}检查，两次检查不是联合检查（提示期间{window}日）。",
    action="督促相关部门统筹检查计划，能联合的联合检查、能共享结果的共享结果，避免重复打扰企业。",
)
def inspection_repeated(h: Hit) -> Iterator[Finding]:
    """Another body inspected the same enterprise within the window, and not jointly."""
    e = h.event
    assert isinstance(e, InspectionConducted)
    mem = h.memory("R7.inspection_repeated")
    last: dict[str, tuple[int, object]] = mem.setdefault(e.enterprise_uscc, {})
    window = h.ctx.number("inspection.repeat_window", h.on)
    for body, (idx, on) in last.items():
        if body == e.body_id or body in e.joint_with:
            continue
        days = (h.on - on).days  # type: ignore[operator]
        if 0 <= days <= window and e.kind != "special":
            yield RULES["R7.inspection_repeated"].finding(
                h.ctx.body(e.body_id),
                [idx, h.index],
                h.on,
                body_id=e.body_id,
                discriminator=e.inspection_id,
                body=h.ctx.body_name(e.body_id),
                on=h.on.isoformat(),
                enterprise=e.enterprise_name,
                uscc=e.enterprise_uscc,
                days=days,
                earlier_on=on.isoformat(),  # type: ignore[attr-defined]
                earlier_body=h.ctx.body_name(body),
                window=window,
            )
            break
    last[e.body_id] = (h.index, h.on)
