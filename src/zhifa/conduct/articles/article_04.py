"""准则第四条 严格做到公正执法: 平等对待当事人；行使行政裁量权应当符合法律目的，措施和手段
必要、适当；严禁刻意差别对待当事人、选择性执法、任性执法；严禁机械适用行政裁量权基准；
严禁过度执法、“一刀切”执法.

The case model refuses what a single step shows: a fine below the statutory minimum without
mitigation, a decision that does not state why its 裁量阶次 applies, an investigator
approving or reviewing their own case. What the guards let through is found here: a fine at
the statutory maximum without 从重 behind it (顶格罚款), a tier heavier than the case's
recorded circumstances (``CircumstancesAssessed``) select, a fine above the benchmark range
of the tier the decision itself applies — and, across a body's cases of one matter, one
amount whatever the tier (机械适用基准) or very different amounts in one tier (类案不同罚).

The benchmark comes from the matter (``ctx.env.matter``): its own tiers, or where it has none
the ``benchmark.*`` parameters applied to its statutory range. An engine whose env cannot
answer ``matter()`` (one built without the catalog) finds nothing with these rules rather
than guess. Fines that are multiples of an amount the decision does not record (货值金额,
违法所得 …) cannot be placed in a tier and are left alone, as the guards leave them.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from zhifa.cases import events as cev
from zhifa.catalog.model import Matter, PenaltyKind, Tier
from zhifa.conduct.engine import Engine, Hit, conclusion
from zhifa.conduct.model import RULES, Finding, guard, rule
from zhifa.kernel.errors import DomainError, NotFound
from zhifa.kernel.money import Money

ART = 4
CFL = "《中华人民共和国行政处罚法》"
GUIDE_27 = "《国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见》（国办发〔2022〕27号）"
MODEL = "zhifa.cases.model"
BENCHMARK_PARAMS = (
    "benchmark.range.lenient_share",
    "benchmark.range.aggravated_share",
    "benchmark.max_only.lenient_max",
    "benchmark.max_only.aggravated_min",
)
# At most this many ledger entries are listed as a pattern's evidence (a technical bound:
# a finding is an event on the ledger); the explanation says when the list is cut.
EVIDENCE_CAP = 100


# ------------------------------------------------------------------ guards (refused before)

guard(
    id="R4.fine_below_minimum",
    article=ART,
    title="罚款低于法定下限而未适用减轻处罚",
    basis=f"{CFL}第三十二条；各执法事项的罚则",
    guard_ref=f"{MODEL}._fine_in_range",
    explain="处罚决定的罚款低于执法事项罚则规定的下限，而裁量阶次不是“减轻处罚”或“不予处罚”的，系统拒绝记录（低于下限只能依法减轻处罚）。",
    action="具有法定减轻情形的，适用“减轻处罚”阶次并写明情形；否则在法定幅度内确定罚款。",
)

guard(
    id="R4.tier_reason_missing",
    article=ART,
    title="处罚决定未写明适用裁量阶次的理由",
    basis=f"{GUIDE_27}；{CFL}第五条（过罚相当）",
    guard_ref=f"{MODEL}._decision",
    explain="处罚决定未写明适用该裁量阶次（不予、减轻、从轻、一般、从重处罚）的事实和理由的，系统拒绝记录。",
    action="在决定中写明认定的从轻、从重等情节及适用裁量阶次的理由。",
)

guard(
    id="R4.approver_investigated",
    article=ART,
    title="本案执法人员审批本案事项",
    basis=f"{CFL}第五十四条、第五十七条；《行政执法人员行为准则》第四条",
    guard_ref=f"{MODEL}._head",
    explain="立案、决定、强制措施、延期等审批人是本案的执法人员或者调查人员的，系统拒绝记录（不得自己审批自己办理的案件）。",
    action="由行政机关负责人或者未参与本案的授权人员审批。",
)

guard(
    id="R4.reviewer_investigated",
    article=ART,
    title="本案调查人员审核本案",
    basis=f"{CFL}第五十八条；《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）",
    guard_ref=f"{MODEL}._review",
    explain="法制审核人员参与过本案调查取证的，系统拒绝记录其法制审核。",
    action="由未参与本案调查的法制审核人员审核。",
)


# ------------------------------------------------------------------ the benchmark


def lookup_matter(engine: Engine, code: str) -> tuple[bool, Matter | None]:
    """Whether the engine's env can answer ``matter()`` at all (an engine built without the
    catalog cannot), and the matter of ``code`` (``None``: not in the catalog). Looked up
    once per engine and code."""
    cache: dict[str, tuple[bool, Matter | None]] = engine.memory.setdefault("R4:matters", {})
    got = cache.get(code)
    if got is None:
        try:
            got = (True, engine.ctx.env.matter(code))
        except NotImplementedError:
            got = (False, None)
        except NotFound:
            got = (True, None)
        except DomainError:
            got = (False, None)  # a catalog entry that cannot be read is not judged
        cache[code] = got
    return got


def matter_of(engine: Engine, code: str) -> Matter | None:
    """The matter, or ``None`` when the env cannot answer or does not know the code: the
    rules that need it then find nothing rather than guess."""
    return lookup_matter(engine, code)[1]


def statutory_max(matter: Matter) -> int | None:
    """The highest lawful fine in 分, when the statute fixes one (not a multiple of a base)."""
    fr = matter.fine_range
    if fr is None or fr.is_multiple:
        return None
    return fr.bounds()[1].fen


_IN_RANGE = (Tier.LENIENT, Tier.STANDARD, Tier.AGGRAVATED)


def tier_span(matter: Matter, tier: Tier, share: Callable[[str], int]) -> tuple[int, int] | None:
    """The fines (分, both ends included) the benchmark allows in ``tier``.

    The matter's own benchmark tier when it has one; otherwise the tier is cut out of the
    statutory range by the ``benchmark.*`` parameters (``share(key)`` gives a percentage):
    a range ``min``–``max`` is cut at ``lenient_share`` and ``aggravated_share`` of its
    width, a range with a maximum only at ``lenient_max`` and ``aggravated_min`` of it.
    ``None`` when no amount can be said: a 减轻 or 不予 tier, a multiple of a base, no fine.
    """
    fr = matter.fine_range
    if fr is None or fr.is_multiple or tier not in _IN_RANGE:
        return None
    for t in matter.tiers:
        if t.tier is tier:
            r = t.fine_range
            if r is None or r.is_multiple:
                return None
            lo_m, hi_m = r.bounds()
            return lo_m.fen, hi_m.fen
    lo, hi = (m.fen for m in fr.bounds())
    if lo > 0:
        width = hi - lo
        a = lo + width * share("benchmark.range.lenient_share") // 100
        b = lo + width * share("benchmark.range.aggravated_share") // 100
    else:
        a = hi * share("benchmark.max_only.lenient_max") // 100
        b = hi * share("benchmark.max_only.aggravated_min") // 100
    return {Tier.LENIENT: (lo, a), Tier.STANDARD: (a, b), Tier.AGGRAVATED: (b, hi)}[tier]


def span_zh(lo: int, hi: int) -> str:
    return f"{Money(hi)}以下" if lo == 0 else f"{Money(lo)}至{Money(hi)}"


_BY_VALUE = {t.value: t for t in Tier}
_TIERS = list(Tier)  # lightest first: a tier's index is its rank
_RANK = {t: i for i, t in enumerate(_TIERS)}


def _tier(value: str) -> Tier | None:
    return _BY_VALUE.get(value)


def _kinds_zh(kinds: tuple[str, ...]) -> str:
    out = []
    for k in kinds:
        try:
            out.append(PenaltyKind(k).label_zh)
        except ValueError:
            out.append(k)
    return "、".join(out)


# ------------------------------------------------------------------ detectors

_CIRCUMSTANCES = "R4:circumstances"


def _noted(h: Hit) -> bool:
    """Keep the case's latest 情节认定 (``CircumstancesAssessed``) in its track: whether it
    records 从重 and 从轻/减轻 circumstances, and its ledger index. True for that event."""
    e = h.event
    if not isinstance(e, cev.CircumstancesAssessed):
        return False
    if h.track is not None:
        aggravating = any(x.strip() for x in e.aggravating)
        mitigating = any(x.strip() for x in e.mitigating)
        h.track.memo[_CIRCUMSTANCES] = (aggravating, mitigating, h.index)
    return True


def _at_max_unsupported(
    fine: int, tier: Tier, matter: Matter | None, circumstances: tuple[bool, bool, int] | None
) -> bool:
    """A fine at the statutory maximum not backed by 从重: the decision's tier is not
    从重, or the case's 情节认定 (when there is one) records no aggravating circumstance."""
    if matter is None or fine <= 0 or statutory_max(matter) != fine:
        return False
    return tier is not Tier.AGGRAVATED or (circumstances is not None and not circumstances[0])


@rule(
    id="R4.max_fine_unexplained",
    article=ART,
    kind="detector",
    title="顶格罚款：按法定最高额罚款，未认定从重情节",
    basis=f"{CFL}第五条（过罚相当）、第三十四条；{GUIDE_27}",
    severity="medium",
    on=("CircumstancesAssessed", "DecisionIssued"),
    explain="案件{subject}（执法事项{matter}）罚款{fine}，为法定最高额（法定幅度{range}），{why}。",
    action="督促执法主体说明按最高额处罚的事实和理由；不具有从重情节的，依法自行纠正，并排查同类案件是否存在“顶格罚款”。",
)
def max_fine_unexplained(h: Hit) -> Iterator[Finding]:
    """A fine at the statutory maximum with no aggravating circumstance behind it: the
    decision's tier is not 从重, or the case's 情节认定 records no 从重 circumstance. (A
    decision without any stated reason for its tier is refused by the guard
    ``R4.tier_reason_missing``.)"""
    if _noted(h):
        return
    t, s, e = h.track, h.before, h.event
    assert isinstance(e, cev.DecisionIssued)
    tier = _tier(e.tier)
    if t is None or s is None or tier is None:
        return
    matter = matter_of(h.engine, s.matter_code)
    circumstances = t.memo.get(_CIRCUMSTANCES)
    if not _at_max_unsupported(e.fine_fen, tier, matter, circumstances):
        return
    assert matter is not None
    assert matter.fine_range is not None
    if tier is Tier.AGGRAVATED:
        why = "处罚决定虽适用“从重处罚”阶次，但案件的情节认定中没有任何从重情节"
    else:
        why = f"但处罚决定适用的裁量阶次为“{tier.label_zh}”，没有认定从重处罚情节"
    assessed = [] if circumstances is None else [circumstances[2]]
    yield RULES["R4.max_fine_unexplained"].finding(
        h.ctx.case(t.case_id),
        [*t.marked("RightsNotified"), *assessed, h.index],
        h.on,
        body_id=t.body_id,
        case_id=t.case_id,
        matter=matter.code,
        fine=Money(e.fine_fen),
        range=matter.fine_range.describe_zh(),
        why=why,
    )


@rule(
    id="R4.tier_unsupported",
    article=ART,
    kind="detector",
    title="裁量阶次重于认定的情节",
    basis=f"{CFL}第五条、第三十二条；{GUIDE_27}",
    severity="medium",
    on=("CircumstancesAssessed", "DecisionIssued"),
    explain="案件{subject}的情节认定{found}，对应“{selected}”阶次；处罚决定却适用更重的“{tier}”阶次，且未经负责人集体讨论。",
    action="督促执法主体核查情节认定与裁量阶次：有从轻、减轻情节的，应当依法从轻或者减轻处罚；确有未记录的从重情节的，补充认定并说明理由；认定或者适用错误的，依法自行纠正。",
)
def tier_unsupported(h: Hit) -> Iterator[Finding]:
    """A decision whose tier is heavier than the one its recorded circumstances select: 从重
    with no aggravating circumstance, or 一般 where only 从轻/减轻 circumstances were
    recorded (行政处罚法第三十二条: 应当从轻或者减轻). Only the case's latest 情节认定
    counts; a case without one, or one recording both kinds (which the officers weigh), is
    left alone, as is a decision after a collective discussion. A fine at the statutory
    maximum is ``R4.max_fine_unexplained``'s and is not reported twice."""
    if _noted(h):
        return
    t, s, e = h.track, h.before, h.event
    assert isinstance(e, cev.DecisionIssued)
    tier = _tier(e.tier)
    circumstances = None if t is None else t.memo.get(_CIRCUMSTANCES)
    if t is None or s is None or tier is None or circumstances is None or s.collective:
        return
    aggravating, mitigating, assessed = circumstances
    if aggravating:
        return  # 从重 (or weighed against 从轻): no tier is heavier than the facts allow
    selected, found = (
        (Tier.LENIENT, "记录了从轻、减轻情节，没有从重情节")
        if mitigating
        else (Tier.STANDARD, "没有记录从轻、减轻或者从重情节")
    )
    if _RANK[tier] <= _RANK[selected]:
        return
    if _at_max_unsupported(e.fine_fen, tier, matter_of(h.engine, s.matter_code), circumstances):
        return
    yield RULES["R4.tier_unsupported"].finding(
        h.ctx.case(t.case_id),
        [assessed, h.index],
        h.on,
        body_id=t.body_id,
        case_id=t.case_id,
        found=found,
        selected=selected.label_zh,
        tier=tier.label_zh,
    )


@rule(
    id="R4.benchmark_deviation",
    article=ART,
    kind="detector",
    title="处罚重于所适用的裁量阶次",
    basis=f"{CFL}第三十四条；{GUIDE_27}",
    severity="medium",
    params=BENCHMARK_PARAMS,
    on=("DecisionIssued",),
    explain="案件{subject}（执法事项{matter}）的处罚决定适用“{tier}”阶次，{what}。",
    action="督促执法主体核查裁量阶次与处罚是否一致：确因法定情形需要调整适用裁量基准的，应当经负责人集体讨论并记录理由；认定错误的，依法自行纠正。",
)
def benchmark_deviation(h: Hit) -> Iterator[Finding]:
    """A decision heavier than the tier it applies: a fine above the benchmark range of
    that tier, with no collective discussion on the case to adjust the benchmark (国办发
    〔2022〕27号 allows adjusting it only so); or a tier of 不予处罚 with a penalty given all
    the same. A fine at the statutory maximum not backed by 从重 is
    ``R4.max_fine_unexplained``'s and is not reported twice.

    A fine below its tier's range is lighter for the party than its circumstances call for;
    it is not reported case by case (准则第四条 guards against 过度执法 and measures that
    harm the party more than needed) but shows in the similar-case analyses when a body
    treats like cases unlike."""
    r = RULES["R4.benchmark_deviation"]
    t, s, e = h.track, h.before, h.event
    assert isinstance(e, cev.DecisionIssued)
    tier = _tier(e.tier)
    if t is None or s is None or tier is None:
        return
    if tier is Tier.NO_PENALTY:
        if not e.penalty_kinds:
            return
        what = f"却给予了{_kinds_zh(e.penalty_kinds)}"
    else:
        if e.fine_fen <= 0 or s.collective:
            return
        matter = matter_of(h.engine, s.matter_code)
        if matter is None:
            return
        if _at_max_unsupported(e.fine_fen, tier, matter, t.memo.get(_CIRCUMSTANCES)):
            return
        try:
            span = tier_span(matter, tier, lambda key: h.ctx.number(key, e.decided_on))
        except DomainError:
            return  # no benchmark parameter in force on that day
        if span is None or e.fine_fen <= span[1]:
            return
        what = (
            f"罚款{Money(e.fine_fen)}高于该阶次的基准幅度（{span_zh(*span)}），"
            "且未经负责人集体讨论调整适用裁量基准"
        )
    yield r.finding(
        h.ctx.case(t.case_id),
        [*t.marked("RightsNotified"), h.index],
        h.on,
        body_id=t.body_id,
        case_id=t.case_id,
        matter=s.matter_code,
        tier=tier.label_zh,
        what=what,
    )


# ------------------------------------------------------------------ analyses: similar cases

_DECISIONS = "R4:decisions"


def _collect(h: Hit, rule_id: str) -> None:
    """Keep each decision with a fine once, however many rules read it: per body, matter,
    year and kind of party, three compact arrays (ledger index, fine in 分, tier) — some 17 bytes a
    decision; ``rule_id`` notes the group as changed, to be looked at again."""
    shared: dict[str, Any] = h.engine.memory.setdefault(
        _DECISIONS, {"groups": {}, "at": -1, "key": None}
    )
    if shared["at"] != h.index:
        shared["at"], shared["key"] = h.index, None
        s, e = h.before, h.event
        assert isinstance(e, cev.DecisionIssued)
        tier = _tier(e.tier)
        if s is not None and s.matter_code and e.fine_fen > 0 and tier is not None:
            # 类案: one body, one matter, one year, and one kind of party — the law often
            # sets different ranges and hearing thresholds for persons and organisations.
            key = (e.body_id, s.matter_code, e.decided_on.year, s.party_kind)
            group = shared["groups"].get(key)
            if group is None:
                group = shared["groups"][key] = (array("q"), array("q"), bytearray())
            group[0].append(h.index)
            group[1].append(e.fine_fen)
            group[2].append(_RANK[tier])
            shared["key"] = key
    if shared["key"] is not None:
        h.memory(rule_id).setdefault("dirty", set()).add(shared["key"])


def _changed(engine: Engine, rule_id: str, as_of: date) -> Iterator[tuple[Any, Any, date]]:
    """The groups changed since the rule last looked, up to ``as_of``'s year: (key, arrays,
    the day its thresholds are read on — the end of the year, or ``as_of`` within it)."""
    groups = engine.memory.get(_DECISIONS, {}).get("groups", {})
    dirty: set[Any] = engine.memory.get(rule_id, {}).get("dirty", set())
    for key in sorted(dirty):
        year = key[2]
        if year > as_of.year:
            continue
        dirty.discard(key)
        yield key, groups[key], min(date(year, 12, 31), as_of)


def _thresholds(engine: Engine, on: date, *keys: str) -> list[int] | None:
    try:
        return [engine.ctx.number(k, on) for k in keys]
    except DomainError:
        return None  # a supervision threshold not yet in force on that day


@rule(
    id="R4.benchmark_mechanical",
    article=ART,
    kind="analysis",
    title="机械适用裁量基准：不同情节的案件罚款数额完全相同",
    basis=f"《行政执法人员行为准则》第四条（严禁机械适用行政裁量权基准、“一刀切”执法）；{GUIDE_27}；{CFL}第五条",
    severity="medium",
    params=("conduct.similar_cases.min",),
    on=("DecisionIssued",),
    explain="执法主体{subject}在{year}年对执法事项{matter}的{count}件案件均罚款{amount}，而各案认定的裁量阶次不同（{tiers}），罚款数额未随违法情节变化，疑似机械适用裁量基准。{note}",
    action="请执法主体说明上述案件确定罚款数额的理由，核查是否不区分违法情节“一刀切”套用同一数额；裁量阶次认定或者罚款数额不当的，依法纠正。",
)
def benchmark_mechanical(h: Hit) -> Iterator[Finding]:
    """One amount fined in at least ``conduct.similar_cases.min`` of a body's cases of one
    matter in one year, while those cases applied different tiers: the circumstances
    changed, the fine did not."""
    _collect(h, "R4.benchmark_mechanical")
    yield from ()


def _mechanical(engine: Engine, as_of: date) -> Iterator[Finding]:
    r = RULES["R4.benchmark_mechanical"]
    ctx = engine.ctx
    for (body, matter, year, party), (idx, fines, ranks), on in _changed(engine, r.id, as_of):
        got = _thresholds(engine, on, "conduct.similar_cases.min")
        if got is None:
            continue
        (least,) = got
        by_amount: dict[int, list[int]] = {}
        for i, fine in enumerate(fines):
            by_amount.setdefault(fine, []).append(i)
        for amount, rows in sorted(by_amount.items()):
            tiers = Counter(ranks[i] for i in rows)
            if len(rows) < least or len(tiers) < 2:
                continue
            shown = rows[:EVIDENCE_CAP]
            yield r.finding(
                ctx.body(body),
                [idx[i] for i in shown],
                as_of,
                body_id=body,
                discriminator=f"{matter}|{party}|{amount}|{year}",
                year=year,
                matter=matter,
                count=len(rows),
                amount=Money(amount),
                tiers="、".join(f"{_TIERS[k].label_zh}{n}件" for k, n in sorted(tiers.items())),
                note=f"证据列出其中前{len(shown)}件。" if len(shown) < len(rows) else "",
            )


conclusion("R4.benchmark_mechanical")(_mechanical)


@rule(
    id="R4.similar_cases_disparity",
    article=ART,
    kind="analysis",
    title="类案不同罚：同一事项同一裁量阶次的罚款差距过大",
    basis=f"《行政执法人员行为准则》第四条（平等对待当事人，严禁刻意差别对待、选择性执法）；{GUIDE_27}；{CFL}第五条",
    severity="medium",
    params=("conduct.similar_cases.min", "conduct.similar_cases.spread"),
    on=("DecisionIssued",),
    explain="执法主体{subject}在{year}年对执法事项{matter}适用“{tier}”阶次的{count}件案件中，罚款最低{low}、最高{high}，最高额为最低额的{ratio}%（预警比例{spread}%），同一阶次的类似案件罚款差距过大。{note}",
    action="请执法主体逐案说明罚款数额的裁量理由，核查是否存在刻意差别对待当事人、选择性执法，或者裁量基准细化不足；确有不当的，依法纠正并细化裁量基准。",
)
def similar_cases_disparity(h: Hit) -> Iterator[Finding]:
    """At least ``conduct.similar_cases.min`` of a body's decisions of one matter, in one
    tier, in one year, whose highest fine reaches ``conduct.similar_cases.spread`` percent
    of the lowest: like cases, unlike fines."""
    _collect(h, "R4.similar_cases_disparity")
    yield from ()


def _disparity(engine: Engine, as_of: date) -> Iterator[Finding]:
    r = RULES["R4.similar_cases_disparity"]
    ctx = engine.ctx
    for (body, matter, year, party), (idx, fines, ranks), on in _changed(engine, r.id, as_of):
        got = _thresholds(engine, on, "conduct.similar_cases.min", "conduct.similar_cases.spread")
        if got is None:
            continue
        least, spread = got
        by_tier: dict[int, list[int]] = {}
        for i, rank in enumerate(ranks):
            by_tier.setdefault(rank, []).append(i)
        for rank, rows in sorted(by_tier.items()):
            if len(rows) < least:
                continue
            rows.sort(key=lambda i: fines[i])
            low, high = fines[rows[0]], fines[rows[-1]]
            if high * 100 < spread * low:
                continue
            half = EVIDENCE_CAP // 2
            shown = rows if len(rows) <= EVIDENCE_CAP else rows[:half] + rows[-half:]
            yield r.finding(
                ctx.body(body),
                [idx[i] for i in shown],
                as_of,
                body_id=body,
                discriminator=f"{matter}|{party}|{_TIERS[rank].value}|{year}",
                year=year,
                matter=matter,
                tier=_TIERS[rank].label_zh,
                count=len(rows),
                low=Money(low),
                high=Money(high),
                ratio=high * 100 // low,
                spread=spread,
                note=(f"证据列出罚款最低和最高的各{half}件。" if len(shown) < len(rows) else ""),
            )


conclusion("R4.similar_cases_disparity")(_disparity)
