"""Which documents follow which step, and how documents the case does not number are numbered."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from zhifa.cases import events as ev
from zhifa.cases.documents import ISSUABLE, PER_ITEM, document_number, documents_after
from zhifa.cases.model import CaseState, Procedure, Stage
from zhifa.documents.model import DocumentKind

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _step(cls: type[ev.CaseEvent], **kw: Any) -> ev.CaseEvent:
    return cls(actor="t", occurred_at=AT, case_id="c1", body_id="b1", event_id="e1", **kw)


def test_everything_is_issuable_and_titled() -> None:
    assert set(ISSUABLE) == {k.value for k in DocumentKind}
    assert ISSUABLE["closing_approval"] == "结案审批表"
    assert set(PER_ITEM) <= set(ISSUABLE)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (_step(ev.RightsNotified, notified_on=date(2026, 3, 2), penalty_kinds=("fine",),
               fine_fen=100, confiscation_fen=0, facts="f", reasons="r", basis="b",
               hearing_right=False, document_number="n"), [("prior_notice", None)]),
        (_step(ev.CaseDeclined, decided_on=date(2026, 3, 2), reasons="r", approved_by="h"),
         [("non_filing_decision", None)]),
        (_step(ev.TranscriptRecorded, evidence_id="T3", kind="inspection", officer_ids=("a", "b"),
               taken_at=AT, place="p", speakers=("officer",), utterances=[]),
         [("inspection_record", "T3")]),
        (_step(ev.TranscriptRecorded, evidence_id="T1", kind="inquiry", officer_ids=("a", "b"),
               taken_at=AT, place="p", speakers=("officer",), utterances=[]),
         [("inquiry_record", "T1")]),
        (_step(ev.HearingNoticed, noticed_on=date(2026, 3, 2), hearing_on=date(2026, 3, 13),
               place="p", presider_id="x"), [("hearing_notice", "e1")]),
        (_step(ev.DocumentServed, document="decision", served_on=date(2026, 3, 2),
               method="direct", proof="p"), [("service_receipt", "e1")]),
        (_step(ev.MeasureImposed, measure_id="M2", kind="seal", items=(), imposed_on=date(2026, 3, 2),
               duration_days=30, officer_ids=("a", "b"), approved_by="h",
               approved_on=date(2026, 3, 2)),
         [("seizure_decision", "M2"), ("seizure_inventory", "M2")]),
        # A freeze has its own 冻结决定书, not a 查封（扣押） document.
        (_step(ev.MeasureImposed, measure_id="M3", kind="freeze", items=(), imposed_on=date(2026, 3, 2),
               duration_days=30, officer_ids=("a", "b"), approved_by="h",
               approved_on=date(2026, 3, 2)), []),
        (_step(ev.CaseClosed, closed_on=date(2026, 3, 2), approved_by="h", summary="s"),
         [("closing_approval", None)]),
        (_step(ev.PaymentReceived, paid_on=date(2026, 3, 2), amount_fen=1, channel="bank",
               reference="r"), []),
    ],
)  # fmt: skip
def test_documents_after_each_step(
    step: ev.CaseEvent, expected: list[tuple[str, str | None]]
) -> None:
    assert documents_after(step) == expected
    for kind, ref in expected:
        assert (ref is not None) == (kind in PER_ITEM)


def test_a_summary_case_is_closed_without_a_closing_approval() -> None:
    closed = _step(ev.CaseClosed, closed_on=date(2026, 3, 2), approved_by="h", summary="s")
    summary = CaseState(case_id="c1", body_id="b1", stage=Stage.CLOSED, procedure=Procedure.SUMMARY)
    general = CaseState(case_id="c1", body_id="b1", stage=Stage.CLOSED, procedure=Procedure.GENERAL)
    assert documents_after(closed, summary) == []
    assert documents_after(closed, general) == [("closing_approval", None)]


@pytest.mark.parametrize(
    ("case_number", "kind", "on", "seq", "expected"),
    [
        ("示市监案〔2026〕8号", "inquiry_record", date(2026, 3, 5), 1, "示市监询〔2026〕8-1号"),
        ("示市监立〔2026〕00012", "closing_approval", date(2026, 5, 1), None, "示市监结〔2026〕00012号"),
        # A document of the next year keeps the case's year in its serial (no clash with
        # the next year's case 8).
        ("示市监案〔2025〕8号", "service_receipt", date(2026, 1, 5), 2, "示市监送〔2026〕2025-8-2号"),
        ("A-17", "hearing_notice", date(2026, 3, 5), 1, "听通〔2026〕A-17-1号"),
        ("", "non_filing_decision", date(2026, 3, 5), None, "不立〔2026〕abcdef01号"),
    ],
)  # fmt: skip
def test_document_numbers(
    case_number: str, kind: str, on: date, seq: int | None, expected: str
) -> None:
    number = document_number(case_number, "abcdef0123456789", kind, on, seq)
    assert number == expected
    assert f"〔{on.year}〕" in number  # the element check compares the year with the date
