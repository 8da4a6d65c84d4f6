"""POST /api/disclosure/redact: staff redact a decision text; the public and enterprises may not."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from zhifa.app_context import Context
from zhifa.demo import DEMO_USERS, load_demo
from zhifa.disclosure.redact import MAX_TEXT_CHARS
from zhifa.web.app import create_app

USERS = {u.role: u for u in DEMO_USERS}
URL = "/api/disclosure/redact"
TEXT = (
    "当事人：周建平，男，公民身份号码：330106197806142510，住址：杭州市西湖区文三路269号5幢302室，"
    "联系电话：13957112846。统一社会信用代码：91330105MA27XN8L3T。"
)


@pytest.fixture
def client(ctx: Context) -> Iterator[TestClient]:
    load_demo(ctx)
    with TestClient(create_app(ctx)) as c:
        yield c


def sign_in(client: TestClient, role: str) -> str:
    """Sign in as the demo user of ``role``; returns the session's CSRF token."""
    import pyotp

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
            "next": "/workbench",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    token = client.get("/api/me").json()["csrf_token"]
    return str(token)


def test_officer_redacts_a_text(client: TestClient) -> None:
    csrf = sign_in(client, "officer")
    r = client.post(URL, json={"text": TEXT}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "周建平" not in body["redacted"]
    assert "周某某" in body["redacted"]
    assert "330106197806142510" not in body["redacted"]
    assert "13957112846" not in body["redacted"]
    assert "91330105MA27XN8L3T" in body["redacted"]  # public
    kinds = {s["kind"] for s in body["spans"]}
    assert {"person_name", "id_number", "phone", "address_detail"} <= kinds
    for s in body["spans"]:
        assert set(s) == {"start", "end", "kind"}
        assert 0 <= s["start"] < s["end"] <= len(TEXT)
    id_span = next(s for s in body["spans"] if s["kind"] == "id_number")
    assert TEXT[id_span["start"] : id_span["end"]] == "330106197806142510"


@pytest.mark.parametrize("role", ["legal_reviewer", "body_head", "supervisor", "administrator"])
def test_other_staff_may_redact(client: TestClient, role: str) -> None:
    csrf = sign_in(client, role)
    r = client.post(URL, json={"text": "当事人：张三丰，男。"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    assert r.json()["redacted"] == "当事人：张某某，男。"


def test_public_and_enterprise_are_refused(client: TestClient) -> None:
    assert client.post(URL, json={"text": TEXT}).status_code == 401
    csrf = sign_in(client, "enterprise")
    r = client.post(URL, json={"text": TEXT}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "role_forbidden"


def test_cookie_write_needs_csrf(client: TestClient) -> None:
    sign_in(client, "officer")
    r = client.post(URL, json={"text": TEXT})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf_refused"


def test_too_long_text_is_a_clear_400(client: TestClient) -> None:
    csrf = sign_in(client, "officer")
    r = client.post(URL, json={"text": "字" * (MAX_TEXT_CHARS + 1)}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 400
    error = r.json()["error"]
    assert str(MAX_TEXT_CHARS) in error["message"]
    assert error["violations"][0]["field"] == "text"
    # Exactly at the limit is accepted.
    ok = client.post(URL, json={"text": "字" * MAX_TEXT_CHARS}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200


def test_huge_body_is_refused_before_parsing(client: TestClient) -> None:
    csrf = sign_in(client, "officer")
    body = json.dumps({"text": "\\u5b57" * (MAX_TEXT_CHARS * 3)}).encode()
    r = client.post(
        URL,
        content=body,
        headers={"X-CSRF-Token": csrf, "content-type": "application/json"},
    )
    assert r.status_code == 400
    assert "文本过长" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"text": 12}', "text 应为字符串"),
        (b'{"txt": "a"}', "缺少 text 字段"),
        (b"[1, 2]", "JSON 对象"),
        (b'{"text": "a"', "不是有效的 JSON"),
        (b'{"text": "\xff"}', "UTF-8"),
    ],
)
def test_bad_bodies_are_named(client: TestClient, content: bytes, expected: str) -> None:
    csrf = sign_in(client, "officer")
    r = client.post(
        URL, content=content, headers={"X-CSRF-Token": csrf, "content-type": "application/json"}
    )
    assert r.status_code == 400
    assert expected in r.json()["error"]["message"]


def test_the_text_is_never_logged(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    csrf = sign_in(client, "officer")
    with caplog.at_level("DEBUG"):
        client.post(URL, json={"text": TEXT}, headers={"X-CSRF-Token": csrf})
        client.post(URL, json={"text": 5, "x": TEXT}, headers={"X-CSRF-Token": csrf})
    assert "330106197806142510" not in caplog.text
    assert "周建平" not in caplog.text
