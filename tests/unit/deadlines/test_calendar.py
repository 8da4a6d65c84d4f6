"""The working-day calendar: holidays, adjusted working weekends, period arithmetic, refusals.

Dates are those of the State Council notices for 2025 (国办发明电〔2024〕12号) and 2026
(2025年11月4日), as the chinesecalendar package and data/holidays.yaml record them.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from zhifa.deadlines import CalendarYearMissing, PeriodError, WorkingCalendar
from zhifa.deadlines.calendar import _cached_calendar, parse_holiday_file, shift_months
from zhifa.kernel.errors import InvalidInput
from zhifa.settings import get_settings

d = date.fromisoformat

# -------------------------------------------------------------------- which days are working days

DAYS = [
    # (day, working?, why)
    ("2025-01-26", True, "Sunday, 春节调休上班"),
    ("2025-01-27", True, "Monday before 春节"),
    ("2025-01-28", False, "除夕, first day of 春节"),
    ("2025-02-04", False, "正月初七, last day of 春节"),
    ("2025-02-05", True, "first working day after 春节"),
    ("2025-02-08", True, "Saturday, 春节调休上班"),
    ("2025-02-09", False, "plain Sunday"),
    ("2025-04-27", True, "Sunday, 劳动节调休上班"),
    ("2025-05-05", False, "Monday in 劳动节"),
    ("2025-06-02", False, "Monday in 端午节"),
    ("2025-09-28", True, "Sunday, 国庆节调休上班"),
    ("2025-10-06", False, "中秋节 inside 国庆节"),
    ("2025-10-08", False, "last day of 国庆节、中秋节"),
    ("2025-10-11", True, "Saturday, 国庆节调休上班"),
    ("2025-10-12", False, "plain Sunday"),
    ("2026-01-02", False, "Friday in 元旦"),
    ("2026-01-04", True, "Sunday, 元旦调休上班"),
    ("2026-02-14", True, "Saturday, 春节调休上班"),
    ("2026-02-23", False, "Monday, last day of 春节"),
    ("2026-02-24", True, "first working day after 春节"),
    ("2026-02-28", True, "Saturday, 春节调休上班"),
    ("2026-05-09", True, "Saturday, 劳动节调休上班"),
    ("2026-09-20", True, "Sunday, 国庆节调休上班"),
    ("2026-09-25", False, "Friday, 中秋节"),
    ("2026-10-07", False, "Wednesday, last day of 国庆节"),
    ("2026-10-10", True, "Saturday, 国庆节调休上班"),
    ("2026-03-02", True, "plain Monday"),
    ("2026-03-07", False, "plain Saturday"),
]


@pytest.mark.parametrize(("day", "working", "why"), DAYS, ids=[row[0] for row in DAYS])
def test_working_day_follows_the_state_council_notice(
    cal: WorkingCalendar, day: str, working: bool, why: str
) -> None:
    """行政处罚法第八十五条: working days exclude statutory holidays; adjusted weekends count."""
    assert cal.is_working_day(d(day)) is working, why
    assert cal.is_rest_day(d(day)) is not working


def test_holiday_names_come_from_the_notice(cal: WorkingCalendar) -> None:
    assert cal.holiday_name(d("2025-01-29")) == "春节"
    assert cal.holiday_name(d("2025-09-28")) == "国庆节调休上班"
    assert cal.holiday_name(d("2025-03-04")) is None
    assert "国办发明电〔2024〕12号" in cal.source(d("2025-06-01"))
    assert "2026年部分节假日安排" in cal.source(d("2026-06-01"))
    assert cal.source(d("2019-06-01")).startswith("chinesecalendar")


@pytest.mark.parametrize("year", [2025, 2026])
def test_shipped_file_agrees_with_the_package(year: int) -> None:
    """Two independent transcriptions of the same notice must agree day by day."""
    package = WorkingCalendar.from_package()
    shipped = WorkingCalendar([WorkingCalendar.load().year(year)])
    day = date(year, 1, 1)
    differ = []
    while day.year == year:
        if package.is_working_day(day) != shipped.is_working_day(day):
            differ.append(day.isoformat())
        day = date.fromordinal(day.toordinal() + 1)
    assert differ == []
    # the file, not the package, is what the calendar uses for these years
    assert WorkingCalendar.load().year(year).location.startswith("holidays.yaml:")


# -------------------------------------------------------------------- working-day periods

WORKING = [
    # (start, n, last day, why) — the start day is not counted (民法典第二百零一条)
    ("2025-09-26", 5, "2025-10-10", "Fri before 国庆: Sun 9-28 counts, 10-01..08 do not"),
    ("2025-09-30", 1, "2025-10-09", "the day after the holiday"),
    ("2025-10-03", 5, "2025-10-14", "start inside the holiday; Sat 10-11 counts"),
    ("2025-01-24", 7, "2025-02-10", "across 春节 2025 with both adjusted weekends"),
    ("2026-02-12", 7, "2026-02-28", "across 春节 2026, ending on adjusted Saturday 02-28"),
    ("2025-12-31", 3, "2026-01-06", "across the new year; Sun 2026-01-04 counts"),
    ("2026-03-02", 0, "2026-03-02", "zero days: the start"),
    ("2026-03-06", 1, "2026-03-09", "Friday + 1 skips the weekend"),
]


@pytest.mark.parametrize(("start", "n", "last", "why"), WORKING, ids=[r[3] for r in WORKING])
def test_add_working_days(cal: WorkingCalendar, start: str, n: int, last: str, why: str) -> None:
    """行政处罚法第八十五条; 民法典第二百零一条."""
    assert cal.add_working_days(d(start), n) == d(last)
    assert cal.working_days_between(d(start), d(last)) == n


def test_working_days_between_counts_after_start_up_to_end(cal: WorkingCalendar) -> None:
    assert cal.working_days_between(d("2025-09-30"), d("2025-10-08")) == 0
    assert cal.working_days_between(d("2025-09-27"), d("2025-09-28")) == 1
    assert cal.working_days_between(d("2025-10-10"), d("2025-09-26")) == -5
    assert cal.working_days_between(d("2026-03-02"), d("2026-03-02")) == 0


def test_next_working_day_and_roll(cal: WorkingCalendar) -> None:
    assert cal.next_working_day(d("2025-09-30")) == d("2025-10-09")
    assert cal.next_working_day(d("2025-09-27")) == d("2025-09-28")
    assert cal.roll_forward(d("2025-10-01")) == d("2025-10-09")
    assert cal.roll_forward(d("2025-10-11")) == d("2025-10-11")


def test_negative_period_is_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(PeriodError, match="non-negative"):
        cal.add_working_days(d("2026-03-02"), -1)


# -------------------------------------------------------------------- calendar days, months, years

CALENDAR = [
    # (start, days, last day, why) — 民法典第二百零三条 moves a holiday last day
    ("2025-09-16", 15, "2025-10-09", "last day 10-01 is 国庆 → first working day after"),
    ("2025-09-13", 15, "2025-09-28", "last day is adjusted working Sunday: no roll"),
    ("2025-03-07", 15, "2025-03-24", "last day plain Saturday → Monday"),
    ("2026-02-01", 15, "2026-02-24", "last day 02-16 in 春节 → 02-24"),
    ("2025-06-10", 30, "2025-07-10", "plain Thursday"),
]


@pytest.mark.parametrize(("start", "n", "last", "why"), CALENDAR, ids=[r[3] for r in CALENDAR])
def test_add_calendar_days(cal: WorkingCalendar, start: str, n: int, last: str, why: str) -> None:
    """民法典第二百零一条、第二百零三条."""
    assert cal.add_calendar_days(d(start), n) == d(last)


def test_add_calendar_days_without_roll(cal: WorkingCalendar) -> None:
    assert cal.add_calendar_days(d("2025-09-16"), 15, roll=False) == d("2025-10-01")


MONTHS = [
    # (start, months, corresponding day, why) — 民法典第二百零二条
    ("2025-01-31", 1, "2025-02-28", "no 31 February: month end"),
    ("2024-01-31", 1, "2024-02-29", "leap year month end"),
    ("2025-03-31", 6, "2025-09-30", "30-day month"),
    ("2025-08-31", 6, "2026-02-28", "across the year, clamped"),
    ("2025-11-15", 3, "2026-02-15", "plain corresponding day"),
    ("2025-12-31", 2, "2026-02-28", "December to February"),
]


@pytest.mark.parametrize(("start", "n", "last", "why"), MONTHS, ids=[r[3] for r in MONTHS])
def test_month_end_clamp(start: str, n: int, last: str, why: str) -> None:
    """民法典第二百零二条: without a corresponding day, the last day of the month."""
    assert shift_months(d(start), n) == d(last)


def test_add_months_clamps_then_rolls(cal: WorkingCalendar) -> None:
    # 2025-08-31 + 6 months → 2026-02-28, a Saturday that is an adjusted working day: stays
    assert cal.add_months(d("2025-08-31"), 6) == d("2026-02-28")
    # 2025-11-15 + 3 months → 2026-02-15, first day of 春节 → 2026-02-24
    assert cal.add_months(d("2025-11-15"), 3) == d("2026-02-24")
    assert cal.add_months(d("2025-11-15"), 3, roll=False) == d("2026-02-15")


def test_add_years(cal: WorkingCalendar) -> None:
    assert cal.add_years(d("2024-02-29"), 1, roll=False) == d("2025-02-28")
    assert cal.add_years(d("2023-10-01"), 2, roll=False) == d("2025-10-01")
    assert cal.add_years(d("2023-10-01"), 2) == d("2025-10-09")
    assert cal.add_years(d("2024-02-29"), 4, roll=False) == d("2028-02-29")


# -------------------------------------------------------------------- unknown years are refused


def test_a_period_reaching_an_unknown_year_is_refused(cal: WorkingCalendar) -> None:
    """Never guess a year's holidays: a working-day count needs the State Council notice."""
    with pytest.raises(CalendarYearMissing) as caught:
        cal.add_working_days(d("2026-12-20"), 15)
    err = caught.value
    assert "2027年的法定节假日安排尚未载入" in err.message_zh
    assert "holidays.yaml" in err.message_zh
    assert "ZHIFA_HOLIDAYS_FILE" in err.message_zh
    assert "2004–2026" in err.message_zh
    assert "2027" in err.message_en
    assert err.code == "calendar_year_missing"
    assert "第八十五条" in err.basis


def test_a_holiday_roll_into_an_unknown_year_is_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(CalendarYearMissing, match="2027"):
        cal.add_calendar_days(d("2026-12-25"), 15)
    # without the roll there is nothing to look up
    assert cal.add_calendar_days(d("2026-12-25"), 15, roll=False) == d("2027-01-09")


def test_a_year_before_the_data_is_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(CalendarYearMissing, match="2003"):
        cal.is_working_day(d("2003-05-01"))


# -------------------------------------------------------------------- adding a year from a file

FILE_2027 = """\
version: "test"
years:
  - year: 2027
    notice: 测试用虚构安排（非真实通知）
    holidays:
      - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
      - {name: 春节, from: 2027-02-05, to: 2027-02-12}
    working_days:
      - {name: 春节调休上班, date: 2027-02-14}
"""


def _write(tmp_path: Path, text: str, name: str = "extra.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_an_extra_file_adds_a_year(tmp_path: Path) -> None:
    cal = WorkingCalendar.load(_write(tmp_path, FILE_2027))
    assert cal.years[-1] == 2027
    assert cal.is_working_day(d("2027-01-01")) is False
    assert cal.is_working_day(d("2027-02-14")) is True  # a Sunday made a working day
    # 2026-12-20 (Sun) + 15 working days, skipping the fictitious 2027-01-01..03
    assert cal.add_working_days(d("2026-12-20"), 15) == d("2027-01-11")
    assert cal.source(d("2027-03-01")) == "测试用虚构安排（非真实通知）"


def test_an_extra_file_replaces_a_known_year(tmp_path: Path) -> None:
    text = """\
    version: "test"
    years:
      - year: 2026
        notice: 测试用更正
        holidays:
          - {name: 测试假日, from: 2026-03-02, to: 2026-03-02}
    """
    cal = WorkingCalendar.load(_write(tmp_path, text))
    assert cal.is_working_day(d("2026-03-02")) is False
    # the whole year is replaced: 春节 is no longer in it
    assert cal.is_working_day(d("2026-02-16")) is True


def test_settings_name_the_extra_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, FILE_2027)
    monkeypatch.setenv("ZHIFA_HOLIDAYS_FILE", str(path))
    get_settings.cache_clear()
    _cached_calendar.cache_clear()
    try:
        assert get_settings().holidays_file == path
        assert WorkingCalendar.default().is_working_day(d("2027-02-14")) is True
    finally:
        monkeypatch.delenv("ZHIFA_HOLIDAYS_FILE")
        get_settings.cache_clear()
        _cached_calendar.cache_clear()
    with pytest.raises(CalendarYearMissing):
        WorkingCalendar.default().is_working_day(d("2027-02-14"))


def test_every_problem_in_a_holiday_file_is_reported_with_its_line() -> None:
    text = textwrap.dedent(
        """\
        version: "test"
        years:
          - year: 2027
            holidays:
              - {name: 春节, from: 2027-02-12, to: 2027-02-05}
              - {name: 元旦, from: 2026-12-31, to: 2027-01-01}
            working_days:
              - {name: 调休, date: 2027-02-10}
          - year: 2028
            notice: 通知
            colour: red
            holidays:
              - {name: 春节, from: 2028-01-27, to: 2028-01-30}
            working_days:
              - {name: 调休, date: 2028-01-29}
              - {date: 2028-01-22}
          - year: 2029
            notice: 通知
            holidays: []
          - year: 2029
            notice: 通知
            holidays: []
        """
    )
    with pytest.raises(InvalidInput) as caught:
        parse_holiday_file("bad.yaml", text)
    found = {(v.field, v.location) for v in caught.value.violations}
    assert found == {
        ("2027.notice", "bad.yaml:3"),  # no notice cited
        ("2027.holidays[0].to", "bad.yaml:5"),  # to before from
        ("2027.holidays[1].from", "bad.yaml:6"),  # outside the year
        ("2027.working_days[0].date", "bad.yaml:8"),  # a Wednesday is not an adjusted weekend
        ("2028.colour", "bad.yaml:11"),  # unknown key
        ("2028.working_days[0].date", "bad.yaml:15"),  # both holiday and working day
        ("2028.working_days[1].name", "bad.yaml:16"),  # no name
        ("2029.year", "bad.yaml:20"),  # listed twice
    }
    assert "bad.yaml" in caught.value.message_zh


def test_a_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_holiday_file("broken.yaml", "version: 'x'\nyears: [\n")
    assert caught.value.violations[0].location.startswith("broken.yaml:")


def test_a_missing_extra_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot read holiday file"):
        WorkingCalendar.load(tmp_path / "nope.yaml")
