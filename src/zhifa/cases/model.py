"""The case aggregate: its state, how each event changes it, and the guards each step passes.

``check(state, event, env)`` refuses a step the law does not allow — out of order, too few
or unqualified officers, a fine outside the range, a heavier penalty after the party's
defence, a decision without the legal review it needs, a date that cannot be — with the
article of the 《行政执法人员行为准则》 it enforces and the statute behind it.
``evolve(state, event)`` then folds the event in. Both are pure: ``env`` answers the
questions that need the registry, the catalog, the legal parameters or the calendar, so the
pages, the import and the tests run the very same guards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from zhifa.cases import events as ev
from zhifa.catalog.model import HEARING_PENALTY_KINDS, Matter, PenaltyKind, Tier
from zhifa.catalog.parameters import Parameter
from zhifa.deadlines.calendar import shift_months
from zhifa.kernel.errors import ConfigurationError, IllegalTransition, InvalidInput, Violation
from zhifa.kernel.money import Money

CFL = "《中华人民共和国行政处罚法》"
CCL = "《中华人民共和国行政强制法》"
ARL = "《中华人民共和国行政复议法》"
ALL = "《中华人民共和国行政诉讼法》"


class Procedure(StrEnum):
    SUMMARY = "summary"
    GENERAL = "general"


class Stage(StrEnum):
    """Where a case stands; the order is the order of the 普通程序."""

    LEAD = "lead"
    DECLINED = "declined"
    INVESTIGATING = "investigating"
    NOTIFIED = "notified"
    DECIDED = "decided"
    SERVED = "served"
    CLOSED = "closed"
    ARCHIVED = "archived"
    WITHDRAWN = "withdrawn"
    TRANSFERRED = "transferred"

    @property
    def label_zh(self) -> str:
        return _STAGE_ZH[self]


_STAGE_ZH = {
    Stage.LEAD: "案源待核查",
    Stage.DECLINED: "不予立案",
    Stage.INVESTIGATING: "调查取证",
    Stage.NOTIFIED: "已告知（陈述申辩、听证）",
    Stage.DECIDED: "已决定待送达",
    Stage.SERVED: "已送达（执行中）",
    Stage.CLOSED: "已结案",
    Stage.ARCHIVED: "已归档",
    Stage.WITHDRAWN: "已撤销立案",
    Stage.TRANSFERRED: "已移送",
}
ENDED = frozenset(
    {Stage.DECLINED, Stage.CLOSED, Stage.ARCHIVED, Stage.WITHDRAWN, Stage.TRANSFERRED}
)


@dataclass(frozen=True)
class OfficerInfo:
    """What the guards need to know of a person on the roster."""

    officer_id: str
    name: str
    body_id: str
    kind: str  # officer | auxiliary | ...
    active: bool
    legal_qualification: bool
    is_legal_reviewer: bool


class Env(Protocol):
    """The questions a guard asks outside the case (answered by ``zhifa.cases.services``)."""

    def matter(self, code: str) -> Matter: ...

    def param(self, key: str, on: date) -> Parameter: ...

    def officer(self, officer_id: str) -> OfficerInfo: ...

    def authorize(
        self, officer_id: str, body_id: str, matter_code: str, region: str, on: date
    ) -> None:
        """Raise ``NotAuthorized`` (准则第一条) unless the officer may act on the matter here."""
        ...

    def may_approve(self, approver: str, body_id: str) -> bool:
        """Whether ``approver`` may approve steps for ``body_id`` (its head)."""
        ...

    def add_working_days(self, start: date, days: int) -> date: ...

    def add_days(self, start: date, days: int) -> date:
        """A calendar-day period (its last day moved past a holiday, 民法典第二百零三条)."""
        ...

    def add_months(self, start: date, months: int) -> date: ...


@dataclass(frozen=True)
class Measure:
    kind: str
    imposed_on: date
    duration_days: int
    extended: bool = False
    released_on: date | None = None


@dataclass(frozen=True)
class CaseState:
    """A case as its events have made it (a lead before 立案)."""

    case_id: str
    body_id: str
    stage: Stage
    received_on: date | None = None
    lead_summary: str = ""
    procedure: Procedure | None = None
    number: str = ""
    matter_code: str = ""
    region_code: str = ""
    party_kind: str = ""
    party_label: str = ""
    opened_on: date | None = None
    officer_ids: tuple[str, ...] = ()
    investigators: frozenset[str] = frozenset()
    filing_extended: bool = False
    evidence_ids: frozenset[str] = frozenset()
    preservations: tuple[tuple[str, date, date | None], ...] = ()  # (id, preserved, handled)
    excluded: tuple[tuple[date, date], ...] = ()
    decision_extensions: int = 0
    notified_on: date | None = None
    notice_fine_fen: int = 0
    notice_confiscation_fen: int = 0
    notice_kinds: tuple[str, ...] = ()
    hearing_right: bool = False
    review_flagged: bool = False
    statements: int = 0
    hearing_requested_on: date | None = None
    hearing_on: date | None = None
    hearing_held: bool = False
    review_outcome: str | None = None
    collective: bool = False
    decided_on: date | None = None
    decision_number: str = ""
    penalty_kinds: tuple[str, ...] = ()
    fine_fen: int = 0
    confiscation_fen: int = 0
    tier: str = ""
    served_on: date | None = None
    paid_fen: int = 0
    collected_cash_fen: int = 0
    handed_over_fen: int = 0
    handed_over_on: date | None = None
    payment_due_override: date | None = None
    demanded_on: date | None = None
    court_applied_on: date | None = None
    measures: tuple[tuple[str, Measure], ...] = ()
    remedies_pending: frozenset[str] = frozenset()
    remedy_pauses: tuple[tuple[date, date | None], ...] = ()
    revoked: bool = False
    ended_on: date | None = None
    documents: tuple[str, ...] = ()
    corrections: int = 0

    @property
    def is_open(self) -> bool:
        return self.stage not in ENDED

    def measure(self, measure_id: str) -> Measure | None:
        return dict(self.measures).get(measure_id)

    @property
    def fine(self) -> Money:
        return Money(self.fine_fen)


# ------------------------------------------------------------------ refusals


def refuse(
    zh: str, en: str, *, article: int, basis: str, hint: str = "", field_: str = ""
) -> IllegalTransition:
    """A step the law does not allow: names the 准则 article and the statute."""
    violations = [Violation(field_, zh, en)] if field_ else []
    return IllegalTransition(
        zh, en, article=article, basis=basis, hint_zh=hint, violations=violations
    )


def _bad(field_: str, zh: str, en: str) -> InvalidInput:
    return InvalidInput(zh, en, violations=[Violation(field_, zh, en)])


def _days_param(env: Env, key: str, on: date) -> tuple[int, str, str]:
    p = env.param(key, on)
    return p.number(), str(p.unit), p.citation


def due_after(env: Env, key: str, start: date) -> tuple[date, str]:
    """The last day of the period ``key`` counted from ``start`` (the start day not counted)."""
    n, unit, citation = _days_param(env, key, start)
    if unit == "working_days":
        return env.add_working_days(start, n), citation
    if unit == "days":
        return env.add_days(start, n), citation
    if unit == "months":
        return env.add_months(start, n), citation
    if unit == "years":
        return env.add_months(start, 12 * n), citation
    raise ValueError(f"parameter {key} has unit {unit}, not a period")


def floor_after(env: Env, key: str, start: date) -> date:
    """The earliest the period ``key`` can end: ``n`` calendar days (or months) after
    ``start``, before any holiday moves it later. (A working-day period is never shorter
    than the same number of calendar days.)"""
    p = env.param(key, start)
    if str(p.unit) in ("months", "years"):
        months = p.number() * (12 if str(p.unit) == "years" else 1)
        return shift_months(start, months)
    return start + timedelta(days=p.number())


def late(
    day: date, compute: Callable[[], date | None], floor: Callable[[], date | None]
) -> date | None:
    """The due date when ``day`` is past it, else ``None``.

    When the holiday calendar of the year a period ends in is not loaded yet, a day no
    later than the period's earliest possible end is certainly in time; any later day
    cannot be judged, and the missing calendar is reported (``ConfigurationError``)."""
    try:
        due = compute()
    except ConfigurationError:
        low = floor()
        if low is not None and day <= low:
            return None
        raise
    return due if due is not None and day > due else None


# ------------------------------------------------------------------ guards


def _require(state: CaseState | None, e: ev.CaseEvent) -> CaseState:
    if state is None:
        raise refuse(
            f"案件 {e.case_id} 不存在，不能记录“{e.TYPE}”",
            f"case {e.case_id} does not exist; cannot record {e.TYPE}",
            article=5,
            basis=f"{CFL}第五十四条",
            hint="先登记案源并立案。",
            field_="case_id",
        )
    return state


def _stage_in(state: CaseState, e: ev.CaseEvent, allowed: set[Stage], what_zh: str) -> None:
    if state.stage not in allowed:
        raise refuse(
            f"案件当前为“{state.stage.label_zh}”，不能{what_zh}",
            f"case {state.case_id} is {state.stage}; {e.TYPE} not allowed",
            article=5,
            basis=f"{CFL}第五章（行政处罚的决定）规定的程序顺序",
            hint="按法定程序依次办理：立案、调查取证、告知、陈述申辩（听证）、法制审核、决定、送达、执行、结案。",
            field_="type",
        )


def _not_before(later: date, earlier: date | None, field_: str, what_zh: str, basis: str) -> None:
    if earlier is not None and later < earlier:
        raise refuse(
            f"{what_zh}（{later.isoformat()}）早于{earlier.isoformat()}",
            f"{field_} {later} is before {earlier}",
            article=9,
            basis=basis,
            hint="日期应当如实记录；确有错误的，以更正记录说明。",
            field_=field_,
        )


def _officers(
    state_body: str,
    officer_ids: tuple[str, ...],
    matter_code: str,
    region: str,
    on: date,
    env: Env,
    *,
    minimum_key: str = "penalty.min_officers",
    field_: str = "officer_ids",
) -> None:
    """At least two officers, each qualified and authorized for the matter (第四十二条)."""
    need = env.param(minimum_key, on)
    distinct = tuple(dict.fromkeys(officer_ids))
    if len(distinct) != len(officer_ids):
        raise _bad(field_, "执法人员重复", "officer listed twice")
    for oid in distinct:
        env.authorize(oid, state_body, matter_code, region, on)
    if len(distinct) < need.number():
        raise refuse(
            f"执法人员不得少于{need.number()}人，本次只有{len(distinct)}人",
            f"at least {need.number()} officers required, got {len(distinct)}",
            article=1,
            basis=need.citation,
            hint="再指派一名持有效执法证的执法人员。",
            field_=field_,
        )


def _head(env: Env, approver: str, case: CaseState, field_: str) -> None:
    """An approval must come from the body's head (a ``user:`` id of the body's head, or a
    person on the body's roster the head authorised) — never from one of the case's own
    investigators, who would be approving their own work."""
    if not env.may_approve(approver, case.body_id):
        raise refuse(
            "审批人不是本机关负责人或者其授权的在岗人员",
            f"approver {approver} may not approve for body {case.body_id}",
            article=5,
            basis=f"{CFL}第五十四条、第五十七条",
            hint="由本机关负责人审批。",
            field_=field_,
        )
    if approver in case.investigators or approver in case.officer_ids:
        raise refuse(
            "本案执法人员不得审批本案事项",
            f"approver {approver} investigates the case",
            article=4,
            basis=f"{CFL}第五十四条、第五十七条；《行政执法人员行为准则》第四条",
            hint="由本机关负责人或者未参与本案的授权人员审批。",
            field_=field_,
        )


def _penalties(matter: Matter, kinds: tuple[str, ...], field_: str) -> None:
    for k in kinds:
        try:
            pk = PenaltyKind(k)
        except ValueError:
            raise _bad(field_, f"未知的处罚种类：{k}", f"unknown penalty kind {k}") from None
        if matter.penalty_kinds and pk not in matter.penalty_kinds:
            allowed = "、".join(sorted(p.label_zh for p in matter.penalty_kinds))
            raise refuse(
                f"“{matter.name}”不得处以{pk.label_zh}（可处：{allowed}）",
                f"penalty {pk} not provided for matter {matter.code}",
                article=3,
                basis="；".join(matter.citations[:2]) or f"{CFL}第四条",
                hint="处罚种类以法律、法规、规章的规定为限。",
                field_=field_,
            )


def _fine_in_range(matter: Matter, fine_fen: int, tier: str | None, field_: str) -> None:
    if fine_fen < 0:
        raise _bad(field_, "罚款金额不能为负数", "fine is negative")
    if fine_fen == 0 or matter.fine_range is None or matter.fine_range.is_multiple:
        return
    lo, hi = matter.fine_range.bounds()
    basis = "；".join(matter.citations[:2])
    if fine_fen > hi.fen:
        raise refuse(
            f"罚款{Money(fine_fen)}超过法定上限{hi}",
            f"fine {fine_fen} above the statutory maximum {hi.fen}",
            article=3,
            basis=basis,
            hint="在法定幅度内确定罚款数额。",
            field_=field_,
        )
    if fine_fen < lo.fen and tier not in (Tier.MITIGATED, Tier.NO_PENALTY):
        raise refuse(
            f"罚款{Money(fine_fen)}低于法定下限{lo}，且未适用减轻处罚",
            f"fine {fine_fen} below the statutory minimum {lo.fen} without mitigation",
            article=4,
            basis=f"{basis}；{CFL}第三十二条",
            hint="低于下限只能依法减轻处罚，并写明减轻的法定情形。",
            field_=field_,
        )


def hearing_triggered(
    env: Env,
    matter: Matter,
    party_kind: str,
    kinds: tuple[str, ...],
    fine: int,
    conf: int,
    on: date,
) -> bool:
    """行政处罚法第六十三条: the penalties that carry the right to a hearing."""
    if any(PenaltyKind(k) in HEARING_PENALTY_KINDS for k in kinds):
        return True
    if any(PenaltyKind(k) in matter.hearing_penalty_kinds for k in kinds):
        return True
    who = "citizen" if party_kind == "person" else "organisation"
    large = env.param(f"hearing.large_amount.{who}", on).money().fen
    return fine >= large or conf >= large


_SERIOUS = frozenset({PenaltyKind.SUSPENSION_ORDER, PenaltyKind.CLOSURE, PenaltyKind.REVOCATION})


def serious(state: CaseState) -> bool:
    """A 重大违法行为 for 第五十七条第二款: the intended penalty stops or ends the business."""
    return any(PenaltyKind(k) in _SERIOUS for k in state.notice_kinds)


def review_required(state: CaseState) -> bool:
    """法制审核 (第五十八条): every case that carried a hearing right (重大权益、经过听证), and
    every case the body marked as involving major public interest or complex legal relations."""
    return state.hearing_right or state.review_flagged


Guard = Callable[[CaseState | None, ev.CaseEvent, Env], None]
_GUARDS: dict[type[ev.CaseEvent], Guard] = {}


def guard(et: type[ev.CaseEvent]) -> Callable[[Guard], Guard]:
    def register(fn: Guard) -> Guard:
        _GUARDS[et] = fn
        return fn

    return register


def check(state: CaseState | None, event: ev.CaseEvent, env: Env) -> None:
    """Refuse ``event`` unless the law allows it in ``state``."""
    if state is not None and state.body_id != event.body_id:
        raise refuse(
            "案件不属于该执法机关",
            f"case {event.case_id} belongs to body {state.body_id}, not {event.body_id}",
            article=8,
            basis=f"{CFL}第二十二条",
            field_="body_id",
        )
    fn = _GUARDS.get(type(event))
    if fn is None:
        raise _bad("type", f"不能直接记录 {event.TYPE}", f"no guard for {event.TYPE}")
    fn(state, event, env)


@guard(ev.LeadRegistered)
def _lead(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.LeadRegistered)
    if state is not None:
        raise _bad("case_id", f"编号 {e.case_id} 已被使用", f"id {e.case_id} already used")
    if e.source not in {"complaint", "inspection", "transfer", "assignment", "other"}:
        raise _bad("source", f"未知的案源类型：{e.source}", f"unknown lead source {e.source}")
    if not e.summary.strip():
        raise _bad("summary", "案源摘要不能为空", "summary is empty")
    if e.matter_code:
        env.matter(e.matter_code)


@guard(ev.CaseDeclined)
def _declined(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CaseDeclined)
    s = _require(state, e)
    _stage_in(s, e, {Stage.LEAD}, "决定不予立案")
    if not e.reasons.strip():
        raise refuse(
            "不予立案必须写明理由",
            "declining a case needs reasons",
            article=2,
            basis=f"{CFL}第五十四条",
            field_="reasons",
        )
    _not_before(e.decided_on, s.received_on, "decided_on", "不予立案日期", f"{CFL}第五十四条")
    _head(env, e.approved_by, s, "approved_by")


@guard(ev.FilingExtended)
def _filing_ext(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.FilingExtended)
    s = _require(state, e)
    _stage_in(s, e, {Stage.LEAD}, "延长立案核查期限")
    if s.filing_extended:
        raise refuse(
            "立案核查期限只能延长一次",
            "filing period already extended",
            article=2,
            basis=env.param("case.filing.extension", e.approved_on).citation,
            field_="type",
        )
    received = s.received_on
    assert received is not None
    citation = env.param("case.filing.deadline", received).citation
    due = late(
        e.approved_on,
        lambda: due_after(env, "case.filing.deadline", received)[0],
        lambda: floor_after(env, "case.filing.deadline", received),
    )
    if due is not None:
        raise refuse(
            f"立案核查期限已于{due.isoformat()}届满，不能事后延长",
            f"filing period ended {due}; cannot extend afterwards",
            article=2,
            basis=citation,
            field_="approved_on",
        )
    _head(env, e.approved_by, s, "approved_by")


def _party(e: ev.CaseOpened | ev.SummaryDecisionIssued) -> None:
    if e.party_kind not in {"person", "organisation"}:
        raise _bad(
            "party_kind", f"当事人类型应为 person 或 organisation：{e.party_kind}", "bad party_kind"
        )
    if not e.party_label.strip():
        raise _bad("party_label", "当事人不能为空", "party is empty")


@guard(ev.CaseOpened)
def _opened(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CaseOpened)
    s = _require(state, e)
    _stage_in(s, e, {Stage.LEAD}, "立案")
    _party(e)
    _not_before(e.opened_on, s.received_on, "opened_on", "立案日期", f"{CFL}第五十四条")
    if not e.number.strip():
        raise _bad("number", "立案编号不能为空", "case number is empty")
    matter = env.matter(e.matter_code)
    if str(matter.kind) != "penalty":
        raise _bad(
            "matter_code",
            f"“{matter.name}”不是行政处罚事项",
            f"{e.matter_code} is not a penalty matter",
        )
    if e.violation_on is not None:
        _limitation(e, s, env)
    _head(env, e.approved_by, s, "approved_by")
    if e.approved_by in e.officer_ids:
        raise refuse(
            "本案执法人员不得审批本案立案",
            f"approver {e.approved_by} is assigned to the case",
            article=4,
            basis=f"{CFL}第五十四条；《行政执法人员行为准则》第四条",
            field_="approved_by",
        )
    _officers(s.body_id, e.officer_ids, e.matter_code, e.region_code, e.opened_on, env)


def _limitation(e: ev.CaseOpened, s: CaseState, env: Env) -> None:
    """第三十六条: an act discovered after the limitation period is not penalised."""
    from zhifa.deadlines.limitation import check_limitation

    discovered = s.received_on or e.opened_on
    assert e.violation_on is not None
    if e.violation_on > discovered:
        raise _bad("violation_on", "违法行为发生日期晚于发现日期", "violation after discovery")
    result = check_limitation(
        e.violation_on,
        discovered,
        ended_on=e.violation_ended_on,
        extended=e.limitation_extended,
        parameters=getattr(env, "params", None),
    )
    if result.expired:
        raise refuse(
            f"违法行为已超过追责时效（{result.years}年，至{result.last_day.isoformat()}），不再给予行政处罚",
            f"limitation period ended {result.last_day}",
            article=3,
            basis=result.basis,
            hint="不予立案，并说明理由。",
            field_="violation_on",
        )


@guard(ev.SummaryDecisionIssued)
def _summary(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.SummaryDecisionIssued)
    if state is not None:
        raise _bad("case_id", f"编号 {e.case_id} 已被使用", f"id {e.case_id} already used")
    _party(e)
    basis51 = f"{CFL}第五十一条"
    if not e.credential_shown:
        raise refuse(
            "当场处罚应当向当事人出示执法证件",
            "credential must be shown for an on-the-spot decision",
            article=1,
            basis=f"{CFL}第五十二条",
            hint="出示执法证件并记录。",
            field_="credential_shown",
        )
    if not e.number.strip():
        raise refuse(
            "当场处罚决定书应当是预定格式、编有号码的",
            "on-the-spot decision needs the numbered pre-printed form",
            article=9,
            basis=f"{CFL}第五十二条",
            field_="number",
        )
    matter = env.matter(e.matter_code)
    _penalties(matter, e.penalty_kinds, "penalty_kinds")
    kinds = set(e.penalty_kinds)
    if not kinds or not kinds <= {"warning", "fine"}:
        raise refuse(
            "简易程序只能当场给予警告或者罚款",
            "summary procedure allows only a warning or a fine",
            article=5,
            basis=basis51,
            hint="其他处罚种类适用普通程序。",
            field_="penalty_kinds",
        )
    who = "citizen" if e.party_kind == "person" else "organisation"
    cap = env.param(f"penalty.summary.max_fine.{who}", e.decided_on)
    if e.fine_fen > cap.money().fen:
        raise refuse(
            f"当场罚款不得超过{cap.money()}（本次{Money(e.fine_fen)}）",
            f"on-the-spot fine {e.fine_fen} exceeds {cap.money().fen}",
            article=5,
            basis=cap.citation,
            hint="超过限额的，适用普通程序立案调查。",
            field_="fine_fen",
        )
    if ("fine" in kinds) != (e.fine_fen > 0):
        raise _bad("fine_fen", "罚款种类与金额不一致", "fine kind and amount disagree")
    _fine_in_range(matter, e.fine_fen, None, "fine_fen")
    # 简易程序 may be carried out by one officer only where the law says so; default two.
    _officers(e.body_id, e.officer_ids, e.matter_code, e.region_code, e.decided_on, env)
    if e.collected_on_spot_fen:
        _on_the_spot(e, env)


def _on_the_spot(e: ev.SummaryDecisionIssued, env: Env) -> None:
    """当场收缴 only within 行政处罚法第六十八、六十九条, against an official receipt."""
    limit = env.param("collection.on_the_spot.max_fine", e.decided_on)
    if e.collected_on_spot_fen != e.fine_fen:
        raise _bad(
            "collected_on_spot_fen",
            "当场收缴金额应当等于罚款金额",
            "collected amount differs from fine",
        )
    ground = e.collection_ground
    if ground == "small_fine" and e.fine_fen > limit.money().fen:
        raise refuse(
            f"依第六十八条第一款第（一）项当场收缴，罚款不得超过{limit.money()}",
            f"on-the-spot collection for small fines limited to {limit.money().fen}",
            article=3,
            basis=limit.citation,
            hint="告知当事人到指定银行或者通过电子支付系统缴纳。",
            field_="collected_on_spot_fen",
        )
    if ground not in {"small_fine", "hard_to_enforce", "remote_area"}:
        raise refuse(
            "当场收缴罚款须符合法定情形（一百元以下、不当场收缴事后难以执行、边远水上交通不便地区）",
            "on-the-spot collection without a statutory ground",
            article=3,
            basis=f"{CFL}第六十八条、第六十九条",
            field_="collection_ground",
        )
    if not (e.receipt_number or "").strip():
        raise refuse(
            "当场收缴罚款必须出具专用票据",
            "on-the-spot collection needs the official receipt",
            article=3,
            basis=f"{CFL}第七十条",
            field_="receipt_number",
        )


_INVESTIGATING = {Stage.INVESTIGATING}
_WORKING = {Stage.INVESTIGATING, Stage.NOTIFIED}


@guard(ev.EvidenceCollected)
def _evidence(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.EvidenceCollected)
    s = _require(state, e)
    _stage_in(s, e, _WORKING, "调查取证")
    if e.evidence_id in s.evidence_ids:
        raise _bad("evidence_id", "证据编号重复", "evidence id reused")
    if len(e.digest) != 64 or any(c not in "0123456789abcdef" for c in e.digest):
        raise _bad("digest", "证据摘要应为64位小写十六进制 SHA-256", "digest must be SHA-256 hex")
    if e.kind not in {
        "document",
        "physical",
        "audio_visual",
        "electronic",
        "testimony",
        "expert",
        "record",
    }:
        raise _bad("kind", f"未知的证据种类：{e.kind}", f"unknown evidence kind {e.kind}")
    _not_before(e.collected_at.date(), s.opened_on, "collected_at", "取证时间", f"{CFL}第五十五条")
    _collectors(s, e.collected_by, e.collected_at.date(), env)


def _collectors(s: CaseState, ids: tuple[str, ...], on: date, env: Env) -> None:
    _officers(s.body_id, ids, s.matter_code, s.region_code, on, env, field_="collected_by")


@guard(ev.TranscriptRecorded)
def _transcript(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.TranscriptRecorded)
    s = _require(state, e)
    _stage_in(s, e, _WORKING, "制作笔录")
    if e.kind not in {"inquiry", "inspection"}:
        raise _bad("kind", f"笔录种类应为 inquiry 或 inspection：{e.kind}", "bad transcript kind")
    if not isinstance(e.utterances, list | tuple) or not e.utterances:
        raise _bad("utterances", "笔录内容不能为空", "transcript is empty")
    _not_before(e.taken_at.date(), s.opened_on, "taken_at", "笔录时间", f"{CFL}第五十五条")
    if e.ended_at is not None and e.ended_at < e.taken_at:
        raise _bad("ended_at", "笔录结束时间早于开始时间", "transcript ends before it starts")
    if e.recorder_id and e.recorder_id not in e.officer_ids:
        raise _bad("recorder_id", "记录人应为在场的执法人员之一", "recorder not among the officers")
    _officers(s.body_id, e.officer_ids, s.matter_code, s.region_code, e.taken_at.date(), env)


@guard(ev.EvidencePreserved)
def _preserved(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.EvidencePreserved)
    s = _require(state, e)
    _stage_in(s, e, _WORKING, "先行登记保存")
    _not_before(e.preserved_on, s.opened_on, "preserved_on", "先行登记保存日期", f"{CFL}第五十六条")
    if not e.items:
        raise _bad("items", "先行登记保存的物品清单不能为空", "no items")
    _head(env, e.approved_by, s, "approved_by")
    _officers(s.body_id, e.officer_ids, s.matter_code, s.region_code, e.preserved_on, env)


@guard(ev.PreservationHandled)
def _handled(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.PreservationHandled)
    s = _require(state, e)
    match = [p for p in s.preservations if p[0] == e.preservation_id]
    if not match:
        raise _bad("preservation_id", "没有该先行登记保存记录", "no such preservation")
    if match[0][2]:
        raise _bad("preservation_id", "该先行登记保存已作出处理决定", "already handled")
    _not_before(e.handled_on, match[0][1], "handled_on", "处理决定日期", f"{CFL}第五十六条")


@guard(ev.RecusalDecided)
def _recusal(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.RecusalDecided)
    s = _require(state, e)
    if not s.is_open or s.stage is Stage.LEAD:
        _stage_in(s, e, _WORKING | {Stage.DECIDED}, "决定回避")
    if e.officer_id not in s.officer_ids:
        raise _bad("officer_id", "申请回避的人员不是本案执法人员", "officer not on the case")
    if e.decided_by == e.officer_id:
        raise refuse(
            "回避由行政机关负责人决定，不能由被申请回避的人员自己决定",
            "recusal decided by the recused officer",
            article=5,
            basis=f"{CFL}第四十三条第三款",
            field_="decided_by",
        )
    _head(env, e.decided_by, s, "decided_by")
    if e.granted:
        remaining = tuple(o for o in s.officer_ids if o != e.officer_id)
        if e.replacement_id:
            remaining += (e.replacement_id,)
        _officers(s.body_id, remaining, s.matter_code, s.region_code, e.decided_on, env)


@guard(ev.TimeExcluded)
def _excluded(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.TimeExcluded)
    s = _require(state, e)
    _stage_in(s, e, _WORKING, "扣除办案期限")
    if e.reason not in {"hearing", "testing", "announcement", "appraisal"}:
        raise _bad(
            "reason", f"不计入办案期限的事由应为听证、检测、公告或鉴定：{e.reason}", "bad reason"
        )
    if e.to_on < e.from_on:
        raise _bad("to_on", "结束日期早于开始日期", "to_on before from_on")
    _not_before(e.from_on, s.opened_on, "from_on", "扣除期间", f"{CFL}第六十条")


@guard(ev.DecisionDeadlineExtended)
def _decision_ext(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.DecisionDeadlineExtended)
    s = _require(state, e)
    _stage_in(s, e, _WORKING, "延长办案期限")
    if s.decision_extensions >= 1 and not e.collective:
        raise refuse(
            "再次延长办案期限须经集体讨论决定",
            "a second extension needs collective discussion",
            article=2,
            basis=env.param("case.decision.extension", e.approved_on).citation,
            field_="collective",
        )
    due = late(e.approved_on, lambda: decision_due(s, env), lambda: decision_floor(s, env))
    if due is not None:
        raise refuse(
            f"办案期限已于{due.isoformat()}届满，不能事后延长",
            f"decision period ended {due}",
            article=2,
            basis=f"{CFL}第六十条",
            field_="approved_on",
        )
    _head(env, e.approved_by, s, "approved_by")


@guard(ev.RightsNotified)
def _notified(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.RightsNotified)
    s = _require(state, e)
    _stage_in(s, e, _INVESTIGATING, "告知拟处罚")
    matter = env.matter(s.matter_code)
    if not s.evidence_ids:
        raise refuse(
            "尚无证据，不能告知拟作出的行政处罚",
            "no evidence recorded before notifying an intended penalty",
            article=3,
            basis=f"{CFL}第四十条",
            hint="先调查取证，事实不清、证据不足的不得给予行政处罚。",
            field_="type",
        )
    _not_before(e.notified_on, s.opened_on, "notified_on", "告知日期", f"{CFL}第四十四条")
    for name, value in (("facts", e.facts), ("reasons", e.reasons), ("basis", e.basis)):
        if not value.strip():
            raise refuse(
                "告知书应当写明拟作出处罚的事实、理由和依据",
                f"notice lacks {name}",
                article=5,
                basis=f"{CFL}第四十四条",
                field_=name,
            )
    _penalties(matter, e.penalty_kinds, "penalty_kinds")
    _fine_in_range(matter, e.fine_fen, Tier.MITIGATED, "fine_fen")
    needs = hearing_triggered(
        env, matter, s.party_kind, e.penalty_kinds, e.fine_fen, e.confiscation_fen, e.notified_on
    )
    if needs and not e.hearing_right:
        raise refuse(
            "拟作出的处罚属于听证范围，告知书必须告知当事人有要求听证的权利",
            "hearing right must be notified for this penalty",
            article=5,
            basis=f"{CFL}第六十三条",
            field_="hearing_right",
        )


@guard(ev.StatementReceived)
def _statement(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.StatementReceived)
    s = _require(state, e)
    _stage_in(s, e, {Stage.NOTIFIED}, "记录陈述申辩")
    _not_before(e.received_on, s.notified_on, "received_on", "陈述申辩日期", f"{CFL}第四十五条")


@guard(ev.HearingRequested)
def _hearing_req(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.HearingRequested)
    s = _require(state, e)
    _stage_in(s, e, {Stage.NOTIFIED}, "登记听证申请")
    if not s.hearing_right:
        raise refuse(
            "拟作出的处罚不属于听证范围",
            "the intended penalty carries no hearing right",
            article=5,
            basis=f"{CFL}第六十三条",
            field_="type",
        )
    if s.hearing_requested_on is not None:
        raise _bad("type", "已登记听证申请", "hearing already requested")
    assert s.notified_on is not None
    _not_before(e.requested_on, s.notified_on, "requested_on", "听证申请日期", f"{CFL}第六十四条")
    notified = s.notified_on
    citation = env.param("hearing.request.deadline", notified).citation
    due = late(
        e.requested_on,
        lambda: due_after(env, "hearing.request.deadline", notified)[0],
        lambda: floor_after(env, "hearing.request.deadline", notified),
    )
    if due is not None:
        raise refuse(
            f"听证申请应当在告知后五个工作日内（{due.isoformat()}前）提出",
            f"hearing requested {e.requested_on}, after {due}",
            article=5,
            basis=citation,
            hint="逾期未提出的，视为放弃听证。",
            field_="requested_on",
        )


@guard(ev.HearingNoticed)
def _hearing_notice(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.HearingNoticed)
    s = _require(state, e)
    _stage_in(s, e, {Stage.NOTIFIED}, "通知听证")
    if s.hearing_requested_on is None:
        raise refuse(
            "当事人未申请听证",
            "no hearing requested",
            article=5,
            basis=f"{CFL}第六十四条",
            field_="type",
        )
    _not_before(
        e.noticed_on, s.hearing_requested_on, "noticed_on", "听证通知日期", f"{CFL}第六十四条"
    )
    earliest, citation = due_after(env, "hearing.notice.lead_time", e.noticed_on)
    if e.hearing_on <= earliest:
        raise refuse(
            f"应当在举行听证的七个工作日前通知当事人（{e.noticed_on.isoformat()}通知，最早{(earliest + timedelta(days=1)).isoformat()}举行）",
            f"hearing on {e.hearing_on} is less than the lead time after notice {e.noticed_on}",
            article=5,
            basis=citation,
            field_="hearing_on",
        )
    _presider(s, e.presider_id, env)


def _presider(s: CaseState, presider_id: str, env: Env) -> None:
    if presider_id in s.investigators:
        raise refuse(
            "听证主持人不得由本案调查人员担任",
            "hearing presider investigated the case",
            article=5,
            basis=f"{CFL}第六十四条第（四）项",
            hint="由行政机关指定非本案调查人员主持听证。",
            field_="presider_id",
        )
    info = env.officer(presider_id)
    if info.body_id != s.body_id or not info.active:
        raise _bad("presider_id", "听证主持人不是本机关在岗人员", "presider not of the body")


@guard(ev.HearingHeld)
def _hearing_held(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.HearingHeld)
    s = _require(state, e)
    _stage_in(s, e, {Stage.NOTIFIED}, "记录听证")
    if s.hearing_on is None:
        raise refuse(
            "尚未通知听证",
            "hearing not noticed",
            article=5,
            basis=f"{CFL}第六十四条",
            field_="type",
        )
    if e.held_on < s.hearing_on:
        raise refuse(
            "听证不得早于通知的日期举行",
            f"hearing held {e.held_on} before the noticed day {s.hearing_on}",
            article=5,
            basis=f"{CFL}第六十四条第（二）项",
            field_="held_on",
        )
    _presider(s, e.presider_id, env)


@guard(ev.LegalReviewCompleted)
def _review(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.LegalReviewCompleted)
    s = _require(state, e)
    _stage_in(s, e, {Stage.NOTIFIED}, "法制审核")
    if e.outcome not in {"approve", "approve_with_changes", "reject"}:
        raise _bad(
            "outcome",
            f"审核结论应为 approve、approve_with_changes 或 reject：{e.outcome}",
            "bad outcome",
        )
    info = env.officer(e.reviewer_id)
    if not info.is_legal_reviewer or not info.active:
        raise refuse(
            "审核人不是本机关的法制审核人员",
            f"{e.reviewer_id} is not a legal reviewer",
            article=5,
            basis=f"{CFL}第五十八条",
            field_="reviewer_id",
        )
    if not info.legal_qualification:
        raise refuse(
            "初次从事法制审核的人员应当取得法律职业资格",
            f"{e.reviewer_id} lacks the legal professional qualification",
            article=5,
            basis=f"{CFL}第五十八条第二款",
            field_="reviewer_id",
        )
    if e.reviewer_id in s.investigators:
        raise refuse(
            "本案调查人员不得审核本案",
            "reviewer investigated the case",
            article=4,
            basis=f"{CFL}第五十八条；国办发〔2018〕118号",
            field_="reviewer_id",
        )
    if not e.opinion.strip():
        raise _bad("opinion", "审核意见不能为空", "review opinion empty")
    _not_before(e.reviewed_on, s.notified_on, "reviewed_on", "审核日期", f"{CFL}第五十八条")


@guard(ev.CollectiveDiscussionHeld)
def _collective(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CollectiveDiscussionHeld)
    s = _require(state, e)
    _stage_in(s, e, _WORKING, "集体讨论")
    if len(e.participants) < 3:
        raise _bad(
            "participants",
            "集体讨论的参加人不得少于三人",
            "collective discussion needs ≥ 3 participants",
        )


@guard(ev.DecisionIssued)
def _decision(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.DecisionIssued)
    s = _require(state, e)
    _stage_in(s, e, {Stage.NOTIFIED}, "作出处罚决定")
    matter = env.matter(s.matter_code)
    assert s.notified_on is not None
    _not_before(e.decided_on, s.notified_on, "decided_on", "决定日期", f"{CFL}第四十四条")
    _penalties(matter, e.penalty_kinds, "penalty_kinds")
    try:
        tier = Tier(e.tier)
    except ValueError:
        raise _bad("tier", f"未知的裁量阶次：{e.tier}", f"unknown tier {e.tier}") from None
    if not e.tier_reason.strip():
        raise refuse(
            "应当写明适用裁量阶次的理由",
            "tier reason missing",
            article=4,
            basis="国办发〔2022〕27号",
            field_="tier_reason",
        )
    if not e.penalty_kinds and tier is not Tier.NO_PENALTY:
        raise _bad("penalty_kinds", "未写明处罚种类", "no penalty kinds")
    if ("fine" in e.penalty_kinds) != (e.fine_fen > 0):
        raise _bad("fine_fen", "罚款种类与金额不一致", "fine kind and amount disagree")
    _fine_in_range(matter, e.fine_fen, e.tier, "fine_fen")
    if e.penalty_kinds and not (e.reconsideration_body.strip() and e.litigation_court.strip()):
        raise refuse(
            "处罚决定应当载明申请行政复议、提起行政诉讼的途径和期限",
            "decision must state the remedy routes",
            article=5,
            basis=f"{CFL}第五十九条第一款第（五）项",
            field_="reconsideration_body"
            if not e.reconsideration_body.strip()
            else "litigation_court",
        )
    if e.fine_fen and not e.payment_channel.strip():
        raise refuse(
            "处罚决定应当载明罚款的履行方式（指定银行或者电子支付系统）",
            "decision must state where to pay",
            article=3,
            basis=f"{CFL}第五十九条第一款第（四）项、第六十七条",
            field_="payment_channel",
        )
    # 第四十五条: no heavier penalty because the party defended themselves.
    heavier = (
        e.fine_fen > s.notice_fine_fen
        or e.confiscation_fen > s.notice_confiscation_fen
        or not set(e.penalty_kinds) <= set(s.notice_kinds)
    )
    if heavier:
        raise refuse(
            "处罚决定重于告知的拟处罚：不得因当事人陈述、申辩而给予更重的处罚",
            "decision heavier than the notified penalty",
            article=5,
            basis=f"{CFL}第四十五条第二款",
            hint="加重处罚须重新告知，并重新听取陈述申辩。",
            field_="fine_fen",
        )
    if s.hearing_requested_on is not None and not s.hearing_held:
        raise refuse(
            "当事人已申请听证，听证结束前不得作出决定",
            "hearing requested but not yet held",
            article=5,
            basis=f"{CFL}第六十五条",
            field_="type",
        )
    if s.hearing_right and s.hearing_requested_on is None:
        notified = s.notified_on
        try:
            due, citation = due_after(env, "hearing.request.deadline", notified)
        except ConfigurationError:
            # Next year's calendar is not loaded: a decision within the shortest possible
            # request period is certainly too early; a later one cannot be judged yet.
            due = floor_after(env, "hearing.request.deadline", notified)
            citation = env.param("hearing.request.deadline", notified).citation
            if e.decided_on > due:
                raise
        if e.decided_on <= due:
            raise refuse(
                f"听证申请期限（至{due.isoformat()}）未届满，不得作出决定",
                f"hearing request period runs until {due}",
                article=5,
                basis=citation,
                field_="decided_on",
            )
    if review_required(s) and s.review_outcome not in {
        "approve",
        "approve_with_changes",
    }:
        raise refuse(
            "本案须经法制审核；未经法制审核或者审核未通过的，不得作出决定",
            "legal review required and not passed",
            article=5,
            basis=f"{CFL}第五十八条",
            hint="提交本机关法制审核人员审核。",
            field_="type",
        )
    if serious(s) and not s.collective:
        raise refuse(
            "情节复杂或者重大违法行为给予行政处罚，应当由行政机关负责人集体讨论决定",
            "collective discussion required",
            article=5,
            basis=f"{CFL}第五十七条第二款",
            hint="召开负责人集体讨论会议并记录结论。",
            field_="type",
        )
    _head(env, e.approved_by, s, "approved_by")
    deadline = late(e.decided_on, lambda: decision_due(s, env), lambda: decision_floor(s, env))
    if deadline is not None:
        raise refuse(
            f"办案期限已于{deadline.isoformat()}届满（超期办案）",
            f"decision after the deadline {deadline}",
            article=2,
            basis=f"{CFL}第六十条",
            hint="期限届满前依法办理延长审批。",
            field_="decided_on",
        )


@guard(ev.DocumentIssued)
def _document(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    """准则第九条: a document is issued complete and accurate, and its digest is its content's."""
    assert isinstance(e, ev.DocumentIssued)
    s = _require(state, e)
    if s.stage is Stage.ARCHIVED:
        raise refuse(
            "案卷已归档，不得再出具文书",
            "case archived; no document may be added",
            article=9,
            basis="《行政执法人员行为准则》第九条（严禁随意修改案卷材料）",
            field_="type",
        )
    if e.document_id in s.documents:
        raise _bad("document_id", "文书编号重复", "document id reused")
    for name in ("digest", "pdf_digest"):
        value = getattr(e, name)
        if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
            raise _bad(name, "摘要应为64位小写十六进制 SHA-256", f"{name} must be SHA-256 hex")
    if not isinstance(e.content, dict):
        return  # recorded already (a commitment): checked when it was issued
    from zhifa.documents.elements import check_elements
    from zhifa.documents.model import content_digest

    content = e.content
    if content.get("kind") != e.kind:
        raise _bad("content", "文书内容的种类与登记的种类不一致", "content kind differs from kind")
    if content_digest(content) != e.digest:
        raise refuse(
            "文书内容与登记的摘要不一致",
            "document content does not match its digest",
            article=9,
            basis="《行政执法人员行为准则》第九条（严禁案卷造假）",
            field_="digest",
        )
    findings = check_elements(content)
    if findings:
        first = findings[0]
        raise refuse(
            f"文书要素不全或者表述不准确（{len(findings)} 处），例如：{first.path}：{first.message_zh}",
            f"document has {len(findings)} element findings",
            article=9,
            basis=first.basis,
            hint="补正后再出具。",
            field_="content",
        )


@guard(ev.DocumentServed)
def _served(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.DocumentServed)
    s = _require(state, e)
    if e.method not in {
        "direct",
        "left_at_residence",
        "post",
        "electronic",
        "entrusted",
        "announcement",
    }:
        raise _bad("method", f"未知的送达方式：{e.method}", f"unknown method {e.method}")
    if not e.proof.strip():
        raise refuse(
            "送达应当有送达回证或者其他送达凭证",
            "no proof of service",
            article=9,
            basis=f"{CFL}第六十一条",
            field_="proof",
        )
    if e.document != "decision":
        _stage_in(s, e, _WORKING | {Stage.DECIDED, Stage.SERVED}, "送达文书")
        return
    _stage_in(s, e, {Stage.DECIDED}, "送达处罚决定书")
    assert s.decided_on is not None
    _not_before(e.served_on, s.decided_on, "served_on", "送达日期", f"{CFL}第六十一条")
    decided = s.decided_on
    citation = env.param("delivery.absent_party", decided).citation
    due = late(
        e.served_on,
        lambda: due_after(env, "delivery.absent_party", decided)[0],
        lambda: floor_after(env, "delivery.absent_party", decided),
    )
    if due is not None:
        raise refuse(
            f"当事人不在场的，应当在七个工作日内（{due.isoformat()}前）送达",
            f"served {e.served_on}, after {due}",
            article=5,
            basis=citation,
            field_="served_on",
        )


@guard(ev.PaymentReceived)
def _paid(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.PaymentReceived)
    s = _require(state, e)
    _stage_in(s, e, {Stage.SERVED, Stage.DECIDED}, "登记缴款")
    if e.channel not in {"bank", "electronic"}:
        raise refuse(
            "罚款应当缴至指定银行或者通过电子支付系统缴纳，执法人员不得自行收缴（当场收缴除外）",
            f"payment channel {e.channel} not designated",
            article=3,
            basis=f"{CFL}第六十七条",
            field_="channel",
        )
    if e.amount_fen <= 0:
        raise _bad("amount_fen", "缴款金额应大于零", "amount must be positive")
    if s.paid_fen + e.amount_fen > s.fine_fen + late_fee_cap(s):
        raise _bad(
            "amount_fen", "缴款超过应缴罚款与加处罚款之和", "payment exceeds fine plus late fee"
        )
    if s.decided_on:
        _not_before(e.paid_on, s.decided_on, "paid_on", "缴款日期", f"{CFL}第六十七条")


def late_fee_cap(s: CaseState) -> int:
    """加处罚款的数额不得超出罚款的数额 (行政处罚法第七十二条)."""
    return s.fine_fen


@guard(ev.CashHandedOver)
def _handover(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CashHandedOver)
    s = _require(state, e)
    if s.collected_cash_fen - s.handed_over_fen < e.amount_fen or e.amount_fen <= 0:
        raise _bad("amount_fen", "交回金额与当场收缴金额不符", "handover exceeds cash collected")
    assert s.decided_on is not None
    _not_before(e.handed_on, s.decided_on, "handed_on", "交回日期", f"{CFL}第七十一条")


@guard(ev.PaymentDeferred)
def _deferred(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.PaymentDeferred)
    s = _require(state, e)
    _stage_in(s, e, {Stage.SERVED}, "批准暂缓或者分期缴纳")
    if e.instalments < 1:
        raise _bad("instalments", "分期数至少为一", "instalments < 1")
    if not e.reason.strip():
        raise _bad("reason", "应当写明确有经济困难的理由", "reason missing")
    _head(env, e.approved_by, s, "approved_by")
    _not_before(e.due_on, e.approved_on, "due_on", "缴纳期限", f"{CFL}第六十六条")


@guard(ev.ExecutionDemanded)
def _demand(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.ExecutionDemanded)
    s = _require(state, e)
    _stage_in(s, e, {Stage.SERVED}, "催告")
    if s.fine_fen <= s.paid_fen or s.revoked:
        raise refuse(
            "当事人没有尚未履行的金钱给付义务，不得催告",
            "nothing owed; no demand",
            article=3,
            basis=f"{CCL}第三十五条",
            field_="type",
        )
    due = payment_due(s, env)
    if due is not None and e.demanded_on <= due:
        raise refuse(
            f"缴款期限（{due.isoformat()}）届满前不得催告",
            f"demand before payment due {due}",
            article=3,
            basis=f"{CCL}第三十五条",
            field_="demanded_on",
        )


@guard(ev.CourtEnforcementApplied)
def _court(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CourtEnforcementApplied)
    s = _require(state, e)
    _stage_in(s, e, {Stage.SERVED}, "申请法院强制执行")
    if s.demanded_on is None:
        raise refuse(
            "申请人民法院强制执行前，应当催告当事人履行义务",
            "court application without prior demand",
            article=5,
            basis=f"{CCL}第五十四条",
            field_="type",
        )
    demanded = s.demanded_on
    wait = env.param("coercion.demand.wait", demanded)
    try:
        after, _ = due_after(env, "coercion.demand.wait", demanded)
    except ConfigurationError:
        if e.applied_on > floor_after(env, "coercion.demand.wait", demanded):
            raise
        after = floor_after(env, "coercion.demand.wait", demanded)
    if e.applied_on <= after:
        raise refuse(
            f"催告书送达{wait.number()}日后当事人仍未履行的，方可申请人民法院强制执行（{after.isoformat()}之后）",
            f"court application on {e.applied_on}, not after {after}",
            article=5,
            basis=wait.citation,
            field_="applied_on",
        )
    if s.remedies_pending:
        raise refuse(
            "行政复议或者行政诉讼期间不得申请强制执行",
            "remedy pending",
            article=5,
            basis=f"{CCL}第五十三条",
            field_="type",
        )


@guard(ev.MeasureImposed)
def _measure(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.MeasureImposed)
    s = _require(state, e)
    _stage_in(s, e, _WORKING, "采取行政强制措施")
    _not_before(e.imposed_on, s.opened_on, "imposed_on", "实施强制措施日期", f"{CCL}第十八条")
    if e.kind not in {"seal", "seize", "freeze"}:
        raise _bad("kind", f"强制措施种类应为 seal、seize 或 freeze：{e.kind}", "bad kind")
    if s.measure(e.measure_id) is not None:
        raise _bad("measure_id", "强制措施编号重复", "measure id reused")
    if not e.items:
        raise _bad("items", "查封、扣押应当有清单", "inventory missing")
    for i, item in enumerate(e.items):
        if not item.get("linked", False):
            raise refuse(
                f"清单第{i + 1}项“{item.get('name', '')}”与违法行为无关，不得查封、扣押",
                f"item {i + 1} not linked to the case",
                article=3,
                basis=f"{CCL}第二十三条",
                hint="查封、扣押限于涉案的场所、设施或者财物；不得查封、扣押公民个人及其所扶养家属的生活必需品。",
                field_=f"items[{i}]",
            )
    limit = env.param("coercion.seizure.duration", e.imposed_on)
    if e.duration_days < 1 or e.duration_days > limit.number():
        raise refuse(
            f"查封、扣押的期限不得超过{limit.number()}日",
            f"duration {e.duration_days} exceeds {limit.number()}",
            article=3,
            basis=limit.citation,
            field_="duration_days",
        )
    _officers(
        s.body_id,
        e.officer_ids,
        s.matter_code,
        s.region_code,
        e.imposed_on,
        env,
        minimum_key="coercion.min_officers",
    )
    _head(env, e.approved_by, s, "approved_by")
    if e.emergency:
        limit_h = env.param("coercion.emergency_report", e.imposed_on)
        # approval must follow within 24 hours: the next calendar day at the latest.
        if (
            e.approved_on > e.imposed_on + timedelta(days=max(1, limit_h.number() // 24))
            or e.approved_on < e.imposed_on
        ):
            raise refuse(
                "情况紧急当场实施的，应当在二十四小时内向负责人报告并补办批准手续",
                "emergency measure not approved within 24 hours",
                article=5,
                basis=limit_h.citation,
                field_="approved_on",
            )
    elif e.approved_on > e.imposed_on:
        raise refuse(
            "实施行政强制措施前须向行政机关负责人报告并经批准",
            "measure imposed before approval",
            article=5,
            basis=f"{CCL}第十八条第（一）项",
            hint="情况紧急的，勾选“紧急”，并在二十四小时内补办批准手续。",
            field_="approved_on",
        )


@guard(ev.MeasureExtended)
def _measure_ext(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.MeasureExtended)
    s = _require(state, e)
    m = s.measure(e.measure_id)
    if m is None or m.released_on is not None:
        raise _bad("measure_id", "没有该项有效的强制措施", "no such active measure")
    limit = env.param("coercion.seizure.extension", e.notified_on)
    if m.extended:
        raise refuse(
            "查封、扣押期限只能延长一次",
            "already extended",
            article=3,
            basis=limit.citation,
            field_="type",
        )
    if e.extra_days < 1 or e.extra_days > limit.number():
        raise refuse(
            f"延长期限不得超过{limit.number()}日",
            f"extension {e.extra_days} exceeds {limit.number()}",
            article=3,
            basis=limit.citation,
            field_="extra_days",
        )
    end = env.add_days(m.imposed_on, m.duration_days)
    if e.notified_on > end:
        raise refuse(
            f"原期限已于{end.isoformat()}届满，应当解除，不能事后延长",
            f"measure expired {end}",
            article=3,
            basis=limit.citation,
            field_="notified_on",
        )
    _head(env, e.approved_by, s, "approved_by")


@guard(ev.MeasureReleased)
def _measure_rel(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.MeasureReleased)
    s = _require(state, e)
    m = s.measure(e.measure_id)
    if m is None or m.released_on is not None:
        raise _bad("measure_id", "没有该项有效的强制措施", "no such active measure")
    _not_before(e.released_on, m.imposed_on, "released_on", "解除日期", f"{CCL}第二十八条")


@guard(ev.RemedyFiled)
def _remedy(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.RemedyFiled)
    s = _require(state, e)
    if s.decided_on is None:
        raise _bad("type", "尚无处罚决定，不能登记复议或者诉讼", "no decision to challenge")
    if e.kind not in {"reconsideration", "litigation"}:
        raise _bad("kind", f"救济种类应为 reconsideration 或 litigation：{e.kind}", "bad kind")
    if e.remedy_id in s.remedies_pending:
        raise _bad("remedy_id", "救济编号重复", "remedy id reused")
    _not_before(e.filed_on, s.decided_on, "filed_on", "申请日期", f"{ARL}第二十条")


@guard(ev.RemedyDecided)
def _remedy_decided(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.RemedyDecided)
    s = _require(state, e)
    if e.remedy_id not in s.remedies_pending:
        raise _bad("remedy_id", "没有该项未决的复议或者诉讼", "no such pending remedy")
    if e.outcome not in {"upheld", "varied", "revoked", "declared_unlawful"}:
        raise _bad(
            "outcome",
            f"结论应为 upheld、varied、revoked 或 declared_unlawful：{e.outcome}",
            "bad outcome",
        )
    if e.outcome == "varied" and e.new_fine_fen is None:
        raise _bad("new_fine_fen", "变更决定应写明变更后的罚款", "varied without new fine")
    if e.new_fine_fen is not None and e.new_fine_fen > s.fine_fen:
        raise refuse(
            "变更决定不得加重当事人的处罚",
            f"varied fine {e.new_fine_fen} above the original {s.fine_fen}",
            article=5,
            basis=f"{ARL}第六十三条第二款；{ALL}第七十七条第二款",
            field_="new_fine_fen",
        )


@guard(ev.CaseTransferred)
def _transferred(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CaseTransferred)
    s = _require(state, e)
    _stage_in(s, e, {Stage.LEAD} | _WORKING, "移送")
    if e.to_kind not in {"body", "judicial"} or not e.to_name.strip() or not e.reason.strip():
        raise _bad(
            "to_name",
            "移送应写明接收机关（body 或 judicial）和理由",
            "transfer needs receiver and reason",
        )


@guard(ev.CaseWithdrawn)
def _withdrawn(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CaseWithdrawn)
    s = _require(state, e)
    _stage_in(s, e, _WORKING, "撤销立案")
    if not e.reason.strip():
        raise refuse(
            "撤销立案应当写明理由",
            "withdrawal needs a reason",
            article=2,
            basis=f"{CFL}第五十七条",
            field_="reason",
        )
    _head(env, e.approved_by, s, "approved_by")


@guard(ev.CaseClosed)
def _closed(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CaseClosed)
    s = _require(state, e)
    _stage_in(s, e, {Stage.SERVED, Stage.DECIDED}, "结案")
    _not_before(
        e.closed_on, s.served_on or s.decided_on, "closed_on", "结案日期", f"{CFL}第六十一条"
    )
    if s.stage is Stage.DECIDED and s.procedure is Procedure.GENERAL:
        raise refuse(
            "处罚决定书尚未送达，不能结案",
            "decision not served",
            article=5,
            basis=f"{CFL}第六十一条",
            field_="type",
        )
    unpaid = s.fine_fen - s.paid_fen
    if unpaid > 0 and s.court_applied_on is None and not s.revoked:
        raise refuse(
            f"罚款尚有{Money(unpaid)}未缴纳，且未申请强制执行，不能结案",
            "fine unpaid and no court application",
            article=2,
            basis=f"{CFL}第七十二条；{CCL}第五十三条",
            hint="催告后依法申请人民法院强制执行，或者批准暂缓、分期缴纳。",
            field_="type",
        )
    if s.collected_cash_fen > s.handed_over_fen:
        raise refuse(
            "当场收缴的罚款尚未交回行政机关",
            "cash collected on the spot not handed over",
            article=3,
            basis=f"{CFL}第七十一条",
            field_="type",
        )
    if any(m.released_on is None for _, m in s.measures):
        raise refuse(
            "尚有未解除或者未处理的查封、扣押",
            "measures still in force",
            article=3,
            basis=f"{CCL}第二十七、二十八条",
            field_="type",
        )
    _head(env, e.approved_by, s, "approved_by")


@guard(ev.CaseArchived)
def _archived(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CaseArchived)
    s = _require(state, e)
    _stage_in(s, e, {Stage.CLOSED, Stage.DECLINED, Stage.WITHDRAWN, Stage.TRANSFERRED}, "归档")


@guard(ev.DeadlineMissed)
def _missed(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.DeadlineMissed)
    _require(state, e)


@guard(ev.LanguageFlagged)
def _flagged(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.LanguageFlagged)
    s = _require(state, e)
    if e.evidence_id not in s.evidence_ids:
        raise _bad("evidence_id", "没有该笔录", "no such transcript on the case")
    if not e.findings:
        raise _bad("findings", "没有检查发现的记录不必登记", "no findings")


@guard(ev.WordingFlagged)
def _wording(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.WordingFlagged)
    _require(state, e)
    if not e.findings:
        raise _bad("findings", "没有检查发现的记录不必登记", "no findings")


@guard(ev.DossierChecked)
def _dossier(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.DossierChecked)
    s = _require(state, e)
    if s.stage is not Stage.ARCHIVED:
        raise _bad("type", "案卷归档时才进行整卷检查", "dossier check belongs to archiving")


@guard(ev.RecusalRequested)
def _recusal_requested(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.RecusalRequested)
    s = _require(state, e)
    _stage_in(s, e, _WORKING | {Stage.DECIDED}, "申请回避")
    if e.officer_id not in s.officer_ids:
        raise _bad("officer_id", "申请回避的人员不是本案执法人员", "officer not on the case")
    if len(e.reason.strip()) < 2:
        raise _bad("reason", "请写明申请回避的理由", "a reason is required")


@guard(ev.CircumstancesAssessed)
def _circumstances(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CircumstancesAssessed)
    s = _require(state, e)
    _stage_in(s, e, _WORKING, "认定情节")
    _not_before(e.assessed_on, s.opened_on, "assessed_on", "立案", f"{CFL}第五十四条")
    strangers = [o for o in e.officer_ids if o not in s.officer_ids]
    if not e.officer_ids or strangers:
        raise _bad("officer_ids", "情节认定应由本案执法人员作出", "officers must be on the case")


@guard(ev.InterferenceReported)
def _interference(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    """Any officer of the body may record it, on any case of the body, at any stage: the
    record must never be blocked by where the case stands."""
    assert isinstance(e, ev.InterferenceReported)
    _require(state, e)
    who = env.officer(e.reported_by)
    if who.body_id != e.body_id or not who.active:
        raise _bad(
            "reported_by", "登记人应为本机关在岗人员", "reporter must be active staff of the body"
        )
    if not e.interferer_position.strip():
        raise _bad("interferer_position", "请写明干预人员的职务或身份", "position required")


@guard(ev.RelationDeclared)
def _relation(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.RelationDeclared)
    _require(state, e)
    who = env.officer(e.officer_id)
    if who.body_id != e.body_id:
        raise _bad("officer_id", "申报人应为本机关人员", "officer must belong to the body")


@guard(ev.CaseCorrected)
def _corrected(state: CaseState | None, e: ev.CaseEvent, env: Env) -> None:
    assert isinstance(e, ev.CaseCorrected)
    _require(state, e)
    if not e.reason.strip() or not e.corrects:
        raise refuse(
            "更正应当指明被更正的记录并写明理由，不得随意修改案卷材料",
            "a correction names what it corrects and why",
            article=9,
            basis="《行政执法人员行为准则》第九条",
            field_="reason",
        )


# ------------------------------------------------------------------ evolve


def _with(s: CaseState, **changes: object) -> CaseState:
    """A changed copy. (``dataclasses.replace`` re-runs ``__init__`` over some sixty fields;
    an import folds a million events, so copy the instance dict instead.)"""
    new = object.__new__(CaseState)
    new.__dict__.update(s.__dict__)
    new.__dict__.update(changes)
    return new


def evolve(state: CaseState | None, e: ev.CaseEvent) -> CaseState:
    """Fold one (already checked) event into the state."""
    if isinstance(e, ev.LeadRegistered):
        return CaseState(
            case_id=e.case_id,
            body_id=e.body_id,
            stage=Stage.LEAD,
            received_on=e.received_on,
            lead_summary=e.summary,
            matter_code=e.matter_code or "",
        )
    if isinstance(e, ev.SummaryDecisionIssued):
        return CaseState(
            case_id=e.case_id,
            body_id=e.body_id,
            stage=Stage.DECIDED if e.fine_fen > e.collected_on_spot_fen else Stage.SERVED,
            procedure=Procedure.SUMMARY,
            number=e.number,
            matter_code=e.matter_code,
            region_code=e.region_code,
            party_kind=e.party_kind,
            party_label=e.party_label,
            opened_on=e.decided_on,
            officer_ids=e.officer_ids,
            investigators=frozenset(e.officer_ids),
            decided_on=e.decided_on,
            decision_number=e.number,
            served_on=e.decided_on,
            penalty_kinds=e.penalty_kinds,
            fine_fen=e.fine_fen,
            notice_fine_fen=e.fine_fen,
            notice_kinds=e.penalty_kinds,
            paid_fen=e.collected_on_spot_fen,
            collected_cash_fen=e.collected_on_spot_fen,
        )
    assert state is not None
    s = state
    match e:
        case ev.CaseDeclined():
            return _with(s, stage=Stage.DECLINED, ended_on=e.decided_on)
        case ev.FilingExtended():
            return _with(s, filing_extended=True)
        case ev.CaseOpened():
            return _with(
                s,
                stage=Stage.INVESTIGATING,
                procedure=Procedure.GENERAL,
                number=e.number,
                matter_code=e.matter_code,
                region_code=e.region_code,
                party_kind=e.party_kind,
                party_label=e.party_label,
                opened_on=e.opened_on,
                officer_ids=e.officer_ids,
                investigators=frozenset(e.officer_ids),
            )
        case ev.EvidenceCollected():
            return _with(
                s,
                evidence_ids=s.evidence_ids | {e.evidence_id},
                investigators=s.investigators | set(e.collected_by),
            )
        case ev.TranscriptRecorded():
            return _with(
                s,
                evidence_ids=s.evidence_ids | {e.evidence_id},
                investigators=s.investigators | set(e.officer_ids),
            )
        case ev.EvidencePreserved():
            return _with(
                s, preservations=(*s.preservations, (e.preservation_id, e.preserved_on, None))
            )
        case ev.PreservationHandled():
            return _with(
                s,
                preservations=tuple(
                    (p[0], p[1], e.handled_on) if p[0] == e.preservation_id else p
                    for p in s.preservations
                ),
            )
        case ev.RecusalDecided():
            if not e.granted:
                return s
            officers = tuple(o for o in s.officer_ids if o != e.officer_id)
            if e.replacement_id:
                officers += (e.replacement_id,)
            return _with(s, officer_ids=officers, investigators=s.investigators | set(officers))
        case ev.TimeExcluded():
            return _with(s, excluded=(*s.excluded, (e.from_on, e.to_on)))
        case ev.DecisionDeadlineExtended():
            return _with(
                s,
                decision_extensions=s.decision_extensions + 1,
                collective=s.collective or e.collective,
            )
        case ev.RightsNotified():
            return _with(
                s,
                stage=Stage.NOTIFIED,
                notified_on=e.notified_on,
                notice_fine_fen=e.fine_fen,
                notice_confiscation_fen=e.confiscation_fen,
                notice_kinds=e.penalty_kinds,
                hearing_right=e.hearing_right,
                review_flagged=e.legal_review_required,
            )
        case ev.StatementReceived():
            return _with(s, statements=s.statements + 1)
        case ev.HearingRequested():
            return _with(s, hearing_requested_on=e.requested_on)
        case ev.HearingNoticed():
            return _with(s, hearing_on=e.hearing_on)
        case ev.HearingHeld():
            return _with(s, hearing_held=True)
        case ev.LegalReviewCompleted():
            return _with(s, review_outcome=e.outcome)
        case ev.CollectiveDiscussionHeld():
            return _with(s, collective=True)
        case ev.DecisionIssued():
            return _with(
                s,
                stage=Stage.DECIDED,
                decided_on=e.decided_on,
                decision_number=e.number,
                penalty_kinds=e.penalty_kinds,
                fine_fen=e.fine_fen,
                confiscation_fen=e.confiscation_fen,
                tier=e.tier,
            )
        case ev.DocumentIssued():
            return _with(s, documents=(*s.documents, e.document_id))
        case ev.DocumentServed():
            if e.document == "decision":
                return _with(s, stage=Stage.SERVED, served_on=e.served_on)
            return s
        case ev.PaymentReceived():
            return _with(s, paid_fen=s.paid_fen + e.amount_fen)
        case ev.CashHandedOver():
            return _with(
                s, handed_over_fen=s.handed_over_fen + e.amount_fen, handed_over_on=e.handed_on
            )
        case ev.PaymentDeferred():
            return _with(s, payment_due_override=e.due_on)
        case ev.ExecutionDemanded():
            return _with(s, demanded_on=e.demanded_on)
        case ev.CourtEnforcementApplied():
            return _with(s, court_applied_on=e.applied_on)
        case ev.MeasureImposed():
            return _with(
                s,
                measures=(
                    *s.measures,
                    (e.measure_id, Measure(e.kind, e.imposed_on, e.duration_days)),
                ),
            )
        case ev.MeasureExtended():
            return _with(
                s,
                measures=tuple(
                    (
                        mid,
                        dataclasses.replace(
                            m, duration_days=m.duration_days + e.extra_days, extended=True
                        ),
                    )
                    if mid == e.measure_id
                    else (mid, m)
                    for mid, m in s.measures
                ),
            )
        case ev.MeasureReleased():
            return _with(
                s,
                measures=tuple(
                    (mid, dataclasses.replace(m, released_on=e.released_on))
                    if mid == e.measure_id
                    else (mid, m)
                    for mid, m in s.measures
                ),
            )
        case ev.RemedyFiled():
            return _with(
                s,
                remedies_pending=s.remedies_pending | {e.remedy_id},
                remedy_pauses=(*s.remedy_pauses, (e.filed_on, None)),
            )
        case ev.RemedyDecided():
            pauses = list(s.remedy_pauses)
            for i in range(len(pauses) - 1, -1, -1):
                if pauses[i][1] is None:
                    pauses[i] = (pauses[i][0], e.decided_on)
                    break
            changes: dict[str, object] = {
                "remedies_pending": s.remedies_pending - {e.remedy_id},
                "remedy_pauses": tuple(pauses),
            }
            if e.outcome in {"revoked", "declared_unlawful"}:
                changes["revoked"] = True
                changes["fine_fen"] = min(s.fine_fen, s.paid_fen)
            elif e.outcome == "varied" and e.new_fine_fen is not None:
                changes["fine_fen"] = e.new_fine_fen
            return _with(s, **changes)
        case ev.CaseTransferred():
            return _with(s, stage=Stage.TRANSFERRED, ended_on=e.transferred_on)
        case ev.CaseWithdrawn():
            return _with(s, stage=Stage.WITHDRAWN, ended_on=e.withdrawn_on)
        case ev.CaseClosed():
            return _with(s, stage=Stage.CLOSED, ended_on=e.closed_on)
        case ev.CaseArchived():
            return _with(s, stage=Stage.ARCHIVED)
        case ev.CaseCorrected():
            return _with(s, corrections=s.corrections + 1)
        case (
            ev.DeadlineMissed()
            | ev.LanguageFlagged()
            | ev.DossierChecked()
            | ev.RecusalRequested()
            | ev.CircumstancesAssessed()
            | ev.InterferenceReported()
            | ev.RelationDeclared()
            | ev.WordingFlagged()
        ):
            # Facts the conduct rules read; they do not move the case.
            return s
    raise TypeError(f"no fold for {type(e).__name__}")


# ------------------------------------------------------------------ clocks


@dataclass(frozen=True)
class Clock:
    """One statutory deadline on a case: what, until when, and why."""

    key: str
    label_zh: str
    due: date | None  # None: the holiday calendar of the year it falls in is not loaded yet
    basis: str
    met_on: date | None = None
    pending_zh: str = ""

    def days_left(self, today: date) -> int | None:
        return (self.due - today).days if self.due is not None else None


def decision_due(s: CaseState, env: Env) -> date | None:
    """第六十条: 90 days from 立案, plus approved extensions, excluding hearing/testing/announcement."""
    if s.opened_on is None or s.procedure is not Procedure.GENERAL:
        return None
    return env.add_days(s.opened_on, _decision_days(s, env))


def decision_floor(s: CaseState, env: Env) -> date | None:
    """The earliest ``decision_due`` can be, without the holiday calendar."""
    if s.opened_on is None or s.procedure is not Procedure.GENERAL:
        return None
    return s.opened_on + timedelta(days=_decision_days(s, env))


def _decision_days(s: CaseState, env: Env) -> int:
    """The whole decision period in calendar days: 90, plus each approved extension, plus
    the excluded days (overlapping periods counted once). It is counted from 立案 and moved
    past a holiday once, at its end — never a holiday counted twice."""
    assert s.opened_on is not None
    base = env.param("case.decision.deadline", s.opened_on)
    ext = env.param("case.decision.extension", s.opened_on)
    if str(base.unit) != "days" or str(ext.unit) != "days":
        raise ValueError("case.decision.* must be counted in calendar days")
    return base.number() + s.decision_extensions * ext.number() + excluded_days(s.excluded)


def excluded_days(periods: tuple[tuple[date, date], ...]) -> int:
    """Calendar days inside any of the periods (both ends included), overlaps counted once."""
    total = 0
    end: date | None = None
    for a, b in sorted(periods):
        if end is not None and a <= end:
            if b > end:
                total += (b - end).days
                end = b
            continue
        total += (b - a).days + 1
        end = b
    return total


def payment_due(s: CaseState, env: Env) -> date | None:
    """第六十七条: 15 days from service; a deferral replaces it."""
    if s.payment_due_override is not None:
        return s.payment_due_override
    if s.served_on is None or s.fine_fen <= s.paid_fen:
        return None
    due, _ = due_after(env, "payment.deadline", s.served_on)
    return due


def clocks(s: CaseState, env: Env) -> list[Clock]:
    """Every statutory clock running on the case, with its basis (shown on the case page).

    A clock whose end falls in a year whose holiday calendar is not loaded yet is listed
    with ``due=None`` and the reason, never guessed."""
    out: list[Clock] = []

    def add(
        key: str, label: str, start: Callable[[], date | None], met: date | None = None
    ) -> None:
        try:
            first = start()
            if first is None:
                return
            due, citation = (
                (first, env.param(key, first).citation)
                if key in _DIRECT
                else due_after(env, key, first)
            )
        except ConfigurationError as exc:
            out.append(
                Clock(
                    key,
                    label,
                    None,
                    env.param(key, _any_day(s)).citation,
                    met,
                    exc.message_zh,
                )
            )
            return
        out.append(Clock(key, label, due, citation, met))

    if s.received_on is not None:
        met = s.opened_on if s.procedure is Procedure.GENERAL else s.ended_on
        if s.stage is Stage.LEAD or met is not None:
            add("case.filing.deadline", "立案（核查）期限", lambda: filing_due(s, env), met)
    for pid, preserved_on, handled_on in s.preservations:
        add(
            "evidence.preservation.decision",
            f"先行登记保存 {pid} 处理决定",
            lambda on=preserved_on: on,  # type: ignore[misc]
            handled_on,
        )
    if s.notified_on is not None and s.hearing_right:
        add(
            "hearing.request.deadline",
            "听证申请期限",
            lambda: s.notified_on,
            s.hearing_requested_on,
        )
    if s.opened_on is not None and s.procedure is Procedure.GENERAL:
        add(
            "case.decision.deadline",
            "办案期限（作出决定）",
            lambda: decision_due(s, env),
            s.decided_on or s.ended_on,
        )
    if s.decided_on is not None and s.procedure is Procedure.GENERAL:
        add("delivery.absent_party", "送达处罚决定书", lambda: s.decided_on, s.served_on)
    if (
        not s.revoked
        and s.fine_fen > s.paid_fen
        and (s.payment_due_override is not None or s.served_on is not None)
    ):
        add("payment.deadline", "缴纳罚款期限", lambda: payment_due(s, env), None)
    if s.collected_cash_fen > 0 and s.decided_on is not None:
        add(
            "collection.handover.officer",
            "当场收缴罚款交回机关",
            lambda: s.decided_on,
            s.handed_over_on if s.handed_over_fen >= s.collected_cash_fen else None,
        )
    for mid, m in s.measures:
        add(
            "coercion.seizure.duration",
            f"强制措施 {mid} 期限",
            lambda m=m: env.add_days(m.imposed_on, m.duration_days),  # type: ignore[misc]
            m.released_on,
        )
    return out


# Clocks whose ``start`` already computes the due date itself.
_DIRECT = frozenset(
    {
        "case.filing.deadline",
        "case.decision.deadline",
        "payment.deadline",
        "coercion.seizure.duration",
    }
)


def filing_due(s: CaseState, env: Env) -> date | None:
    """立案期限: the filing period from the lead, plus the approved extension if any."""
    if s.received_on is None:
        return None
    base = env.param("case.filing.deadline", s.received_on)
    days = base.number()
    if s.filing_extended:
        ext = env.param("case.filing.extension", s.received_on)
        if str(ext.unit) != str(base.unit):
            raise ValueError("case.filing.* must share a unit")
        days += ext.number()
    if str(base.unit) == "working_days":
        return env.add_working_days(s.received_on, days)
    return env.add_days(s.received_on, days)


def next_step(s: CaseState) -> str:
    """What the officer does next, in a few words (the workbench's column)."""
    match s.stage:
        case Stage.LEAD:
            return "核查并决定是否立案"
        case Stage.INVESTIGATING:
            return "调查取证后告知拟处罚" if s.evidence_ids else "调查取证"
        case Stage.NOTIFIED:
            if s.hearing_requested_on is not None and not s.hearing_held:
                return "组织听证"
            if review_required(s) and s.review_outcome not in {
                "approve",
                "approve_with_changes",
            }:
                return "提交法制审核"
            if serious(s) and not s.collective:
                return "负责人集体讨论"
            return "作出处罚决定"
        case Stage.DECIDED:
            return "送达处罚决定书"
        case Stage.SERVED:
            if s.collected_cash_fen > s.handed_over_fen:
                return "交回当场收缴的罚款"
            if s.fine_fen > s.paid_fen and not s.revoked:
                return "催告或申请强制执行" if s.demanded_on else "督促缴纳罚款"
            return "结案"
        case Stage.CLOSED | Stage.DECLINED | Stage.WITHDRAWN | Stage.TRANSFERRED:
            return "归档"
    return "—"


def overdue(s: CaseState, env: Env, today: date) -> list[Clock]:
    if not s.is_open:
        return []
    return [c for c in clocks(s, env) if c.met_on is None and c.due is not None and c.due < today]


def _any_day(s: CaseState) -> date:
    """A day the case existed on, to look up which version of a parameter it cites."""
    day = s.opened_on or s.received_on or s.decided_on
    assert day is not None, "every case has a received, opened or decided date"
    return day
