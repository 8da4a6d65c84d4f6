"""追责时效 (处罚法第三十六条): 2 years, 5 for life/health/financial safety with harm; continuing acts from their end."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.catalog.parameters import Parameters
from zhifa.deadlines import PeriodError, check_limitation

d = date.fromisoformat

CASES = [
    # (committed, ended, discovered, extended, last day, expired, why)
    ("2023-03-15", None, "2025-03-15", False, "2025-03-15", False, "discovered on the last day"),
    ("2023-03-15", None, "2025-03-16", False, "2025-03-15", True, "one day late: no penalty"),
    ("2023-03-15", None, "2028-03-15", True, "2028-03-15", False, "five years (第三十六条 延长)"),
    ("2023-03-15", None, "2028-03-16", True, "2028-03-15", True, "five years run out"),
    (
        "2020-01-01",
        "2024-06-30",
        "2026-06-30",
        False,
        "2026-06-30",
        False,
        "continuing act: from the day it ended",
    ),
    ("2020-01-01", "2024-06-30", "2026-07-01", False, "2026-06-30", True, "continuing act, late"),
    ("2024-02-29", None, "2026-03-01", False, "2026-02-28", True, "29 February → 28 February"),
    (
        "2023-10-01",
        None,
        "2025-10-02",
        False,
        "2025-10-01",
        True,
        "no holiday roll: the period bars the state",
    ),
    (
        "2024-01-01",
        "2026-01-31",
        "2025-12-01",
        False,
        "2028-01-31",
        False,
        "discovered while still going on",
    ),
]


@pytest.mark.parametrize(
    ("committed", "ended", "discovered", "extended", "last", "expired", "why"),
    CASES,
    ids=[r[6] for r in CASES],
)
def test_limitation(
    params: Parameters,
    committed: str,
    ended: str | None,
    discovered: str,
    extended: bool,
    last: str,
    expired: bool,
    why: str,
) -> None:
    """处罚法第三十六条; 民法典第二百零一条、第二百零二条."""
    check = check_limitation(
        d(committed),
        d(discovered),
        ended_on=d(ended) if ended else None,
        extended=extended,
        parameters=params,
    )
    assert check.last_day == d(last), why
    assert check.expired is expired, why
    assert check.key == ("limitation.extended" if extended else "limitation.general")
    assert check.basis == "《中华人民共和国行政处罚法》第三十六条第一款"


def test_the_check_reads_in_chinese(params: Parameters) -> None:
    check = check_limitation(
        d("2020-01-01"), d("2026-07-01"), ended_on=d("2024-06-30"), parameters=params
    )
    assert check.describe_zh() == (
        "追责时效2年，自行为终了之日2024年6月30日起算，至2026年6月30日止；"
        "2026年7月1日发现，已超过追责时效，不再给予行政处罚"
        "（《中华人民共和国行政处罚法》第三十六条第一款）"
    )


def test_an_act_cannot_end_before_it_began(params: Parameters) -> None:
    with pytest.raises(PeriodError, match="before it was committed"):
        check_limitation(
            d("2024-06-30"), d("2025-01-01"), ended_on=d("2024-01-01"), parameters=params
        )
