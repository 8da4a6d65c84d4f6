"""Time: one Clock port, instants in UTC, legal dates in Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

CHINA_TZ = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    """Where the current instant comes from. Statutory deadlines are untestable without it."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that says what it is told; ``advance`` moves it forward."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> None:
        self._at = self._at + delta

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)


def to_utc(instant: datetime) -> datetime:
    """Normalise an aware instant to UTC; naive datetimes are refused (they hide bugs)."""
    tz = instant.tzinfo
    if tz is UTC:
        return instant  # what astimezone(UTC) returns for an instant already in UTC
    if tz is None:
        raise ValueError("naive datetime: instants must be timezone-aware")
    return instant.astimezone(UTC)


def legal_date(instant: datetime) -> date:
    """The calendar date in China of an instant: the date the law counts from."""
    return to_utc(instant).astimezone(CHINA_TZ).date()


def format_date_zh(d: date) -> str:
    """2026年3月2日 — the one way to render a legal date for users."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_datetime_zh(instant: datetime) -> str:
    """2026年3月2日 14:05 (Beijing time)."""
    local = to_utc(instant).astimezone(CHINA_TZ)
    return f"{format_date_zh(local.date())} {local:%H:%M}"
