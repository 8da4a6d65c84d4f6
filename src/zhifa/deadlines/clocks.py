"""Statutory clocks: the due date of a period named by a legal parameter, and how it stands.

``compute(key, start)`` reads the period from ``legal_parameters.yaml`` (value, unit, citation)
and counts it on the working-day calendar. How the counting goes:

* **Start.** The day of the triggering event (``start``) is not counted; day 1 is the day after
  (《民法典》第二百零一条第一款).
* **Working-day periods** (unit ``working_days``; 行政处罚法第八十五条) count only working days;
  the last day is always a working day.
* **Calendar-day periods** (unit ``days``) count every day; **months and years** end on the
  corresponding day, clamped to the month's end (民法典第二百零二条). If the last day is a
  statutory holiday or rest day, the period ends on the first working day after it
  (民法典第二百零三条第一款).
* **Suspensions** (``Suspension(start, end, reason)``; both ends included) are periods the law
  leaves out of the count — 听证、检测、公告、复议/诉讼中止 …. A suspended day is simply not
  counted: in a working-day period each suspended *working* day pushes the due date by one
  working day (suspended rest days change nothing, they would not have counted anyway); in a
  calendar-day period each suspended day pushes it by one calendar day; a period of months or
  years is first turned into its length in calendar days and then counted the same way. Only
  suspended days after ``start`` and before the (pushed) due date matter, so a suspension that
  begins after the period has run out changes nothing. Overlapping suspensions count each day
  once. A suspension still running (``end=None``) counts up to ``today`` and marks the deadline
  ``paused``.
* **Extensions** (``Extension(approved_on, amount)``) add to the period the amount approved,
  at most the statutory extension (the parameter ``<…>.extension``, e.g.
  ``case.decision.extension``), in the same unit. The extension runs on from the original last
  day *before* any holiday roll (the stricter reading: a holiday at the end of the first period
  does not lengthen the whole). An extension must be approved on or before the due date it
  extends, and not before the clock started.

``compute_before(key, event_day)`` counts a lead time backwards: the latest day by which a
notice must be given so that the whole period lies strictly between the notice and the event
(听证通知须在听证七个工作日前送达，行政处罚法第六十四条第（二）项).
"""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from zhifa.catalog.loader import LineDict, read_yaml
from zhifa.catalog.parameters import Parameter, Parameters, Unit
from zhifa.deadlines.calendar import WorkingCalendar, shift_months
from zhifa.deadlines.errors import PeriodError
from zhifa.kernel.clock import format_date_zh
from zhifa.kernel.errors import ConfigurationError, NotFound, Violation

_ONE_DAY = timedelta(days=1)
_PERIOD_UNITS = (Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS, Unit.YEARS)


# ---------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Suspension:
    """Days left out of a period's count, ``start`` to ``end`` inclusive (``end=None``: still running)."""

    start: date
    end: date | None = None
    reason: str = ""  # 听证 / 检测 / 公告 / 行政复议 / 行政诉讼 …

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


SuspensionLike = Suspension | tuple[date, date | None]


@dataclass(frozen=True)
class Extension:
    """An approved extension of a period: ``amount`` in the period's unit (None: the full statutory one)."""

    approved_on: date
    amount: int | None = None
    key: str | None = (
        None  # the parameter allowing it; default: the period's ``<prefix>.extension``
    )
    approval: str = ""  # 负责人批准 / 集体讨论决定 …


@dataclass(frozen=True)
class AppliedExtension:
    """An extension as it was applied: the amount, and the law that allowed it."""

    key: str
    amount: int
    unit: Unit
    approved_on: date
    approval: str
    basis: str


@dataclass(frozen=True)
class Deadline:
    """A statutory clock: what it counts, from when, until when, and on what legal basis."""

    key: str  # the legal parameter, e.g. "hearing.request.deadline"
    start: date  # the triggering date (not itself counted); for counts_back: the event day
    due: date  # the last day on which the act is in time
    unit: Unit
    amount: int  # the statutory amount, without extensions
    basis: str  # the parameter's citation
    parameter: Parameter
    event: str = ""  # what happened on ``start`` (告知, 立案, 送达 …)
    statutory_due: date | None = None  # the due date with no suspension or extension
    suspensions: tuple[Suspension, ...] = ()
    extensions: tuple[AppliedExtension, ...] = ()
    excluded_days: int = 0  # days not counted because of suspensions (in the period's unit)
    rolled_from: date | None = None  # the last day before 民法典第二百零三条 moved it off a holiday
    paused: bool = False  # a suspension was still running on ``today``
    counts_back: bool = False  # a lead time: ``due`` is the latest day before the event

    @property
    def total_amount(self) -> int:
        """The period's length with its extensions."""
        return self.amount + sum(e.amount for e in self.extensions)

    @property
    def length_zh(self) -> str:
        if self.unit is Unit.MONTH_DAY:
            return f"每年{self.parameter.value}"
        return f"{self.amount}{self.unit.label_zh}"

    def describe_zh(self) -> str:
        """E.g. 5个工作日，自2025年9月26日（告知）次日起算，至2025年10月10日届满（《……》第……条）."""
        what = f"（{self.event}）" if self.event else ""
        if self.counts_back:
            text = (
                f"{self.event or '该日'}（{format_date_zh(self.start)}）前{self.length_zh}"
                f"（首尾两日均不计入），最迟于{format_date_zh(self.due)}"
            )
        else:
            text = (
                f"{self.length_zh}，自{format_date_zh(self.start)}{what}次日起算，"
                f"至{format_date_zh(self.due)}届满"
            )
        notes: list[str] = []
        for e in self.extensions:
            how = f"经{e.approval}" if e.approval else "经批准"
            notes.append(f"{how}延长{e.amount}{e.unit.label_zh}（{e.basis}）")
        if self.excluded_days:
            reasons = "、".join(dict.fromkeys(s.reason for s in self.suspensions if s.reason))
            unit = "个工作日" if self.unit is Unit.WORKING_DAYS else "日"
            notes.append(f"{reasons or '中止期间'}不计入期间，共{self.excluded_days}{unit}")
        if self.rolled_from is not None:
            notes.append(
                f"期间最后一日{format_date_zh(self.rolled_from)}为法定休假日，顺延至其后第一个工作日"
                "（《中华人民共和国民法典》第二百零三条）"
            )
        if self.paused:
            notes.append("目前中止计算")
        tail = "；".join(notes)
        return f"{text}（{self.basis}）" + (f"；{tail}" if tail else "")


class DeadlineStatus(StrEnum):
    """How a deadline stands on a given day."""

    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"

    @property
    def label_zh(self) -> str:
        return _STATUS_ZH[self]


_STATUS_ZH = {
    DeadlineStatus.OK: "期限内",
    DeadlineStatus.DUE_SOON: "即将到期",
    DeadlineStatus.OVERDUE: "已逾期",
    DeadlineStatus.PAUSED: "中止计算",
}


# ---------------------------------------------------------------------------- computing


def compute(
    key: str,
    start: date,
    *,
    suspensions: Iterable[SuspensionLike] = (),
    extensions: Iterable[Extension] = (),
    on: date | None = None,
    today: date | None = None,
    event: str = "",
    calendar: WorkingCalendar | None = None,
    parameters: Parameters | None = None,
) -> Deadline:
    """The deadline of the period ``key`` triggered on ``start``.

    ``on`` picks the parameter version (default: ``start``); ``today`` is needed only for a
    suspension still running (``end=None``). Raises ``CalendarYearMissing`` when the count
    reaches a year without a holiday calendar, ``PeriodError`` for a bad suspension or
    extension, ``NotFound`` for an unknown key.
    """
    cal = calendar or WorkingCalendar.default()
    params = parameters or Parameters.load()
    p = params.get(key, on or start)
    raw_stops = _raw(suspensions)
    ext_list = list(extensions)
    if p.unit is Unit.HOURS:
        raise PeriodError(
            f"期限 {key} 以小时计算，请使用 compute_hours 并给出起算时刻",
            f"{key} is counted in hours: use compute_hours with a start instant",
        )
    if p.unit is Unit.MONTH_DAY:
        if raw_stops or ext_list:
            raise PeriodError(
                f"期限 {key} 是每年固定日期，不适用中止或延长",
                f"{key} is a fixed day of the year: no suspension or extension applies",
            )
        due = _next_month_day(str(p.value), start)
        return Deadline(
            key=key,
            start=start,
            due=due,
            unit=p.unit,
            amount=0,
            basis=p.citation,
            parameter=p,
            event=event,
            statutory_due=due,
        )
    if p.unit not in _PERIOD_UNITS:
        raise PeriodError(
            f"法定参数 {key} 的单位是“{p.unit.label_zh}”，不是期间",
            f"parameter {key} is in {p.unit}, not a period",
        )
    stops = _suspensions(raw_stops, today)
    excluded = _excluded(stops)
    amount = p.number()

    statutory, _, _ = _count(cal, start, p.unit, amount, lambda _d: False)
    due, skipped, rolled_from = _count(cal, start, p.unit, amount, excluded)
    applied: list[AppliedExtension] = []
    total = amount
    for ext in sorted(ext_list, key=lambda e: e.approved_on):
        a = _extension(params, key, p, ext, start, due, on or start)
        applied.append(a)
        total += a.amount
        due, skipped, rolled_from = _count(cal, start, p.unit, total, excluded)
    return Deadline(
        key=key,
        start=start,
        due=due,
        unit=p.unit,
        amount=amount,
        basis=p.citation,
        parameter=p,
        event=event,
        statutory_due=statutory,
        suspensions=stops,
        extensions=tuple(applied),
        excluded_days=skipped,
        rolled_from=rolled_from,
        paused=any(s.end is None for s in raw_stops),
    )


def compute_before(
    key: str,
    event_day: date,
    *,
    event: str = "",
    on: date | None = None,
    calendar: WorkingCalendar | None = None,
    parameters: Parameters | None = None,
) -> Deadline:
    """The latest day to act so that the period ``key`` lies wholly between that day and the event.

    E.g. ``compute_before("hearing.notice.lead_time", hearing_day)``: the notice day and the
    hearing day are both left out, and at least 7 working days lie strictly between them
    (行政处罚法第六十四条第（二）项; zhifa reads “七日前” in the party's favour).
    """
    cal = calendar or WorkingCalendar.default()
    params = parameters or Parameters.load()
    p = params.get(key, on or event_day)
    n = p.number() if p.unit in (Unit.DAYS, Unit.WORKING_DAYS) else -1
    if n < 0:
        raise PeriodError(
            f"期限 {key} 的单位是“{p.unit.label_zh}”，只有以日或工作日计的提前期可以倒算",
            f"{key} is in {p.unit}: only lead times in days or working days count backwards",
        )
    d = event_day
    counted = 0
    while counted < n:
        d -= _ONE_DAY
        if p.unit is Unit.DAYS or cal.is_working_day(d):
            counted += 1
    due = d - _ONE_DAY
    return Deadline(
        key=key,
        start=event_day,
        due=due,
        unit=p.unit,
        amount=n,
        basis=p.citation,
        parameter=p,
        event=event,
        statutory_due=due,
        counts_back=True,
    )


def compute_hours(
    key: str, start: datetime, *, on: date | None = None, parameters: Parameters | None = None
) -> datetime:
    """The instant a period of hours ends, counted from the instant ``start`` (民法典第二百零一条第二款)."""
    if start.tzinfo is None:
        raise PeriodError(
            "以小时计算的期间须给出带时区的起算时刻",
            "an hours period needs a timezone-aware start instant",
        )
    params = parameters or Parameters.load()
    p = params.get(key, on or start.date())
    if p.unit is not Unit.HOURS:
        raise PeriodError(
            f"期限 {key} 的单位是“{p.unit.label_zh}”，不是小时",
            f"{key} is in {p.unit}, not hours",
        )
    return start + timedelta(hours=p.number())


def _count(
    cal: WorkingCalendar, start: date, unit: Unit, n: int, excluded: Callable[[date], bool]
) -> tuple[date, int, date | None]:
    """(last day, days skipped as suspended, the last day before the holiday roll or None)."""
    if unit is Unit.WORKING_DAYS:
        d = start
        counted = skipped = 0
        while counted < n:
            d += _ONE_DAY
            if not cal.is_working_day(d):
                continue
            if excluded(d):
                skipped += 1
                continue
            counted += 1
        return d, skipped, None
    if unit is Unit.DAYS:
        length = n
    else:
        months = n if unit is Unit.MONTHS else 12 * n
        length = (shift_months(start, months) - start).days
    d = start
    counted = skipped = 0
    while counted < length:
        d += _ONE_DAY
        if excluded(d):
            skipped += 1
            continue
        counted += 1
    rolled = cal.roll_forward(d)
    return rolled, skipped, (d if rolled != d else None)


def _raw(items: Iterable[SuspensionLike]) -> list[Suspension]:
    out: list[Suspension] = []
    for item in items:
        if isinstance(item, Suspension):
            out.append(item)
        else:
            first, last = item
            out.append(Suspension(first, last))
    return out


def _suspensions(items: list[Suspension], today: date | None) -> tuple[Suspension, ...]:
    """Validate and close the suspensions (a running one ends on ``today``)."""
    out: list[Suspension] = []
    problems: list[Violation] = []
    for i, s in enumerate(items):
        where = f"suspensions[{i}]"
        end = s.end
        if end is None:
            if today is None:
                problems.append(
                    Violation(
                        where,
                        "尚未结束的中止期间须同时给出今天的日期（today）",
                        "a running suspension needs today's date",
                    )
                )
                continue
            end = today
        if end < s.start:
            problems.append(
                Violation(
                    where,
                    f"中止期间的结束日 {end.isoformat()} 早于开始日 {s.start.isoformat()}",
                    f"suspension ends ({end}) before it starts ({s.start})",
                )
            )
            continue
        out.append(Suspension(s.start, end, s.reason))
    if problems:
        raise PeriodError("中止期间有误", "invalid suspension", violations=problems)
    return tuple(out)


def _excluded(stops: tuple[Suspension, ...]) -> Callable[[date], bool]:
    if not stops:
        return lambda _d: False
    return lambda d: any(s.covers(d) for s in stops)


def _extension(
    params: Parameters,
    key: str,
    p: Parameter,
    ext: Extension,
    start: date,
    due: date,
    on: date,
) -> AppliedExtension:
    ext_key = ext.key or key.rsplit(".", 1)[0] + ".extension"
    try:
        allowed = params.get(ext_key, on)
    except NotFound as exc:
        raise PeriodError(
            f"期限 {key} 没有可以适用的延长规定（{ext_key}）",
            f"no extension parameter {ext_key} for {key}",
        ) from exc
    if allowed.unit is not p.unit:
        raise PeriodError(
            f"延长规定 {ext_key} 的单位（{allowed.unit.label_zh}）与期限 {key} 的单位"
            f"（{p.unit.label_zh}）不同",
            f"extension {ext_key} is in {allowed.unit}, the period {key} in {p.unit}",
        )
    maximum = allowed.number()
    amount = maximum if ext.amount is None else ext.amount
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= maximum:
        raise PeriodError(
            f"延长期限须为 1 至 {maximum}{p.unit.label_zh}，收到“{ext.amount}”",
            f"an extension must be 1 to {maximum} {p.unit}, got {ext.amount!r}",
            basis=allowed.citation,
        )
    if ext.approved_on < start:
        raise PeriodError(
            f"延长批准日 {ext.approved_on.isoformat()} 早于期间起算日 {start.isoformat()}",
            f"extension approved on {ext.approved_on}, before the clock started on {start}",
            basis=allowed.citation,
        )
    if ext.approved_on > due:
        raise PeriodError(
            f"期限已于 {format_date_zh(due)} 届满，{format_date_zh(ext.approved_on)} 批准的延长无效："
            "延长须在期限届满前批准",
            f"extension approved on {ext.approved_on}, after the period ran out on {due}",
            basis=allowed.citation,
            hint_zh="期限届满前报请负责人批准延长",
        )
    return AppliedExtension(
        key=ext_key,
        amount=amount,
        unit=p.unit,
        approved_on=ext.approved_on,
        approval=ext.approval,
        basis=allowed.citation,
    )


def _next_month_day(month_day: str, start: date) -> date:
    month, day = (int(x) for x in month_day.split("-"))
    for year in (start.year, start.year + 1):
        candidate = date(year, month, min(day, _gregorian.monthrange(year, month)[1]))
        if candidate > start:
            return candidate
    raise AssertionError("unreachable: the next year always has the day")  # pragma: no cover


# ---------------------------------------------------------------------------- how it stands


def days_left(deadline: Deadline, today: date, *, calendar: WorkingCalendar | None = None) -> int:
    """The days still to run after ``today`` up to the due date; negative once overdue.

    While ``today <= due``: the days in ``(today, due]`` that count toward the period — working
    days for a working-day period, calendar days otherwise, suspended days left out — so the
    last day itself gives 0. After the due date: minus the calendar days since it (逾期 N 日).
    """
    if today > deadline.due:
        return -(today - deadline.due).days
    if deadline.unit is Unit.WORKING_DAYS:
        cal = calendar or WorkingCalendar.default()
        counts: Callable[[date], bool] = cal.is_working_day
    else:
        counts = _always
    stops = deadline.suspensions
    left = 0
    d = today + _ONE_DAY
    while d <= deadline.due:
        if counts(d) and not any(s.covers(d) for s in stops):
            left += 1
        d += _ONE_DAY
    return left


def _always(_d: date) -> bool:
    return True


def status(
    deadline: Deadline,
    today: date,
    *,
    calendar: WorkingCalendar | None = None,
    thresholds: Thresholds | None = None,
) -> DeadlineStatus:
    """overdue after the due date; paused while a suspension runs; due soon within the threshold."""
    if today > deadline.due:
        return DeadlineStatus.OVERDUE
    if deadline.paused:
        return DeadlineStatus.PAUSED
    limit = (thresholds or Thresholds.load()).due_soon(deadline.unit)
    if days_left(deadline, today, calendar=calendar) <= limit:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.OK


@dataclass(frozen=True)
class Thresholds:
    """When a deadline counts as due soon, per unit (``data/status.yaml``)."""

    by_unit: tuple[tuple[Unit, int], ...]
    location: str = ""

    def due_soon(self, unit: Unit) -> int:
        for u, n in self.by_unit:
            if u is unit:
                return n
        raise ConfigurationError(
            f"期限提醒阈值缺少单位“{unit.value}”（{self.location}）",
            f"no due-soon threshold for unit {unit.value} in {self.location}",
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Thresholds:
        """The shipped thresholds, or those in ``path``."""
        if path is None:
            return _shipped_thresholds()
        return _parse_thresholds(path.name, path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _shipped_thresholds() -> Thresholds:
    text = resources.files("zhifa.deadlines").joinpath("data/status.yaml").read_text("utf-8")
    return _parse_thresholds("status.yaml", text)


def _parse_thresholds(name: str, text: str) -> Thresholds:
    doc = read_yaml(text, name)
    problems: list[Violation] = []
    table = doc.get("due_soon") if isinstance(doc, LineDict) else None
    if not isinstance(table, LineDict):
        problems.append(Violation("due_soon", "须有映射“due_soon”", "due_soon missing", name))
        table = LineDict()
    out: list[tuple[Unit, int]] = []
    for raw, value in table.items():
        where = f"{name}:{table.key_lines.get(raw, table.line)}"
        try:
            unit = Unit(raw)
        except ValueError:
            problems.append(Violation(raw, f"未知单位“{raw}”", f"unknown unit {raw!r}", where))
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(Violation(raw, "阈值须为非负整数", "not a non-negative int", where))
            continue
        out.append((unit, value))
    if problems:
        raise ConfigurationError(
            f"期限提醒阈值文件 {name} 有误",
            f"threshold file {name} is invalid",
            violations=problems,
        )
    return Thresholds(tuple(out), name)


__all__ = [
    "AppliedExtension",
    "Deadline",
    "DeadlineStatus",
    "Extension",
    "Suspension",
    "SuspensionLike",
    "Thresholds",
    "compute",
    "compute_before",
    "compute_hours",
    "days_left",
    "status",
]
