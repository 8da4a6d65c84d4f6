"""加处罚款: the late fee on an unpaid fine (行政处罚法第七十二条、第七十三条第三款).

The fee runs from the day after the payment deadline (``due``) up to and with ``today``, at
``late_fee.daily_rate`` percent of the fine a day, never above ``late_fee.cap`` percent of the
fine. Days while a 行政复议 or 行政诉讼 is pending (``pauses``, both ends included; an open
one runs up to ``today``) are not counted.

Rounding: the amount is computed once, in integer 分, as
``fine × rate% × days``, divided by a hundred once at the end — the exact product of the statutory figures with any fraction of
a 分 dropped — and then capped. Dropping, not rounding up, means zhifa never demands a fraction
the statute does not impose; a per-day rounding would drift with the number of days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from zhifa.catalog.parameters import Parameters, Unit
from zhifa.deadlines.clocks import Suspension, SuspensionLike
from zhifa.deadlines.errors import PeriodError
from zhifa.kernel.money import Money

BASIS_PAUSE = "《中华人民共和国行政处罚法》第七十三条第三款"
PER_CENT = (
    10**2
)  # what "percent" divides by (written so, not as a literal that could be a statutory figure)
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class LateFee:
    """A late fee as of a day, with the figures that made it."""

    fine: Money
    due: date  # the last day of the payment period
    as_of: date
    days: int  # days the fee ran: after ``due``, up to ``as_of``, pauses left out
    paused_days: int  # days left out because 复议/诉讼 was pending
    rate_percent: int
    cap_percent: int
    amount: Money
    capped: bool  # the cap applied
    basis: str  # the citations of the rate, the cap and the pause rule

    @property
    def amount_fen(self) -> int:
        return self.amount.fen

    def describe_zh(self) -> str:
        """E.g. 逾期10日，每日按罚款数额的3%加处罚款，计¥60.00（《……》）."""
        text = f"逾期{self.days}日，每日按罚款数额的{self.rate_percent}%加处罚款，计{self.amount}"
        if self.capped:
            text += f"（已达上限：不超过罚款数额的{self.cap_percent}%）"
        if self.paused_days:
            text += f"；行政复议、行政诉讼期间{self.paused_days}日不计"
        return f"{text}（{self.basis}）"


def late_fee_detail(
    fine_fen: int,
    due: date,
    today: date,
    pauses: Iterable[SuspensionLike] = (),
    *,
    parameters: Parameters | None = None,
) -> LateFee:
    """The late fee on a fine of ``fine_fen`` 分 due on ``due``, as of ``today``, with its workings."""
    if isinstance(fine_fen, bool) or not isinstance(fine_fen, int) or fine_fen < 0:
        raise PeriodError(
            f"罚款数额须为非负整数（分），收到“{fine_fen}”",
            f"the fine must be a non-negative integer of fen, got {fine_fen!r}",
        )
    params = parameters or Parameters.load()
    rate = params.get("late_fee.daily_rate", due)
    cap = params.get("late_fee.cap", due)
    for p in (rate, cap):
        if p.unit is not Unit.PERCENT:
            raise PeriodError(f"法定参数 {p.key} 的单位应为百分比", f"{p.key} must be in percent")
    stops = _pauses(pauses, today)
    days = paused = 0
    d = due + _ONE_DAY
    while d <= today:
        if any(s.covers(d) for s in stops):
            paused += 1
        else:
            days += 1
        d += _ONE_DAY
    rate_pct = rate.number()
    cap_pct = cap.number()
    raw = fine_fen * rate_pct * days // PER_CENT
    ceiling = fine_fen * cap_pct // PER_CENT
    amount = min(raw, ceiling)
    basis = rate.citation if rate.citation == cap.citation else f"{rate.citation}；{cap.citation}"
    if paused:
        basis = f"{basis}；{BASIS_PAUSE}"
    return LateFee(
        fine=Money(fine_fen),
        due=due,
        as_of=today,
        days=days,
        paused_days=paused,
        rate_percent=rate_pct,
        cap_percent=cap_pct,
        amount=Money(amount),
        capped=raw > ceiling,
        basis=basis,
    )


def late_fee(
    fine_fen: int,
    due: date,
    today: date,
    pauses: Iterable[SuspensionLike] = (),
    *,
    parameters: Parameters | None = None,
) -> int:
    """The late fee in 分 (see ``late_fee_detail`` for the workings)."""
    return late_fee_detail(fine_fen, due, today, pauses, parameters=parameters).amount.fen


def _pauses(items: Iterable[SuspensionLike], today: date) -> list[Suspension]:
    out: list[Suspension] = []
    for item in items:
        s = item if isinstance(item, Suspension) else Suspension(item[0], item[1])
        end = s.end if s.end is not None else today
        if end < s.start:
            raise PeriodError(
                f"复议、诉讼期间的结束日 {end.isoformat()} 早于开始日 {s.start.isoformat()}",
                f"pause ends ({end}) before it starts ({s.start})",
                basis=BASIS_PAUSE,
            )
        out.append(Suspension(s.start, end, s.reason))
    return out


__all__ = ["BASIS_PAUSE", "LateFee", "late_fee", "late_fee_detail"]
