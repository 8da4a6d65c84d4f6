"""年度行政执法数据 for the demo jurisdiction on SQLite and PostgreSQL: the body's and the
region's report as HTML and PDF, publication with its digest, the public page, scope, and the
late-report sweep across the 31 January deadline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from zhifa.app_context import Context
from zhifa.demo import DEMO_USERS, _id, load_demo, load_demo_cases
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.clock import FixedClock
from zhifa.kernel.money import Money, format_yuan
from zhifa.ledger.services import load_verifiers
from zhifa.ledger.tables import LedgerEntry, LedgerSubject
from zhifa.ledger.verify import verify_all
from zhifa.reports.model import digest
from zhifa.reports.services import body_report, sweep_annual_reports
from zhifa.reports.tables import AnnualReportLateRow, AnnualReportRow
from zhifa.web.app import create_app

BODY = _id("body", 1)
USERS = {u.role: u for u in DEMO_USERS}


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_demo(ctx)
    load_demo_cases(ctx, per_body=10)
    return ctx


@pytest.fixture
def client(demo: Context) -> Iterator[TestClient]:
    with TestClient(create_app(demo)) as c:
        yield c


def login(client: TestClient, role: str) -> str:
    user = USERS[role]
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    ctx: Context = client.app.state.context  # type: ignore[attr-defined]
    totp = pyotp.TOTP(user.totp_secret).at(ctx.clock.now()) if user.totp_secret else ""
    r = client.post(
        "/login",
        data={
            "username": user.username,
            "password": user.password,
            "totp": totp,
            "csrf_token": csrf.group(1),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return str(client.get("/api/me").json()["csrf_token"])


def ledger_events(ctx: Context, body_id: str, type_: str) -> list[dict[str, object]]:
    with ctx.read() as s:
        bodies = s.scalars(
            select(LedgerEntry.body)
            .join(LedgerSubject, LedgerSubject.idx == LedgerEntry.idx)
            .where(
                LedgerSubject.subject_id == body_id,
                LedgerSubject.role == "body_id",
                LedgerEntry.event_type == type_,
            )
        ).all()
    return [parse_json(b)["data"] for b in bodies]


def test_body_report_matches_the_ledger(client: TestClient, demo: Context) -> None:
    # Independent count from the ledger: decisions of 2025 that impose a penalty.
    decisions = [
        d
        for t in ("DecisionIssued", "SummaryDecisionIssued")
        for d in ledger_events(demo, BODY, t)
        if str(d["decided_on"]).startswith("2025") and d["penalty_kinds"]
    ]
    fines = sum(
        int(str(d["fine_fen"]))
        for t in ("DecisionIssued", "SummaryDecisionIssued")
        for d in ledger_events(demo, BODY, t)
        if str(d["decided_on"]).startswith("2025")
    )
    assert decisions, "the demo should hold 2025 decisions"
    login(client, "body_head")
    page = client.get("/supervision/reports/annual", params={"year": 2025, "body": BODY})
    assert page.status_code == 200
    assert "示例市市场监督管理局" in page.text
    assert "2025年度行政执法数据" in page.text
    assert page.text.count("<svg") >= 4  # charts, inline, no CDN
    assert "<script" not in page.text
    assert "http" not in re.sub(
        r'xmlns="[^"]+"', "", page.text.split("<main")[1].split("</main>")[0]
    )
    assert "本系统尚未登记此类行为" in page.text
    row = re.search(r"<th scope=\"row\">行政处罚</th><td class=\"num\">(\d+)</td>", page.text)
    assert row
    assert int(row.group(1)) == len(decisions)
    assert format_yuan(Money(fines)) in page.text
    assert "尚未公布" in page.text

    pdf = client.get(
        "/supervision/reports/annual", params={"year": 2025, "body": BODY, "format": "pdf"}
    )
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    again = client.get(
        "/supervision/reports/annual", params={"year": 2025, "body": BODY, "format": "pdf"}
    )
    assert again.content == pdf.content


def test_publish_then_public_page(client: TestClient, demo: Context) -> None:
    assert client.get(f"/public/reports/2025/{BODY}").status_code == 404
    csrf = login(client, "body_head")
    r = client.post(
        "/supervision/reports/annual/publish",
        data={"csrf_token": csrf, "year": "2025", "body": BODY},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/public/reports/2025/{BODY}"
    # The same figures again: refused, saying why.
    r = client.post(
        "/supervision/reports/annual/publish",
        data={"csrf_token": csrf, "year": "2025", "body": BODY},
    )
    assert r.status_code == 409
    assert "数据没有变化" in r.text
    # The current year has not ended.
    r = client.post(
        "/supervision/reports/annual/publish",
        data={"csrf_token": csrf, "year": "2026", "body": BODY},
    )
    assert r.status_code == 409
    assert "尚未结束" in r.text
    # Another body's report: out of scope.
    r = client.post(
        "/supervision/reports/annual/publish",
        data={"csrf_token": csrf, "year": "2025", "body": _id("body", 2)},
    )
    assert r.status_code == 403

    with demo.read() as s:
        published = s.get(AnnualReportRow, (BODY, 2025))
        assert published is not None
        event = parse_json(s.get(LedgerEntry, published.entry).body)  # type: ignore[union-attr]
        assert event["type"] == "AnnualReportPublished"
        assert event["data"]["digest"] == digest(event["data"]["report"]) == published.digest
        assert published.digest == digest(body_report(s, BODY, 2025))

    client.cookies.clear()
    page = client.get(f"/public/reports/2025/{BODY}")
    assert page.status_code == 200
    assert published.digest in page.text
    assert "已于" in page.text
    assert f"/api/ledger/entries/{published.entry}" in page.text
    assert "示例市市场监督管理局" in client.get("/public/reports").text
    pdf = client.get(f"/public/reports/2025/{BODY}", params={"format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    # The public ledger API shows the published figures (nothing personal in them).
    entry = client.get(f"/api/ledger/entries/{published.entry}").json()
    assert entry["data"]["digest"] == published.digest
    with demo.read() as s:
        report = verify_all(s, load_verifiers(demo.settings), demo.pii, demo.settings.blob_dir)
    assert report.ok, [p.line() for p in report.problems]
    assert report.rows.get("annual_reports") == 1


def test_region_report_and_scope(client: TestClient, demo: Context) -> None:
    login(client, "supervisor")
    index = client.get("/supervision/reports/annual", params={"year": 2025})
    assert index.status_code == 200
    assert "示例市市场监督管理局" in index.text
    # 受委托组织 act in the entrusting body's name and publish no report of their own.
    assert "示例县城关镇综合行政执法队" not in index.text
    region = client.get("/supervision/reports/annual", params={"year": 2025, "region": "990100"})
    assert region.status_code == 200
    assert "六、各执法主体" in region.text
    assert "示例市生态环境局" in region.text
    pdf = client.get(
        "/supervision/reports/annual", params={"year": 2025, "region": "990100", "format": "pdf"}
    )
    assert pdf.content.startswith(b"%PDF")
    bad = client.get("/supervision/reports/annual", params={"year": 1990})
    assert bad.status_code == 400
    assert "年度" in bad.text
    assert client.get("/supervision/reports/annual", params={"format": "docx"}).status_code == 400
    client.cookies.clear()
    login(client, "officer")
    assert client.get("/supervision/reports/annual").status_code == 403
    client.cookies.clear()
    login(client, "body_head")
    out = client.get("/supervision/reports/annual", params={"year": 2025, "body": _id("body", 2)})
    assert out.status_code == 403
    out = client.get("/supervision/reports/annual", params={"year": 2025, "region": "990100"})
    assert out.status_code == 403


def _at(ctx: Context, iso: str) -> None:
    clock = ctx.clock
    assert isinstance(clock, FixedClock)
    clock.set(datetime.fromisoformat(iso).astimezone(UTC))


def test_reminder_and_late_sweep_across_the_deadline(ctx: Context) -> None:
    load_demo(ctx)
    # 30 November 2025: no reminder yet.
    _at(ctx, "2025-11-30T12:00:00+08:00")
    with TestClient(create_app(ctx)) as c:
        login(c, "supervisor")
        assert 'id="report-reminders"' not in c.get("/supervision/reports/annual").text
    # 15 January 2026: reminders; body 1 publishes its 2025 report.
    _at(ctx, "2026-01-15T10:00:00+08:00")
    with TestClient(create_app(ctx)) as c:
        csrf = login(c, "body_head")
        r = c.post(
            "/supervision/reports/annual/publish",
            data={"csrf_token": csrf, "year": "2025", "body": BODY},
            follow_redirects=False,
        )
        assert r.status_code == 303
        c.cookies.clear()
        login(c, "supervisor")
        page = c.get("/supervision/reports/annual").text
        assert 'id="report-reminders"' in page
        assert "2026年1月31日到期" in page
        reminders = page.split('id="report-reminders"')[1].split("</section>")[0]
        assert "示例市交通运输局" in reminders
        assert "示例市市场监督管理局" not in reminders
    # 31 January, 23:59 Beijing time: still on time.
    _at(ctx, "2026-01-31T23:59:00+08:00")
    assert sweep_annual_reports(ctx) == 0
    # 1 February, 00:00 Beijing time: every other reporting body is late, once.
    _at(ctx, "2026-02-01T00:00:00+08:00")
    found = sweep_annual_reports(ctx)
    assert found == 4  # bodies 2–5; body 1 published; body 6 is entrusted
    assert sweep_annual_reports(ctx) == 0
    with ctx.read() as s:
        late = s.scalars(select(AnnualReportLateRow)).all()
        assert {r.body_id for r in late} == {_id("body", n) for n in (2, 3, 4, 5)}
        assert all(r.year == 2025 and r.due.isoformat() == "2026-01-31" for r in late)
        assert "国办发〔2018〕118号" in late[0].basis
        events = s.scalars(
            select(LedgerEntry.body).where(LedgerEntry.event_type == "AnnualReportLate")
        ).all()
        assert len(events) == 4
    with TestClient(create_app(ctx)) as c:
        login(c, "supervisor")
        page = c.get("/supervision/reports/annual").text
        assert 'id="report-late"' in page
        assert "逾期未公布" in page
