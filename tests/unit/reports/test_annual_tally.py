"""The annual report's arithmetic: counts from a constructed set of events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from zhifa.cases import events as ev
from zhifa.complaints import events as cev
from zhifa.reports.charts import bar_svg, pie_svg
from zhifa.reports.model import (
    NOT_RECORDED_ZH,
    Figures,
    digest,
    due_for,
    report_document,
    tally,
)
from zhifa.reports.pdf import render_report_pdf

AT = datetime(2025, 6, 1, tzinfo=UTC)
B = "body-1"


def _c(n: int) -> dict[str, str]:
    return {"actor": "t", "occurred_at": AT, "case_id": f"case-{n}", "body_id": B}  # type: ignore[dict-item]


def decision(
    n: int, on: date, kinds: tuple[str, ...], fine: int, tier: str = "standard"
) -> ev.DecisionIssued:
    return ev.DecisionIssued(
        **_c(n),  # type: ignore[arg-type]
        number=f"N{n}",
        decided_on=on,
        penalty_kinds=kinds,
        fine_fen=fine,
        confiscation_fen=500 if "confiscation" in kinds else 0,
        tier=tier,
        tier_reason="",
        facts="",
        basis="",
        approved_by="h",
    )


def summary(n: int, on: date, fine: int) -> ev.SummaryDecisionIssued:
    return ev.SummaryDecisionIssued(
        **_c(n),  # type: ignore[arg-type]
        number=f"S{n}",
        matter_code="M",
        region_code="990100",
        decided_on=on,
        officer_ids=("a", "b"),
        credential_shown=True,
        penalty_kinds=("fine",) if fine else ("warning",),
        fine_fen=fine,
        facts="",
        place="",
        party_kind="organisation",
        party_label="X",
        party_uscc=None,
        party_name=None,
    )


def measure(n: int, on: date, kind: str) -> ev.MeasureImposed:
    return ev.MeasureImposed(
        **_c(n),  # type: ignore[arg-type]
        measure_id=f"m{n}{kind}",
        kind=kind,
        items=(),
        imposed_on=on,
        duration_days=30,
        officer_ids=("a", "b"),
        approved_by="h",
        approved_on=on,
    )


def events() -> list[object]:
    y, prev, nxt = date(2025, 5, 10), date(2024, 12, 31), date(2026, 1, 1)
    return [
        ev.LeadRegistered(**_c(1), source="complaint", received_on=y, summary=""),  # type: ignore[arg-type]
        ev.CaseDeclined(**_c(2), decided_on=y, reasons="r", approved_by="h"),  # type: ignore[arg-type]
        decision(3, y, ("warning", "fine"), 100_000, "lenient"),
        decision(4, y, ("fine", "confiscation"), 250_050, "aggravated"),
        decision(5, y, (), 0, "no_penalty"),  # 不予行政处罚
        decision(6, prev, ("fine",), 999_999),  # another year: not counted
        decision(7, nxt, ("fine",), 999_999),
        summary(8, y, 20_000),
        summary(9, y, 0),
        ev.PaymentReceived(**_c(3), paid_on=y, amount_fen=100_000, channel="bank", reference="r"),  # type: ignore[arg-type]
        ev.PaymentReceived(**_c(4), paid_on=nxt, amount_fen=250_050, channel="bank", reference="r"),  # type: ignore[arg-type]
        ev.HearingRequested(**_c(4), requested_on=y),  # type: ignore[arg-type]
        ev.HearingHeld(**_c(4), held_on=y, presider_id="p", record_digest="d"),  # type: ignore[arg-type]
        ev.LegalReviewCompleted(
            **_c(4), reviewer_id="r", reviewed_on=y, outcome="approve", opinion=""
        ),  # type: ignore[arg-type]
        ev.LegalReviewCompleted(
            **_c(3), reviewer_id="r", reviewed_on=y, outcome="approve_with_changes", opinion=""
        ),  # type: ignore[arg-type]
        measure(10, y, "seize"),
        measure(11, y, "seize"),
        measure(12, y, "seal"),
        measure(13, prev, "freeze"),
        ev.MeasureReleased(**_c(10), measure_id="m10seize", released_on=y, reason=""),  # type: ignore[arg-type]
        # A remedy filed the year before and decided this year keeps its kind.
        ev.RemedyFiled(**_c(6), remedy_id="r1", kind="litigation", filed_on=prev, organ="法院"),  # type: ignore[arg-type]
        ev.RemedyDecided(**_c(6), remedy_id="r1", decided_on=y, outcome="revoked"),  # type: ignore[arg-type]
        ev.RemedyFiled(**_c(3), remedy_id="r2", kind="reconsideration", filed_on=y, organ="政府"),  # type: ignore[arg-type]
        ev.RemedyDecided(**_c(3), remedy_id="r2", decided_on=y, outcome="upheld"),  # type: ignore[arg-type]
        ev.CaseTransferred(
            **_c(14), transferred_on=y, to_kind="judicial", to_name="公安", reason=""
        ),  # type: ignore[arg-type]
        ev.CaseWithdrawn(**_c(15), withdrawn_on=y, reason="r", approved_by="h"),  # type: ignore[arg-type]
        cev.ComplaintReceived(
            actor="public",
            occurred_at=AT,
            complaint_id="c1",
            body_id=B,
            code_digest="0" * 64,
            region_code="990100",
            received_on=y,
            channel="web",
            topic="conduct",
            occurred_on=None,
            credential_number=None,
            case_number=None,
            anonymous=True,
            contact_mask="匿名",
            language_flags=(),
            text={"ref": "x", "commitment": "y"},
        ),
        cev.ComplaintClosed(
            actor="u",
            occurred_at=AT,
            complaint_id="c1",
            body_id=B,
            closed_on=y,
            outcome="substantiated",
            reason="r",
            reason_original={"ref": "x", "commitment": "y"},
        ),
    ]


def test_counts_of_one_year() -> None:
    f = tally(events(), 2025)  # type: ignore[arg-type]
    assert (f.leads, f.declined, f.withdrawn, f.transferred, f.transferred_judicial) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert (f.general_decisions, f.summary_decisions, f.no_penalty) == (2, 2, 1)
    assert f.decisions == 4
    assert f.penalty_kinds == {"fine": 3, "warning": 2, "confiscation": 1}
    assert f.tiers == {"lenient": 1, "aggravated": 1, "no_penalty": 1}
    assert f.fine_fen == 100_000 + 250_050 + 20_000
    assert f.confiscation_fen == 500
    assert f.paid_fen == 100_000  # the 2026 payment belongs to 2026
    assert (f.hearings_requested, f.hearings_held) == (1, 1)
    assert f.reviews == {"approve": 1, "approve_with_changes": 1}
    assert f.measures == {"seize": 2, "seal": 1}
    assert f.measures_released == 1
    assert f.remedies_filed == {"reconsideration": 1}
    assert f.remedies_decided == {"litigation:revoked": 1, "reconsideration:upheld": 1}
    assert f.complaints == {"received": 1, "closed": 1}


def test_other_years_and_order() -> None:
    es = events()
    assert tally(es, 2024).measures == {"freeze": 1}  # type: ignore[arg-type]
    assert tally(es, 2024).decisions == 1  # type: ignore[arg-type]
    assert tally(list(reversed(es)), 2025).remedies_decided == tally(es, 2025).remedies_decided  # type: ignore[arg-type]
    assert tally([], 2025) == Figures(year=2025)


def test_document_never_invents_unrecorded_kinds() -> None:
    doc = report_document(tally(events(), 2025), scope={"kind": "body", "id": B, "name": "示例局"})  # type: ignore[arg-type]
    cats = {c["key"]: c for c in doc["categories"]}
    assert cats["penalty"]["total"] == 4
    assert cats["coercion"]["total"] == 3
    for key in ("licensing", "levy", "requisition", "inspection"):
        assert cats[key] == {**cats[key], "total": 0, "recorded": False, "note": NOT_RECORDED_ZH}
    assert doc["penalty"]["fine"] == "¥3,700.50"
    assert doc["remedies"]["corrected"] == 1
    assert doc["remedies"]["decided"] == 2
    assert ["行政诉讼", "撤销", 1] in doc["remedies"]["outcomes"]
    assert doc["coercion"]["measures"] == [["查封", 1], ["扣押", 2], ["冻结", 0]]
    # The digest is stable and changes with any figure.
    assert digest(doc) == digest(dict(doc))
    assert digest(doc) != digest({**doc, "year": 2024})


def test_region_sum() -> None:
    a = tally(events(), 2025)  # type: ignore[arg-type]
    total = Figures(year=2025)
    total.add(a)
    total.add(a)
    assert total.decisions == 8
    assert total.fine_fen == 2 * a.fine_fen
    assert total.measures == {"seize": 4, "seal": 2}


@pytest.mark.parametrize(
    ("today", "reminding", "late"),
    [
        (date(2025, 11, 30), False, False),
        (date(2025, 12, 1), True, False),
        (date(2026, 1, 31), True, False),
        (date(2026, 2, 1), False, True),
    ],
)
def test_due_and_reminder_window(today: date, reminding: bool, late: bool) -> None:
    d = due_for(2025, "01-31", "12-01")
    assert d.due == date(2026, 1, 31)
    assert d.remind_from == date(2025, 12, 1)
    assert d.reminding(today) is reminding
    assert d.late(today) is late


def test_charts_and_pdf_carry_the_numbers() -> None:
    doc = report_document(tally(events(), 2025), scope={"kind": "body", "id": B, "name": "示例局"})  # type: ignore[arg-type]
    svg = bar_svg("测试<图>", [["扣押", 2], ["查封", 1]], chart_id="c")
    assert "测试&lt;图&gt;" in svg
    assert ">2</text>" in svg
    assert "<script" not in svg
    assert "style=" not in svg  # attributes only: the CSP forbids inline styles
    ring = pie_svg("种类", [["罚款", 3], ["警告", 1]], chart_id="p")
    assert "罚款：3（75%）" in ring
    assert "无数据" in pie_svg("空", [["罚款", 0]], chart_id="e")
    pdf = render_report_pdf(doc)
    assert pdf.startswith(b"%PDF")
    assert pdf == render_report_pdf(doc)
    assert b"STSong-Light" in pdf
