"""Matter values: citations, fine ranges, tiers — refused at construction when unlawful."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.catalog.model import (
    BenchmarkTier,
    FineBase,
    FineRange,
    LegalBasis,
    Matter,
    MatterKind,
    PenaltyKind,
    Tier,
    cn_number,
)
from zhifa.kernel.errors import InvalidInput
from zhifa.kernel.money import Money
from zhifa.registry.model import Field

Y = Money.yuan


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (124, "一百二十四"),
        (1000, "一千"),
        (1010, "一千零一十"),
    ],
)
def test_cn_number(n: int, text: str) -> None:
    assert cn_number(n) == text


def test_citation_is_written_as_statutes_are_cited() -> None:
    b = LegalBasis("中华人民共和国食品安全法", 124, 1, 1)
    assert b.citation == "《中华人民共和国食品安全法》第一百二十四条第一款第（一）项"
    assert LegalBasis("城市道路管理条例", 42).citation == "《城市道路管理条例》第四十二条"
    assert LegalBasis("x", 1, citation="自定义").citation == "自定义"
    with pytest.raises(InvalidInput):
        LegalBasis("", 0)


def test_fine_range_shapes() -> None:
    with pytest.raises(InvalidInput) as caught:
        FineRange(min=Y(5000), max=Y(2000))
    assert caught.value.violations[0].field == "min"
    with pytest.raises(InvalidInput):
        FineRange()
    with pytest.raises(InvalidInput):
        FineRange(max=Y(1), base=FineBase.ILLEGAL_GAINS, min_multiple=Decimal(1))
    with pytest.raises(InvalidInput):
        FineRange(base=FineBase.GOODS_VALUE, min_multiple=Decimal(20), max_multiple=Decimal(10))
    with pytest.raises(InvalidInput):  # a threshold without a fallback range
        FineRange(
            base=FineBase.GOODS_VALUE,
            min_multiple=Decimal(10),
            max_multiple=Decimal(20),
            threshold=Y(10000),
        )


def test_multiple_without_fallback_needs_the_base() -> None:
    r = FineRange(
        base=FineBase.INVESTMENT, min_multiple=Decimal("0.01"), max_multiple=Decimal("0.05")
    )
    with pytest.raises(InvalidInput):
        r.bounds(None)
    assert r.bounds(Y(100)) == (Y(1), Y(5))


def _tier(tier: Tier, low: int, high: int) -> BenchmarkTier:
    return BenchmarkTier(tier, tier.label_zh, FineRange(min=Y(low), max=Y(high)))


def _matter(**kw: object) -> Matter:
    base: dict[str, object] = {
        "code": "T-1",
        "name": "测试事项",
        "kind": MatterKind.PENALTY,
        "field": Field.TRANSPORT,
        "bases": (LegalBasis("测试法", 1),),
        "version": "1",
        "effective": date(2025, 1, 1),
        "penalty_kinds": frozenset({PenaltyKind.FINE}),
        "fine_range": FineRange(min=Y(1000), max=Y(11000)),
        "tiers": (
            _tier(Tier.LENIENT, 1000, 4000),
            _tier(Tier.STANDARD, 4000, 8000),
            _tier(Tier.AGGRAVATED, 8000, 11000),
        ),
    }
    base.update(kw)
    return Matter(**base)  # type: ignore[arg-type]


def test_a_lawful_matter() -> None:
    m = _matter()
    assert m.tier(Tier.STANDARD).fine_range == FineRange(min=Y(4000), max=Y(8000))


def _fields(**kw: object) -> set[str]:
    with pytest.raises(InvalidInput) as caught:
        _matter(**kw)
    return {v.field for v in caught.value.violations}


def test_matter_without_law_is_refused() -> None:
    assert "bases" in _fields(bases=())


def test_tier_outside_the_legal_range_is_refused() -> None:
    tiers = (
        _tier(Tier.LENIENT, 500, 4000),
        _tier(Tier.STANDARD, 4000, 8000),
        _tier(Tier.AGGRAVATED, 8000, 11000),
    )
    assert "tiers[0].fine_range" in _fields(tiers=tiers)


def test_standard_tier_must_contain_the_middle() -> None:
    tiers = (
        _tier(Tier.LENIENT, 1000, 2000),
        _tier(Tier.STANDARD, 2000, 3000),
        _tier(Tier.AGGRAVATED, 8000, 11000),
    )
    assert "tiers[1].fine_range" in _fields(tiers=tiers)


def test_aggravated_may_not_lie_below_standard() -> None:
    tiers = (
        _tier(Tier.LENIENT, 1000, 4000),
        _tier(Tier.STANDARD, 4000, 8000),
        _tier(Tier.AGGRAVATED, 2000, 7000),
    )
    assert "tiers[2].fine_range" in _fields(tiers=tiers)


def test_fewer_than_three_tiers_or_no_standard_is_refused() -> None:
    assert "tiers" in _fields(tiers=(_tier(Tier.LENIENT, 1000, 4000),))
    no_standard = (
        _tier(Tier.MITIGATED, 0, 500),
        _tier(Tier.LENIENT, 1000, 4000),
        _tier(Tier.AGGRAVATED, 8000, 11000),
    )
    assert "tiers" in _fields(tiers=no_standard)


def test_mitigated_tier_lies_below_the_minimum() -> None:
    ok = _matter(tiers=(_tier(Tier.MITIGATED, 0, 1000), *_matter().tiers))
    assert ok.tier(Tier.MITIGATED)
    bad = (_tier(Tier.MITIGATED, 500, 2000), *_matter().tiers)
    assert "tiers[0].fine_range" in _fields(tiers=bad)


def test_serious_range_admits_heavier_tiers() -> None:
    m = _matter(
        serious_fine_range=FineRange(min=Y(11000), max=Y(20000)),
        tiers=(
            _tier(Tier.LENIENT, 1000, 4000),
            _tier(Tier.STANDARD, 4000, 8000),
            _tier(Tier.AGGRAVATED, 12000, 20000),
        ),
    )
    assert m.serious_fine_range is not None


def test_fine_kind_and_range_go_together() -> None:
    assert "fine_range" in _fields(penalty_kinds=frozenset({PenaltyKind.WARNING}), tiers=())
    assert "fine_range" in _fields(fine_range=None, tiers=())
    # …unless a note says where the amount is set.
    assert _matter(fine_range=None, tiers=(), note="数额由地方性法规规定").fine_range is None


def test_hearing_must_be_offered_for_article_63_kinds() -> None:
    kinds = frozenset({PenaltyKind.FINE, PenaltyKind.REVOCATION})
    assert "hearing_penalty_kinds" in _fields(penalty_kinds=kinds)
    assert _matter(penalty_kinds=kinds, hearing_penalty_kinds=frozenset({PenaltyKind.REVOCATION}))


def test_non_penalty_matter_has_no_penalties() -> None:
    assert "penalty_kinds" in _fields(kind=MatterKind.INSPECTION)


def test_labels() -> None:
    assert MatterKind.COERCION.label_zh == "行政强制"
    assert PenaltyKind.CONFISCATION.label_zh == "没收违法所得、没收非法财物"
    assert Tier.MITIGATED.label_zh == "减轻处罚"
    assert [t.rank for t in Tier] == sorted(t.rank for t in Tier)
