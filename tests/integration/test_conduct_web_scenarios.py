"""Conduct rules over facts the system records itself — not imported — through real
requests, then ``zhifa findings --format json``: exactly the expected findings.

* 准则第十条: an officer's account reads the clear ID numbers of more people in one day than
  the threshold (``conduct.personal_reads.daily``); another user keeps opening other bodies'
  records (``conduct.scope_denials.daily``).
* 准则第六条 and 第二条: a complaint about an officer's rude conduct is handled and closed as
  substantiated; another complaint is left unanswered past its acceptance deadline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from stdnum.cn import ric
from tests.integration.test_complaints_web import login, submit
from typer.testing import CliRunner

from zhifa.app_context import Context
from zhifa.catalog.parameters import Parameters
from zhifa.cli.main import app
from zhifa.complaints.tables import ComplaintRow
from zhifa.demo import _id, load_demo
from zhifa.registry.services import register_officer
from zhifa.registry.tables import OfficerRow
from zhifa.settings import get_settings
from zhifa.web.app import create_app

BODY = _id("body", 1)


@pytest.fixture
def demo(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    load_demo(ctx)
    monkeypatch.setenv("ZHIFA_MODE", "test")
    monkeypatch.setenv("ZHIFA_DATABASE_URL", ctx.settings.effective_database_url)
    monkeypatch.setenv("ZHIFA_DATA_DIR", str(ctx.settings.data_dir))
    get_settings.cache_clear()
    yield ctx
    get_settings.cache_clear()


def _findings(as_of: date) -> list[dict[str, object]]:
    r = CliRunner().invoke(app, ["findings", "--format", "json", "--as-of", as_of.isoformat()])
    assert r.exit_code == 0, r.output
    items: list[dict[str, object]] = json.loads(r.stdout)
    return items


def _id_number(n: int) -> str:
    body = f"99010219800101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def test_article_10_reads_and_probing(demo: Context) -> None:
    limit = Parameters.load().get("conduct.personal_reads.daily", date(2026, 3, 2)).number()
    with demo.uow() as uow:
        for n in range(limit + 1):
            register_officer(
                uow,
                "user:setup",
                name=f"示例·临时{n:03d}",
                id_number=_id_number(n + 100),
                body_id=BODY,
                kind="auxiliary",
            )
        uow.commit()
    with demo.read() as s:
        refs = [
            r.id_number_ref
            for r in s.scalars(select(OfficerRow).where(OfficerRow.name.like("示例·临时%")))
        ]
    assert len(refs) == limit + 1
    with TestClient(create_app(demo)) as c:
        csrf = login(c, "body_head")
        for ref in refs:
            r = c.post(
                "/api/personal/reveal",
                json={"ref": ref, "purpose": "核对辅助人员身份信息"},
                headers={"X-CSRF-Token": csrf},
            )
            assert r.status_code == 200, r.text
        c.cookies.clear()
        login(c, "officer")
        probes = Parameters.load().get("conduct.scope_denials.daily", date(2026, 3, 2)).number()
        other = _id("offi", 5)  # an officer of another body
        for _ in range(probes + 1):
            assert c.get(f"/api/registry/officers/{other}").status_code == 403
    found = _findings(date(2026, 3, 3))
    got = sorted((x["rule"], x["subject"]["kind"]) for x in found)  # type: ignore[index]
    assert got == [("R10.personal_reads_excess", "user"), ("R10.scope_probing", "user")]
    reads = next(x for x in found if x["rule"] == "R10.personal_reads_excess")
    assert len(reads["evidence"]) >= limit + 1  # type: ignore[arg-type]
    # The finding names the account, never the people whose data was read.
    assert "临时" not in json.dumps(found, ensure_ascii=False)


def test_articles_2_and_6_complaints(demo: Context) -> None:
    with TestClient(create_app(demo)) as c:
        submit(c)  # a complaint about rude conduct, naming a credential (see complaint())
        submit(
            c, topic="procedure", credential_number="", text="投诉受理后一直无人答复，请尽快处理。"
        )
        rude, late = sorted((r for r in _rows(demo)), key=lambda r: r.topic != "conduct")
        csrf = login(c, "body_head")
        for step, data in (
            ("accept", {}),
            ("assign", {"officer_id": _id("offi", 1)}),
            ("reply", {"reply": "经核查，执法人员确有态度粗暴的问题，已批评教育并责令改正。"}),
            ("close", {"outcome": "substantiated", "reason": "反映的问题属实，已处理。"}),
        ):
            r = c.post(
                f"/workbench/complaints/{rude.id}/{step}",
                data={**data, "csrf_token": csrf},
                follow_redirects=False,
            )
            assert r.status_code == 303, r.text
    found = _findings(date(2026, 3, 20))
    got = sorted((x["rule"], x["subject"]["id"]) for x in found)  # type: ignore[index]
    assert ("R2.complaint_unanswered", late.id) in got
    assert any(rule == "R6.conduct_complaint_upheld" for rule, _ in got)
    assert {rule for rule, _ in got} == {"R2.complaint_unanswered", "R6.conduct_complaint_upheld"}
    assert len(got) == 2


def _rows(ctx: Context) -> list[ComplaintRow]:
    with ctx.read() as s:
        rows = list(s.scalars(select(ComplaintRow)))
        for r in rows:
            s.expunge(r)
    return rows
