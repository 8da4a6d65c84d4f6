"""法定期限: the working-day calendar, statutory clocks, the late fee and the limitation period.

Pure functions over plain values (no database, no clock of their own): callers pass the dates.
See docs/deadlines.md for the rules and examples::

    from zhifa.deadlines import compute, days_left, status, late_fee, WorkingCalendar

    d = compute("hearing.request.deadline", notified_on, event="告知")
    d.due, d.basis, days_left(d, today), status(d, today)
"""

from zhifa.deadlines.calendar import HolidayYear, WorkingCalendar, parse_holiday_file
from zhifa.deadlines.clocks import (
    AppliedExtension,
    Deadline,
    DeadlineStatus,
    Extension,
    Suspension,
    Thresholds,
    compute,
    compute_before,
    compute_hours,
    days_left,
    status,
)
from zhifa.deadlines.errors import CalendarYearMissing, PeriodError
from zhifa.deadlines.late_fee import LateFee, late_fee, late_fee_detail
from zhifa.deadlines.limitation import LimitationCheck, check_limitation

__all__ = [
    "AppliedExtension",
    "CalendarYearMissing",
    "Deadline",
    "DeadlineStatus",
    "Extension",
    "HolidayYear",
    "LateFee",
    "LimitationCheck",
    "PeriodError",
    "Suspension",
    "Thresholds",
    "WorkingCalendar",
    "check_limitation",
    "compute",
    "compute_before",
    "compute_hours",
    "days_left",
    "late_fee",
    "late_fee_detail",
    "parse_holiday_file",
    "status",
]
