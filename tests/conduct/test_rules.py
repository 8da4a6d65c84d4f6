"""Every conduct rule against its article's YAML cases: one it catches, one lawful case it
leaves alone, at least; each case's findings must be exactly those expected."""

from __future__ import annotations

from collections import defaultdict

import pytest
from tests.conduct.runner import Case, load_cases, play

from zhifa.conduct.engine import load_rules
from zhifa.conduct.model import RULES, RuleKind

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case) -> None:
    load_rules()
    assert case.rule in RULES, f"{case.id}: unknown rule {case.rule}"
    r = RULES[case.rule]
    assert r.article == case.article, f"{case.id}: {r.id} belongs to article {r.article}"
    events, _engine, found, refusal = play(case)
    if case.refused is not None:
        assert r.kind is RuleKind.GUARD, f"{case.id}: only a guard refuses"
        assert refusal is not None, f"{case.id}: the last event was not refused"
        assert refusal.article == case.refused["article"], refusal.message_zh
        says = case.refused.get("says")
        if says:
            assert says in refusal.message_zh + refusal.hint_zh, refusal.message_zh
        return
    got = sorted((f.rule, f.subject.id) for f in found)
    want = sorted((x["rule"], str(x["subject"])) for x in case.expect)
    assert got == want, f"{case.id}: findings {got}, expected {want}"
    for x in case.expect:
        if "evidence" in x:
            f = next(f for f in found if f.rule == x["rule"] and f.subject.id == str(x["subject"]))
            assert list(f.evidence) == list(x["evidence"]), f"{case.id}: evidence {f.evidence}"
    mine = [f for f in found if f.rule == case.rule]
    if case.catches:
        assert mine, f"{case.id}: {case.rule} found nothing"
        for f in mine:
            assert f.article == r.article
            assert f.explanation, f.rule
            assert "{" not in f.explanation, f.explanation
            assert f.evidence
            assert all(0 <= i < len(events) for i in f.evidence)
    else:
        assert not mine, f"{case.id}: a lawful case, but {case.rule} found {mine}"


def test_every_rule_has_a_catching_and_a_lawful_case() -> None:
    load_rules()
    seen: dict[str, set[bool]] = defaultdict(set)
    for c in CASES:
        seen[c.rule].add(c.catches)
    missing = {
        rid: sorted({True, False} - seen[rid]) for rid in RULES if seen[rid] != {True, False}
    }
    assert not missing, f"rules without a catching (True) or lawful (False) case: {missing}"


def test_every_rule_declares_its_law() -> None:
    load_rules()
    for r in RULES.values():
        assert "《" in r.basis, r.id
        assert r.title, r.id
        assert r.explain, r.id
        assert r.action, r.id
        assert r.id.startswith(f"R{r.article}."), r.id
        if r.kind is RuleKind.GUARD:
            assert r.guard_ref.startswith("zhifa."), r.id
        else:
            assert r.fn is not None, r.id
            assert r.on or r.timed or r.kind is RuleKind.ANALYSIS, r.id


def test_every_parameter_a_rule_reads_is_in_the_dated_file() -> None:
    from datetime import date

    from zhifa.catalog.parameters import Parameters

    load_rules()
    params = Parameters.load()
    for r in RULES.values():
        for key in r.params:
            assert params.get(key, date(2026, 6, 1)).citation, f"{r.id}: {key}"


def test_the_published_rule_list_is_current() -> None:
    from pathlib import Path

    from zhifa.cli.conduct import rule_table, rules_markdown

    doc = Path(__file__).parents[2] / "docs" / "conduct-rules.md"
    assert doc.read_text("utf-8") == rules_markdown(rule_table()), (
        "run: zhifa rules --format markdown > docs/conduct-rules.md"
    )
