"""The shipped catalog loads; a broken catalog is refused with every problem located."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from zhifa.catalog.loader import load_catalog
from zhifa.catalog.model import (
    HEARING_PENALTY_KINDS,
    BasisRole,
    Catalog,
    MatterKind,
    PenaltyKind,
    Tier,
)
from zhifa.kernel.errors import InvalidInput, NotFound, Violation
from zhifa.kernel.money import Money
from zhifa.registry.model import Field


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# ---------------------------------------------------------------- the shipped catalog


def test_shipped_catalog_size_and_fields(catalog: Catalog) -> None:
    assert len(catalog) >= 40
    assert len(catalog.fields) >= 4
    assert {
        Field.MARKET_REGULATION,
        Field.URBAN_MANAGEMENT,
        Field.TRANSPORT,
        Field.ECOLOGY_ENVIRONMENT,
    } <= catalog.fields
    for f in catalog.fields:
        assert len(catalog.by_field(f)) >= 5


def test_every_matter_cites_law_and_penalties_cite_a_penalty_article(catalog: Catalog) -> None:
    for m in catalog:
        assert m.bases, m.code
        assert all(b.citation.startswith("《") for b in m.bases)
        if m.kind is MatterKind.PENALTY:
            assert any(b.role is BasisRole.PENALTY for b in m.bases), m.code


def test_most_fined_matters_have_three_tier_benchmarks(catalog: Catalog) -> None:
    fined = [m for m in catalog if m.fine_range is not None]
    with_tiers = [m for m in fined if m.tiers]
    assert len(with_tiers) >= 0.8 * len(fined)
    for m in with_tiers:
        tiers = {t.tier for t in m.tiers}
        assert {Tier.LENIENT, Tier.STANDARD, Tier.AGGRAVATED} <= tiers, m.code


def test_exemption_entries_cite_article_33(catalog: Catalog) -> None:
    entries = [e for m in catalog for e in m.exemptions]
    assert len(entries) >= 5
    for e in entries:
        assert any("行政处罚法》第三十三条" in b.citation for b in e.bases), e.code


def test_hearing_kinds_follow_article_63(catalog: Catalog) -> None:
    m = catalog.get("MR-FOOD-124-04")
    assert PenaltyKind.REVOCATION in m.hearing_penalty_kinds
    assert m.hearing_on_large_amount
    for matter in catalog:
        assert matter.penalty_kinds & HEARING_PENALTY_KINDS <= matter.hearing_penalty_kinds


def test_food_safety_article_124_reads_as_the_statute(catalog: Catalog) -> None:
    m = catalog.get("MR-FOOD-124-01")
    assert m.field is Field.MARKET_REGULATION
    assert "《中华人民共和国食品安全法》第一百二十四条第一款第（一）项" in m.citations
    assert m.fine_range is not None
    # 货值金额不足一万元的，并处五万元以上十万元以下罚款
    assert m.fine_range.bounds(Money.yuan(9999)) == (Money.yuan(50000), Money.yuan(100000))
    assert m.fine_range.bounds(None) == (Money.yuan(50000), Money.yuan(100000))
    # 货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款
    assert m.fine_range.bounds(Money.yuan(20000)) == (Money.yuan(200000), Money.yuan(400000))
    standard = m.tier(Tier.STANDARD).fine_range
    assert standard is not None
    low, high = standard.bounds(Money.yuan(20000))
    assert Money.yuan(260000) <= low <= high <= Money.yuan(340000)


def test_fixed_ranges_and_percent_multiples(catalog: Catalog) -> None:
    eia = catalog.get("EE-EIA-31-01").fine_range
    assert eia is not None
    # 建设项目总投资额百分之一以上百分之五以下
    assert eia.bounds(Money.yuan(1_000_000)) == (Money.yuan(10_000), Money.yuan(50_000))
    air = catalog.get("EE-AIR-99-01").fine_range
    assert air is not None
    assert air.bounds() == (Money.yuan(100_000), Money.yuan(1_000_000))


def test_catalog_lookup(catalog: Catalog) -> None:
    assert "UM-AIR-118-03" in catalog
    assert catalog.get("EE-EPL-25-01").kind is MatterKind.COERCION
    with pytest.raises(NotFound):
        catalog.get("NO-SUCH-MATTER")


def test_catalog_files_carry_version_effective_and_sources(catalog: Catalog) -> None:
    assert len(catalog.files) >= 4
    for f in catalog.files:
        assert f.version
        assert f.sources
    for m in catalog:
        assert m.version
        assert m.effective.year >= 2000


# ---------------------------------------------------------------- a broken catalog

GOOD_HEADER = """\
version: "2099.1"
effective: 2099-01-01
source:
  - 《测试法》
matters:
"""

BROKEN = GOOD_HEADER + textwrap.dedent(
    """\
      - code: T-001
        name: 罚款下限高于上限
        kind: penalty
        field: market_regulation
        bases:
          - {law: 测试法, article: 1}
        penalty_kinds: [fine]
        fine_range:
          min: 5000
          max: 2000
      - code: T-002
        name: 没有引用法律
        kind: penalty
        field: market_regulation
        penalty_kinds: [warning]
      - code: T-003
        name: 未知执法领域
        kind: penalty
        field: space_patrol
        bases:
          - {law: 测试法, article: 3}
        penalty_kinds: [warning]
      - code: T-004
        name: 阶次超出法定幅度
        kind: penalty
        field: transport
        bases:
          - {law: 测试法, article: 4}
        penalty_kinds: [fine]
        fine_range: {min: 1000, max: 10000}
        tiers:
          - tier: lenient
            circumstances: 从轻
            fine_range: {min: 1000, max: 3000}
          - tier: standard
            circumstances: 一般
            fine_range: {min: 3000, max: 7000}
          - tier: aggravated
            circumstances: 从重
            fine_range: {min: 7000, max: 12000}
      - code: T-001
        name: 编码重复
        kind: penalty
        field: market_regulation
        bases:
          - {law: 测试法, article: 5}
        penalty_kinds: [warning]
    """
)


def _line_of(text: str, needle: str, start_after: str = "") -> int:
    lines = text.splitlines()
    begin = 0
    if start_after:
        begin = next(i for i, line in enumerate(lines) if start_after in line)
    return next(i for i, line in enumerate(lines) if i >= begin and needle in line) + 1


def _load_error(*paths: Path) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        load_catalog(list(paths))
    return caught.value


def _find(violations: list[Violation], field: str) -> Violation:
    matches = [v for v in violations if v.field == field]
    assert matches, f"no violation for {field}: {[v.field for v in violations]}"
    return matches[0]


def test_broken_catalog_reports_every_problem_with_file_line_code_and_field(
    tmp_path: Path,
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    err = _load_error(path)
    vs = err.violations

    min_max = _find(vs, "T-001.fine_range.min")
    assert min_max.location == f"broken.yaml:{_line_of(BROKEN, 'min: 5000')}"
    assert "T-001" in min_max.reason_zh

    no_law = _find(vs, "T-002.bases")
    assert no_law.location == f"broken.yaml:{_line_of(BROKEN, 'code: T-002')}"
    assert "法律依据" in no_law.reason_zh

    unknown = _find(vs, "T-003.field")
    assert unknown.location == f"broken.yaml:{_line_of(BROKEN, 'field: space_patrol')}"
    assert "space_patrol" in unknown.reason_zh

    outside = _find(vs, "T-004.tiers[2].fine_range")
    assert outside.location == f"broken.yaml:{_line_of(BROKEN, 'max: 12000', 'code: T-004')}"
    assert "超出法定幅度" in outside.reason_zh

    duplicate = _find(vs, "T-001.code")
    assert duplicate.location == f"broken.yaml:{_line_of(BROKEN, 'name: 编码重复') - 1}"
    assert "broken.yaml:6" in duplicate.reason_zh  # where T-001 first appeared

    assert len(vs) == 5, [(v.location, v.field) for v in vs]
    assert "5 处错误" in err.message_zh
    assert "未导入" in err.message_zh


def test_one_bad_file_means_nothing_is_imported(tmp_path: Path) -> None:
    good = GOOD_HEADER + textwrap.dedent(
        """\
          - code: G-001
            name: 合格事项
            kind: penalty
            field: market_regulation
            bases: [{law: 测试法, article: 1}]
            penalty_kinds: [warning]
        """
    )
    (tmp_path / "a_good.yaml").write_text(good, encoding="utf-8")
    assert len(load_catalog(tmp_path)) == 1
    (tmp_path / "b_bad.yaml").write_text(BROKEN, encoding="utf-8")
    err = _load_error(tmp_path)
    assert {v.location.split(":")[0] for v in err.violations} == {"b_bad.yaml"}


def test_standard_tier_must_be_in_the_middle_and_tiers_in_order(tmp_path: Path) -> None:
    text = GOOD_HEADER + textwrap.dedent(
        """\
          - code: T-010
            name: 一般阶次不居中
            kind: penalty
            field: transport
            bases: [{law: 测试法, article: 10}]
            penalty_kinds: [fine]
            fine_range: {max: 10000}
            tiers:
              - {tier: lenient, circumstances: 从轻, fine_range: {max: 2000}}
              - {tier: standard, circumstances: 一般, fine_range: {min: 500, max: 1500}}
              - {tier: aggravated, circumstances: 从重, fine_range: {min: 6000, max: 10000}}
        """
    )
    path = tmp_path / "mid.yaml"
    path.write_text(text, encoding="utf-8")
    reasons = [v.reason_zh for v in _load_error(path).violations]
    assert any("中间" in r for r in reasons)
    assert any("不得低于" in r for r in reasons)


def test_typos_missing_hearing_and_mitigation_are_caught(tmp_path: Path) -> None:
    text = GOOD_HEADER + textwrap.dedent(
        """\
          - code: T-020
            name: 字段拼错、漏掉听证、减轻不低于下限
            kind: penalty
            field: ecology_environment
            bases: [{law: 测试法, article: 20}]
            penalty_kinds: [fine, revocation]
            hearing_penalty_kinds: [fine]
            fine_range: {min: 10000, max: 100000}
            tierz: []
            tiers:
              - {tier: mitigated, circumstances: 减轻, fine_range: {min: 5000, max: 20000}}
              - {tier: lenient, circumstances: 从轻, fine_range: {min: 10000, max: 37000}}
              - {tier: standard, circumstances: 一般, fine_range: {min: 37000, max: 73000}}
              - {tier: aggravated, circumstances: 从重, fine_range: {min: 73000, max: 100000}}
        """
    )
    path = tmp_path / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    vs = _load_error(path).violations
    assert _find(vs, "T-020.tierz").location == f"typo.yaml:{_line_of(text, 'tierz')}"
    # The typo stops the matter before its own rules run: fix it and the rest shows up.
    fixed = "".join(line for line in text.splitlines(keepends=True) if "tierz" not in line)
    path.write_text(fixed, encoding="utf-8")
    reasons = " ".join(v.reason_zh for v in _load_error(path).violations)
    assert "第六十三条" in reasons
    assert "减轻处罚须低于法定最低罚款" in reasons


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "syntax.yaml"
    path.write_text(GOOD_HEADER + "  - code: [unclosed\n", encoding="utf-8")
    v = _load_error(path).violations[0]
    assert v.location.startswith("syntax.yaml:")
    assert "YAML" in v.reason_zh


def test_header_must_carry_version_effective_and_source(tmp_path: Path) -> None:
    path = tmp_path / "header.yaml"
    path.write_text("version: 2025.1\nmatters: []\n", encoding="utf-8")
    fields = {v.field for v in _load_error(path).violations}
    assert {"version", "effective", "source", "matters"} <= fields
