"""案卷 checks: the documents of one case checked together when it is archived."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zhifa.documents.elements import check_dossier, load_rules
from zhifa.kernel.errors import InvalidInput

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples" / "documents"


def dossier() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((SAMPLES / "dossier.json").read_text("utf-8"))
    return data


def index_of(docs: list[dict[str, Any]], kind: str, n: int = 0) -> int:
    return [i for i, d in enumerate(docs) if d["kind"] == kind][n]


def without(kind: str, n: int = 0) -> Callable[[list[dict[str, Any]]], None]:
    def edit(docs: list[dict[str, Any]]) -> None:
        del docs[index_of(docs, kind, n)]

    return edit


def receipt_for(number: str) -> Callable[[list[dict[str, Any]]], None]:
    def edit(docs: list[dict[str, Any]]) -> None:
        i = next(
            i
            for i, d in enumerate(docs)
            if d["kind"] == "service_receipt" and d["served_document"]["number"] == number
        )
        del docs[i]

    return edit


def _heavier(docs: list[dict[str, Any]]) -> None:
    d = docs[index_of(docs, "penalty_decision")]
    d["penalties"][1]["amount_fen"] = 9000000
    d["total_fen"] = 9120000


def _new_kind(docs: list[dict[str, Any]]) -> None:
    d = docs[index_of(docs, "penalty_decision")]
    d["penalties"].append({"kind": "revocation", "description": "吊销营业执照"})


def _inventory_differs(docs: list[dict[str, Any]]) -> None:
    docs[index_of(docs, "seizure_inventory")]["items"][0]["quantity"] = "12"


def _presider(docs: list[dict[str, Any]]) -> None:
    notice = docs[index_of(docs, "hearing_notice")]
    notice["presider"] = "示例·李晓梅"
    notice["investigators"] = []  # the notice hides it; the dossier's records do not


def _other_case(docs: list[dict[str, Any]]) -> None:
    docs[index_of(docs, "inquiry_record")]["case"]["number"] = "示市监案〔2026〕9号"


def _duplicate(docs: list[dict[str, Any]]) -> None:
    docs.append(docs[index_of(docs, "inquiry_record")])


def _late_receipt(docs: list[dict[str, Any]]) -> None:
    d = docs[index_of(docs, "penalty_decision")]
    d["date"] = "2026-04-22"  # after its receipt (served 21 April)


DOSSIER_CASES = [
    (
        "no prior notice",
        without("prior_notice"),
        "dossier.notice_before_decision",
        "penalty_decision",
    ),
    ("no filing approval", without("filing_approval"), "dossier.filing", "prior_notice"),
    ("no closing approval", without("closing_approval"), "dossier.closing", "service_receipt"),
    ("heavier fine after defence", _heavier, "dossier.no_heavier_penalty", "penalty_decision"),
    ("new penalty kind after defence", _new_kind, "dossier.no_heavier_penalty", "penalty_decision"),
    (
        "decision not served",
        receipt_for("示市监罚〔2026〕12号"),
        "dossier.service",
        "penalty_decision",
    ),
    ("notice not served", receipt_for("示市监罚告〔2026〕12号"), "dossier.service", "prior_notice"),
    (
        "seizure not served",
        receipt_for("示市监强〔2026〕5号"),
        "dossier.service",
        "seizure_decision",
    ),
    ("served before dated", _late_receipt, "dossier.service", "penalty_decision"),
    ("no inventory", without("seizure_inventory"), "dossier.seizure_inventory", "seizure_decision"),
    ("inventory differs", _inventory_differs, "dossier.seizure_inventory", "seizure_decision"),
    ("presider investigated", _presider, "dossier.presider_not_investigator", "hearing_notice"),
    ("another case", _other_case, "dossier.same_case", "inquiry_record"),
    ("same number twice", _duplicate, "dossier.unique_numbers", "inquiry_record"),
]


def test_the_sample_dossier_passes() -> None:
    findings = check_dossier(dossier())
    assert findings == [], [f.describe_zh() for f in findings]


@pytest.mark.parametrize(
    ("what", "edit", "rule", "kind"), DOSSIER_CASES, ids=[c[0] for c in DOSSIER_CASES]
)
def test_dossier_finding(
    what: str, edit: Callable[[list[dict[str, Any]]], None], rule: str, kind: str
) -> None:
    docs = dossier()
    edit(docs)
    findings = [f for f in check_dossier(docs) if f.rule == rule]
    assert findings, what
    f = findings[0]
    assert f.document is not None
    assert docs[f.document]["kind"] == kind
    assert f.document_kind == kind
    spec = next(c for c in load_rules().dossier_checks if c.id == rule)
    assert f.basis == spec.basis
    assert f"第{f.document + 1}份" in f.describe_zh()


def test_every_dossier_check_is_exercised() -> None:
    declared = {c.id for c in load_rules().dossier_checks}
    assert declared == {rule for _, _, rule, _ in DOSSIER_CASES}


def test_a_case_in_progress_needs_no_closing_approval() -> None:
    docs = dossier()
    without("closing_approval")(docs)
    assert check_dossier(docs, for_archive=False) == []


def test_findings_on_single_documents_carry_their_index() -> None:
    docs = dossier()
    i = index_of(docs, "inquiry_record")
    docs[i]["place"] = None
    findings = check_dossier(docs)
    assert [(f.document, f.path) for f in findings] == [(i, "place")]


def test_bad_documents_are_named_by_position() -> None:
    docs = dossier()
    docs[3]["served_at"] = "yesterday"
    docs[5]["kind"] = "memo"
    with pytest.raises(InvalidInput) as info:
        check_dossier(docs)
    where = {v.location for v in info.value.violations}
    assert where == {"第4份文书", "第6份文书"}


def test_a_dossier_must_be_a_list() -> None:
    with pytest.raises(InvalidInput):
        check_dossier({"kind": "penalty_decision"})  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["summary_decision", "non_filing_decision"])
def test_no_closing_approval_is_asked_of_a_case_never_opened_or_decided_on_the_spot(
    kind: str,
) -> None:
    """A 当场处罚 is executed on the spot and a 不予立案 ends before a case is opened: neither
    goes through 结案审批, so their dossiers are not flagged for lacking one."""
    doc = json.loads((SAMPLES / f"{kind}.json").read_text("utf-8"))
    assert not [f for f in check_dossier([doc]) if f.rule == "dossier.closing"]
    # An opened case still needs it, whatever else the dossier holds.
    docs = dossier()
    without("closing_approval")(docs)
    assert [f for f in check_dossier(docs) if f.rule == "dossier.closing"]
