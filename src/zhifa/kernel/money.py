"""Money as integer 分 (fen), with the one formatter for pages and the one for documents."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from zhifa.kernel.errors import InvalidInput


@dataclass(frozen=True, order=True)
class Money:
    """An amount of 人民币 in 分. Never a float."""

    fen: int

    def __post_init__(self) -> None:
        if not isinstance(self.fen, int) or isinstance(self.fen, bool):
            raise TypeError("Money.fen must be an int")

    @classmethod
    def yuan(cls, amount: int | str | Decimal) -> Money:
        """From yuan given as an int, a decimal string ("1234.5") or a Decimal; at most 2 places."""
        if isinstance(amount, float):
            raise TypeError("money from float is refused: pass a string or Decimal")
        try:
            d = Decimal(str(amount).replace(",", "").strip())
        except InvalidOperation as exc:
            raise InvalidInput(
                f"金额“{amount}”不是有效数字",
                f"amount {amount!r} is not a number",
            ) from exc
        if not d.is_finite():
            raise InvalidInput(f"金额“{amount}”不是有效数字", f"amount {amount!r} is not finite")
        fen = d * 100
        if fen != fen.to_integral_value():
            raise InvalidInput(
                f"金额“{amount}”超过两位小数（最小单位为分）",
                f"amount {amount!r} has more than two decimal places",
            )
        return cls(int(fen))

    def __add__(self, other: Money) -> Money:
        return Money(self.fen + other.fen)

    def __sub__(self, other: Money) -> Money:
        return Money(self.fen - other.fen)

    def times(self, factor: int | Decimal | str) -> Money:
        """Multiply, rounding half up to the 分 (e.g. late fees of 3 % a day)."""
        result = (Decimal(self.fen) * Decimal(str(factor))).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        return Money(int(result))

    def __str__(self) -> str:
        return format_yuan(self)


def format_yuan(m: Money) -> str:
    """¥1,234.50 — the one way to show an amount on a page."""
    sign = "-" if m.fen < 0 else ""
    yuan, fen = divmod(abs(m.fen), 100)
    return f"{sign}¥{yuan:,}.{fen:02d}"


_NUM = "零壹贰叁肆伍陆柒捌玖"
_UNIT = ["", "拾", "佰", "仟"]
_SECTION = ["", "万", "亿", "万亿"]


def _four(n: int) -> str:
    """Capitalise 0 < n < 10000 with internal zeros as 零, no leading/trailing zero."""
    out = ""
    zero = False
    for pos in range(3, -1, -1):
        digit = (n // 10**pos) % 10
        if digit == 0:
            if out:
                zero = True
            continue
        if zero:
            out += "零"
            zero = False
        out += _NUM[digit] + _UNIT[pos]
    return out


def format_capital(m: Money) -> str:
    """壹仟贰佰叁拾肆元伍角 — amounts in capitals as standard 文书 write them.

    Follows the common 大写 convention: whole-yuan amounts end in 元整; a missing 角
    before a 分 is written 零; zero is 零元整.
    """
    if m.fen < 0:
        return "负" + format_capital(Money(-m.fen))
    yuan, rest = divmod(m.fen, 100)
    jiao, fen = divmod(rest, 10)
    if yuan == 0 and rest == 0:
        return "零元整"
    head = ""
    if yuan:
        sections: list[int] = []
        y = yuan
        while y:
            y, s = divmod(y, 10000)
            sections.append(s)
        parts: list[str] = []
        pending_zero = False
        for idx in range(len(sections) - 1, -1, -1):
            s = sections[idx]
            if s == 0:
                pending_zero = bool(parts)
                continue
            if parts and (pending_zero or s < 1000):
                parts.append("零")
            parts.append(_four(s) + _SECTION[idx])
            pending_zero = False
        head = "".join(parts) + "元"
    tail = ""
    if jiao:
        tail += _NUM[jiao] + "角"
    if fen:
        if yuan and not jiao:
            tail += "零"
        tail += _NUM[fen] + "分"
    if not tail:
        return head + "整"
    return head + tail
