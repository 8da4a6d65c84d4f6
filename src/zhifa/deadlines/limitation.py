"""追责时效: whether an offence may still be penalised (行政处罚法第三十六条).

An offence not discovered within two years (``limitation.general``) is no longer penalised;
five years (``limitation.extended``) where it involves the life, health or safety of citizens
or financial security and has caused harm. The period runs from the day the act was committed;
for a continuing or repeated act (连续或者继续状态), from the day it ended.

Counting: the day of the act is not counted and the period ends on the corresponding day of
the last year, 29 February becoming 28 February (民法典第二百零一条、第二百零二条). The
holiday roll of 民法典第二百零三条 is *not* applied: that rule gives a person who must act
within a period the next working day, while this period bars the state, and lengthening it
over a holiday would work against the party. A discovery on the last day is in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.catalog.parameters import Parameters, Unit
from zhifa.deadlines.calendar import shift_months
from zhifa.deadlines.errors import PeriodError
from zhifa.kernel.clock import format_date_zh


@dataclass(frozen=True)
class LimitationCheck:
    """The limitation period of one offence and whether its discovery came in time."""

    key: str  # limitation.general or limitation.extended
    years: int
    counted_from: date  # the day of the act, or the day a continuing act ended
    continuing: bool
    last_day: date  # the last day on which discovery is in time
    discovered_on: date
    expired: bool  # True: no penalty may be given (不再给予行政处罚)
    basis: str

    def describe_zh(self) -> str:
        start = "行为终了之日" if self.continuing else "违法行为发生之日"
        verdict = "已超过追责时效，不再给予行政处罚" if self.expired else "在追责时效内"
        return (
            f"追责时效{self.years}年，自{start}{format_date_zh(self.counted_from)}起算，"
            f"至{format_date_zh(self.last_day)}止；{format_date_zh(self.discovered_on)}发现，"
            f"{verdict}（{self.basis}）"
        )


def check_limitation(
    committed_on: date,
    discovered_on: date,
    *,
    ended_on: date | None = None,
    extended: bool = False,
    on: date | None = None,
    parameters: Parameters | None = None,
) -> LimitationCheck:
    """Whether an act committed on ``committed_on`` was discovered in time.

    ``ended_on``: the day a continuing or repeated act ended (the period runs from it).
    ``extended``: the five-year period applies (生命健康安全、金融安全且有危害后果).
    ``on`` picks the parameter version (default: ``discovered_on``).
    """
    if ended_on is not None and ended_on < committed_on:
        raise PeriodError(
            f"行为终了日 {ended_on.isoformat()} 早于行为发生日 {committed_on.isoformat()}",
            f"act ended ({ended_on}) before it was committed ({committed_on})",
        )
    key = "limitation.extended" if extended else "limitation.general"
    params = parameters or Parameters.load()
    p = params.get(key, on or discovered_on)
    if p.unit is not Unit.YEARS:
        raise PeriodError(f"法定参数 {key} 的单位应为年", f"{key} must be in years")
    start = ended_on or committed_on
    last = shift_months(start, 12 * p.number())
    return LimitationCheck(
        key=key,
        years=p.number(),
        counted_from=start,
        continuing=ended_on is not None,
        last_day=last,
        discovered_on=discovered_on,
        expired=discovered_on > last,
        basis=p.citation,
    )


__all__ = ["LimitationCheck", "check_limitation"]
