from decimal import Decimal

import pytest

from zhifa.kernel.errors import InvalidInput
from zhifa.kernel.money import Money, format_capital, format_yuan


@pytest.mark.parametrize(
    ("fen", "page", "document"),
    [
        (123450, "¥1,234.50", "壹仟贰佰叁拾肆元伍角"),
        (0, "¥0.00", "零元整"),
        (5, "¥0.05", "伍分"),
        (50, "¥0.50", "伍角"),
        (100, "¥1.00", "壹元整"),
        (100100, "¥1,001.00", "壹仟零壹元整"),
        (1000005, "¥10,000.05", "壹万元零伍分"),
        (100000001, "¥1,000,000.01", "壹佰万元零壹分"),
        (120000000, "¥1,200,000.00", "壹佰贰拾万元整"),
        (10000000000, "¥100,000,000.00", "壹亿元整"),
        (10050000, "¥100,500.00", "壹拾万零伍佰元整"),
        (300000, "¥3,000.00", "叁仟元整"),
        (20000, "¥200.00", "贰佰元整"),
        (1234, "¥12.34", "壹拾贰元叁角肆分"),
    ],
)
def test_formats(fen: int, page: str, document: str) -> None:
    assert format_yuan(Money(fen)) == page
    assert format_capital(Money(fen)) == document


def test_from_yuan_strings_and_decimals() -> None:
    assert Money.yuan("1234.5") == Money(123450)
    assert Money.yuan("1,000") == Money(100000)
    assert Money.yuan(Decimal("0.01")) == Money(1)
    assert Money.yuan(200) == Money(20000)


def test_refuses_floats_and_sub_fen() -> None:
    with pytest.raises(TypeError):
        Money.yuan(1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="two decimal places"):
        Money.yuan("1.005")
    with pytest.raises(InvalidInput):
        Money.yuan("abc")


def test_times_rounds_half_up_to_fen() -> None:
    # 3 % late fee on ¥33.35 is 100.05 分 → 100 分; on ¥0.50 it is 1.5 分 → 2 分.
    assert Money(3335).times("0.03") == Money(100)
    assert Money(50).times("0.03") == Money(2)


def test_negative_amounts() -> None:
    assert format_yuan(Money(-150)) == "-¥1.50"
    assert format_capital(Money(-150)) == "负壹元伍角"
