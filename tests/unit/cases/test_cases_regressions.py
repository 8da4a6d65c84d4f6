"""Defects found in ``zhifa.cases.model`` while writing the table tests, now fixed.

Each test states what the law requires; the comment above it says what the code did
wrong before the fix, so a regression is recognised at once.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests.unit.cases.factories import (
    investigating,
    lead,
    make,
    notified,
    plan,
    served,
    summary,
    yuan,
)

from zhifa.cases import events as ev
from zhifa.cases.model import Env, check, clocks, decision_due, overdue
from zhifa.kernel.errors import IllegalTransition

D = date
# Opened Monday 2026-02-02: day 90 is 2026-05-03, inside 劳动节 → 2026-05-06.
FEB_OPENED = plan(
    received=D(2026, 1, 30), opened=D(2026, 2, 2), evidence=D(2026, 2, 3), notified=D(2026, 3, 10)
)
SPRING_2026 = plan(
    received=D(2026, 1, 19),
    opened=D(2026, 1, 20),
    evidence=D(2026, 1, 21),
    notified=D(2026, 2, 5),
    party_kind="person",
    fine_fen=yuan(20_000),
    hearing_right=True,
)


# Regression: model.py decision_due: excluded days are added after the 90th day was already moved off 劳动节 (add_days(rolled_due, excluded)), so the holiday extends the period twice; count them into the period before rolling once
def test_excluded_days_are_counted_before_the_holiday_roll(env: Env) -> None:
    """行政处罚法第六十条 with 10 testing days not counted: 2026-02-02 + 90 + 10 days is
    Wednesday 2026-05-13, a working day — the case is due then, not on 2026-05-18."""
    s = investigating(env, FEB_OPENED).then(ev.TimeExcluded).s  # 03-10…03-19, 10 days
    assert decision_due(s, env) == D(2026, 5, 13)


# Regression: model.py decision_due: the same excess seen by the guard — a decision on 2026-05-14 is 超期办案 but passes
def test_decision_after_excluded_period_and_holiday_is_refused(env: Env) -> None:
    s = notified(env, FEB_OPENED).then(ev.TimeExcluded).s
    with pytest.raises(IllegalTransition) as caught:
        check(s, make(ev.DecisionIssued, decided_on=D(2026, 5, 14)), env)
    assert caught.value.article == 2
    assert "2026-05-13" in caught.value.message_zh


# Regression: model.py decision_due/decision_floor: overlapping excluded periods are summed ((b - a).days + 1 each), counting the shared days twice; merge the periods first
def test_overlapping_excluded_periods_count_once(env: Env) -> None:
    """Testing 03-10…03-19 and a hearing 03-13…03-25 overlap: 16 distinct days are
    excluded, so the case opened 2026-03-03 is due 2026-06-17 (not 06-24)."""
    story = investigating(env).then(ev.TimeExcluded)
    story.then(ev.TimeExcluded, reason="hearing", from_on=D(2026, 3, 13), to_on=D(2026, 3, 25))
    s = story.s
    assert decision_due(s, env) == D(2026, 6, 17)


# Regression: model.py _measure (emergency): the 24-hour window is computed with env.add_days, which moves its end past holidays (民法典第二百零三条 is for periods of days, not the 24 hours of 行政强制法第十九条); use imposed_on + timedelta(days=1)
def test_emergency_approval_within_24_hours_even_before_a_holiday(env: Env) -> None:
    """Imposed in an emergency on Thursday 2026-04-30; approved on 05-03 — three days later,
    during 劳动节. The guard accepts approval up to 05-06."""
    s = investigating(
        env, plan(opened=D(2026, 4, 1), received=D(2026, 3, 31), evidence=D(2026, 4, 2))
    ).s
    e = make(
        ev.MeasureImposed, imposed_on=D(2026, 4, 30), approved_on=D(2026, 5, 3), emergency=True
    )
    with pytest.raises(IllegalTransition) as caught:
        check(s, e, env)
    assert "二十四小时" in caught.value.message_zh


# Regression: model.py _court: 行政强制法第五十四条 allows the application only when the party has not performed ten days after the 催告 was served (ten working days, 第六十九条); the guard checks only that a demand exists. Add a parameter (e.g. coercion.demand.wait) and refuse applied_on <= due_after(env, key, demanded_on)
def test_court_application_waits_ten_days_after_demand(env: Env) -> None:
    s = served(env).then(ev.ExecutionDemanded, demanded_on=D(2026, 4, 16)).s
    with pytest.raises(IllegalTransition) as caught:
        check(s, make(ev.CourtEnforcementApplied, applied_on=D(2026, 4, 17)), env)
    assert caught.value.article == 5


# Regression: model.py _remedy_decided: a 变更 may not make the penalty heavier (行政复议法第六十三条第二款; 行政诉讼法第七十七条第二款); refuse new_fine_fen > state.fine_fen
def test_varied_remedy_cannot_raise_the_fine(env: Env) -> None:
    s = served(env).then(ev.RemedyFiled).s
    e = make(ev.RemedyDecided, outcome="varied", new_fine_fen=yuan(20_000))
    with pytest.raises(IllegalTransition):
        check(s, e, env)


# Regression: model.py clocks: the filing clock ignores an approved FilingExtended (state.filing_extended is never read), so a lawfully extended lead shows overdue; add case.filing.extension to the due date when filing_extended
def test_filing_clock_includes_the_approved_extension(env: Env) -> None:
    """Received 2026-02-10: 15 working days → 03-09; extended by 15 more → 03-30."""
    s = (
        lead(env, plan(received=D(2026, 2, 10)))
        .then(ev.FilingExtended, approved_on=D(2026, 3, 2))
        .s
    )
    filing = [c for c in clocks(s, env) if c.key == "case.filing.deadline"]
    assert [c.due for c in filing] == [D(2026, 3, 30)]
    assert overdue(s, env, D(2026, 3, 10)) == []


# Regression: model.py clocks: with a payment deferral the payment clock is listed whenever payment_due_override is set, even when the fine is paid in full, with met_on None — the timer sweep then reports a paid case overdue; require fine_fen > paid_fen there too
def test_paid_deferred_fine_is_not_overdue(env: Env) -> None:
    s = served(env).then(ev.PaymentDeferred).then(ev.PaymentReceived, paid_on=D(2026, 5, 1)).s
    assert s.paid_fen == s.fine_fen
    assert overdue(s, env, D(2026, 7, 1)) == []


# Regression: model.py _demand: payment_due returns None once the fine is paid, and the guard then lets a 催告 through for nothing owed (行政强制法第三十五条 presupposes an unperformed obligation); refuse when fine_fen <= paid_fen or the decision was revoked
def test_no_demand_when_nothing_is_owed(env: Env) -> None:
    s = served(env).then(ev.PaymentReceived).s
    with pytest.raises(IllegalTransition):
        check(s, make(ev.ExecutionDemanded, demanded_on=D(2026, 5, 1)), env)


# Regression: model.py clocks: a handled preservation is shown met on the day it was preserved (preservations keep no handling date); keep handled_on in the state and report it
def test_preservation_clock_met_on_handling_day(env: Env) -> None:
    s = investigating(env).then(ev.EvidencePreserved).then(ev.PreservationHandled).s
    c = next(c for c in clocks(s, env) if c.key == "evidence.preservation.decision")
    assert c.met_on == D(2026, 3, 9)


# Regression: model.py clocks: the cash-handover clock is shown met on the decision day, not the day the cash was handed over; keep the last handover date in the state
def test_handover_clock_met_on_handover_day(env: Env) -> None:
    s = (
        summary(
            env,
            collected_on_spot_fen=yuan(100),
            collection_ground="small_fine",
            receipt_number="票据1",
        )
        .then(ev.CashHandedOver, handed_on=D(2026, 3, 3))
        .s
    )
    c = next(c for c in clocks(s, env) if c.key == "collection.handover.officer")
    assert c.met_on == D(2026, 3, 3)


# Regression: model.py _hearing_notice: refuses hearing_on <= earliest but tells the officer “最早{earliest}举行”, naming a day it refuses; say the hearing must be after that day
def test_hearing_lead_time_message_names_a_lawful_day(env: Env) -> None:
    s = notified(env, SPRING_2026).then(ev.HearingRequested, requested_on=D(2026, 2, 9)).s
    with pytest.raises(IllegalTransition) as caught:
        check(s, make(ev.HearingNoticed, noticed_on=D(2026, 2, 11), hearing_on=D(2026, 2, 26)), env)
    found = re.search(r"最早(\d{4}-\d{2}-\d{2})", caught.value.message_zh)
    assert found is not None
    named = D.fromisoformat(found.group(1))
    check(s, make(ev.HearingNoticed, noticed_on=D(2026, 2, 11), hearing_on=named), env)


# Regression: model.py _closed: no date check — a case can be closed on a day before its decision was served (准则第九条); add _not_before(closed_on, served_on or decided_on)
def test_close_dated_before_service_is_refused(env: Env) -> None:
    s = served(env).then(ev.PaymentReceived).s
    with pytest.raises(IllegalTransition) as caught:
        check(s, make(ev.CaseClosed, closed_on=D(2026, 3, 20)), env)
    assert caught.value.article == 9


# Regression: model.py _measure and _preserved: no check that the measure or the preservation is dated on or after 立案 (准则第九条); add _not_before(imposed_on/preserved_on, opened_on)
def test_measure_dated_before_opening_is_refused(env: Env) -> None:
    s = investigating(env).s
    e = make(ev.MeasureImposed, imposed_on=D(2026, 3, 1), approved_on=D(2026, 3, 1))
    with pytest.raises(IllegalTransition) as caught:
        check(s, e, env)
    assert caught.value.article == 9
