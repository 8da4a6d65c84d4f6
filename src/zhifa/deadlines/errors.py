"""Errors of the deadline library: a missing holiday calendar, a period it cannot count."""

from __future__ import annotations

from zhifa.kernel.errors import ConfigurationError, InvalidInput


class CalendarYearMissing(ConfigurationError):
    """A period reaches into a year whose statutory holidays zhifa has not been given.

    Raised instead of guessing: a working-day count across an unknown Spring Festival would
    be wrong by a week.
    """

    code = "calendar_year_missing"


class PeriodError(InvalidInput):
    """A period that cannot be counted as asked (bad suspension, extension or unit)."""

    code = "period_error"


__all__ = ["CalendarYearMissing", "PeriodError"]
