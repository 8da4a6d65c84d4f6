"""Statutory clocks: every deadline kind across holidays, with suspensions and extensions.

Each row names the article the period comes from; the dates were counted by hand on the
2025 and 2026 State Council holiday notices and are asserted exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from zhifa.catalog.parameters import Parameters, Unit
from zhifa.deadlines import (
    CalendarYearMissing,
    Deadline,
    DeadlineStatus,
    Extension,
    PeriodError,
    Suspension,
    Thresholds,
    WorkingCalendar,
    compute,
    compute_before,
    compute_hours,
    days_left,
    status,
)
from zhifa.kernel.errors import ConfigurationError, NotFound

d = date.fromisoformat


Clock = Callable[..., Deadline]


@pytest.fixture
def clock(cal: WorkingCalendar, params: Parameters) -> Clock:
    """compute() bound to the shipped calendar and parameters, with ISO start dates."""

    def run(key: str, start: str, **kw: Any) -> Deadline:
        return compute(key, d(start), calendar=cal, parameters=params, **kw)

    return run


# -------------------------------------------------------------------- every deadline kind

KINDS = [
    # (parameter key, triggering day, due, article, what the row shows)
    # working-day periods — 行政处罚法第八十五条 / 行政强制法第六十九条
    (
        "case.filing.deadline",
        "2025-09-19",
        "2025-10-16",
        "处罚法第五十四条",
        "15 working days across 国庆 2025, adjusted Sun 09-28 and Sat 10-11 count",
    ),
    (
        "evidence.preservation.decision",
        "2025-01-24",
        "2025-02-10",
        "处罚法第五十六条",
        "7 working days across 春节 2025 with both adjusted weekends",
    ),
    (
        "hearing.request.deadline",
        "2025-09-26",
        "2025-10-10",
        "处罚法第六十四条第（一）项",
        "5 working days, notified the Friday before 国庆",
    ),
    (
        "hearing.request.deadline",
        "2025-10-03",
        "2025-10-14",
        "处罚法第六十四条第（一）项",
        "notified during the holiday: counting starts after it",
    ),
    (
        "delivery.absent_party",
        "2026-02-12",
        "2026-02-28",
        "处罚法第六十一条",
        "7 working days across 春节 2026, ending on adjusted Saturday 02-28",
    ),
    (
        "collection.handover.officer",
        "2026-09-30",
        "2026-10-09",
        "处罚法第七十一条",
        "2 working days across 国庆 2026",
    ),
    (
        "collection.handover.agency",
        "2025-05-30",
        "2025-06-04",
        "处罚法第七十一条",
        "2 working days across 端午 2025",
    ),
    (
        "disclosure.withdrawal",
        "2025-12-31",
        "2026-01-06",
        "处罚法第四十八条第二款",
        "3 working days across 元旦 2026, adjusted Sun 01-04 counts",
    ),
    (
        "coercion.freeze.delivery",
        "2025-04-30",
        "2025-05-08",
        "强制法第三十一条、第六十九条",
        "3 working days across 劳动节 2025",
    ),
    (
        "disclosure.penalty_licensing",
        "2026-09-18",
        "2026-09-29",
        "国办发〔2018〕118号",
        "7 working days across 中秋 2026, adjusted Sun 09-20 counts",
    ),
    (
        "disclosure.other_decisions",
        "2026-02-06",
        "2026-03-12",
        "国办发〔2018〕118号",
        "20 working days across 春节 2026",
    ),
    (
        "inspection.random.publish",
        "2026-02-06",
        "2026-03-12",
        "国发〔2019〕5号",
        "20 working days, same count",
    ),
    # calendar-day periods — 民法典第二百零一条、第二百零三条
    (
        "payment.deadline",
        "2025-09-16",
        "2025-10-09",
        "处罚法第六十七条第三款",
        "15 days end on 10-01 (国庆) → first working day after",
    ),
    (
        "payment.deadline",
        "2025-09-13",
        "2025-09-28",
        "处罚法第六十七条第三款",
        "15 days end on adjusted working Sunday: no roll",
    ),
    (
        "payment.deadline",
        "2026-02-01",
        "2026-02-24",
        "处罚法第六十七条第三款",
        "15 days end in 春节 2026 → 02-24",
    ),
    (
        "case.decision.deadline",
        "2025-07-03",
        "2025-10-09",
        "处罚法第六十条",
        "90 days end on 10-01 → 10-09",
    ),
    (
        "case.decision.deadline",
        "2025-11-05",
        "2026-02-03",
        "处罚法第六十条",
        "90 days across the new year, a plain Tuesday",
    ),
    (
        "coercion.seizure.duration",
        "2026-01-20",
        "2026-02-24",
        "强制法第二十五条",
        "30 days end on 02-19 in 春节 → 02-24",
    ),
    (
        "coercion.freeze.duration",
        "2025-06-10",
        "2025-07-10",
        "强制法第三十二条",
        "30 days, plain Thursday",
    ),
    (
        "remedy.reconsideration.deadline",
        "2025-12-03",
        "2026-02-02",
        "行政复议法第二十条",
        "60 days end on Sunday 02-01 → Monday",
    ),
    # months and years — 民法典第二百零二条
    (
        "remedy.litigation.deadline",
        "2025-08-31",
        "2026-02-28",
        "行政诉讼法第四十六条",
        "6 months from 08-31 clamp to 02-28, an adjusted working Saturday",
    ),
    (
        "remedy.litigation.deadline",
        "2025-04-01",
        "2025-10-09",
        "行政诉讼法第四十六条",
        "6 months end on 10-01 → 10-09",
    ),
    (
        "remedy.reconsideration.max_if_not_told",
        "2025-02-28",
        "2026-02-28",
        "行政复议法第二十条",
        "one year, corresponding day",
    ),
    # a fixed day of the year
    (
        "annual_report.deadline",
        "2025-12-31",
        "2026-01-31",
        "国办发〔2018〕118号",
        "the next 31 January",
    ),
    (
        "annual_report.deadline",
        "2026-01-31",
        "2027-01-31",
        "国办发〔2018〕118号",
        "strictly after the start",
    ),
]


@pytest.mark.parametrize(
    ("key", "start", "due", "article", "why"), KINDS, ids=[f"{r[0]}:{r[1]}" for r in KINDS]
)
def test_every_deadline_kind(
    clock: Clock, params: Parameters, key: str, start: str, due: str, article: str, why: str
) -> None:
    deadline = clock(key, start)
    assert deadline.due == d(due), why
    assert deadline.basis == params.get(key, d(start)).citation
    assert deadline.key == key
    assert deadline.start == d(start)


def test_the_deadline_carries_its_legal_basis_and_reads_in_chinese(clock: Clock) -> None:
    dl = clock("hearing.request.deadline", "2025-09-26", event="告知")
    assert dl.unit is Unit.WORKING_DAYS
    assert dl.amount == 5
    assert dl.basis == "《中华人民共和国行政处罚法》第六十四条第（一）项"
    assert dl.describe_zh() == (
        "5个工作日，自2025年9月26日（告知）次日起算，至2025年10月10日届满"
        "（《中华人民共和国行政处罚法》第六十四条第（一）项）"
    )


def test_a_holiday_roll_is_recorded(clock: Clock) -> None:
    """民法典第二百零三条: the deadline says it was moved off the holiday, and from where."""
    dl = clock("payment.deadline", "2025-09-16", event="送达")
    assert dl.rolled_from == d("2025-10-01")
    assert "第二百零三条" in dl.describe_zh()
    assert clock("payment.deadline", "2025-09-13").rolled_from is None


def test_hours_are_counted_from_the_instant() -> None:
    """强制法第十九条: 24 hours to report an emergency measure (民法典第二百零一条第二款)."""
    china = timezone(timedelta(hours=8))
    start = datetime(2025, 9, 30, 22, 15, tzinfo=china)
    assert compute_hours("coercion.emergency_report", start) == datetime(
        2025, 10, 1, 22, 15, tzinfo=china
    )
    with pytest.raises(PeriodError, match="timezone-aware"):
        compute_hours("coercion.emergency_report", datetime(2025, 9, 30, 22, 15))
    with pytest.raises(PeriodError, match="compute_hours"):
        compute("coercion.emergency_report", d("2025-09-30"))
    with pytest.raises(PeriodError, match="not hours"):
        compute_hours("payment.deadline", start)


def test_non_periods_and_unknown_keys_are_refused(clock: Clock) -> None:
    with pytest.raises(PeriodError, match="not a period"):
        clock("late_fee.daily_rate", "2025-03-03")
    with pytest.raises(NotFound):
        clock("no.such.deadline", "2025-03-03")


def test_the_parameter_version_in_force_applies(params: Parameters, cal: WorkingCalendar) -> None:
    """行政复议法: the 1999 Art. 9 before 2024-01-01, the 2023 Art. 20 after."""
    old = compute(
        "remedy.reconsideration.deadline", d("2023-06-01"), calendar=cal, parameters=params
    )
    new = compute(
        "remedy.reconsideration.deadline", d("2024-06-01"), calendar=cal, parameters=params
    )
    assert "第九条" in old.basis
    assert "第二十条" in new.basis


def test_unknown_years_are_refused_not_guessed(clock: Clock) -> None:
    with pytest.raises(CalendarYearMissing, match="2027"):
        clock("payment.deadline", "2026-12-25")
    with pytest.raises(CalendarYearMissing, match="2027"):
        clock("case.filing.deadline", "2026-12-20")


# -------------------------------------------------------------------- lead times, counted back


def test_hearing_notice_lead_time(cal: WorkingCalendar, params: Parameters) -> None:
    """处罚法第六十四条第（二）项: seven working days lie strictly between notice and hearing."""
    dl = compute_before(
        "hearing.notice.lead_time", d("2025-10-15"), event="听证", calendar=cal, parameters=params
    )
    # 09-29, 09-30, 10-09, 10-10, 10-11 (adjusted Sat), 10-13, 10-14: seven working days
    assert dl.due == d("2025-09-28")
    assert dl.counts_back
    assert cal.working_days_between(dl.due, d("2025-10-14")) == 7
    assert dl.describe_zh().startswith(
        "听证（2025年10月15日）前7个工作日（首尾两日均不计入），最迟于2025年9月28日"
    )
    dl = compute_before(
        "hearing.notice.lead_time", d("2026-03-02"), calendar=cal, parameters=params
    )
    # 02-13, 02-14 (adjusted Sat), 02-24 … 02-28 (adjusted Sat): notice by 02-12
    assert dl.due == d("2026-02-12")


def test_lead_time_in_months_is_refused(cal: WorkingCalendar, params: Parameters) -> None:
    with pytest.raises(PeriodError, match="count backwards"):
        compute_before(
            "remedy.litigation.deadline", d("2026-03-02"), calendar=cal, parameters=params
        )


# -------------------------------------------------------------------- suspensions

TESTING = "检测"

SUSPENSIONS = [
    # case.decision.deadline (90 days, 处罚法第六十条; 检测、听证、公告期间不计入) from 2025-03-03:
    # without suspension the 90th day is 2025-06-01 (端午) → 2025-06-03.
    ([], "2025-06-03", 0, "no suspension"),
    ([("2025-04-01", "2025-04-20")], "2025-06-23", 20, "20 excluded days: 06-21 (Sat) → 06-23"),
    (
        [("2025-04-01", "2025-04-20"), ("2025-04-15", "2025-04-25")],
        "2025-06-26",
        25,
        "overlapping suspensions count each day once",
    ),
    (
        [("2025-07-01", "2025-07-10")],
        "2025-06-03",
        0,
        "a suspension after the period ran out changes nothing",
    ),
    (
        [("2025-02-20", "2025-03-06")],
        "2025-06-04",
        3,
        "only days after the start count: 03-04..03-06",
    ),
    (
        [("2025-05-20", "2025-05-20"), ("2025-05-31", "2025-06-02")],
        "2025-06-05",
        4,
        "a one-day suspension and one over the old due date",
    ),
]


@pytest.mark.parametrize(
    ("stops", "due", "excluded", "why"), SUSPENSIONS, ids=[r[3] for r in SUSPENSIONS]
)
def test_calendar_day_suspensions(
    clock: Clock, stops: list[tuple[str, str]], due: str, excluded: int, why: str
) -> None:
    """处罚法第六十条 with the sector rule: excluded calendar days push the due date."""
    dl = clock(
        "case.decision.deadline",
        "2025-03-03",
        suspensions=[Suspension(d(a), d(b), TESTING) for a, b in stops],
    )
    assert dl.due == d(due), why
    assert dl.excluded_days == excluded
    assert dl.statutory_due == d("2025-06-03")


def test_working_day_suspension_skips_only_working_days(clock: Clock) -> None:
    """处罚法第八十五条: a 公告 from 09-29 to 10-10 leaves out 4 working days (not the holiday)."""
    dl = clock(
        "case.filing.deadline",
        "2025-09-19",
        suspensions=[Suspension(d("2025-09-29"), d("2025-10-10"), "公告")],
    )
    assert dl.excluded_days == 4  # 09-29, 09-30, 10-09, 10-10
    assert dl.due == d("2025-10-22")  # 10-16 pushed by four working days
    assert dl.statutory_due == d("2025-10-16")
    assert "公告不计入期间，共4个工作日" in dl.describe_zh()


def test_suspensions_as_plain_tuples(clock: Clock) -> None:
    dl = clock(
        "case.decision.deadline", "2025-03-03", suspensions=[(d("2025-04-01"), d("2025-04-20"))]
    )
    assert dl.due == d("2025-06-23")


def test_month_period_with_suspension(clock: Clock) -> None:
    """行政诉讼法第四十六条, six months, with ten days excluded: 10-01 + 10 = 10-11 (adjusted Sat)."""
    dl = clock(
        "remedy.litigation.deadline",
        "2025-04-01",
        suspensions=[Suspension(d("2025-05-01"), d("2025-05-10"))],
    )
    assert dl.due == d("2025-10-11")
    assert dl.excluded_days == 10


def test_a_running_suspension_pauses_the_clock(clock: Clock, cal: WorkingCalendar) -> None:
    """A hearing still under way: counted up to today, and the status says paused."""
    dl = clock(
        "case.decision.deadline",
        "2025-03-03",
        suspensions=[Suspension(d("2025-04-01"), None, "听证")],
        today=d("2025-04-10"),
    )
    assert dl.paused
    assert dl.due == d("2025-06-11")  # 06-01 + 10 days
    assert status(dl, d("2025-04-10"), calendar=cal) is DeadlineStatus.PAUSED
    # the next day the clock is still frozen: recomputed, the due date moves by one
    later = clock(
        "case.decision.deadline",
        "2025-03-03",
        suspensions=[Suspension(d("2025-04-01"), None, "听证")],
        today=d("2025-04-11"),
    )
    assert later.due == d("2025-06-12")
    assert days_left(dl, d("2025-04-10")) == days_left(later, d("2025-04-11"))


def test_bad_suspensions_are_refused(clock: Clock) -> None:
    with pytest.raises(PeriodError) as caught:
        clock(
            "case.decision.deadline",
            "2025-03-03",
            suspensions=[Suspension(d("2025-04-10"), d("2025-04-01")), Suspension(d("2025-05-01"))],
        )
    fields = [v.field for v in caught.value.violations]
    assert fields == ["suspensions[0]", "suspensions[1]"]
    assert "早于开始日" in caught.value.violations[0].reason_zh
    assert "today" in caught.value.violations[1].reason_zh


# -------------------------------------------------------------------- extensions

EXTENSIONS = [
    # case.decision.deadline from 2025-03-03 (statutory due 2025-06-03), extension up to 30 days
    ([("2025-05-20", None, "负责人批准")], "2025-07-01", "full 30 days: 06-01 + 30"),
    ([("2025-06-03", 10, "负责人批准")], "2025-06-11", "approved on the (rolled) last day"),
    (
        [("2025-05-20", None, "负责人批准"), ("2025-06-25", None, "集体讨论决定")],
        "2025-07-31",
        "a second extension by collective discussion, within the first",
    ),
]


@pytest.mark.parametrize(("exts", "due", "why"), EXTENSIONS, ids=[r[2] for r in EXTENSIONS])
def test_decision_deadline_extensions(
    clock: Clock, exts: list[tuple[str, int | None, str]], due: str, why: str
) -> None:
    """处罚法第六十条; 市场监管: +30 days with the head's approval, more by collective discussion."""
    dl = clock(
        "case.decision.deadline",
        "2025-03-03",
        extensions=[Extension(d(on), amount, approval=who) for on, amount, who in exts],
    )
    assert dl.due == d(due), why
    assert [e.key for e in dl.extensions] == ["case.decision.extension"] * len(exts)
    assert dl.total_amount == 90 + sum(e.amount for e in dl.extensions)


def test_extension_with_suspension_together(clock: Clock) -> None:
    """90 + 30 days with 10 days of 检测 excluded: 130 counted days end on Sun 03-15 → 03-16."""
    dl = clock(
        "case.decision.deadline",
        "2025-11-05",
        suspensions=[Suspension(d("2025-12-01"), d("2025-12-10"), "检测")],
        extensions=[Extension(d("2026-02-01"), approval="负责人批准")],
    )
    assert dl.due == d("2026-03-16")
    assert dl.rolled_from == d("2026-03-15")
    text = dl.describe_zh()
    assert "经负责人批准延长30日" in text
    assert "检测不计入期间，共10日" in text


def test_working_day_extension(clock: Clock) -> None:
    """市场监管行政处罚程序规定第十八条: 立案 15 + 15 working days."""
    dl = clock("case.filing.deadline", "2025-09-19", extensions=[Extension(d("2025-10-15"))])
    assert dl.due == d("2025-11-06")
    assert dl.extensions[0].key == "case.filing.extension"


def test_seizure_extension(clock: Clock) -> None:
    """强制法第二十五条: 30 + 30 days from 2026-01-20 end on Sat 03-21 → Mon 03-23."""
    dl = clock("coercion.seizure.duration", "2026-01-20", extensions=[Extension(d("2026-02-10"))])
    assert dl.due == d("2026-03-23")


REFUSED_EXTENSIONS = [
    (Extension(d("2025-06-04")), "after the period ran out"),
    (Extension(d("2025-03-02")), "before the clock started"),
    (Extension(d("2025-05-20"), 31), "an extension must be 1 to 30"),
    (Extension(d("2025-05-20"), 0), "an extension must be 1 to 30"),
    (Extension(d("2025-05-20"), key="case.filing.extension"), "is in working_days"),
]


@pytest.mark.parametrize(
    ("ext", "message"), REFUSED_EXTENSIONS, ids=[r[1] for r in REFUSED_EXTENSIONS]
)
def test_unlawful_extensions_are_refused(clock: Clock, ext: Extension, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        clock("case.decision.deadline", "2025-03-03", extensions=[ext])


def test_a_period_without_an_extension_rule_cannot_be_extended(clock: Clock) -> None:
    """处罚法第六十七条: the 15 days to pay have no extension (deferral is another procedure)."""
    with pytest.raises(PeriodError, match=r"no extension parameter payment\.extension"):
        clock("payment.deadline", "2025-03-03", extensions=[Extension(d("2025-03-05"))])


def test_a_fixed_day_takes_no_suspension(clock: Clock) -> None:
    with pytest.raises(PeriodError, match="fixed day"):
        clock(
            "annual_report.deadline", "2025-12-31", suspensions=[(d("2026-01-05"), d("2026-01-06"))]
        )


# -------------------------------------------------------------------- days left and status

HEARING_LEFT = [
    # hearing.request.deadline notified 2025-09-26, due 2025-10-10 (5 working days)
    ("2025-09-26", 5, DeadlineStatus.OK),
    ("2025-09-29", 3, DeadlineStatus.OK),
    ("2025-09-30", 2, DeadlineStatus.DUE_SOON),
    ("2025-10-03", 2, DeadlineStatus.DUE_SOON),  # holidays do not count down
    ("2025-10-10", 0, DeadlineStatus.DUE_SOON),  # the last day
    ("2025-10-11", -1, DeadlineStatus.OVERDUE),
    ("2025-10-20", -10, DeadlineStatus.OVERDUE),
]


@pytest.mark.parametrize(("today", "left", "state"), HEARING_LEFT, ids=[r[0] for r in HEARING_LEFT])
def test_working_days_left(
    clock: Clock, cal: WorkingCalendar, today: str, left: int, state: DeadlineStatus
) -> None:
    """处罚法第六十四条第（一）项: working days left, then calendar days overdue."""
    dl = clock("hearing.request.deadline", "2025-09-26")
    assert days_left(dl, d(today), calendar=cal) == left
    assert status(dl, d(today), calendar=cal) is state


PAYMENT_LEFT = [
    # payment.deadline served 2025-09-16, due 2025-10-09 (15 days, rolled off 国庆)
    ("2025-10-01", 8, DeadlineStatus.OK),
    ("2025-10-04", 5, DeadlineStatus.DUE_SOON),
    ("2025-10-09", 0, DeadlineStatus.DUE_SOON),
    ("2025-10-12", -3, DeadlineStatus.OVERDUE),
]


@pytest.mark.parametrize(("today", "left", "state"), PAYMENT_LEFT, ids=[r[0] for r in PAYMENT_LEFT])
def test_calendar_days_left(
    clock: Clock, cal: WorkingCalendar, today: str, left: int, state: DeadlineStatus
) -> None:
    """处罚法第六十七条第三款."""
    dl = clock("payment.deadline", "2025-09-16")
    assert days_left(dl, d(today), calendar=cal) == left
    assert status(dl, d(today), calendar=cal) is state


def test_days_left_skips_a_future_suspension(clock: Clock, cal: WorkingCalendar) -> None:
    dl = clock(
        "case.decision.deadline",
        "2025-03-03",
        suspensions=[Suspension(d("2025-04-01"), d("2025-04-20"))],
    )
    # from 03-31 to 06-23: 84 calendar days, 20 of them suspended
    assert days_left(dl, d("2025-03-31"), calendar=cal) == 64


def test_thresholds_come_from_data(clock: Clock, cal: WorkingCalendar, tmp_path: Path) -> None:
    shipped = Thresholds.load()
    assert shipped.due_soon(Unit.WORKING_DAYS) == 2
    assert shipped.due_soon(Unit.DAYS) == 5
    path = tmp_path / "status.yaml"
    path.write_text("due_soon:\n  working_days: 3\n", encoding="utf-8")
    strict = Thresholds.load(path)
    dl = clock("hearing.request.deadline", "2025-09-26")
    assert status(dl, d("2025-09-29"), calendar=cal, thresholds=strict) is DeadlineStatus.DUE_SOON
    payment = clock("payment.deadline", "2025-09-16")
    with pytest.raises(ConfigurationError, match="no due-soon threshold for unit days"):
        status(payment, d("2025-10-01"), calendar=cal, thresholds=strict)


def test_a_bad_threshold_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    path.write_text("due_soon:\n  working_days: -1\n  fortnights: 1\n", encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        Thresholds.load(path)
    assert {(v.field, v.location) for v in caught.value.violations} == {
        ("working_days", "status.yaml:2"),
        ("fortnights", "status.yaml:3"),
    }
