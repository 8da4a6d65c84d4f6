"""The pure helpers of 准则第三条 and 第四条 (seizure terms, benchmark tiers) and what the
analyses do at scale: evidence capped, each group looked at again only when it changed, and
the 第四条 rules silent when the engine cannot read the catalog."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest
from tests.unit.cases.conftest import MemoryEnv
from tests.unit.cases.factories import BODY, MATTER, SUMMARY_MATTER, make, yuan

from zhifa.cases import events as ev
from zhifa.cases.services import calendar_env
from zhifa.catalog.model import Tier
from zhifa.conduct.articles.article_03 import TOP_PER_MONTH, measure_days
from zhifa.conduct.articles.article_04 import (
    EVIDENCE_CAP,
    span_zh,
    statutory_max,
    tier_span,
)
from zhifa.conduct.engine import Ctx, Engine
from zhifa.conduct.model import RULES, Finding
from zhifa.kernel.events import Event

D = date
ENV = MemoryEnv()


def engine(*rule_ids: str, env: Any = ENV) -> Engine:
    """An engine running only the rules under test."""
    return Engine(Ctx(env), rules=[RULES[r] for r in rule_ids])


def feed(e: Engine, events: list[Event]) -> list[Finding]:
    out: list[Finding] = []
    for i, x in enumerate(events, start=e.last_index + 1):
        out.extend(e.feed(i, x))
    return out


# ------------------------------------------------------------------ 查封、扣押期限


@pytest.mark.parametrize(
    ("periods", "days", "extra"),
    [
        ([], 30, 0),
        # A testing period inside the term: its ten days are added.
        ([(D(2026, 3, 10), D(2026, 3, 19))], 40, 10),
        # Days before the imposition (and the imposition day itself) add nothing.
        ([(D(2026, 3, 1), D(2026, 3, 9))], 34, 4),
        # Overlapping periods count their days once.
        ([(D(2026, 3, 10), D(2026, 3, 19)), (D(2026, 3, 15), D(2026, 3, 24))], 45, 15),
        # A period beginning after the term ran out does not revive it.
        ([(D(2026, 4, 10), D(2026, 4, 19))], 30, 0),
        # A period beginning after the original end, but within the term its first period
        # lengthened, still counts.
        ([(D(2026, 3, 10), D(2026, 3, 19)), (D(2026, 4, 8), D(2026, 4, 9))], 42, 12),
    ],
)
def test_measure_days_leave_out_testing_periods(
    periods: list[tuple[date, date]], days: int, extra: int
) -> None:
    assert measure_days(D(2026, 3, 5), 30, periods) == (days, extra)


# ------------------------------------------------------------------ benchmark tiers


def _share(key: str) -> int:
    return ENV.param(key, D(2026, 3, 30)).number()


def test_tier_span_reads_the_matters_own_benchmark() -> None:
    m = ENV.matter(MATTER)  # 5,000–50,000 元; 从轻 –18,500, 一般 –36,500, 从重 –50,000
    assert tier_span(m, Tier.LENIENT, _share) == (yuan(5000), yuan(18500))
    assert tier_span(m, Tier.STANDARD, _share) == (yuan(18500), yuan(36500))
    assert tier_span(m, Tier.AGGRAVATED, _share) == (yuan(36500), yuan(50000))
    assert tier_span(m, Tier.MITIGATED, _share) is None
    assert tier_span(m, Tier.NO_PENALTY, _share) is None


def test_without_a_benchmark_the_tiers_come_from_the_parameters() -> None:
    # The shipped benchmarks were cut by the same parameters: deriving gives them back.
    ranged = dataclasses.replace(ENV.matter(MATTER), tiers=())
    spans = [tier_span(ranged, t, _share) for t in (Tier.LENIENT, Tier.STANDARD, Tier.AGGRAVATED)]
    assert spans == [
        (yuan(5000), yuan(18500)),
        (yuan(18500), yuan(36500)),
        (yuan(36500), yuan(50000)),
    ]
    max_only = dataclasses.replace(ENV.matter(SUMMARY_MATTER), tiers=())  # 5,000 元以下
    spans = [tier_span(max_only, t, _share) for t in (Tier.LENIENT, Tier.STANDARD, Tier.AGGRAVATED)]
    assert spans == [(0, yuan(1000)), (yuan(1000), yuan(3000)), (yuan(3000), yuan(5000))]


def test_a_multiple_of_an_unrecorded_base_has_no_tier_amount_nor_maximum() -> None:
    m = ENV.matter("MR-FOOD-124-01")  # 货值金额十倍至二十倍
    assert tier_span(m, Tier.STANDARD, _share) is None
    assert statutory_max(m) is None
    assert statutory_max(ENV.matter(MATTER)) == yuan(50000)


def test_span_zh() -> None:
    assert span_zh(0, yuan(1000)) == "¥1,000.00以下"
    assert span_zh(yuan(5000), yuan(18500)) == "¥5,000.00至¥18,500.00"


# ------------------------------------------------------------------ without the catalog


def _decided(
    case_id: str, fine: int, tier: str = "standard", day: date = D(2026, 3, 30)
) -> list[Event]:
    return [
        make(ev.LeadRegistered, case_id, matter_code=MATTER),
        make(
            ev.DecisionIssued,
            case_id,
            fine_fen=fine,
            tier=tier,
            decided_on=day,
            tier_reason="无从轻、从重情节" if tier == "standard" else "依法从轻处罚",
        ),
    ]


def test_an_engine_without_the_catalog_finds_nothing_rather_than_guess() -> None:
    # An engine given the calendar-only env cannot answer ``matter()``: it stays silent.
    # (The default ``Ctx()`` reads the shipped catalog: see ``CatalogEnv``.)
    events = _decided("case-1", yuan(50000)) + _decided("case-2", yuan(40000))
    blind = engine("R4.max_fine_unexplained", "R4.benchmark_deviation", env=calendar_env())
    assert feed(blind, events) == []
    seeing = engine("R4.max_fine_unexplained", "R4.benchmark_deviation")
    assert sorted(f.rule for f in feed(seeing, events)) == [
        "R4.benchmark_deviation",
        "R4.max_fine_unexplained",
    ]


def test_an_inspection_item_is_judged_only_by_an_engine_that_reads_the_catalog() -> None:
    from zhifa.inspections.events import InspectionConducted

    unlisted = InspectionConducted(
        actor="user:test",
        occurred_at=datetime(2026, 3, 2, 3, tzinfo=UTC),
        inspection_id="in-1",
        body_id=BODY,
        region_code="330106",
        enterprise_uscc="91330106MA2B3C4D5D",
        enterprise_name="杭州示例餐饮管理有限公司",
        kind="routine",
        item_code="NOT-PUBLISHED",
        plan_id="plan-2026",
        approved_by="user:head",
        approved_on=D(2026, 3, 1),
        started_at=datetime(2026, 3, 2, 2, tzinfo=UTC),
        ended_at=datetime(2026, 3, 2, 3, tzinfo=UTC),
        place="杭州市西湖区文三路1号",
        officer_ids=("offi-wang", "offi-li"),
        outcome="no_problem",
    )
    assert feed(engine("R3.inspection_without_item", env=calendar_env()), [unlisted]) == []
    (f,) = feed(engine("R3.inspection_without_item"), [unlisted])
    (g,) = feed(engine("R3.inspection_without_item", env=None), [unlisted])  # CatalogEnv
    assert g.rule == f.rule
    assert "NOT-PUBLISHED" in f.explanation


# ------------------------------------------------------------------ analyses at scale


def _paid(case_id: str, amount: int, day: date) -> Event:
    return make(ev.PaymentReceived, case_id, amount_fen=amount, paid_on=day)


def test_revenue_evidence_is_the_largest_receipts_of_each_month() -> None:
    e = engine("R3.revenue_growth")
    events = [_paid("c-2025", yuan(10000), D(2025, 3, 20))]
    events += [_paid(f"c-{n}", yuan(1000 + n), D(2026, 3, 20)) for n in range(15)]
    events.append(_paid("c-april", yuan(90000), D(2026, 4, 2)))  # April is not complete yet
    feed(e, events)
    (f,) = e.analyse(D(2026, 4, 15))
    assert f.subject.id == BODY
    assert f.discriminator == "2026"
    assert len(f.evidence) == TOP_PER_MONTH
    assert f.evidence == tuple(range(6, 16))  # the ten largest of March's fifteen
    assert "2026年1月至3月" in f.explanation
    assert "共15笔" in f.explanation
    # The same period is not found twice; the memory is one cell per body and month.
    assert e.analyse(D(2026, 4, 20)) == []
    assert sorted(e.memory["R3.revenue_growth"][BODY]) == [
        2025 * 12 + 2,
        2026 * 12 + 2,
        2026 * 12 + 3,
    ]


def test_no_revenue_alert_before_the_threshold_was_in_force() -> None:
    # revenue.alert.growth is in force from 2025-03-01: 2024 on 2023 is not judged.
    e = engine("R3.revenue_growth")
    feed(e, [_paid("a", yuan(100), D(2023, 5, 1)), _paid("b", yuan(900), D(2024, 5, 1))])
    assert e.analyse(D(2024, 12, 31)) == []


def test_disparity_evidence_is_capped_at_both_ends() -> None:
    e = engine("R4.similar_cases_disparity")
    events: list[Event] = []
    for n in range(EVIDENCE_CAP + 20):
        events += _decided(f"case-{n}", yuan(5000 + 100 * n), tier="lenient")
    feed(e, events)
    (f,) = e.analyse(D(2026, 4, 5))
    decisions = list(range(1, len(events), 2))
    half = EVIDENCE_CAP // 2
    assert f.evidence == tuple(decisions[:half] + decisions[-half:])
    assert f"{EVIDENCE_CAP + 20}件案件" in f.explanation
    assert f"各{half}件" in f.explanation


def test_analyses_look_again_only_at_groups_that_changed() -> None:
    e = engine("R4.similar_cases_disparity", "R4.benchmark_mechanical")
    four = [
        x
        for n, fine in enumerate((5000, 6000, 8000, 16000))
        for x in _decided(f"a{n}", yuan(fine), "lenient")
    ]
    feed(e, four)
    assert e.analyse(D(2026, 4, 5)) == []  # four cases: too few to compare
    assert e.memory["R4.similar_cases_disparity"]["dirty"] == set()
    # A fifth case decided in 2027 belongs to 2027's group, not yet looked at in 2026.
    feed(e, _decided("b", yuan(5000), "lenient", D(2027, 1, 5)))
    assert e.analyse(D(2026, 12, 31)) == []
    assert e.memory["R4.similar_cases_disparity"]["dirty"] == {(BODY, MATTER, 2027, "")}
    # A fifth 2026 case makes the 2026 group comparable.
    feed(e, _decided("c", yuan(10000), "lenient"))
    (f,) = e.analyse(D(2026, 12, 31))
    assert (f.rule, f.discriminator) == ("R4.similar_cases_disparity", f"{MATTER}||lenient|2026")
    # Both analyses read each decision once, into one shared memory.
    groups = e.memory["R4:decisions"]["groups"]
    assert [len(g[0]) for g in groups.values()] == [5, 1]
