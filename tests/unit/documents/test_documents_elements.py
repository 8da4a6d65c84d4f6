"""文书要素检查 (准则第九条): every sample passes; removing or breaking each element is found.

The removal table is derived from ``elements.yaml`` itself, so an element added there is
tested here without a new line; the accuracy table names each check with a breaking edit.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zhifa.documents.elements import (
    CHECKS,
    ElementFinding,
    check_elements,
    load_rules,
    parse_rules,
)
from zhifa.documents.model import DocumentKind
from zhifa.kernel.errors import ConfigurationError, InvalidInput

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples" / "documents"
RULES = load_rules()


def sample(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{kind}.json").read_text("utf-8"))
    return data


def rules_of(findings: list[ElementFinding]) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in findings}


@pytest.mark.parametrize("kind", [k.value for k in DocumentKind])
def test_complete_sample_has_no_finding(kind: str) -> None:
    findings = check_elements(sample(kind))
    assert findings == [], [f.describe_zh() for f in findings]


# ----------------------------------------------------------------------------- removal


# Conditions that do not hold on the samples (tested on their own below).
NOT_ON_SAMPLES = {"collected"}


def _removals() -> list[tuple[str, str, str]]:
    """(kind, rule path, concrete path) for every element that applies to the sample."""
    cases = []
    for kind, spec in RULES.kinds.items():
        data = sample(kind.value)
        for e in spec.elements:
            if "[]." in e.path:
                head, _, leaf = e.path.partition("[].")
                items = data.get(head) or []
                idx = next(
                    (
                        i
                        for i, it in enumerate(items)
                        if e.when != "item_monetary" or it.get("kind") in ("fine", "confiscation")
                    ),
                    None,
                )
                if idx is not None:
                    cases.append((kind.value, e.path, f"{head}[{idx}].{leaf}"))
                continue
            if e.when in NOT_ON_SAMPLES:
                continue
            cases.append((kind.value, e.path, e.path))
    return cases


REMOVALS = _removals()


def _remove(data: dict[str, Any], path: str) -> None:
    """Set the value at a concrete path to its 'absent' form (None, [], False)."""
    parts = path.replace("]", "").replace("[", ".").split(".")
    target: Any = data
    for p in parts[:-1]:
        target = target[int(p)] if p.isdigit() else target[p]
    leaf = parts[-1]
    current = target[leaf]
    target[leaf] = [] if isinstance(current, list) else False if current is True else None


def test_the_removal_table_covers_every_kind_and_is_large() -> None:
    assert {k for k, _, _ in REMOVALS} == {k.value for k in DocumentKind}
    assert len(REMOVALS) > 150


@pytest.mark.parametrize(("kind", "rule_path", "path"), REMOVALS)
def test_removing_an_element_is_a_finding_citing_its_provision(
    kind: str, rule_path: str, path: str
) -> None:
    data = sample(kind)
    _remove(data, path)
    findings = check_elements(data)
    match = [f for f in findings if f.rule == f"element:{rule_path}" and f.path == path]
    assert match, (path, [f.describe_zh() for f in findings])
    spec = next(e for e in RULES.kinds[DocumentKind(kind)].elements if e.path == rule_path)
    assert match[0].basis == spec.basis
    assert "》" in match[0].basis
    assert match[0].article == 9
    assert spec.label in match[0].message_zh


def test_too_few_officers_is_named_with_the_count() -> None:
    data = sample("inquiry_record")
    data["officers"] = data["officers"][:1]
    findings = check_elements(data)
    found = [f for f in findings if f.rule == "element:officers"]
    assert found
    assert "不得少于2人，现有1人" in found[0].message_zh
    assert "第四十二条" in found[0].basis


# ----------------------------------------------------------------------------- accuracy

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        parts = path.replace("]", "").replace("[", ".").split(".")
        target: Any = d
        for p in parts[:-1]:
            target = target[int(p)] if p.isdigit() else target[p]
        leaf = parts[-1]
        target[int(leaf) if leaf.isdigit() else leaf] = value

    return edit


ACCURACY: list[tuple[str, str, Edit, str, str]] = [
    # (kind, description, edit, rule, path)
    (
        "penalty_decision",
        "placeholder",
        _set("facts", "经查，当事人于XXX年在＿＿经营。"),
        "text.placeholder",
        "facts",
    ),
    ("penalty_decision", "待填", _set("discretion", "待填"), "text.placeholder", "discretion"),
    ("penalty_decision", "blank optional", _set("statements", "  "), "text.blank", "statements"),
    (
        "penalty_decision",
        "not a citation",
        _set("basis", ["食品安全法122条"]),
        "citation.format",
        "basis[0]",
    ),
    (
        "penalty_decision",
        "number year",
        _set("number", "示市监罚〔2025〕12号"),
        "number.year",
        "number",
    ),
    (
        "penalty_decision",
        "number without year",
        _set("number", "示市监罚12号"),
        "number.year",
        "number",
    ),
    ("penalty_decision", "total", _set("total_fen", 6500000), "amounts.total", "total_fen"),
    (
        "penalty_decision",
        "zero fine",
        _set("penalties[1].amount_fen", 0),
        "amounts.positive",
        "penalties[1].amount_fen",
    ),
    (
        "penalty_decision",
        "payment days",
        _set("payment.deadline_days", 10),
        "payment.deadline",
        "payment.deadline_days",
    ),
    (
        "penalty_decision",
        "reconsideration",
        _set("remedy.reconsideration_days", 15),
        "remedy.deadlines",
        "remedy.reconsideration_days",
    ),
    (
        "penalty_decision",
        "litigation",
        _set("remedy.litigation_months", 3),
        "remedy.deadlines",
        "remedy.litigation_months",
    ),
    (
        "penalty_decision",
        "before notice",
        _set("notice_date", "2026-04-21"),
        "dates.decision_after_notice",
        "date",
    ),
    (
        "prior_notice",
        "hearing not told",
        _set("hearing_triggered", False),
        "hearing.triggered",
        "intended_penalties[1].amount_fen",
    ),
    (
        "prior_notice",
        "hearing days",
        _set("hearing_request_days", 3),
        "hearing.request_days",
        "hearing_request_days",
    ),
    (
        "prior_notice",
        "statement days",
        _set("statement_days", 0),
        "statement.days",
        "statement_days",
    ),
    (
        "prior_notice",
        "warning with amount",
        _set("intended_penalties[0].kind", "warning"),
        "amounts.positive",
        "intended_penalties[0].amount_fen",
    ),
    (
        "hearing_notice",
        "too early",
        _set("hearing_time", "2026-04-03T09:30:00+08:00"),
        "hearing.lead_time",
        "hearing_time",
    ),
    (
        "hearing_notice",
        "before notice",
        _set("hearing_time", "2026-03-20T09:30:00+08:00"),
        "hearing.lead_time",
        "hearing_time",
    ),
    (
        "hearing_notice",
        "presider investigates",
        _set("presider", "示例·李晓梅"),
        "hearing.presider_not_investigator",
        "presider",
    ),
    (
        "summary_decision",
        "over the Art. 51 limit",
        _set("fine_fen", 20001),
        "summary.limit",
        "fine_fen",
    ),
    (
        "summary_decision",
        "not a summary penalty",
        _set("penalty_kind", "revocation"),
        "summary.limit",
        "penalty_kind",
    ),
    (
        "summary_decision",
        "collected without reason",
        _set("collected_on_spot", True),
        "summary.collection",
        "collection_reason",
    ),
    (
        "summary_decision",
        "collected over 100",
        lambda d: d.update(
            collected_on_spot=True, collection_reason="small_amount", receipt_number="示财票0001"
        ),
        "summary.collection",
        "fine_fen",
    ),
    (
        "summary_decision",
        "another day",
        _set("date", "2026-03-03"),
        "dates.summary_same_day",
        "date",
    ),
    ("summary_decision", "negative fine", _set("fine_fen", -100), "amounts.positive", "fine_fen"),
    (
        "seizure_decision",
        "too long",
        _set("duration_days", 31),
        "seizure.duration",
        "duration_days",
    ),
    (
        "seizure_decision",
        "quantity",
        _set("items[0].quantity", "十五"),
        "items.quantity",
        "items[0].quantity",
    ),
    (
        "seizure_decision",
        "approved after",
        _set("approval.date", "2026-03-03"),
        "dates.seizure_order",
        "approval.date",
    ),
    (
        "seizure_decision",
        "starts before decision",
        _set("start_date", "2026-03-01"),
        "dates.seizure_order",
        "start_date",
    ),
    (
        "seizure_inventory",
        "zero quantity",
        _set("items[1].quantity", "0"),
        "items.quantity",
        "items[1].quantity",
    ),
    (
        "seizure_inventory",
        "party did not sign",
        _set("signatures[0].signed", False),
        "signatures.person",
        "signatures",
    ),
    (
        "seizure_inventory",
        "officer did not sign",
        _set("signatures[2].signed", False),
        "signatures.officers",
        "officers[1]",
    ),
    (
        "inquiry_record",
        "ends before it starts",
        _set("end_time", "2026-03-05T09:00:00+08:00"),
        "times.order",
        "end_time",
    ),
    ("inquiry_record", "dated before", _set("date", "2026-03-04"), "times.order", "date"),
    (
        "inquiry_record",
        "same officer twice",
        _set("officers[1]", {"name": "示例·王建国", "credential_number": "9901202400001"}),
        "officers.distinct",
        "officers[1].name",
    ),
    (
        "inquiry_record",
        "only answers",
        lambda d: d.update(speakers=[s for s in d["speakers"] if s["speaker"] != "officer"]),
        "speakers.both",
        "speakers",
    ),
    (
        "inspection_record",
        "refused without witness",
        lambda d: d["signatures"][0].update(signed=False, refusal_reason="当事人拒绝签名"),
        "signatures.person",
        "signatures",
    ),
    (
        "inspection_record",
        "refused without reason",
        _set("signatures[0].signed", False),
        "signatures.person",
        "signatures",
    ),
    (
        "service_receipt",
        "served before issued",
        _set("served_at", "2026-04-19T10:00:00+08:00"),
        "dates.service_after_document",
        "served_at",
    ),
    (
        "service_receipt",
        "direct without signature",
        _set("receiver_signed", False),
        "service.method",
        "receiver_signed",
    ),
    (
        "service_receipt",
        "left without witness",
        lambda d: d.update(
            method="left_at_residence", receiver_signed=False, refusal_reason="拒绝签收"
        ),
        "service.method",
        "witness",
    ),
    (
        "service_receipt",
        "postal without number",
        _set("method", "postal"),
        "service.method",
        "tracking_number",
    ),
    (
        "filing_approval",
        "approved before the lead",
        _set("approval.date", "2026-03-01"),
        "dates.approval_after_lead",
        "approval.date",
    ),
    (
        "non_filing_decision",
        "approved before the lead",
        _set("approval.date", "2026-03-09"),
        "dates.approval_after_lead",
        "approval.date",
    ),
    (
        "closing_approval",
        "closed before filed",
        _set("approval.date", "2026-03-01"),
        "dates.closing_after_filing",
        "approval.date",
    ),
]


@pytest.mark.parametrize(
    ("kind", "what", "edit", "rule", "path"), ACCURACY, ids=[f"{c[0]}-{c[1]}" for c in ACCURACY]
)
def test_inaccuracy_is_found(kind: str, what: str, edit: Edit, rule: str, path: str) -> None:
    data = sample(kind)
    edit(data)
    findings = check_elements(data)
    assert (rule, path) in rules_of(findings), [f"{f.rule} {f.describe_zh()}" for f in findings]
    found = next(f for f in findings if f.rule == rule and f.path == path)
    spec = next(c for c in RULES.kinds[DocumentKind(kind)].checks if c.id == rule)
    assert found.basis == spec.basis


def test_every_check_in_the_rules_file_is_exercised() -> None:
    used = {c.id for spec in RULES.kinds.values() for c in spec.checks}
    exercised = {rule for _, _, _, rule, _ in ACCURACY}
    assert used == set(CHECKS)
    assert used - exercised == set(), used - exercised


def test_the_edge_of_each_statutory_limit_is_lawful() -> None:
    summary = sample("summary_decision")
    summary["fine_fen"] = 20000  # exactly 200 yuan for a citizen (第五十一条)
    assert check_elements(summary) == []
    summary["party"]["kind"] = "legal_person"
    summary["fine_fen"] = 300000  # 3,000 yuan for an organisation
    assert check_elements(summary) == []
    seizure = sample("seizure_decision")
    seizure["duration_days"] = 30
    assert check_elements(seizure) == []


def test_hearing_notice_counts_working_days_across_qingming() -> None:
    # Notice on Wed 25 March 2026: the seventh working day after it is Fri 3 April; 4–6 April
    # is the Qingming holiday, so a hearing on Tue 7 April is the first lawful day.
    data = sample("hearing_notice")
    data["hearing_time"] = "2026-04-07T09:30:00+08:00"
    assert check_elements(data) == []
    data["hearing_time"] = "2026-04-03T16:00:00+08:00"
    found = [f for f in check_elements(data) if f.rule == "hearing.lead_time"]
    assert found
    assert "2026年4月3日" in found[0].message_zh


def test_large_amount_threshold_quotes_its_configurable_source() -> None:
    data = sample("prior_notice")
    data["hearing_triggered"] = False
    found = next(f for f in check_elements(data) if f.rule == "hearing.triggered")
    assert "较大数额" in found.message_zh
    assert "第六十三条" in found.message_zh  # the parameter's own citation


def test_heavy_penalty_kind_triggers_the_hearing_right() -> None:
    data = sample("prior_notice")
    data["party"]["kind"] = "legal_person"  # the amount alone would not trigger a hearing
    data["hearing_triggered"] = False
    data.pop("hearing_request_days")
    assert [f.rule for f in check_elements(data)] == []
    data["intended_penalties"].append({"kind": "revocation", "description": "吊销食品经营许可证"})
    rules = [f.rule for f in check_elements(data)]
    assert "hearing.triggered" in rules


def test_a_refusal_noted_and_witnessed_is_lawful() -> None:
    data = sample("inspection_record")
    data["signatures"][0].update(signed=False, refusal_reason="当事人拒绝签名")
    data["signatures"].append({"role": "witness", "name": "示例·钱七", "signed": True})
    assert check_elements(data) == []


def test_each_service_method_with_its_proof_is_lawful() -> None:
    base = sample("service_receipt")
    variants = [
        {
            "method": "left_at_residence",
            "receiver_signed": False,
            "refusal_reason": "拒绝签收",
            "witness": {"name": "示例·钱七", "relation": "社区工作人员"},
        },
        {"method": "postal", "receiver_signed": False, "tracking_number": "EMS0000000001"},
        {
            "method": "electronic",
            "receiver_signed": False,
            "electronic_address": "demo@example.invalid",
        },
        {
            "method": "announcement",
            "receiver_signed": False,
            "announcement": "2026年4月22日在示例市人民政府网站公告",
        },
    ]
    for v in variants:
        data = copy.deepcopy(base)
        data.update(v)
        assert check_elements(data) == [], v["method"]


def test_findings_quote_no_personal_value() -> None:
    data = sample("penalty_decision")
    data["party"]["address"] = ""
    data["facts"] = "XXX"
    text = json.dumps([f.as_dict() for f in check_elements(data)], ensure_ascii=False)
    for value in ("示例·李大勇", "91990100MA0000104F", "010-00000088"):
        assert value not in text


def test_not_a_document_is_an_input_error() -> None:
    with pytest.raises(InvalidInput):
        check_elements({"kind": "letter"})


def test_a_rules_file_with_an_unknown_path_or_check_is_refused() -> None:
    text = (
        Path(__file__).resolve().parents[3] / "src/zhifa/documents/data/elements.yaml"
    ).read_text("utf-8")
    bad = text.replace(
        "path: party.address, label: 当事人地址, basis: 《中华人民共和国行政处罚法》第五十九条",
        "path: party.adress, label: 当事人地址, basis: 《中华人民共和国行政处罚法》第五十九条",
        1,
    )
    assert bad != text
    with pytest.raises(ConfigurationError) as info:
        parse_rules(bad)
    assert any("party.adress" in v.field for v in info.value.violations)
    with pytest.raises(ConfigurationError):
        parse_rules(text.replace("id: amounts.total,", "id: amounts.totl,", 1))


def test_on_the_spot_collection_needs_the_official_receipt() -> None:
    data = sample("summary_decision")
    data.update(collected_on_spot=True, collection_reason="small_amount", fine_fen=5000)
    data.pop("payment")
    findings = check_elements(data)
    assert [(f.rule, f.path) for f in findings] == [("element:receipt_number", "receipt_number")]
    assert "第七十条" in findings[0].basis
    data["receipt_number"] = "示财票No.0000001"
    assert check_elements(data) == []
