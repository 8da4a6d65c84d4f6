"""The statutory clocks of a case (``clocks``), with exact due dates across statutory holidays
and adjusted working weekends, periods excluded from the decision clock, and the behaviour
when a clock reaches into a year whose holidays are not published yet (2027).

Calendars: 2025 from 国办发明电〔2024〕12号 (国庆 10-01…10-08, Sunday 09-28 and Saturday
10-11 worked); 2026 from the 2025-11-04 notice (春节 02-15…02-23 with Saturdays 02-14 and
02-28 worked; 清明 04-04…04-06; 劳动节 05-01…05-05 with Saturday 05-09 worked; 国庆
10-01…10-07 with Saturday 10-10 worked).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from tests.unit.cases.factories import (
    PLAN,
    Plan,
    Story,
    decided,
    investigating,
    lead,
    make,
    notified,
    opened,
    plan,
    served,
    summary,
    with_measure,
    yuan,
)

from zhifa.cases import events as ev
from zhifa.cases.model import (
    CaseState,
    Clock,
    Env,
    check,
    clocks,
    floor_after,
    late,
    overdue,
)
from zhifa.deadlines.errors import CalendarYearMissing
from zhifa.kernel.errors import ConfigurationError

D = date


def clock(s: CaseState, env: Env, key: str) -> Clock:
    found = [c for c in clocks(s, env) if c.key == key]
    assert len(found) == 1, [c.key for c in clocks(s, env)]
    return found[0]


def keys(s: CaseState, env: Env) -> list[str]:
    return [c.key for c in clocks(s, env)]


# ------------------------------------------------------------------ plans with holidays near

HEARING_RIGHT = {"party_kind": "person", "fine_fen": yuan(20_000), "hearing_right": True}
FEB_LEAD = plan(received=D(2026, 2, 10))
NATIONAL_LEAD_2025 = plan(received=D(2025, 9, 26))
SEPT_2026 = plan(received=D(2026, 8, 31), opened=D(2026, 9, 1), evidence=D(2026, 9, 2))
MAYDAY = plan(
    received=D(2026, 3, 31),
    opened=D(2026, 4, 1),
    evidence=D(2026, 4, 2),
    notified=D(2026, 4, 30),
    **HEARING_RIGHT,
)
NATIONAL_2025 = plan(
    received=D(2025, 9, 1),
    opened=D(2025, 9, 2),
    evidence=D(2025, 9, 3),
    notified=D(2025, 9, 25),
    **HEARING_RIGHT,
)
FEB_OPENED = plan(
    received=D(2026, 1, 30), opened=D(2026, 2, 2), evidence=D(2026, 2, 3), notified=D(2026, 3, 10)
)
DELIVERY_2025 = plan(
    received=D(2025, 8, 1),
    opened=D(2025, 8, 4),
    evidence=D(2025, 8, 5),
    notified=D(2025, 9, 10),
    decided=D(2025, 9, 26),
)
LATE_PAY = plan(decided=D(2026, 4, 15), served=D(2026, 4, 16))
ON_THE_SPOT = {"collected_on_spot_fen": yuan(100), "collection_ground": "small_fine"}


@dataclass(frozen=True)
class ClockRow:
    label: str
    given: Callable[[Env], Story]
    key: str
    due: date
    basis: str  # a word of the citation
    met: date | None = None


Step = tuple[type[ev.CaseEvent], dict[str, Any]]


def then(builder: Callable[[Env, Plan], Story], p: Plan, *steps: Step) -> Callable[[Env], Story]:
    def build(env: Env) -> Story:
        story = builder(env, p)
        for cls, kw in steps:
            story.then(cls, **kw)
        return story

    return build


def on_spot(decided_on: date) -> Callable[[Env], Story]:
    def build(env: Env) -> Story:
        return summary(env, decided_on=decided_on, receipt_number="票据1", **ON_THE_SPOT)

    return build


def sept_measure(*steps: Step) -> Callable[[Env], Story]:
    def build(env: Env) -> Story:
        story = with_measure(env, SEPT_2026, imposed_on=D(2026, 9, 5), approved_on=D(2026, 9, 5))
        for cls, kw in steps:
            story.then(cls, **kw)
        return story

    return build


# fmt: off
CLOCKS: list[ClockRow] = [
    # 立案: 15 working days (市场监管 default), 行政处罚法第五十四条
    ClockRow("CFL54-filing-across-spring-festival-2026", then(lead, FEB_LEAD), "case.filing.deadline", D(2026, 3, 9), "第五十四条"),
    ClockRow("CFL54-filing-across-national-day-2025", then(lead, NATIONAL_LEAD_2025), "case.filing.deadline", D(2025, 10, 23), "第五十四条"),
    ClockRow("CFL54-filing-met-by-opening", then(opened, PLAN), "case.filing.deadline", D(2026, 3, 23), "第五十四条", D(2026, 3, 3)),
    ClockRow("CFL54-filing-met-by-declining", then(lead, PLAN, (ev.CaseDeclined, {})), "case.filing.deadline", D(2026, 3, 23), "第五十四条", D(2026, 3, 4)),
    # 先行登记保存: 7 working days, 第五十六条 (2026-09-29 → 国庆 → Saturday 10-10 counted)
    ClockRow("CFL56-preservation-across-national-day-2026", then(investigating, SEPT_2026, (ev.EvidencePreserved, {"preserved_on": D(2026, 9, 29)})), "evidence.preservation.decision", D(2026, 10, 14), "第五十六条"),
    # 听证申请: 5 working days, 第六十四条
    ClockRow("CFL64-request-across-labour-day-2026", then(notified, MAYDAY), "hearing.request.deadline", D(2026, 5, 11), "第六十四条"),
    ClockRow("CFL64-request-across-adjusted-sunday-and-national-day-2025", then(notified, NATIONAL_2025), "hearing.request.deadline", D(2025, 10, 9), "第六十四条"),
    ClockRow("CFL64-request-met", then(notified, NATIONAL_2025, (ev.HearingRequested, {"requested_on": D(2025, 9, 28)})), "hearing.request.deadline", D(2025, 10, 9), "第六十四条", D(2025, 9, 28)),
    # 办案期限: 90 days, 第六十条; extensions; excluded periods
    ClockRow("CFL60-decision-90-days", then(investigating, PLAN), "case.decision.deadline", D(2026, 6, 1), "第六十条"),
    ClockRow("CFL60-MinFa203-day-90-in-labour-day", then(investigating, FEB_OPENED), "case.decision.deadline", D(2026, 5, 6), "第六十条"),
    ClockRow("CFL60-extended-30-days", then(investigating, PLAN, (ev.DecisionDeadlineExtended, {})), "case.decision.deadline", D(2026, 7, 1), "第六十条"),
    ClockRow("CFL60-extended-twice-by-collective", then(investigating, PLAN, (ev.DecisionDeadlineExtended, {}), (ev.DecisionDeadlineExtended, {"approved_on": D(2026, 6, 20), "collective": True})), "case.decision.deadline", D(2026, 7, 31), "第六十条"),
    # The extension continues from the 90th day itself (05-03), not from the day the holiday
    # roll moved it to (05-06): 02-02 + 120 days = 06-02 (the stricter reading, docs/deadlines.md).
    ClockRow("CFL60-extended-after-labour-day-roll", then(investigating, FEB_OPENED, (ev.DecisionDeadlineExtended, {"approved_on": D(2026, 4, 20)})), "case.decision.deadline", D(2026, 6, 2), "第六十条"),
    ClockRow("CFL60-testing-10-days-excluded", then(investigating, PLAN, (ev.TimeExcluded, {})), "case.decision.deadline", D(2026, 6, 11), "第六十条"),
    ClockRow("CFL60-hearing-13-days-excluded", then(investigating, PLAN, (ev.TimeExcluded, {"reason": "hearing", "from_on": D(2026, 3, 13), "to_on": D(2026, 3, 25)})), "case.decision.deadline", D(2026, 6, 15), "第六十条"),
    ClockRow("CFL60-decision-met", then(decided, PLAN), "case.decision.deadline", D(2026, 6, 1), "第六十条", D(2026, 3, 30)),
    # 送达: 7 working days when the party is absent, 第六十一条
    ClockRow("CFL61-delivery-across-national-day-2025", then(decided, DELIVERY_2025), "delivery.absent_party", D(2025, 10, 13), "第六十一条"),
    ClockRow("CFL61-delivery-across-qingming-2026", then(decided, PLAN), "delivery.absent_party", D(2026, 4, 9), "第六十一条"),
    ClockRow("CFL61-delivery-met", then(served, PLAN), "delivery.absent_party", D(2026, 4, 9), "第六十一条", D(2026, 3, 31)),
    # 缴款: 15 calendar days from service, the last day moved off a holiday, 第六十七条
    ClockRow("CFL67-payment-15-days", then(served, PLAN), "payment.deadline", D(2026, 4, 15), "第六十七条"),
    ClockRow("CFL67-MinFa203-payment-rolled-past-labour-day", then(served, LATE_PAY), "payment.deadline", D(2026, 5, 6), "第六十七条"),
    ClockRow("CFL66-payment-deferred", then(served, PLAN, (ev.PaymentDeferred, {})), "payment.deadline", D(2026, 6, 30), "第六十七条"),
    ClockRow("CFL67-summary-payment-from-decision", lambda env: summary(env), "payment.deadline", D(2026, 3, 17), "第六十七条"),
    # 当场收缴交回: 2 working days, 第七十一条
    ClockRow("CFL71-handover-across-adjusted-sunday-2025", on_spot(D(2025, 9, 26)), "collection.handover.officer", D(2025, 9, 29), "第七十一条"),
    ClockRow("CFL71-handover-across-labour-day-2026", on_spot(D(2026, 4, 29)), "collection.handover.officer", D(2026, 5, 6), "第七十一条"),
    # 查封、扣押: 30 days (+30 once), 行政强制法第二十五条
    ClockRow("CCL25-seizure-30-days-into-national-day", sept_measure(), "coercion.seizure.duration", D(2026, 10, 8), "第二十五条"),
    ClockRow("CCL25-seizure-extended-to-60-days", sept_measure((ev.MeasureExtended, {"notified_on": D(2026, 10, 8)})), "coercion.seizure.duration", D(2026, 11, 4), "第二十五条"),
    ClockRow("CCL28-seizure-released", sept_measure((ev.MeasureReleased, {"released_on": D(2026, 9, 20)})), "coercion.seizure.duration", D(2026, 10, 8), "第二十五条", D(2026, 9, 20)),
]
# fmt: on


@pytest.mark.parametrize("row", [pytest.param(r, id=r.label) for r in CLOCKS])
def test_clock_due_date(row: ClockRow, env: Env) -> None:
    c = clock(row.given(env).s, env, row.key)
    assert c.due == row.due
    assert row.basis in c.basis
    assert c.met_on == row.met
    assert c.pending_zh == ""


def test_days_left_counts_calendar_days(env: Env) -> None:
    c = clock(served(env, LATE_PAY).s, env, "payment.deadline")
    assert c.days_left(D(2026, 4, 30)) == 6
    assert c.days_left(D(2026, 5, 7)) == -1


def test_preservation_clock_met_when_handled(env: Env) -> None:
    story = investigating(env, SEPT_2026).then(ev.EvidencePreserved, preserved_on=D(2026, 9, 29))
    story.then(ev.PreservationHandled, handled_on=D(2026, 10, 9))
    assert clock(story.s, env, "evidence.preservation.decision").met_on is not None


def test_handover_clock_met_when_all_cash_handed_over(env: Env) -> None:
    story = on_spot(D(2025, 9, 26))(env)
    assert clock(story.s, env, "collection.handover.officer").met_on is None
    story.then(ev.CashHandedOver, handed_on=D(2025, 9, 29))
    assert clock(story.s, env, "collection.handover.officer").met_on is not None


def test_payment_clock_stops_when_paid_and_when_revoked(env: Env) -> None:
    paid = served(env).then(ev.PaymentReceived)
    assert "payment.deadline" not in keys(paid.s, env)
    revoked = served(env).then(ev.RemedyFiled).then(ev.RemedyDecided, outcome="revoked")
    assert "payment.deadline" not in keys(revoked.s, env)
    varied = served(env).then(ev.RemedyFiled)
    varied.then(ev.RemedyDecided, outcome="varied", new_fine_fen=yuan(6_000))
    assert clock(varied.s, env, "payment.deadline").due == D(2026, 4, 15)
    assert varied.s.fine_fen == yuan(6_000)


def test_remedy_pauses_recorded_for_the_late_fee(env: Env) -> None:
    """行政处罚法第七十三条: the late fee does not run while 复议/诉讼 is pending."""
    story = served(env).then(ev.RemedyFiled, filed_on=D(2026, 4, 5))
    assert list(story.s.remedy_pauses) == [(D(2026, 4, 5), None)]
    assert story.s.remedies_pending == frozenset({"r1"})
    story.then(ev.RemedyDecided, decided_on=D(2026, 5, 10))
    assert list(story.s.remedy_pauses) == [(D(2026, 4, 5), D(2026, 5, 10))]
    assert story.s.remedies_pending == frozenset()


def test_overdue_lists_unmet_clocks_past_due(env: Env) -> None:
    s = decided(env, DELIVERY_2025).s
    assert [c.key for c in overdue(s, env, D(2025, 10, 13))] == []
    assert [c.key for c in overdue(s, env, D(2025, 10, 14))] == ["delivery.absent_party"]


def test_no_filing_clock_on_a_summary_case(env: Env) -> None:
    assert keys(summary(env).s, env) == ["payment.deadline"]


# ------------------------------------------------------------------ 2027 is not loaded

PENDING = "2027年的法定节假日安排尚未载入"
NOV_OPENED = plan(
    received=D(2026, 10, 30),
    opened=D(2026, 11, 2),
    evidence=D(2026, 11, 3),
    notified=D(2026, 11, 10),
)
DEC_NOTIFIED = plan(
    received=D(2026, 11, 30),
    opened=D(2026, 12, 1),
    evidence=D(2026, 12, 2),
    notified=D(2026, 12, 28),
    **HEARING_RIGHT,
)


def test_calendar_ends_with_2026(env: Env) -> None:
    """These tests rely on 2027's holidays being unknown; they must be revisited when the
    2027 notice is loaded into the shipped calendar."""
    with pytest.raises(CalendarYearMissing):
        env.add_working_days(D(2026, 12, 31), 1)


@pytest.mark.parametrize(
    ("given", "key", "basis"),
    [
        pytest.param(
            lambda env: investigating(env, NOV_OPENED),
            "case.decision.deadline",
            "第六十条",
            id="CFL60-decision-due-2027",
        ),
        pytest.param(
            lambda env: notified(env, DEC_NOTIFIED),
            "hearing.request.deadline",
            "第六十四条",
            id="CFL64-request-due-2027",
        ),
        pytest.param(
            lambda env: decided(
                env,
                plan(
                    received=D(2026, 11, 30),
                    opened=D(2026, 12, 1),
                    evidence=D(2026, 12, 2),
                    notified=D(2026, 12, 3),
                    decided=D(2026, 12, 24),
                ),
            ),
            "delivery.absent_party",
            "第六十一条",
            id="CFL61-delivery-due-2027",
        ),
        pytest.param(
            lambda env: served(
                env,
                plan(
                    received=D(2026, 11, 30),
                    opened=D(2026, 12, 1),
                    evidence=D(2026, 12, 2),
                    notified=D(2026, 12, 3),
                    decided=D(2026, 12, 18),
                    served=D(2026, 12, 20),
                ),
            ),
            "payment.deadline",
            "第六十七条",
            id="CFL67-payment-due-2027",
        ),
        pytest.param(
            lambda env: summary(
                env, decided_on=D(2026, 12, 31), receipt_number="票据1", **ON_THE_SPOT
            ),
            "collection.handover.officer",
            "第七十一条",
            id="CFL71-handover-due-2027",
        ),
        pytest.param(
            lambda env: lead(env, plan(received=D(2026, 12, 15))),
            "case.filing.deadline",
            "第五十四条",
            id="CFL54-filing-due-2027",
        ),
    ],
)
def test_clock_into_2027_is_pending(
    given: Callable[[Env], Story], key: str, basis: str, env: Env
) -> None:
    s = given(env).s
    c = clock(s, env, key)
    assert c.due is None
    assert PENDING in c.pending_zh
    assert basis in c.basis
    assert c.days_left(D(2026, 12, 31)) is None
    # never reported overdue on a guess
    assert key not in [o.key for o in overdue(s, env, D(2027, 6, 30))]


def test_known_clocks_still_computed_beside_a_pending_one(env: Env) -> None:
    """Served 2026-12-20: day 15 is 2027-01-04 (a holiday or not: unknown); the delivery
    clock ends in 2026 and is still computed."""
    p = plan(
        received=D(2026, 11, 30),
        opened=D(2026, 12, 1),
        evidence=D(2026, 12, 2),
        notified=D(2026, 12, 3),
        decided=D(2026, 12, 18),
        served=D(2026, 12, 20),
    )
    s = served(env, p).s
    assert clock(s, env, "payment.deadline").due is None
    assert clock(s, env, "delivery.absent_party").due == D(2026, 12, 29)
    assert clock(s, env, "delivery.absent_party").met_on == D(2026, 12, 20)
    assert clock(s, env, "case.filing.deadline").due == D(2026, 12, 21)


# Guards whose day lies within the period's calendar-day floor pass; beyond it they cannot
# judge and report the missing calendar (``late``/``floor_after``).
MISSING_YEAR_GUARDS = [
    # 听证申请: notified Monday 2026-12-28; floor = +5 days = 2027-01-02
    (
        "CFL64-request",
        lambda env: notified(env, DEC_NOTIFIED),
        ev.HearingRequested,
        "requested_on",
        D(2027, 1, 2),
        D(2027, 1, 4),
    ),
    # 送达: decided 2026-12-24; floor = +7 days = 2026-12-31
    (
        "CFL61-served",
        lambda env: decided(
            env,
            plan(
                received=D(2026, 11, 30),
                opened=D(2026, 12, 1),
                evidence=D(2026, 12, 2),
                notified=D(2026, 12, 3),
                decided=D(2026, 12, 24),
            ),
        ),
        ev.DocumentServed,
        "served_on",
        D(2026, 12, 31),
        D(2027, 1, 1),
    ),
    # 作出决定: opened 2026-11-02; floor = +90 days = 2027-01-31
    (
        "CFL60-decided",
        lambda env: notified(env, NOV_OPENED),
        ev.DecisionIssued,
        "decided_on",
        D(2027, 1, 31),
        D(2027, 2, 1),
    ),
    # 延长办案期限: the same floor
    (
        "CFL60-extended",
        lambda env: investigating(env, NOV_OPENED),
        ev.DecisionDeadlineExtended,
        "approved_on",
        D(2027, 1, 31),
        D(2027, 2, 1),
    ),
    # 延长立案核查期限: received 2026-12-15; floor = +15 days = 2026-12-30
    (
        "CFL54-filing-extended",
        lambda env: lead(env, plan(received=D(2026, 12, 15))),
        ev.FilingExtended,
        "approved_on",
        D(2026, 12, 30),
        D(2026, 12, 31),
    ),
]


@pytest.mark.parametrize(
    ("given", "cls", "field", "within", "beyond"),
    [pytest.param(*r[1:], id=f"{r[0]}-floor-{r[4].isoformat()}") for r in MISSING_YEAR_GUARDS],
)
def test_guard_within_floor_passes_without_2027(
    given: Callable[[Env], Story],
    cls: type[ev.CaseEvent],
    field: str,
    within: date,
    beyond: date,
    env: Env,
) -> None:
    state = given(env).s
    check(state, make(cls, **{field: within}), env)


@pytest.mark.parametrize(
    ("given", "cls", "field", "within", "beyond"),
    [pytest.param(*r[1:], id=f"{r[0]}-beyond-{r[5].isoformat()}") for r in MISSING_YEAR_GUARDS],
)
def test_guard_beyond_floor_reports_missing_2027(
    given: Callable[[Env], Story],
    cls: type[ev.CaseEvent],
    field: str,
    within: date,
    beyond: date,
    env: Env,
) -> None:
    state = given(env).s
    with pytest.raises(ConfigurationError) as caught:
        check(state, make(cls, **{field: beyond}), env)
    assert isinstance(caught.value, CalendarYearMissing)
    assert PENDING in caught.value.message_zh


def test_floor_after(env: Env) -> None:
    assert floor_after(env, "hearing.request.deadline", D(2026, 12, 28)) == D(2027, 1, 2)
    assert floor_after(env, "case.decision.deadline", D(2026, 11, 2)) == D(2027, 1, 31)
    # months: the corresponding day, clamped to the month's end (民法典第二百零二条)
    assert floor_after(env, "remedy.litigation.deadline", D(2026, 8, 31)) == D(2027, 2, 28)
    # years
    assert floor_after(env, "limitation.general", D(2026, 2, 28)) == D(2028, 2, 28)


def _missing() -> date:
    raise CalendarYearMissing("2027年的法定节假日安排尚未载入", "2027 missing")


def test_late() -> None:
    due = D(2026, 5, 11)
    assert late(D(2026, 5, 11), lambda: due, lambda: None) is None
    assert late(D(2026, 5, 12), lambda: due, lambda: None) == due
    assert late(D(2026, 5, 12), lambda: None, lambda: None) is None
    assert late(D(2027, 1, 2), _missing, lambda: D(2027, 1, 2)) is None
    with pytest.raises(CalendarYearMissing):
        late(D(2027, 1, 3), _missing, lambda: D(2027, 1, 2))
    with pytest.raises(CalendarYearMissing):
        late(D(2026, 1, 3), _missing, lambda: None)
