"""The demonstration jurisdiction shows every detector and analysis of the 准则 at work."""

from __future__ import annotations

import json

from sqlalchemy import select

from zhifa.app_context import Context
from zhifa.conduct.demo import load_demo_misconduct
from zhifa.conduct.engine import load_rules
from zhifa.conduct.model import RULES, RuleKind
from zhifa.conduct.services import run
from zhifa.conduct.tables import FindingRow
from zhifa.demo import load_demo, load_demo_cases

# The services make these impossible, so the demo does not fake them (see conduct/demo.py).
NOT_INJECTED = {
    "R9.document_predated",
    "R9.ledger_verification_failed",
    "R10.personal_data_published",
}


def test_the_demo_shows_every_rule_it_can(ctx: Context) -> None:
    load_demo(ctx)
    load_demo_cases(ctx, per_body=40)
    summary = load_demo_misconduct(ctx)
    assert "示例违规情形" in summary
    assert load_demo_misconduct(ctx) == "示例违规情形已载入，无需重复载入。"
    report = run(ctx)
    assert report.found
    load_rules()
    wanted = {r.id for r in RULES.values() if r.kind is not RuleKind.GUARD} - NOT_INJECTED
    with ctx.read() as s:
        found = set(s.scalars(select(FindingRow.rule)))
        texts = [
            json.dumps([r.explanation, r.subject_label], ensure_ascii=False)
            for r in s.scalars(select(FindingRow))
        ]
    assert wanted <= found, f"not shown in the demo: {sorted(wanted - found)}"
    # Findings never carry a party's personal data (the demo's parties are 示例·… names).
    assert not [t for t in texts if "示例·张三" in t or "示例·投诉人" in t]
    # A second run finds nothing new.
    assert run(ctx).found == []
