"""执法事项 (权责清单), 法律依据, 罚款幅度, 裁量基准 and 免罚清单: the matter catalog as values.

Pure domain. A ``Matter`` that exists is valid: construction refuses, with every problem
listed, a matter without a law, a fine range upside down, a benchmark tier outside the
legal range or a 一般 tier that is not in the middle (国办发〔2022〕27号).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from zhifa.kernel.errors import InvalidInput, NotFound, Violation
from zhifa.kernel.money import Money
from zhifa.registry.model import Field

# ---------------------------------------------------------------------------- enums


class MatterKind(StrEnum):
    """行政执法行为的类别 (权责清单的职权类型)."""

    PENALTY = "penalty"
    COERCION = "coercion"
    INSPECTION = "inspection"
    LICENSING = "licensing"
    LEVY = "levy"
    CONFIRMATION = "confirmation"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return _MATTER_KIND_ZH[self]


_MATTER_KIND_ZH = {
    MatterKind.PENALTY: "行政处罚",
    MatterKind.COERCION: "行政强制",
    MatterKind.INSPECTION: "行政检查",
    MatterKind.LICENSING: "行政许可",
    MatterKind.LEVY: "行政征收",
    MatterKind.CONFIRMATION: "行政确认",
    MatterKind.OTHER: "其他行政权力",
}


class PenaltyKind(StrEnum):
    """行政处罚的种类 (行政处罚法第九条)."""

    WARNING = "warning"
    PUBLIC_CRITICISM = "public_criticism"
    FINE = "fine"
    CONFISCATION = "confiscation"
    LICENSE_SUSPENSION = "license_suspension"
    LICENSE_DOWNGRADE = "license_downgrade"
    REVOCATION = "revocation"
    ACTIVITY_RESTRICTION = "activity_restriction"
    SUSPENSION_ORDER = "suspension_order"
    CLOSURE = "closure"
    EMPLOYMENT_RESTRICTION = "employment_restriction"
    DETENTION = "detention"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return _PENALTY_KIND_ZH[self]


_PENALTY_KIND_ZH = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.PUBLIC_CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATION: "没收违法所得、没收非法财物",
    PenaltyKind.LICENSE_SUSPENSION: "暂扣许可证件",
    PenaltyKind.LICENSE_DOWNGRADE: "降低资质等级",
    PenaltyKind.REVOCATION: "吊销许可证件",
    PenaltyKind.ACTIVITY_RESTRICTION: "限制开展生产经营活动",
    PenaltyKind.SUSPENSION_ORDER: "责令停产停业",
    PenaltyKind.CLOSURE: "责令关闭",
    PenaltyKind.EMPLOYMENT_RESTRICTION: "限制从业",
    PenaltyKind.DETENTION: "行政拘留",
    PenaltyKind.OTHER: "法律、行政法规规定的其他行政处罚",
}

# 行政处罚法第六十三条第一款第（三）、（四）项: these always carry the right to a hearing.
# 罚款 and 没收 carry it only when the amount is 较大数额 (a configurable legal parameter).
HEARING_PENALTY_KINDS = frozenset(
    {
        PenaltyKind.LICENSE_DOWNGRADE,
        PenaltyKind.REVOCATION,
        PenaltyKind.SUSPENSION_ORDER,
        PenaltyKind.CLOSURE,
        PenaltyKind.EMPLOYMENT_RESTRICTION,
    }
)


class Tier(StrEnum):
    """裁量阶次, from lightest to heaviest."""

    NO_PENALTY = "no_penalty"
    MITIGATED = "mitigated"
    LENIENT = "lenient"
    STANDARD = "standard"
    AGGRAVATED = "aggravated"

    @property
    def label_zh(self) -> str:
        return _TIER_ZH[self]

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


_TIER_ZH = {
    Tier.NO_PENALTY: "不予处罚",
    Tier.MITIGATED: "减轻处罚",
    Tier.LENIENT: "从轻处罚",
    Tier.STANDARD: "一般处罚",
    Tier.AGGRAVATED: "从重处罚",
}
# Tiers whose fine must lie inside the statutory range (减轻 lies below it by definition).
_IN_RANGE_TIERS = (Tier.LENIENT, Tier.STANDARD, Tier.AGGRAVATED)


class BasisRole(StrEnum):
    """What a cited article does for the matter."""

    PROHIBITION = "prohibition"
    PENALTY = "penalty"
    POWER = "power"

    @property
    def label_zh(self) -> str:
        return _BASIS_ROLE_ZH[self]


_BASIS_ROLE_ZH = {
    BasisRole.PROHIBITION: "违法依据",
    BasisRole.PENALTY: "处罚依据",
    BasisRole.POWER: "职权依据",
}


class FineBase(StrEnum):
    """What a fine is a multiple of, in the statute's words."""

    ILLEGAL_GAINS = "illegal_gains"
    GOODS_VALUE = "goods_value"
    AD_FEE = "ad_fee"
    INVESTMENT = "investment"
    CONSTRUCTION_COST = "construction_cost"
    DISPOSAL_COST = "disposal_cost"

    @property
    def label_zh(self) -> str:
        return _FINE_BASE_ZH[self]


_FINE_BASE_ZH = {
    FineBase.ILLEGAL_GAINS: "违法所得",
    FineBase.GOODS_VALUE: "货值金额",
    FineBase.AD_FEE: "广告费用",
    FineBase.INVESTMENT: "建设项目总投资额",
    FineBase.CONSTRUCTION_COST: "建设工程造价",
    FineBase.DISPOSAL_COST: "所需处置费用",
}


class ExemptionKind(StrEnum):
    """免罚清单 entries (行政处罚法第三十三条)."""

    FIRST_OFFENCE = "first_offence"
    MINOR = "minor"
    NO_FAULT = "no_fault"

    @property
    def label_zh(self) -> str:
        return _EXEMPTION_KIND_ZH[self]


_EXEMPTION_KIND_ZH = {
    ExemptionKind.FIRST_OFFENCE: "首违不罚",
    ExemptionKind.MINOR: "轻微不罚",
    ExemptionKind.NO_FAULT: "无主观过错不罚",
}

# ---------------------------------------------------------------------------- numerals

_CN_DIGITS = "零一二三四五六七八九"
_CN_UNITS = ("", "十", "百", "千")


def cn_number(n: int) -> str:
    """124 → 一百二十四, 10 → 十, 105 → 一百零五: article numbers as statutes write them."""
    if not 0 < n < 10000:
        return str(n)
    digits = [int(d) for d in str(n)]
    out: list[str] = []
    zero = False
    for pos, d in enumerate(digits):
        unit = _CN_UNITS[len(digits) - pos - 1]
        if d == 0:
            zero = True
            continue
        if zero and out:
            out.append("零")
        zero = False
        out.append(_CN_DIGITS[d] + unit)
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


# ---------------------------------------------------------------------------- values


def _fail(what_zh: str, what_en: str, problems: list[Violation]) -> None:
    if problems:
        raise InvalidInput(what_zh, what_en, violations=problems)


@dataclass(frozen=True)
class LegalBasis:
    """One cited provision: 《law》第article条第paragraph款第（item）项."""

    law: str
    article: int
    paragraph: int | None = None
    item: int | None = None
    role: BasisRole = BasisRole.PENALTY
    version: str = ""
    citation: str = ""

    def __post_init__(self) -> None:
        problems: list[Violation] = []
        if not self.law.strip():
            problems.append(Violation("law", "须写明法律、法规或规章名称", "law name is missing"))
        for name, value in (("article", self.article), ("paragraph", self.paragraph)):
            if value is not None and value <= 0:
                problems.append(Violation(name, "条、款序号须为正整数", f"{name} must be positive"))
        if self.item is not None and self.item <= 0:
            problems.append(Violation("item", "项序号须为正整数", "item must be positive"))
        _fail("法律依据有误", "legal basis is invalid", problems)
        if not self.citation:
            object.__setattr__(self, "citation", self.formatted())

    def formatted(self) -> str:
        law = self.law if self.law.startswith("《") else f"《{self.law}》"
        text = f"{law}第{cn_number(self.article)}条"
        if self.paragraph is not None:
            text += f"第{cn_number(self.paragraph)}款"
        if self.item is not None:
            text += f"第（{cn_number(self.item)}）项"
        return text


Span = tuple[Decimal, Decimal]


@dataclass(frozen=True)
class FineRange:
    """A statutory (or benchmark) fine range.

    Either a fixed range — ``min`` … ``max`` (``min`` 0 for “……以下罚款”) — or a range of
    multiples of a ``base`` (违法所得, 货值金额 …), ``min_multiple`` … ``max_multiple``, with an
    optional fixed ``fallback_min`` … ``fallback_max`` that applies when the base cannot be
    computed, or is below ``threshold`` when one is set. 食品安全法第一百二十四条 reads:
    货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额
    十倍以上二十倍以下罚款 — base goods_value, multiples 10–20, threshold 10,000 yuan,
    fallback 50,000–100,000 yuan.
    """

    min: Money | None = None
    max: Money | None = None
    base: FineBase | None = None
    min_multiple: Decimal | None = None
    max_multiple: Decimal | None = None
    threshold: Money | None = None
    fallback_min: Money | None = None
    fallback_max: Money | None = None

    def __post_init__(self) -> None:
        _fail("罚款幅度有误", "fine range is invalid", self._problems())

    @property
    def is_multiple(self) -> bool:
        return self.base is not None

    def _problems(self) -> list[Violation]:
        out: list[Violation] = []
        fixed = self.min is not None or self.max is not None
        if fixed and self.is_multiple:
            out.append(
                Violation(
                    "base",
                    "罚款幅度只能是固定数额（min/max）或倍数（base 与倍数）之一",
                    "a fine range is either fixed or a multiple, not both",
                )
            )
            return out
        if not fixed and not self.is_multiple:
            out.append(
                Violation(
                    "max",
                    "罚款幅度须写明上限（max），或写明倍数基数（base）与倍数",
                    "a fine range needs max, or base and multiples",
                )
            )
            return out
        if fixed:
            if self.max is None:
                out.append(Violation("max", "罚款幅度须写明上限", "fine range has no maximum"))
            if self.min is not None and self.min.fen < 0:
                out.append(Violation("min", "罚款下限不能为负数", "minimum is negative"))
            if self.min is not None and self.max is not None and self.min > self.max:
                out.append(
                    Violation(
                        "min",
                        f"罚款下限 {self.min} 高于上限 {self.max}",
                        f"minimum {self.min} exceeds maximum {self.max}",
                    )
                )
            for name in ("min_multiple", "max_multiple", "threshold", "fallback_min"):
                if getattr(self, name) is not None:
                    out.append(
                        Violation(name, "固定数额的罚款幅度不设倍数", f"{name} needs a base")
                    )
            return out
        if self.min_multiple is None or self.max_multiple is None:
            out.append(
                Violation(
                    "max_multiple",
                    "倍数罚款须写明最低和最高倍数",
                    "a multiple range needs min_multiple and max_multiple",
                )
            )
        elif self.min_multiple < 0 or self.min_multiple > self.max_multiple:
            out.append(
                Violation(
                    "min_multiple",
                    f"最低倍数 {self.min_multiple} 须不小于 0 且不高于最高倍数 {self.max_multiple}",
                    f"min_multiple {self.min_multiple} must be within 0..{self.max_multiple}",
                )
            )
        if (self.fallback_min is None) != (self.fallback_max is None):
            out.append(
                Violation(
                    "fallback_max",
                    "保底罚款幅度须同时写明下限和上限",
                    "fallback_min and fallback_max go together",
                )
            )
        elif (
            self.fallback_min is not None
            and self.fallback_max is not None
            and (self.fallback_min.fen < 0 or self.fallback_min > self.fallback_max)
        ):
            out.append(
                Violation(
                    "fallback_min",
                    f"保底罚款下限 {self.fallback_min} 高于上限 {self.fallback_max}",
                    f"fallback_min {self.fallback_min} exceeds fallback_max {self.fallback_max}",
                )
            )
        if self.threshold is not None and self.fallback_min is None:
            out.append(
                Violation(
                    "threshold",
                    "设了基数门槛（threshold）就须写明门槛以下适用的固定幅度",
                    "a threshold needs a fallback range",
                )
            )
        return out

    def spans(self) -> dict[str, Span]:
        """The numeric intervals this range is made of, by name (amounts in 分)."""
        if not self.is_multiple:
            low = self.min.fen if self.min is not None else 0
            high = self.max.fen if self.max is not None else 0
            return {"amount": (Decimal(low), Decimal(high))}
        out: dict[str, Span] = {}
        if self.min_multiple is not None and self.max_multiple is not None:
            out["multiple"] = (self.min_multiple, self.max_multiple)
        if self.fallback_min is not None and self.fallback_max is not None:
            out["fallback"] = (Decimal(self.fallback_min.fen), Decimal(self.fallback_max.fen))
        return out

    def bounds(self, base_amount: Money | None = None) -> tuple[Money, Money]:
        """The lowest and highest lawful fine for a given base amount (货值金额 …).

        Pass ``None`` when the base cannot be computed (or there is none): the fallback
        range applies, if the statute has one.
        """
        if not self.is_multiple:
            return (self.min or Money(0), self.max or Money(0))
        below = base_amount is None or (self.threshold is not None and base_amount < self.threshold)
        if below:
            if self.fallback_min is None or self.fallback_max is None:
                raise InvalidInput(
                    f"该罚款以{self._base_zh()}为基数，须先确定{self._base_zh()}",
                    "this fine is a multiple of a base amount that was not given",
                )
            return (self.fallback_min, self.fallback_max)
        assert base_amount is not None
        assert self.min_multiple is not None
        assert self.max_multiple is not None
        return (base_amount.times(self.min_multiple), base_amount.times(self.max_multiple))

    def _base_zh(self) -> str:
        return self.base.label_zh if self.base is not None else "基数"

    def describe_zh(self) -> str:
        """处货值金额十倍以上二十倍以下罚款；不足 ¥10,000.00 的，处 ¥50,000.00 至 ¥100,000.00."""
        if not self.is_multiple:
            low = self.min or Money(0)
            if low.fen == 0:
                return f"{self.max}以下"
            return f"{low}至{self.max}"
        text = f"{self._base_zh()}{self.min_multiple}倍至{self.max_multiple}倍"
        if self.fallback_min is not None:
            when = (
                f"不足{self.threshold}或无法计算的" if self.threshold is not None else "无法计算的"
            )
            text += f"；{self._base_zh()}{when}，{self.fallback_min}至{self.fallback_max}"
        return text


def _within(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


@dataclass(frozen=True)
class BenchmarkTier:
    """One 裁量阶次 of a matter's benchmark: when it applies, what it allows, and why."""

    tier: Tier
    circumstances: str
    fine_range: FineRange | None = None
    reason: str = ""
    penalty_kinds: frozenset[PenaltyKind] = frozenset()

    def __post_init__(self) -> None:
        problems: list[Violation] = []
        if not self.circumstances.strip():
            problems.append(
                Violation("circumstances", "须写明适用情形", "tier circumstances are missing")
            )
        if self.tier is Tier.NO_PENALTY and self.fine_range is not None:
            problems.append(
                Violation("fine_range", "不予处罚档次不设罚款幅度", "no_penalty has no fine")
            )
        _fail(f"裁量阶次“{self.tier.label_zh}”有误", f"tier {self.tier} is invalid", problems)


@dataclass(frozen=True)
class ExemptionEntry:
    """A 免罚清单 entry: the conditions under which no penalty is given."""

    code: str
    kind: ExemptionKind
    conditions: tuple[str, ...]
    bases: tuple[LegalBasis, ...]
    measures: str = "责令改正，并对当事人进行教育"

    def __post_init__(self) -> None:
        problems: list[Violation] = []
        if not self.code.strip():
            problems.append(Violation("code", "免罚清单条目须有编号", "exemption code missing"))
        if not self.conditions:
            problems.append(
                Violation("conditions", "须写明免罚的适用条件", "exemption conditions missing")
            )
        if not self.bases:
            problems.append(Violation("bases", "须写明免罚的法律依据", "exemption basis missing"))
        _fail("免罚清单条目有误", "exemption entry is invalid", problems)


@dataclass(frozen=True)
class Matter:
    """One 执法事项 of the catalog, with its statutory basis and discretion benchmark."""

    code: str
    name: str
    kind: MatterKind
    field: Field
    bases: tuple[LegalBasis, ...]
    version: str
    effective: date
    penalty_kinds: frozenset[PenaltyKind] = frozenset()
    fine_range: FineRange | None = None
    serious_fine_range: FineRange | None = None
    hearing_penalty_kinds: frozenset[PenaltyKind] = frozenset()
    hearing_on_large_amount: bool = False
    major_criteria: tuple[str, ...] = ()
    tiers: tuple[BenchmarkTier, ...] = ()
    exemptions: tuple[ExemptionEntry, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        _fail(
            f"执法事项 {self.code or '（无编号）'} 有误",
            f"matter {self.code} is invalid",
            self._problems(),
        )

    def tier(self, tier: Tier) -> BenchmarkTier:
        for t in self.tiers:
            if t.tier is tier:
                return t
        raise NotFound(
            f"事项 {self.code} 没有“{tier.label_zh}”裁量阶次",
            f"matter {self.code} has no {tier} tier",
        )

    @property
    def citations(self) -> tuple[str, ...]:
        return tuple(b.citation for b in self.bases)

    # -- validation -------------------------------------------------------------------

    def _problems(self) -> list[Violation]:
        out: list[Violation] = []

        def add(path: str, zh: str, en: str) -> None:
            out.append(Violation(path, f"事项 {self.code}：{zh}", f"matter {self.code}: {en}"))

        if not self.code.strip():
            add("code", "事项编码不能为空", "code is empty")
        if not self.name.strip():
            add("name", "事项名称不能为空", "name is empty")
        if not self.version.strip():
            add("version", "须写明版本", "version is empty")
        if not self.bases:
            add("bases", "至少须引用一条法律依据", "cites no law")
        is_penalty = self.kind is MatterKind.PENALTY
        if is_penalty and self.bases and all(b.role is not BasisRole.PENALTY for b in self.bases):
            add(
                "bases",
                "行政处罚事项须引用处罚依据（罚则）",
                "a penalty matter needs a penalty basis",
            )
        if is_penalty and not self.penalty_kinds:
            add(
                "penalty_kinds",
                "行政处罚事项须写明处罚种类",
                "penalty matter lists no penalty kind",
            )
        if not is_penalty:
            for name in ("penalty_kinds", "fine_range", "serious_fine_range", "tiers"):
                if getattr(self, name):
                    add(
                        name,
                        f"{self.kind.label_zh}事项不设处罚种类、罚款或裁量阶次",
                        "not a penalty",
                    )
        fine = PenaltyKind.FINE in self.penalty_kinds
        if fine and self.fine_range is None and not self.note.strip():
            add(
                "fine_range",
                "处罚种类含罚款，须写明法定罚款幅度，"
                "或在 note 中说明由哪部地方性法规或规章规定数额",
                "fine without a range or a note saying where the amount is set",
            )
        if self.fine_range is not None and not fine:
            add("fine_range", "写了罚款幅度，处罚种类却不含罚款", "fine_range without fine")
        if self.serious_fine_range is not None and self.fine_range is None:
            add("serious_fine_range", "情节严重的幅度须与一般法定幅度一同写明", "needs fine_range")
        extra = self.hearing_penalty_kinds - self.penalty_kinds
        if extra:
            names = "、".join(sorted(k.label_zh for k in extra))
            add("hearing_penalty_kinds", f"听证情形“{names}”不在本事项的处罚种类中", "unknown")
        missing = (self.penalty_kinds & HEARING_PENALTY_KINDS) - self.hearing_penalty_kinds
        if missing:
            names = "、".join(sorted(k.label_zh for k in missing))
            add(
                "hearing_penalty_kinds",
                f"拟作出“{names}”的，依行政处罚法第六十三条必须告知听证权利",
                f"hearing must be offered for {sorted(missing)}",
            )
        self._tier_problems(add)
        codes = [e.code for e in self.exemptions]
        for i, code in enumerate(codes):
            if code in codes[:i]:
                add(f"exemptions[{i}].code", f"免罚清单条目编号 {code} 重复", "duplicate")
        return out

    def _tier_problems(self, add: Callable[[str, str, str], None]) -> None:
        if not self.tiers:
            return
        seen: dict[Tier, int] = {}
        for i, t in enumerate(self.tiers):
            if t.tier in seen:
                add(f"tiers[{i}].tier", f"裁量阶次“{t.tier.label_zh}”重复", "duplicate tier")
            seen.setdefault(t.tier, i)
            stray = t.penalty_kinds - self.penalty_kinds
            if stray:
                names = "、".join(sorted(k.label_zh for k in stray))
                add(f"tiers[{i}].penalty_kinds", f"处罚种类“{names}”不在本事项中", "unknown kind")
        if len(seen) < len(_IN_RANGE_TIERS) or Tier.STANDARD not in seen:
            add(
                "tiers",
                "裁量基准至少分三个阶次，且须有“一般处罚”阶次（国办发〔2022〕27号）",
                "a benchmark needs at least three tiers including standard",
            )
        legal = self.fine_range
        if legal is None:
            for i, t in enumerate(self.tiers):
                if t.fine_range is not None:
                    add(
                        f"tiers[{i}].fine_range",
                        "本事项没有法定罚款幅度，阶次不能设罚款",
                        "no fine",
                    )
            return
        legal_spans = legal.spans()
        serious_spans = self.serious_fine_range.spans() if self.serious_fine_range else {}
        for i, t in enumerate(self.tiers):
            r = t.fine_range
            if r is None:
                continue
            where = f"tiers[{i}].fine_range"
            label = t.tier.label_zh
            if r.base != legal.base:
                add(where, f"“{label}”阶次的罚款计算方式须与法定幅度一致", "base differs")
                continue
            spans = r.spans()
            if t.tier in _IN_RANGE_TIERS:
                for name, span in spans.items():
                    inside = name in legal_spans and _within(span, legal_spans[name])
                    inside_serious = name in serious_spans and _within(span, serious_spans[name])
                    if not (inside or inside_serious):
                        add(
                            where,
                            f"“{label}”阶次的罚款幅度（{r.describe_zh()}）超出法定幅度"
                            f"（{legal.describe_zh()}）",
                            f"{t.tier} range lies outside the statutory range",
                        )
                        break
            elif t.tier is Tier.MITIGATED:
                for name, span in spans.items():
                    floor = legal_spans.get(name, (Decimal(0), Decimal(0)))[0]
                    if floor == 0 or span[1] > floor:
                        add(
                            where,
                            f"减轻处罚须低于法定最低罚款（{legal.describe_zh()}）",
                            "a mitigated fine must lie below the statutory minimum",
                        )
                        break
        std = seen.get(Tier.STANDARD)
        std_range = self.tiers[std].fine_range if std is not None else None
        if std is not None and std_range is not None:
            for name, (low, high) in legal_spans.items():
                std_span = std_range.spans().get(name)
                if std_span is None:
                    continue
                mid = (low + high) / 2
                if not std_span[0] <= mid <= std_span[1]:
                    add(
                        f"tiers[{std}].fine_range",
                        f"“一般处罚”阶次（{std_range.describe_zh()}）须居于法定幅度"
                        f"（{legal.describe_zh()}）的中间",
                        "the standard tier must contain the middle of the statutory range",
                    )
                    break
        ordered = sorted(
            (t for t in self.tiers if t.tier in _IN_RANGE_TIERS and t.fine_range is not None),
            key=lambda t: t.tier.rank,
        )
        for lighter, heavier in itertools.pairwise(ordered):
            assert lighter.fine_range is not None
            assert heavier.fine_range is not None
            a, b = lighter.fine_range.spans(), heavier.fine_range.spans()
            for name in a.keys() & b.keys():
                if a[name][0] > b[name][0] or a[name][1] > b[name][1]:
                    add(
                        f"tiers[{seen[heavier.tier]}].fine_range",
                        f"“{heavier.tier.label_zh}”阶次不得低于“{lighter.tier.label_zh}”阶次",
                        f"{heavier.tier} lies below {lighter.tier}",
                    )
                    break


@dataclass(frozen=True)
class CatalogFile:
    """Where matters came from: one versioned data file and the statutes it rests on."""

    name: str
    version: str
    effective: date
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """The matter catalog (权责清单): unique codes, lookup by code and field."""

    matters: tuple[Matter, ...]
    files: tuple[CatalogFile, ...] = ()
    _by_code: Mapping[str, Matter] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code: dict[str, Matter] = {}
        problems: list[Violation] = []
        for m in self.matters:
            if m.code in by_code:
                problems.append(
                    Violation(
                        f"{m.code}.code",
                        f"事项编码 {m.code} 重复",
                        f"duplicate matter code {m.code}",
                    )
                )
            by_code.setdefault(m.code, m)
        _fail("执法事项目录有误", "matter catalog is invalid", problems)
        object.__setattr__(self, "_by_code", by_code)

    @classmethod
    def of(cls, matters: Iterable[Matter], files: Iterable[CatalogFile] = ()) -> Catalog:
        return cls(tuple(matters), tuple(files))

    def __len__(self) -> int:
        return len(self.matters)

    def __iter__(self) -> Iterator[Matter]:
        return iter(self.matters)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Matter:
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFound(f"执法事项 {code} 不存在", f"matter {code} not found") from None

    def by_field(self, field_: Field) -> tuple[Matter, ...]:
        return tuple(m for m in self.matters if m.field is field_)

    @property
    def fields(self) -> frozenset[Field]:
        return frozenset(m.field for m in self.matters)
