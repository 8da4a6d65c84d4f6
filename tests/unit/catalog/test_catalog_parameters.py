"""Legal parameters: dated, cited, overridable only where the law allows — and never literals."""

from __future__ import annotations

import ast
import textwrap
from datetime import date
from pathlib import Path

import pytest

import zhifa.catalog
import zhifa.registry
from zhifa.catalog.parameters import NATIONAL, Parameters, Unit
from zhifa.kernel.errors import InvalidInput, NotFound
from zhifa.kernel.money import Money

# Every number of the project's LEGAL-PARAMETERS.md that code needs has a key.
EXPECTED = {
    "penalty.summary.max_fine.citizen": 200,
    "penalty.summary.max_fine.organisation": 3000,
    "penalty.min_officers": 2,
    "case.filing.deadline": 15,
    "case.decision.deadline": 90,
    "case.decision.extension": 30,
    "evidence.preservation.decision": 7,
    "hearing.request.deadline": 5,
    "hearing.notice.lead_time": 7,
    "hearing.large_amount.citizen": 5000,
    "hearing.large_amount.organisation": 100000,
    "delivery.absent_party": 7,
    "payment.deadline": 15,
    "collection.on_the_spot.max_fine": 100,
    "collection.handover.officer": 2,
    "collection.handover.agency": 2,
    "late_fee.daily_rate": 3,
    "late_fee.cap": 100,
    "limitation.general": 2,
    "limitation.extended": 5,
    "disclosure.withdrawal": 3,
    "coercion.min_officers": 2,
    "coercion.emergency_report": 24,
    "coercion.seizure.duration": 30,
    "coercion.seizure.extension": 30,
    "coercion.freeze.delivery": 3,
    "coercion.freeze.duration": 30,
    "coercion.freeze.extension": 30,
    "coercion.late_fee.cap": 100,
    "remedy.reconsideration.deadline": 60,
    "remedy.reconsideration.max_if_not_told": 1,
    "remedy.litigation.deadline": 6,
    "disclosure.penalty_licensing": 7,
    "disclosure.other_decisions": 20,
    "annual_report.deadline": "01-31",
    "inspection.repeat_window": 30,
    "inspection.random.sampling_rate": 5,
    "inspection.random.publish": 20,
    "benchmark.max_only.lenient_max": 20,
    "revenue.alert.growth": 20,
}
TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def params() -> Parameters:
    return Parameters.load()


def test_every_expected_parameter_is_there_with_its_value(params: Parameters) -> None:
    for key, value in EXPECTED.items():
        assert params.value(key, TODAY) == value, key


def test_every_parameter_has_a_citation_and_a_date(params: Parameters) -> None:
    entries = list(params)
    assert len(entries) >= len(EXPECTED)
    for p in entries:
        assert p.citation.strip(), p.key
        assert "《" in p.citation or "号" in p.citation or "实践" in p.citation, p.key
        assert p.effective_from <= TODAY
        assert p.source == NATIONAL
        assert p.location.startswith("legal_parameters.yaml:")


def test_working_day_periods_are_marked_as_such(params: Parameters) -> None:
    # 行政处罚法第八十五条: its 二日、三日、五日、七日 are working days.
    for key in ("hearing.request.deadline", "delivery.absent_party", "disclosure.withdrawal"):
        assert params.get(key, TODAY).unit is Unit.WORKING_DAYS
    assert params.get("payment.deadline", TODAY).unit is Unit.DAYS


def test_versions_by_date(params: Parameters) -> None:
    old = params.get("penalty.summary.max_fine.citizen", date(2020, 1, 1))
    new = params.get("penalty.summary.max_fine.citizen", date(2021, 7, 15))
    assert (old.value, new.value) == (50, 200)
    assert "第五十一条" in new.citation
    assert new.money() == Money.yuan(200)
    assert len(params.history("penalty.summary.max_fine.citizen")) == 2
    with pytest.raises(NotFound):
        params.get("penalty.summary.max_fine.citizen", date(1990, 1, 1))
    with pytest.raises(NotFound):
        params.get("no.such.key", TODAY)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_jurisdiction_override_of_a_configurable_parameter(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "zj.yaml",
        """\
        jurisdiction: 浙江省
        region_code: "330000"
        overrides:
          - key: hearing.large_amount.citizen
            value: 10000
            citation: 浙江省某规章第十条（测试）
            effective_from: 2023-01-01
        """,
    )
    params = Parameters.load(overrides=path)
    p = params.get("hearing.large_amount.citizen", TODAY)
    assert p.value == 10000
    assert p.source == "浙江省"
    assert p.overridden
    assert "浙江省" in p.describe_zh()
    assert params.value("hearing.large_amount.citizen", date(2022, 12, 31)) == 5000
    assert Parameters.load().value("hearing.large_amount.citizen", TODAY) == 5000


def test_a_figure_fixed_by_law_cannot_be_overridden(tmp_path: Path) -> None:
    text = """\
        jurisdiction: 某市
        overrides:
          - key: payment.deadline
            value: 30
            citation: 某市规定
            effective_from: 2023-01-01
          - key: no.such.parameter
            value: 1
            citation: 某市规定
            effective_from: 2023-01-01
        """
    path = _write(tmp_path, "city.yaml", text)
    with pytest.raises(InvalidInput) as caught:
        Parameters.load(overrides=path)
    located = {(v.field, v.location) for v in caught.value.violations}
    assert ("payment.deadline", "city.yaml:3") in located
    assert ("key", "city.yaml:7") in located


def test_a_broken_parameter_file_is_refused_with_locations(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "params.yaml",
        """\
        version: "t"
        parameters:
          - key: a.b
            value: 3
            unit: fortnights
            citation: 某法
            effective_from: 2020-01-01
            configurable: false
          - key: c.d
            value: 3
            unit: days
            effective_from: 2020-01-01
            configurable: false
        """,
    )
    with pytest.raises(InvalidInput) as caught:
        Parameters.load(path)
    by_field = {v.field: v.location for v in caught.value.violations}
    assert by_field["a.b.unit"] == "params.yaml:5"
    assert by_field["c.d.citation"] == "params.yaml:9"


def _int_literals(package: object) -> set[int]:
    folder = Path(package.__file__).parent  # type: ignore[attr-defined]
    mine = {"model.py", "authorize.py", "loader.py", "parameters.py", "__init__.py"}
    found: set[int] = set()
    for path in folder.glob("*.py"):
        if path.name not in mine:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and type(node.value) is int:
                found.add(node.value)
    return found


def test_no_statutory_number_is_a_literal_in_code(params: Parameters) -> None:
    # Small integers (0–10) are indices and counters; the rest must come from the data.
    statutory = {p.value for p in params if isinstance(p.value, int) and p.value > 10}
    literals = _int_literals(zhifa.catalog) | _int_literals(zhifa.registry)
    assert not (statutory & literals)
