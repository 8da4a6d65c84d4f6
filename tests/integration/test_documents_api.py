"""POST /api/documents/check: staff check a document or a 案卷 before issuing or archiving."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from fastapi.testclient import TestClient

from zhifa.app_context import Context
from zhifa.demo import DEMO_USERS, load_demo
from zhifa.web.app import create_app

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples" / "documents"
USERS = {u.role: u for u in DEMO_USERS}


def sample(name: str) -> Any:
    return json.loads((SAMPLES / f"{name}.json").read_text("utf-8"))


@pytest.fixture
def client(ctx: Context) -> Iterator[TestClient]:
    load_demo(ctx)
    with TestClient(create_app(ctx)) as c:
        yield c


def login(client: TestClient, role: str) -> str:
    """Sign in as the demo user of ``role``; return the session's CSRF token."""
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
    token = client.get("/api/me").json()["csrf_token"]
    assert token
    return str(token)


def post(client: TestClient, csrf: str, body: Any) -> Any:
    return client.post(
        "/api/documents/check",
        content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
    )


def test_officer_checks_a_complete_decision(client: TestClient) -> None:
    csrf = login(client, "officer")
    r = post(client, csrf, sample("penalty_decision"))
    assert r.status_code == 200, r.text
    assert r.json() == {"ok": True, "count": 0, "findings": []}


def test_missing_elements_come_back_with_path_and_provision(client: TestClient) -> None:
    csrf = login(client, "legal_reviewer")
    doc = sample("penalty_decision")
    doc["seal"]["affixed"] = False
    doc["payment"]["deadline_days"] = 30
    body = post(client, csrf, doc).json()
    assert body["ok"] is False
    by_path = {f["path"]: f for f in body["findings"]}
    assert set(by_path) == {"seal.affixed", "payment.deadline_days"}
    assert by_path["seal.affixed"]["basis"] == "《中华人民共和国行政处罚法》第五十九条第二款"
    assert by_path["seal.affixed"]["article"] == 9
    assert "15日" in by_path["payment.deadline_days"]["message"]


def test_supervisor_checks_a_dossier(client: TestClient) -> None:
    csrf = login(client, "supervisor")
    docs = sample("dossier")
    assert post(client, csrf, {"dossier": docs}).json()["ok"] is True
    docs = [d for d in docs if d["kind"] != "prior_notice"]
    body = post(client, csrf, {"dossier": docs, "for_archive": True}).json()
    rules = {f["rule"] for f in body["findings"]}
    assert "dossier.notice_before_decision" in rules
    decision = next(f for f in body["findings"] if f["rule"] == "dossier.notice_before_decision")
    assert docs[decision["document"]]["kind"] == "penalty_decision"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "请求体为空"),
        (b"{not json", "JSON 格式错误"),
        (b'["a"]', "须为一份文书"),
        (b'{"kind": "memo"}', "未知的文书种类"),
        (b'{"dossier": {"kind": "penalty_decision"}}', "dossier 须为文书的列表"),
        (b'{"kind": "penalty_decision", "total_fen": 10.5}', "浮点数"),
    ],
)
def test_bad_requests_are_400_with_a_reason(
    client: TestClient, content: bytes, expected: str
) -> None:
    csrf = login(client, "officer")
    r = client.post(
        "/api/documents/check",
        content=content,
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
    )
    assert r.status_code == 400, r.text
    assert expected in r.json()["error"]["message"]


def test_shape_errors_name_each_field(client: TestClient) -> None:
    csrf = login(client, "officer")
    doc = sample("inquiry_record")
    doc["start_time"] = "2026-03-05 09:30"
    doc["officers"][0]["badge"] = "x"
    r = post(client, csrf, doc)
    assert r.status_code == 400
    fields = {v["field"] for v in r.json()["error"]["violations"]}
    assert fields == {"start_time", "officers[0].badge"}


@pytest.mark.parametrize(("role", "status"), [("enterprise", 403), ("public", 401)])
def test_only_staff_may_check(client: TestClient, role: str, status: int) -> None:
    csrf = login(client, role) if role != "public" else ""
    r = post(client, csrf, sample("penalty_decision"))
    assert r.status_code == status


def test_cookie_session_needs_the_csrf_token(client: TestClient) -> None:
    login(client, "officer")
    r = post(client, "wrong", sample("penalty_decision"))
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf_refused"
