"""加处罚款: 3 % of the fine a day, capped at the fine, paused during 复议/诉讼 (处罚法第七十二条、第七十三条)."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.catalog.parameters import Parameters
from zhifa.deadlines import PeriodError, Suspension, late_fee, late_fee_detail
from zhifa.kernel.money import Money

d = date.fromisoformat

FINE = 20_000  # 200 元 in 分: 3 % a day is 600 分

FEES = [
    # (due, today, pauses, fee in 分, days counted, why)
    ("2025-03-01", "2025-03-01", [], 0, 0, "paid on the last day: no fee (第七十二条 到期不缴纳)"),
    ("2025-03-01", "2025-02-20", [], 0, 0, "before the due date"),
    ("2025-03-01", "2025-03-02", [], 600, 1, "first day late: 3 %"),
    ("2025-03-01", "2025-03-11", [], 6_000, 10, "ten days late"),
    ("2025-03-01", "2025-04-03", [], 19_800, 33, "33 days: 99 %, below the cap"),
    ("2025-03-01", "2025-04-04", [], 20_000, 34, "34 days: 102 % → capped at the fine"),
    ("2025-03-01", "2026-03-01", [], 20_000, 365, "a year late: still the fine, never more"),
    (
        "2025-03-01",
        "2025-04-10",
        [("2025-03-05", "2025-04-04")],
        5_400,
        9,
        "复议 pending 31 days of the 40 (第七十三条第三款)",
    ),
    (
        "2025-03-01",
        "2025-03-20",
        [("2025-03-05", None)],
        1_800,
        3,
        "诉讼 still pending: only 03-02..03-04 count",
    ),
    (
        "2025-03-01",
        "2025-05-01",
        [("2025-02-20", "2025-03-03"), ("2025-03-10", "2025-03-12")],
        20_000,
        56,
        "pauses before the due date do not count; 56 days still reach the cap",
    ),
]


@pytest.mark.parametrize(
    ("due", "today", "pauses", "fee", "days", "why"), FEES, ids=[r[5] for r in FEES]
)
def test_late_fee(
    params: Parameters,
    due: str,
    today: str,
    pauses: list[tuple[str, str | None]],
    fee: int,
    days: int,
    why: str,
) -> None:
    """处罚法第七十二条第一款第（一）项、第七十三条第三款."""
    stops = [Suspension(d(a), d(b) if b else None, "行政复议") for a, b in pauses]
    detail = late_fee_detail(FINE, d(due), d(today), stops, parameters=params)
    assert detail.amount_fen == fee, why
    assert detail.days == days
    assert late_fee(FINE, d(due), d(today), stops, parameters=params) == fee


def test_the_detail_explains_itself(params: Parameters) -> None:
    detail = late_fee_detail(
        FINE,
        d("2025-03-01"),
        d("2025-04-10"),
        [(d("2025-03-05"), d("2025-04-04"))],
        parameters=params,
    )
    assert detail.paused_days == 31
    assert detail.rate_percent == 3
    assert detail.amount == Money(5_400)
    assert not detail.capped
    assert "第七十三条第三款" in detail.basis
    assert detail.describe_zh().startswith("逾期9日，每日按罚款数额的3%加处罚款，计¥54.00")
    capped = late_fee_detail(FINE, d("2025-03-01"), d("2025-06-01"), parameters=params)
    assert capped.capped
    assert "已达上限" in capped.describe_zh()


def test_rounding_is_once_on_the_total_and_drops_fractions(params: Parameters) -> None:
    """123.45 元 × 3 % = 370.35 分 a day: one day 370 分; three days 1,111.05 → 1,111 (not 3 × 370)."""
    assert late_fee(12_345, d("2025-03-01"), d("2025-03-02"), parameters=params) == 370
    assert late_fee(12_345, d("2025-03-01"), d("2025-03-04"), parameters=params) == 1_111


@pytest.mark.parametrize("bad", [-1, True, 1.5])
def test_the_fine_must_be_whole_fen(params: Parameters, bad: object) -> None:
    with pytest.raises(PeriodError, match="integer of fen"):
        late_fee(bad, d("2025-03-01"), d("2025-03-05"), parameters=params)  # type: ignore[arg-type]


def test_a_pause_that_ends_before_it_starts_is_refused(params: Parameters) -> None:
    with pytest.raises(PeriodError, match="before it starts"):
        late_fee(FINE, d("2025-03-01"), d("2025-03-20"), [(d("2025-03-10"), d("2025-03-05"))])
