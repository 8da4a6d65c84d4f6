"""投诉举报 end to end on SQLite and PostgreSQL: submit → track → staff reply → the status page
shows the reply; personal data never on the status page, in a URL or in the logs; the form's
token, the per-address limit and bad input."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pyotp
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select

from zhifa.access.model import POLICY, Role
from zhifa.app_context import Context
from zhifa.complaints.model import code_digest
from zhifa.complaints.tables import ComplaintRow
from zhifa.demo import DEMO_USERS, _id, load_demo
from zhifa.kernel.canonical import parse_json
from zhifa.ledger.personal import PersonalValue
from zhifa.ledger.services import load_verifiers
from zhifa.ledger.tables import LedgerEntry
from zhifa.ledger.verify import verify_all
from zhifa.web.app import create_app
from zhifa.web.ratelimit import RateLimiter
from zhifa.web.routes import complaints as complaint_routes

BODY = _id("body", 1)
OTHER_BODY = _id("body", 2)
USERS = {u.role: u for u in DEMO_USERS}
NAME = "示例·钱多多"
PHONE = "13912345678"
TEXT = "2026年2月27日上午，两名执法人员到我店检查，态度粗暴，没有出示执法证件，还说你爱投诉就投诉。"
PLACE = "示例市东城区示例路88号"
MARK = "态度粗暴，没有出示执法证件"


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_demo(ctx)
    return ctx


@pytest.fixture
def client(demo: Context) -> Iterator[TestClient]:
    with TestClient(create_app(demo)) as c:
        yield c


def form_token(client: TestClient, url: str = "/public/complaints/new") -> str:
    page = client.get(url)
    assert page.status_code == 200
    m = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert m
    return m.group(1)


def complaint(**changes: str) -> dict[str, str]:
    data = {
        "body_id": BODY,
        "topic": "conduct",
        "text": TEXT,
        "occurred_on": "2026-02-27",
        "place": PLACE,
        "credential_number": "9901202400001",
        "case_number": "",
        "contact_name": NAME,
        "contact_phone": PHONE,
    }
    data.update(changes)
    return data


def submit(client: TestClient, **changes: str) -> str:
    token = form_token(client)
    r = client.post(
        "/public/complaints",
        data={**complaint(**changes), "form_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    m = re.fullmatch(
        r"/public/complaints/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\?submitted=1", location
    )
    assert m, location
    return m.group(1)


def login(client: TestClient, role: str) -> str:
    user = USERS[role]
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    totp = ""
    if user.totp_secret:
        ctx: Context = client.app.state.context  # type: ignore[attr-defined]
        totp = pyotp.TOTP(user.totp_secret).at(ctx.clock.now())
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


def the_complaint(ctx: Context) -> ComplaintRow:
    with ctx.read() as s:
        row = s.scalars(select(ComplaintRow)).one()
        s.expunge(row)
    return row


def personal_in(text: str) -> list[str]:
    return [v for v in (NAME, PHONE, PLACE, "钱多多") if v in text]


# ---------------------------------------------------------------------------- the whole path


def test_submit_track_reply_close(
    client: TestClient, demo: Context, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    code = submit(client)
    # The confirmation: the code, prominently; the status; nothing personal.
    page = client.get(f"/public/complaints/{code}?submitted=1")
    assert page.status_code == 200
    assert "投诉举报已提交" in page.text
    assert f'id="tracking-code">{code}<' in page.text
    assert "已收到，待受理" in page.text
    assert "示例市市场监督管理局" in page.text
    assert personal_in(page.text) == []
    assert "139****" not in page.text
    assert MARK not in page.text

    # The code is random, not stored, and typed loosely still finds the complaint.
    row = the_complaint(demo)
    assert row.code_digest == code_digest(code)
    assert code.replace("-", "") not in row.id.upper()
    loose = code.lower().replace("-", " ")
    assert (
        client.get("/public/complaints", params={"code": loose}, follow_redirects=False).headers[
            "location"
        ]
        == f"/public/complaints/{code}"
    )
    assert client.get(f"/api/public/complaints/{code.lower()}").json()["status"] == "received"

    # The ledger holds commitments, never the clear values.
    with demo.read() as s:
        record = parse_json(
            s.scalars(
                select(LedgerEntry.body).where(LedgerEntry.event_type == "ComplaintReceived")
            ).one()
        )
        stored = s.scalars(select(PersonalValue.field).where(PersonalValue.subject_id == row.id))
        assert set(stored) == {"text", "place", "contact_name", "contact_phone"}
    flat = str(record)
    assert personal_in(flat) == []
    assert MARK not in flat
    assert code not in flat
    assert record["data"]["contact_mask"] == row.contact_mask == "示***** · 139****5678"
    assert record["data"]["credential_number"] == "9901202400001"
    # 态度粗暴 quoted "你爱投诉就投诉": the civility checker tags it for triage.
    assert record["actor"] == "public"

    # Staff: the officer of the body sees it masked, reads the text deliberately, handles it.
    csrf = login(client, "officer")
    listing = client.get("/workbench/complaints")
    assert listing.status_code == 200
    assert row.contact_mask in listing.text
    assert NAME not in listing.text
    detail = client.get(f"/workbench/complaints/{row.id}")
    assert MARK not in detail.text
    assert PHONE not in detail.text
    revealed = client.post(
        f"/workbench/complaints/{row.id}/reveal",
        data={"csrf_token": csrf, "purpose": "办理投诉举报：核实情况"},
    )
    assert revealed.status_code == 200
    assert MARK in revealed.text
    assert PHONE in revealed.text
    with demo.read() as s:
        reads = [
            parse_json(b)["data"]["field"]
            for b in s.scalars(
                select(LedgerEntry.body).where(LedgerEntry.event_type == "PersonalDataRead")
            )
        ]
    assert sorted(reads) == ["contact_name", "contact_phone", "place", "text"]

    for step, data in (
        ("accept", {}),
        ("assign", {"officer_id": _id("offi", 2)}),
        (
            "reply",
            {"reply": f"经核查，{NAME}反映的情况属实，已对执法人员批评教育。联系电话{PHONE}。"},
        ),
        ("close", {"outcome": "substantiated", "reason": "已答复并整改。"}),
    ):
        r = client.post(
            f"/workbench/complaints/{row.id}/{step}",
            data={"csrf_token": csrf, **data},
            follow_redirects=False,
        )
        assert r.status_code == 303, (step, r.text)

    client.cookies.clear()
    status = client.get(f"/public/complaints/{code}")
    assert status.status_code == 200
    assert "已办结" in status.text
    assert "反映属实" in status.text
    assert "经核查" in status.text
    assert "已对执法人员批评教育" in status.text
    # The reply quoted the complainant's name and phone: the status page shows them masked.
    assert personal_in(status.text) == [], personal_in(status.text)
    assert "139****5678" not in status.text
    assert "5678" not in status.text
    assert "2026年3月2日" in status.text

    types = [
        parse_json(b)["type"]
        for b in demo.read().scalars(
            select(LedgerEntry.body).where(LedgerEntry.event_type.like("Complaint%"))
        )
    ]
    assert types == [
        "ComplaintReceived",
        "ComplaintAccepted",
        "ComplaintAssigned",
        "ComplaintReplied",
        "ComplaintClosed",
    ]
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert personal_in(logs) == []
    assert MARK not in logs
    # zhifa verify rebuilds the complaints table from the ledger and checks every commitment.
    with demo.read() as s:
        report = verify_all(s, load_verifiers(demo.settings), demo.pii, demo.settings.blob_dir)
    assert report.ok, [p.line() for p in report.problems]
    assert report.rows.get("complaints") == 1


def test_rejection_shows_its_reason(client: TestClient, demo: Context) -> None:
    code = submit(client, credential_number="", anonymous="1", contact_name="", contact_phone="")
    row = the_complaint(demo)
    assert row.anonymous
    assert row.contact_mask == "匿名"
    assert row.name_ref is None
    csrf = login(client, "body_head")
    # Close before reply: refused with what would make it possible.
    r = client.post(f"/workbench/complaints/{row.id}/close", data={"csrf_token": csrf})
    assert r.status_code == 409
    assert "不能办结" in r.text
    r = client.post(
        f"/workbench/complaints/{row.id}/reject", data={"csrf_token": csrf, "reason": ""}
    )
    assert r.status_code == 400
    assert "不予受理的理由" in r.text
    r = client.post(
        f"/workbench/complaints/{row.id}/reject",
        data={
            "csrf_token": csrf,
            "reason": "所反映事项属于民事纠纷，不属于本机关职责，请向人民法院起诉。",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    client.cookies.clear()
    page = client.get(f"/public/complaints/{code}")
    assert "不予受理" in page.text
    assert "民事纠纷" in page.text


# ---------------------------------------------------------------------------- scope


def test_staff_scope(client: TestClient, demo: Context) -> None:
    submit(client, body_id=OTHER_BODY, credential_number="")
    row = the_complaint(demo)
    csrf = login(client, "officer")  # body 1's officer: the complaint is about body 2
    assert row.contact_mask not in client.get("/workbench/complaints").text
    assert client.get(f"/workbench/complaints/{row.id}").status_code == 403
    r = client.post(f"/workbench/complaints/{row.id}/accept", data={"csrf_token": csrf})
    assert r.status_code == 403
    client.post("/logout", data={"csrf_token": csrf})
    # The region's supervisor reads it (masked) but cannot handle it or read the text.
    csrf = login(client, "supervisor")
    page = client.get(f"/workbench/complaints/{row.id}")
    assert page.status_code == 200
    assert row.contact_mask in page.text
    assert "查看内容与联系方式" not in page.text
    r = client.post(
        f"/workbench/complaints/{row.id}/reveal",
        data={"csrf_token": csrf, "purpose": "监督检查需要"},
    )
    assert r.status_code == 403


def test_every_complaint_route_has_its_policy(demo: Context) -> None:
    app = create_app(demo)
    mine = [
        r
        for r in iter_route_contexts(app.routes)
        if isinstance(r.original_route, APIRoute) and "complaints" in r.path
    ]
    assert len(mine) >= 10
    actions = set()
    for route in mine:
        deps = route.original_route.dependant.dependencies
        found = [
            d.call.action for d in _walk(deps) if d.call is not None and hasattr(d.call, "action")
        ]
        assert found, route.path
        actions.update(found)
    assert actions <= set(POLICY)
    assert Role.PUBLIC in POLICY["complaint.submit"]
    assert Role.PUBLIC not in POLICY["complaint.read"]


def _walk(deps: list) -> Iterator:  # type: ignore[type-arg]
    for d in deps:
        yield d
        yield from _walk(d.dependencies)


# ---------------------------------------------------------------------------- refusals


def test_form_needs_its_token(client: TestClient, demo: Context) -> None:
    form_token(client)
    r = client.post("/public/complaints", data={**complaint(), "form_token": "forged.1.x"})
    assert r.status_code == 403
    assert "页面已过期" in r.text
    # What was typed is kept.
    assert MARK in r.text
    # No cookie at all (a cross-site post): refused too.
    fresh = TestClient(client.app)
    r = fresh.post("/public/complaints", data={**complaint(), "form_token": "a.1.b"})
    assert r.status_code == 403
    with demo.read() as s:
        assert s.scalars(select(ComplaintRow)).first() is None


def test_expired_token_is_refused(client: TestClient, demo: Context) -> None:
    from datetime import timedelta

    token = form_token(client)
    demo.clock.advance(timedelta(seconds=complaint_routes.FORM_MAX_AGE + 60))  # type: ignore[attr-defined]
    r = client.post("/public/complaints", data={**complaint(), "form_token": token})
    assert r.status_code == 403


def test_submissions_are_limited_per_address(client: TestClient, demo: Context) -> None:
    client.app.state.complaint_submit_limiter = RateLimiter(2, 3600)  # type: ignore[attr-defined]
    submit(client)
    submit(client)
    token = form_token(client)
    r = client.post("/public/complaints", data={**complaint(), "form_token": token})
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) >= 1
    assert "提交过于频繁" in r.text
    assert MARK in r.text
    with demo.read() as s:
        assert len(s.scalars(select(ComplaintRow)).all()) == 2


BAD_INPUT = [
    ({"text": ""}, "text", "请填写投诉举报的具体内容"),
    ({"text": "太" * 20_000}, "text", "投诉举报内容过长：最多 5000 个字，现为 20000 个字"),
    ({"body_id": "no-such-body"}, "body_id", "所选执法主体不存在"),
    ({"body_id": ""}, "body_id", "请选择被投诉的执法主体"),
    ({"contact_phone": "12345"}, "contact_phone", "联系电话格式不正确"),
    ({"contact_name": ""}, "contact_name", "请填写联系人姓名"),
    ({"occurred_on": "2099-01-01"}, "occurred_on", "发生日期不能晚于今天"),
    ({"occurred_on": "昨天"}, "occurred_on", "发生日期格式应为"),
    ({"credential_number": "9999999999999"}, "credential_number", "不在执法证名录中"),
    ({"credential_number": "9902202400005"}, "credential_number", "不属于所选"),
    ({"topic": "bogus"}, "topic", "类别不是可选值"),
]


def test_bad_input_is_refused_clearly(client: TestClient, demo: Context) -> None:
    """Each bad field: 400, the rule named, the field marked, what was typed kept — never 500."""
    client.app.state.complaint_submit_limiter = RateLimiter(100, 3600)  # type: ignore[attr-defined]
    for changes, field, message in BAD_INPUT:
        token = form_token(client)
        r = client.post("/public/complaints", data={**complaint(**changes), "form_token": token})
        assert r.status_code == 400, (changes.keys(), r.text[:300])
        assert message in r.text, changes.keys()
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', r.text), field
    with demo.read() as s:
        assert s.scalars(select(ComplaintRow)).first() is None


def test_unknown_and_malformed_codes(client: TestClient) -> None:
    for code in ("ABCD-EFGH-JKMN", "not-a-code", "x" * 40):
        r = client.get(f"/public/complaints/{code}")
        assert r.status_code == 404
        assert "没有找到" in r.text
    r = client.get("/public/complaints", params={"code": "%%%"})
    assert r.status_code == 400
    assert "查询码格式不正确" in r.text
    assert client.get("/api/public/complaints/ABCD-EFGH-JKMN").status_code == 404
