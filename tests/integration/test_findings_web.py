"""行为准则发现事项 through the web, on SQLite and PostgreSQL: the supervisor's dashboard and API,
the finding page with its evidence, 督办 with a deadline, the body's 整改, scope and roles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.integration.test_complaints_web import login

from zhifa.app_context import Context
from zhifa.conduct.model import Finding, Severity, Subject, SubjectKind
from zhifa.conduct.services import record_findings
from zhifa.conduct.tables import FindingRow
from zhifa.demo import _id, load_demo
from zhifa.kernel.canonical import parse_json
from zhifa.ledger.tables import LedgerEntry
from zhifa.web.app import create_app

BODY = _id("body", 1)
OTHER = _id("body", 2)


def _finding(body: str, article: int, rule: str, n: int) -> Finding:
    return Finding(
        rule=rule,
        article=article,
        severity=Severity.MEDIUM,
        subject=Subject(SubjectKind.CASE, f"case-{n}", f"示例立〔2026〕{n}号"),
        evidence=(0, 1),
        explanation=f"案件示例立〔2026〕{n}号的说明",
        action="督促执法主体整改",
        found_on=date(2026, 3, 1),
        body_id=body,
        case_id=f"case-{n}",
    )


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_demo(ctx)
    record_findings(
        ctx,
        [
            _finding(BODY, 2, "R2.case_idle", 1),
            _finding(OTHER, 6, "R6.uncivil_language", 2),
            Finding(
                rule="R9.ledger_verification_failed",
                article=9,
                severity=Severity.HIGH,
                subject=Subject(SubjectKind.LEDGER, "ledger", "执法记录账本"),
                evidence=(2,),
                explanation="账本验证发现1处改动：数据表 1 处。",
                action="立即保全数据库和日志。",
                found_on=date(2026, 3, 1),
            ),
        ],
    )
    return ctx


@pytest.fixture
def client(demo: Context) -> Iterator[TestClient]:
    with TestClient(create_app(demo)) as c:
        yield c


def _row(ctx: Context, body: str) -> FindingRow:
    with ctx.read() as s:
        row = s.scalars(select(FindingRow).where(FindingRow.body_id == body)).one()
        s.expunge(row)
    return row


def _csrf(page: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m
    return m.group(1)


def test_supervisor_orders_and_the_body_rectifies(client: TestClient, demo: Context) -> None:
    mine, other = _row(demo, BODY), _row(demo, OTHER)
    login(client, "supervisor")
    page = client.get("/supervision/findings")
    assert page.status_code == 200
    assert "第二条" in page.text
    assert "第十条" in page.text
    assert "R2.case_idle" in page.text
    assert "R6.uncivil_language" in page.text
    api = client.get("/api/findings", params={"article": 2}).json()
    assert api["total"] == 1
    item = api["items"][0]
    assert item["id"] == mine.id
    assert item["article"] == 2
    assert item["status"] == "open"
    assert item["evidence"] == [0, 1]
    assert item["subject"]["kind"] == "case"
    bad = client.get("/api/findings", params={"severity": "huge"})
    assert bad.status_code == 400
    assert "严重程度" in bad.text

    detail = client.get(f"/supervision/findings/{mine.id}")
    assert detail.status_code == 200
    assert "记录 0" in detail.text
    assert "督办" in detail.text
    csrf = _csrf(detail.text)
    # An order without a deadline is refused, with the field named, and changes nothing.
    r = client.post(
        f"/supervision/findings/{mine.id}/status",
        data={"to": "ordered", "reason": "请于期限内整改", "due_on": "", "csrf_token": csrf},
    )
    assert r.status_code == 400
    assert "督办须写明整改期限" in r.text
    assert _row(demo, BODY).status == "open"
    r = client.post(
        f"/supervision/findings/{mine.id}/status",
        data={
            "to": "ordered",
            "reason": "请于期限内整改并报告",
            "due_on": "2026-03-20",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    row = _row(demo, BODY)
    assert row.status == "ordered"
    assert row.due_on == date(2026, 3, 20)
    # The supervisor cannot report rectification: that is the body's to do.
    r = client.post(
        f"/supervision/findings/{mine.id}/status",
        data={"to": "rectifying", "reason": "代为整改", "csrf_token": csrf},
    )
    assert r.status_code == 409
    assert "被督办的执法主体" in r.text
    client.post("/logout", headers={"X-CSRF-Token": csrf})

    login(client, "body_head")
    view = client.get("/workbench/rectification")
    assert view.status_code == 200
    assert "2026年3月20日" in view.text
    assert client.get(f"/supervision/findings/{other.id}").status_code == 403  # another body
    detail = client.get(f"/supervision/findings/{mine.id}")
    csrf = _csrf(detail.text)
    for to, reason in (("rectifying", "已制定整改方案"), ("rectified", "已完成整改并建立台账")):
        r = client.post(
            f"/supervision/findings/{mine.id}/status",
            data={"to": to, "reason": reason, "csrf_token": csrf},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    assert _row(demo, BODY).status == "rectified"
    page = client.get(f"/supervision/findings/{mine.id}")
    assert "已完成整改并建立台账" in page.text
    assert "整改中 → 已整改" in page.text
    # Every move is on the ledger.
    with demo.read() as s:
        moves = [
            parse_json(b)["data"]["to_status"]
            for (b,) in s.execute(
                select(LedgerEntry.body).where(LedgerEntry.event_type == "FindingStatusChanged")
            )
        ]
    assert moves == ["ordered", "rectifying", "rectified"]


def test_the_nodes_own_findings_are_every_supervisors(client: TestClient, demo: Context) -> None:
    """A finding about no body (the ledger itself) is shown to supervisors, never to a head."""
    login(client, "supervisor")
    items = client.get("/api/findings", params={"article": 9}).json()["items"]
    assert [i["rule"] for i in items] == ["R9.ledger_verification_failed"]
    assert client.get(f"/supervision/findings/{items[0]['id']}").status_code == 200
    ledger_id = items[0]["id"]
    client.cookies.clear()
    login(client, "body_head")
    assert client.get("/api/findings", params={"article": 9}).json()["items"] == []
    assert client.get(f"/supervision/findings/{ledger_id}").status_code == 403


def test_roles_and_scope(client: TestClient, demo: Context) -> None:
    login(client, "officer")
    assert client.get("/api/findings").status_code == 403
    assert client.get("/supervision/findings").status_code == 403
    client.cookies.clear()
    login(client, "body_head")
    items = client.get("/api/findings").json()["items"]
    assert {i["body_id"] for i in items} == {BODY}  # only the head's own body
