"""The Chinese working-day calendar and the arithmetic of periods counted on it.

Which days are working days comes from the State Council's yearly holiday notice: for the
years the ``chinesecalendar`` package knows, from the package; for any year listed in
``data/holidays.yaml`` (or in the file named by ``ZHIFA_HOLIDAYS_FILE``), from that file, which
replaces the package's data for the year. A date in any other year is refused with
``CalendarYearMissing``: zhifa never guesses a year's holidays.

The counting rules, all pure functions of the calendar:

* the day of the triggering event is not counted; a period runs from the next day
  (《民法典》第二百零一条第一款);
* the 二日、三日、五日、七日 of 行政处罚法 (第八十五条) and the periods of ten days or less of
  行政强制法 (第六十九条) are working days: statutory holidays and rest days are skipped,
  adjusted working weekends (调休上班日) count;
* a period of months or years ends on the corresponding day of the last month; without such a
  day, on the last day of that month (《民法典》第二百零二条);
* when the last day of a period counted in calendar days, months or years is a statutory
  holiday or rest day, the period ends on the first working day after it
  (《民法典》第二百零三条第一款). A working-day period always ends on a working day.
"""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import chinese_calendar

from zhifa.catalog.loader import LineDict, Problems, read_yaml
from zhifa.deadlines.errors import CalendarYearMissing, PeriodError
from zhifa.kernel.errors import InvalidInput

BASIS_WORKING_DAYS = (
    "《中华人民共和国行政处罚法》第八十五条；《中华人民共和国行政强制法》第六十九条"
)
BASIS_START_DAY = "《中华人民共和国民法典》第二百零一条第一款"
BASIS_MONTH_END = "《中华人民共和国民法典》第二百零二条"
BASIS_HOLIDAY_END = "《中华人民共和国民法典》第二百零三条第一款"

SHIPPED_FILE = "src/zhifa/deadlines/data/holidays.yaml"
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, eq=False)
class HolidayYear:
    """One year's statutory holidays and adjusted working days, and where they come from."""

    year: int
    holidays: Mapping[date, str]  # rest days by law or notice, with the holiday's name
    working_days: Mapping[date, str]  # Saturdays and Sundays that are working days (调休)
    source: str  # the notice cited, or the package it came from
    location: str = ""  # file:line of the entry, for data read from a file


class WorkingCalendar:
    """Which days are working days in China, and periods counted on them.

    Build one with ``WorkingCalendar.default()`` (package + shipped file + the settings'
    extra file) or ``WorkingCalendar.load(extra)``; a calendar is immutable.
    """

    def __init__(self, years: Iterable[HolidayYear]) -> None:
        self._years: dict[int, HolidayYear] = {}
        for y in years:
            self._years[y.year] = y  # a later entry for the same year replaces an earlier one

    # -- construction -----------------------------------------------------------------

    @classmethod
    def from_package(cls) -> WorkingCalendar:
        """Only the years the ``chinesecalendar`` package knows."""
        return cls(_package_years())

    @classmethod
    def load(
        cls, extra: Path | Iterable[Path] | None = None, *, shipped: bool = True
    ) -> WorkingCalendar:
        """The package's years, then the shipped data file, then each ``extra`` file in order."""
        years = list(_package_years())
        if shipped:
            years.extend(_shipped_years())
        files = [] if extra is None else [extra] if isinstance(extra, Path) else list(extra)
        for path in files:
            years.extend(parse_holiday_file(path.name, _read(path)))
        return cls(years)

    @classmethod
    def default(cls) -> WorkingCalendar:
        """The calendar the running node uses: package, shipped file, ``ZHIFA_HOLIDAYS_FILE``."""
        from zhifa.settings import get_settings  # settings are read only when asked for

        return _cached_calendar(get_settings().holidays_file)

    def with_years(self, years: Iterable[HolidayYear]) -> WorkingCalendar:
        """A copy where ``years`` replace (or add to) this calendar's years."""
        return WorkingCalendar([*self._years.values(), *years])

    # -- what is known ----------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        """The years this calendar can count in, ascending."""
        return tuple(sorted(self._years))

    def year(self, year: int) -> HolidayYear:
        """The holiday data of ``year``, or ``CalendarYearMissing`` saying how to add it."""
        found = self._years.get(year)
        if found is None:
            raise _missing(year, self.years)
        return found

    def source(self, day: date) -> str:
        """Where the calendar of ``day``'s year comes from (the notice cited)."""
        return self.year(day.year).source

    # -- one day ----------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """True on a working day: Monday–Friday that is not a holiday, or an adjusted weekend."""
        y = self.year(day.year)
        if day in y.working_days:
            return True
        if day in y.holidays:
            return False
        return day.weekday() < 5

    def is_rest_day(self, day: date) -> bool:
        """True on a statutory holiday or a weekend day that is not an adjusted working day."""
        return not self.is_working_day(day)

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name (春节 …), or the adjusted working day's, or None for a plain day."""
        y = self.year(day.year)
        return y.holidays.get(day) or y.working_days.get(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        d = day + _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def roll_forward(self, day: date) -> date:
        """``day`` if it is a working day, else the first working day after it (民法典第二百零三条)."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    # -- periods ----------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> date:
        """The last day of a period of ``n`` working days triggered on ``start``.

        ``start`` is not counted (民法典第二百零一条); the days counted are the working days after
        it (行政处罚法第八十五条). ``n = 0`` gives ``start``.
        """
        _check_count(n)
        d = start
        counted = 0
        while counted < n:
            d += _ONE_DAY
            if self.is_working_day(d):
                counted += 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days in ``(start, end]``: after ``start``, up to and with ``end``.

        So ``working_days_between(s, add_working_days(s, n)) == n``. Negative when ``end`` is
        before ``start``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start + _ONE_DAY
        while d <= end:
            if self.is_working_day(d):
                count += 1
            d += _ONE_DAY
        return count

    def add_calendar_days(self, start: date, n: int, *, roll: bool = True) -> date:
        """The last day of a period of ``n`` calendar days triggered on ``start``.

        With ``roll`` (the default), a last day on a holiday or rest day moves to the next working
        day (民法典第二百零三条).
        """
        _check_count(n)
        end = start + timedelta(days=n)
        return self.roll_forward(end) if roll else end

    def add_months(self, start: date, n: int, *, roll: bool = True) -> date:
        """The last day of a period of ``n`` months: the corresponding day, clamped to month end.

        民法典第二百零二条; with ``roll``, moved off a holiday (第二百零三条).
        """
        _check_count(n)
        end = shift_months(start, n)
        return self.roll_forward(end) if roll else end

    def add_years(self, start: date, n: int, *, roll: bool = True) -> date:
        """The last day of a period of ``n`` years (29 February → 28 February in other years)."""
        _check_count(n)
        end = shift_months(start, 12 * n)
        return self.roll_forward(end) if roll else end


def shift_months(day: date, n: int) -> date:
    """The corresponding day ``n`` months later, or the last day of that month (民法典第二百零二条)."""
    index = day.year * 12 + (day.month - 1) + n
    year, month0 = divmod(index, 12)
    last = _gregorian.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def _check_count(n: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise PeriodError(
            f"期间长度须为非负整数，收到“{n}”",
            f"a period length must be a non-negative integer, got {n!r}",
        )


def _missing(year: int, known: tuple[int, ...]) -> CalendarYearMissing:
    span = f"{known[0]}–{known[-1]}年" if known else "无"
    return CalendarYearMissing(
        f"{year}年的法定节假日安排尚未载入，无法计算涉及该年的期间。"
        f"请在国务院办公厅公布《关于{year}年部分节假日安排的通知》后，"
        f"将该年的放假日期（holidays）和调休上班日期（working_days）连同通知名称写入 "
        f"{SHIPPED_FILE} 或 ZHIFA_HOLIDAYS_FILE 指定的文件，或升级 chinesecalendar 包。"
        f"现已载入：{span}。",
        f"no statutory holiday calendar for {year}: add the year's holidays and adjusted "
        f"working days (citing the State Council notice) to {SHIPPED_FILE} or to the file "
        f"named by ZHIFA_HOLIDAYS_FILE, or upgrade the chinesecalendar package; "
        f"known years: {span}",
        basis=BASIS_WORKING_DAYS,
        hint_zh=f"在节假日数据文件中添加 {year} 年的安排",
    )


# ---------------------------------------------------------------------------- sources


@lru_cache(maxsize=1)
def _package_years() -> tuple[HolidayYear, ...]:
    holidays: dict[date, str] = dict(chinese_calendar.holidays)
    workdays: dict[date, str] = dict(chinese_calendar.workdays)
    if not holidays:
        return ()
    version = str(getattr(chinese_calendar, "__version__", ""))
    first = min(holidays).year
    last = max(holidays).year
    out: list[HolidayYear] = []
    for year in range(first, last + 1):
        out.append(
            HolidayYear(
                year=year,
                holidays={d: _zh(n) for d, n in holidays.items() if d.year == year},
                working_days={
                    d: f"{_zh(n)}调休上班" for d, n in workdays.items() if d.year == year
                },
                source=f"chinesecalendar {version}（据国务院办公厅关于{year}年部分节假日安排的通知）",
                location=f"chinesecalendar {version}",
            )
        )
    return tuple(out)


def _zh(english: str) -> str:
    try:
        return str(chinese_calendar.Holiday(english).chinese)
    except ValueError:
        return english


@lru_cache(maxsize=1)
def _shipped_years() -> tuple[HolidayYear, ...]:
    text = resources.files("zhifa.deadlines").joinpath("data/holidays.yaml").read_text("utf-8")
    return parse_holiday_file("holidays.yaml", text)


@lru_cache(maxsize=4)
def _cached_calendar(extra: Path | None) -> WorkingCalendar:
    return WorkingCalendar.load(extra)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(
            f"无法读取节假日数据文件 {path}：{exc.strerror}",
            f"cannot read holiday file {path}: {exc.strerror}",
        ) from exc


# ---------------------------------------------------------------------------- the data file

_YEAR_KEYS = ("year", "notice", "published", "holidays", "working_days", "note")


def parse_holiday_file(name: str, text: str) -> tuple[HolidayYear, ...]:
    """Read a holiday file (format: ``data/holidays.yaml``); every problem is reported at once.

    Raises ``InvalidInput`` whose violations name ``file:line`` and the field of each problem:
    a year with a problem is never half loaded.
    """
    p = Problems(name)
    try:
        doc = read_yaml(text, name)
    except InvalidInput as exc:
        p.items.extend(exc.violations)
        _raise_if(p)
        raise  # pragma: no cover - _raise_if always raises here
    if not isinstance(doc, LineDict):
        p.add("", 1, "文件内容须为映射（键: 值）", "document is not a mapping")
        _raise_if(p)
        return ()
    _unknown(doc, ("version", "years"), "", p)
    if not isinstance(doc.get("version"), str):
        p.add("version", doc.line, "文件头须有带引号的版本号 version", "version missing")
    entries = doc.get("years")
    if not isinstance(entries, list) or not entries:
        p.add("years", _line(doc, "years"), "须有非空列表“years”", "years must be a list")
        entries = []
    out: list[HolidayYear] = []
    seen: dict[int, int] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, LineDict):
            p.add(f"years[{i}]", _line(doc, "years"), "列表项须为映射", "item is not a mapping")
            continue
        year = _year_entry(entry, name, p)
        if year is None:
            continue
        if year.year in seen:
            p.add(
                f"{year.year}.year",
                _line(entry, "year"),
                f"{year.year}年重复（首次出现在第 {seen[year.year]} 行）",
                f"year {year.year} listed twice",
            )
            continue
        seen[year.year] = entry.line
        out.append(year)
    _raise_if(p)
    return tuple(out)


def _year_entry(m: LineDict, name: str, p: Problems) -> HolidayYear | None:
    before = len(p.items)
    raw_year = m.get("year")
    if (
        not isinstance(raw_year, int)
        or isinstance(raw_year, bool)
        or not MINYEAR <= raw_year <= MAXYEAR
    ):
        p.add("year", _line(m, "year"), "year 须为年份（整数）", "year must be a year number")
        return None
    label = str(raw_year)
    _unknown(m, _YEAR_KEYS, f"{label}.", p)
    notice = m.get("notice")
    if not isinstance(notice, str) or not notice.strip():
        p.add(
            f"{label}.notice",
            _line(m, "notice"),
            f"{label}年须写明所依据的国务院办公厅通知（notice）",
            "notice (the State Council notice cited) is missing",
        )
    if "published" in m and not isinstance(m["published"], date):
        p.add(f"{label}.published", _line(m, "published"), "published 须为日期", "not a date")
    holidays: dict[date, str] = {}
    for i, item in enumerate(_list(m, "holidays", label, p)):
        where = f"{label}.holidays[{i}]"
        _unknown(item, ("name", "from", "to"), f"{where}.", p)
        first = _date_in(item, "from", raw_year, where, p)
        last = _date_in(item, "to", raw_year, where, p)
        hname = _name(item, where, p)
        if first is None or last is None:
            continue
        if last < first:
            p.add(f"{where}.to", _line(item, "to"), "结束日期早于开始日期", "to is before from")
            continue
        d = first
        while d <= last:
            if d in holidays:
                p.add(f"{where}", item.line, f"{d.isoformat()} 重复列为放假日", f"{d} twice")
            holidays[d] = hname
            d += _ONE_DAY
    working: dict[date, str] = {}
    for i, item in enumerate(_list(m, "working_days", label, p)):
        where = f"{label}.working_days[{i}]"
        _unknown(item, ("name", "date"), f"{where}.", p)
        d0 = _date_in(item, "date", raw_year, where, p)
        wname = _name(item, where, p)
        if d0 is None:
            continue
        if d0.weekday() < 5:
            p.add(
                f"{where}.date",
                _line(item, "date"),
                f"{d0.isoformat()} 是工作日（周一至周五），调休上班日应为周六或周日",
                f"{d0} is a weekday: an adjusted working day must be a Saturday or Sunday",
            )
        elif d0 in holidays:
            p.add(
                f"{where}.date",
                _line(item, "date"),
                f"{d0.isoformat()} 同时列为放假日和调休上班日",
                f"{d0} is listed both as a holiday and as a working day",
            )
        working[d0] = wname
    if len(p.items) > before:
        return None
    return HolidayYear(
        year=raw_year,
        holidays=holidays,
        working_days=working,
        source=str(notice).strip(),
        location=f"{name}:{m.line}",
    )


def _list(m: LineDict, key: str, label: str, p: Problems) -> list[LineDict]:
    value = m.get(key)
    if value is None:
        if key == "holidays":
            p.add(f"{label}.{key}", m.line, f"{label}年缺少放假日期 holidays", "holidays missing")
        return []
    if not isinstance(value, list):
        p.add(f"{label}.{key}", _line(m, key), f"“{key}”须为列表", f"{key} must be a list")
        return []
    out: list[LineDict] = []
    for i, item in enumerate(value):
        if isinstance(item, LineDict):
            out.append(item)
        else:
            p.add(f"{label}.{key}[{i}]", _line(m, key), "列表项须为映射", "item is not a mapping")
    return out


def _date_in(m: LineDict, key: str, year: int, where: str, p: Problems) -> date | None:
    value: Any = m.get(key)
    if not isinstance(value, date):
        p.add(f"{where}.{key}", _line(m, key), f"“{key}”须为日期（YYYY-MM-DD）", "not a date")
        return None
    if value.year != year:
        p.add(
            f"{where}.{key}",
            _line(m, key),
            f"{value.isoformat()} 不在 {year} 年内：请列在该日期所在年份的条目下",
            f"{value} is outside year {year}: list it under its own year",
        )
        return None
    return value


def _name(m: LineDict, where: str, p: Problems) -> str:
    value = m.get("name")
    if not isinstance(value, str) or not value.strip():
        p.add(f"{where}.name", _line(m, "name"), "须写明节日名称 name", "name missing")
        return ""
    return value.strip()


def _unknown(m: LineDict, allowed: Iterable[str], prefix: str, p: Problems) -> None:
    allowed = set(allowed)
    for key in m:
        if key not in allowed:
            p.add(f"{prefix}{key}", _line(m, key), f"未知字段“{key}”", f"unknown key {key!r}")
    for key, line in m.duplicate_keys:
        p.add(f"{prefix}{key}", line, f"字段“{key}”重复", f"duplicate key {key!r}")


def _line(m: LineDict, key: str) -> int:
    return m.key_lines.get(key, m.line)


def _raise_if(p: Problems) -> None:
    if p.items:
        raise InvalidInput(
            f"节假日数据文件 {p.file} 有误（{len(p.items)} 处）",
            f"holiday file {p.file} is invalid ({len(p.items)} problem(s))",
            violations=list(p.items),
        )


__all__ = [
    "BASIS_HOLIDAY_END",
    "BASIS_MONTH_END",
    "BASIS_START_DAY",
    "BASIS_WORKING_DAYS",
    "HolidayYear",
    "WorkingCalendar",
    "parse_holiday_file",
    "shift_months",
]
