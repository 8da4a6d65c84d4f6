"""准则第一条 严格遵循职权法定: 严禁无权执法、越权执法、无证执法、借证执法；严禁第三方服务
机构、辅助人员、网格员、临时工等执法.

Most of this article is refused before it happens: every step that names officers runs the
registry's ``authorize`` (``zhifa.registry.authorize``) through the case model's
``_officers`` guard. The guards are declared here so that supervisors see them among the
rules; what slips past a guard — one person's name on records at two places at once — is
found afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from zhifa.cases import events as cev
from zhifa.conduct.engine import Hit
from zhifa.conduct.model import RULES, Finding, guard, rule
from zhifa.kernel.clock import legal_date

ART = 1
_CFL = "《中华人民共和国行政处罚法》"
_AUTH = "zhifa.registry.authorize.authorize"

guard(
    id="R1.no_valid_credential",
    article=ART,
    title="无证执法：未持有效执法证（无证、过期、暂扣、注销）",
    basis=f"{_CFL}第四十二条、第五十五条；各地行政执法证件管理办法",
    guard_ref=_AUTH,
    explain="执法人员未持有效执法证件时，系统拒绝记录其实施的执法步骤。",
    action="改由持有效执法证的执法人员实施；证件到期的及时换发。",
)
guard(
    id="R1.non_officer_acting",
    article=ART,
    title="辅助人员、网格员、临时工、第三方人员执法",
    basis=f"{_CFL}第四十二条；《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）",
    guard_ref=_AUTH,
    explain="辅助人员、网格员、临时工和第三方服务机构人员被列为执法人员时，系统拒绝记录。",
    action="由持证执法人员实施；辅助人员只能在执法人员指导下从事辅助性工作。",
)
guard(
    id="R1.fewer_than_two",
    article=ART,
    title="执法人员少于两人",
    basis=f"{_CFL}第四十二条第一款；《中华人民共和国行政强制法》第十八条",
    guard_ref="zhifa.cases.model._officers",
    params=("penalty.min_officers", "coercion.min_officers"),
    explain="调查取证、实施强制措施等须两名以上执法人员，少于法定人数的步骤被拒绝。",
    action="再指派一名持有效执法证的执法人员。",
)
guard(
    id="R1.beyond_field",
    article=ART,
    title="超越执法证载明的执法领域",
    basis=f"{_CFL}第四十二条；各地行政执法证件管理办法",
    guard_ref=_AUTH,
    explain="执法证载明的执法领域不包括本事项时，系统拒绝记录。",
    action="改由执法证载有该领域的执法人员实施。",
)
guard(
    id="R1.beyond_region",
    article=ART,
    title="超越执法证载明的执法区域",
    basis=f"{_CFL}第二十二条、第四十二条；各地行政执法证件管理办法",
    guard_ref=_AUTH,
    explain="执法证载明的执法区域不包括违法行为发生地时，系统拒绝该执法人员实施的步骤（执法主体管辖区域以外的案件见 R3.out_of_region）。",
    action="改由执法证载明该区域的执法人员实施。",
)
guard(
    id="R1.body_without_power",
    article=ART,
    title="无权执法：执法主体没有该领域的执法职权",
    basis=f"{_CFL}第十七条、第十八条；《中华人民共和国行政强制法》第十七条",
    guard_ref=_AUTH,
    explain="执法主体没有该执法事项所属领域的职权（或已撤销）时，系统拒绝立案。",
    action="移送有职权的机关处理。",
)
guard(
    id="R1.entrusted_beyond",
    article=ART,
    title="受委托组织超出委托范围执法",
    basis=f"{_CFL}第二十条、第二十一条；《中华人民共和国行政强制法》第十七条第一款",
    guard_ref=_AUTH,
    explain="受委托组织实施委托范围以外的事项，或实施不得委托的行政强制措施时，系统拒绝记录。",
    action="由委托机关依法实施，或依法办理委托手续。",
)


def _where(e: cev.CaseEvent) -> tuple[datetime, datetime, str, tuple[str, ...]] | None:
    """When and where a record puts its officers: a transcript's span, an evidence's moment."""
    if isinstance(e, cev.TranscriptRecorded):
        end = e.ended_at or e.taken_at
        return e.taken_at, max(end, e.taken_at), e.place, e.officer_ids
    if isinstance(e, cev.EvidenceCollected):
        return e.collected_at, e.collected_at, e.place, e.collected_by
    return None


def _same_place(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


_KEEP = 8  # the officer's latest records compared with a new one (time order is near-sorted)


@rule(
    id="R1.borrowed_credential",
    article=ART,
    kind="detector",
    title="借证执法：同一执法人员同时出现在两个地点",
    basis=f"{_CFL}第四十二条、第五十五条；《行政执法人员行为准则》第一条（严禁借证执法）",
    severity="high",
    params=("conduct.borrowed.gap_minutes",),
    on=("TranscriptRecorded", "EvidenceCollected"),
    explain="执法人员{subject}在{first_at}记录于“{first_place}”（案件{first_case}），又在{second_at}记录于“{second_place}”（案件{second_case}），两处记录相隔{gap}分钟（不足{limit}分钟），本人不可能同时在场，可能存在借用或冒用其执法证、署名的情况。",
    action="核查两次执法的实际执法人员和执法证使用情况；确属借证、冒名的，依法追究责任，并对相关证据的合法性作出处理。",
)
def borrowed_credential(h: Hit) -> Iterator[Finding]:
    """One officer on two records at different places whose times overlap or lie closer
    than the minimum gap: a credential or a name used by someone else."""
    e = h.event
    assert isinstance(e, cev.CaseEvent)
    where = _where(e)
    if where is None:
        return
    start, end, place, officers = where
    limit = h.ctx.number("conduct.borrowed.gap_minutes", h.on)
    gap_needed = timedelta(minutes=limit)
    mem = h.memory("R1.borrowed_credential")
    r = RULES["R1.borrowed_credential"]
    for oid in officers:
        seen: list[tuple[datetime, datetime, str, int, str]] = mem.setdefault(oid, [])
        for s0, e0, p0, idx0, case0 in seen:
            if _same_place(p0, place):
                continue
            gap = max(start - e0, s0 - end, timedelta(0))
            if gap >= gap_needed:
                continue
            first, second = sorted([(s0, p0, idx0, case0), (start, place, h.index, e.case_id)])
            yield r.finding(
                h.ctx.officer(oid),
                [first[2], second[2]],
                h.on,
                body_id=e.body_id,
                case_id=e.case_id,
                discriminator=f"{first[2]}-{second[2]}",
                first_at=_local(first[0]),
                first_place=first[1],
                first_case=h.ctx.case_numbers.get(first[3], first[3]),
                second_at=_local(second[0]),
                second_place=second[1],
                second_case=h.ctx.case_numbers.get(second[3], second[3]),
                gap=int(gap.total_seconds() // 60),
                limit=limit,
            )
        seen.append((start, end, place, h.index, e.case_id))
        if len(seen) > _KEEP:
            del seen[0]


def _local(t: datetime) -> str:
    """A Beijing-time moment as users read it."""
    from zhifa.kernel.clock import CHINA_TZ

    return f"{legal_date(t).isoformat()} {t.astimezone(CHINA_TZ):%H:%M}"
