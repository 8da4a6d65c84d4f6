"""Access control end to end: sign-in, sessions, CSRF, scope, recorded reads, exports, tokens,
and the policy checked for every route and every role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select

from zhifa.access.model import POLICY, Role
from zhifa.app_context import Context
from zhifa.demo import DEMO_USERS, _id, load_demo
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.clock import FixedClock
from zhifa.ledger.tables import LedgerEntry
from zhifa.registry.tables import OfficerRow
from zhifa.web.app import create_app
from zhifa.web.auth import Allow

USERS = {u.role: u for u in DEMO_USERS}


@pytest.fixture
def app_ctx(ctx: Context) -> Context:
    load_demo(ctx)
    return ctx


@pytest.fixture
def client(app_ctx: Context) -> Iterator[TestClient]:
    with TestClient(create_app(app_ctx)) as c:
        yield c


def login(
    client: TestClient, role: str, *, password: str | None = None, totp: str | None = None
) -> TestClient:
    user = USERS[role]
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    if totp is None and user.totp_secret:
        ctx: Context = client.app.state.context  # type: ignore[attr-defined]
        totp = pyotp.TOTP(user.totp_secret).at(ctx.clock.now())
    r = client.post(
        "/login",
        data={
            "username": user.username,
            "password": password or user.password,
            "totp": totp or "",
            "csrf_token": csrf.group(1),
            "next": "/workbench",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return client


def events(ctx: Context, type_: str) -> list[dict[str, object]]:
    with ctx.read() as s:
        bodies = s.scalars(select(LedgerEntry.body).where(LedgerEntry.event_type == type_)).all()
    return [parse_json(b) for b in bodies]


def csrf_of(client: TestClient) -> str:
    token = client.get("/api/me").json()["csrf_token"]
    assert token
    return str(token)


# ----------------------------------------------------------------------------- sign-in


def test_officer_signs_in_and_sees_the_workbench(client: TestClient, app_ctx: Context) -> None:
    assert client.get("/workbench").status_code == 401
    login(client, "officer")
    page = client.get("/workbench")
    assert page.status_code == 200
    assert "本单位人员与执法证" in page.text
    assert "330" not in page.text or "*" in page.text
    signed = events(app_ctx, "SignedIn")
    assert signed[-1]["data"]["user_id"] == _id("user", 1)  # type: ignore[index]


def test_wrong_password_says_nothing_about_the_account(
    client: TestClient, app_ctx: Context
) -> None:
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    for username in ("wangjianguo", "nobody-here"):
        r = client.post(
            "/login",
            data={"username": username, "password": "wrong-password-1", "csrf_token": csrf},
        )
        assert r.status_code == 401
        assert "用户名或密码不正确" in r.text
    refused = events(app_ctx, "SignInRefused")
    assert [e["data"]["user_id"] for e in refused] == [_id("user", 1), None]  # type: ignore[index]
    # The text typed as a username is never recorded.
    assert "nobody-here" not in str(refused)


def test_sign_in_is_throttled(client: TestClient) -> None:
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    codes = [
        client.post(
            "/login",
            data={"username": "wangjianguo", "password": "bad-password-12", "csrf_token": csrf},
        ).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [401] * 5
    assert codes[5:] == [429, 429]
    # Even the right password is refused while throttled.
    r = client.post(
        "/login",
        data={"username": "wangjianguo", "password": USERS["officer"].password, "csrf_token": csrf},
    )
    assert r.status_code == 429


def test_login_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/login")
    r = client.post(
        "/login",
        data={
            "username": "wangjianguo",
            "password": USERS["officer"].password,
            "csrf_token": "forged",
        },
    )
    assert r.status_code == 403
    assert "zhifa_session" not in client.cookies


@pytest.mark.parametrize("role", ["supervisor", "administrator"])
def test_supervisors_and_administrators_need_totp(client: TestClient, role: str) -> None:
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    user = USERS[role]
    r = client.post(
        "/login",
        data={
            "username": user.username,
            "password": user.password,
            "totp": "000000",
            "csrf_token": csrf,
        },
    )
    assert r.status_code == 401
    assert "动态验证码不正确" in r.text
    login(client, role)
    assert client.get("/supervision").status_code == 200


def test_expired_session_is_refused_and_recorded(client: TestClient, app_ctx: Context) -> None:
    login(client, "officer")
    assert client.get("/workbench").status_code == 200
    assert isinstance(app_ctx.clock, FixedClock)
    app_ctx.clock.advance(timedelta(minutes=31))
    r = client.get("/workbench")
    assert r.status_code == 401
    assert "登录已过期" in r.text
    assert events(app_ctx, "AccessDenied")[-1]["data"]["reason"] == "session_expired"  # type: ignore[index]


def test_tampered_cookie_is_refused_and_recorded(client: TestClient, app_ctx: Context) -> None:
    login(client, "officer")
    tampered = client.cookies["zhifa_session"][:-2] + "xx"
    client.cookies.clear()
    client.cookies.set("zhifa_session", tampered)
    r = client.get("/api/registry/officers")
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "not_signed_in"
    assert events(app_ctx, "AccessDenied")[-1]["data"]["reason"] == "bad_session"  # type: ignore[index]


def test_logout_ends_the_session(client: TestClient) -> None:
    login(client, "officer")
    csrf = csrf_of(client)
    r = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/workbench").status_code == 401


# ----------------------------------------------------------------------------- CSRF and scope


def test_write_without_csrf_is_refused_and_recorded(client: TestClient, app_ctx: Context) -> None:
    login(client, "body_head")
    body = {"status": "suspended", "reason": "测试", "effective": "2026-03-02"}
    r = client.post("/api/registry/credentials/9901202400001/status", json=body)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf_refused"
    assert events(app_ctx, "AccessDenied")[-1]["data"]["reason"] == "csrf"  # type: ignore[index]
    ok = client.post(
        "/api/registry/credentials/9901202400001/status",
        json=body,
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert ok.status_code == 200
    assert ok.json()["status_label"] == "暂扣"


def test_out_of_scope_and_missing_look_the_same(client: TestClient, app_ctx: Context) -> None:
    login(client, "officer")  # body 1
    own = client.get(f"/api/registry/officers/{_id('offi', 2)}")
    assert own.status_code == 200
    assert "*" in own.json()["id_number"]
    other = client.get(f"/api/registry/officers/{_id('offi', 5)}")  # body 2
    missing = client.get("/api/registry/officers/no-such-officer")
    assert other.status_code == missing.status_code == 403
    assert other.json() == missing.json()
    assert [e["data"]["reason"] for e in events(app_ctx, "AccessDenied")][-2:] == ["scope", "scope"]  # type: ignore[index]
    listing = client.get("/api/registry/officers").json()
    with app_ctx.read() as s:
        body1 = {
            o.id for o in s.scalars(select(OfficerRow).where(OfficerRow.body_id == _id("body", 1)))
        }
    assert {o["officer_id"] for o in listing["items"]} == body1


def test_supervisor_sees_the_region_masked(client: TestClient) -> None:
    login(client, "supervisor")
    listing = client.get("/api/registry/officers").json()
    assert listing["count"] == 18
    assert all("*" in o["id_number"] for o in listing["items"])


def test_enterprise_sees_only_its_own_party(client: TestClient) -> None:
    login(client, "enterprise")
    own = client.get(f"/api/registry/parties/{_id('part', 1)}")
    assert own.status_code == 200
    assert own.json()["name"] == "示例市味美餐饮管理有限公司"
    assert client.get(f"/api/registry/parties/{_id('part', 7)}").status_code == 403
    assert client.get("/api/registry/officers").status_code == 403


# ----------------------------------------------------------------------------- personal data


def test_each_clear_read_leaves_a_ledger_entry(client: TestClient, app_ctx: Context) -> None:
    login(client, "officer")
    officer = client.get(f"/api/registry/officers/{_id('offi', 2)}").json()
    before = len(events(app_ctx, "PersonalDataRead"))
    r = client.post(
        "/api/personal/reveal",
        json={"ref": officer["id_number_ref"], "purpose": "核对执法人员身份信息"},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert r.status_code == 200
    assert len(r.json()["value"]) == 18
    assert "*" not in r.json()["value"]
    reads = events(app_ctx, "PersonalDataRead")
    assert len(reads) == before + 1
    data = reads[-1]["data"]
    assert data["subject_id"] == _id("offi", 2)  # type: ignore[index]
    assert data["purpose"] == "核对执法人员身份信息"  # type: ignore[index]
    assert data["user_id"] == _id("user", 1)  # type: ignore[index]


def test_out_of_scope_reveal_is_denied_and_recorded(client: TestClient, app_ctx: Context) -> None:
    login(client, "officer")  # body 1
    with app_ctx.read() as s:
        ref = s.get_one(OfficerRow, _id("offi", 5)).id_number_ref  # body 2
    before = len(events(app_ctx, "PersonalDataRead"))
    r = client.post(
        "/api/personal/reveal",
        json={"ref": ref, "purpose": "随便看看别人的信息"},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert r.status_code == 403
    assert "value" not in r.text
    assert len(events(app_ctx, "PersonalDataRead")) == before
    denied = events(app_ctx, "AccessDenied")[-1]["data"]
    assert denied["action"] == "personal.reveal"  # type: ignore[index]
    assert denied["reason"] == "scope"  # type: ignore[index]


def test_reveal_needs_a_purpose(client: TestClient, app_ctx: Context) -> None:
    login(client, "officer")
    officer = client.get(f"/api/registry/officers/{_id('offi', 2)}").json()
    r = client.post(
        "/api/personal/reveal",
        json={"ref": officer["id_number_ref"], "purpose": ""},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert r.status_code == 400


def test_export_is_watermarked_and_recorded(client: TestClient, app_ctx: Context) -> None:
    login(client, "body_head")
    r = client.get("/api/registry/officers.csv")
    assert r.status_code == 200
    text = r.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("导出人：head.market")
    assert lines[-1] == lines[0]
    assert all("*" in line.split(",")[1] for line in lines[2:-1])
    exported = events(app_ctx, "DataExported")[-1]["data"]
    assert exported["user_id"] == _id("user", 3)  # type: ignore[index]
    assert exported["rows"] == len(lines) - 3  # type: ignore[index]


def test_api_token_for_system_to_system(client: TestClient, app_ctx: Context) -> None:
    login(client, "administrator")
    r = client.post(
        "/api/access/tokens",
        json={"user_id": _id("user", 3), "label": "省级平台对接"},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert r.status_code == 201
    token = r.json()["token"]
    with TestClient(create_app(app_ctx)) as system:
        ok = system.get("/api/registry/officers", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200
        bad = system.get("/api/registry/officers", headers={"Authorization": "Bearer zf_forged"})
        assert bad.status_code == 401
        assert bad.json()["error"]["message"] == "接口令牌无效或已撤销。"
    # Only the token's hash is stored anywhere.
    with app_ctx.read() as s:
        assert token.encode() not in b"".join(s.scalars(select(LedgerEntry.body)))


def test_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


# ----------------------------------------------------------------------------- every route


from zhifa.web.auth import INFRASTRUCTURE  # noqa: E402


def _action(route: RouteContext) -> str | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, Allow):
            return dep.call.action
        stack.extend(dep.dependencies)
    return None


def _routes(app: FastAPI) -> list[RouteContext]:
    """Every route as the app serves it (included routers flattened, with their prefixes and
    router-level dependencies)."""
    return list(iter_route_contexts(app.routes))


def test_every_route_has_a_policy(app_ctx: Context) -> None:
    app = create_app(app_ctx)
    missing = []
    routes = _routes(app)
    assert len([r for r in routes if isinstance(r.original_route, APIRoute)]) > 30
    for route in routes:
        if route.path in INFRASTRUCTURE:
            assert POLICY[INFRASTRUCTURE[route.path]]  # an explicit, named policy
        elif isinstance(route.original_route, APIRoute):
            if _action(route) is None:
                missing.append(f"{sorted(route.methods or ())} {route.path}")
        else:
            missing.append(str(route.path))
    assert not missing, f"routes without a policy: {missing}"


def _path_for(route: RouteContext) -> str:
    values = {
        "officer_id": _id("offi", 2),
        "party_id": _id("part", 1),
        "number": "9901202400002",
        "body_id": _id("body", 1),
        "code": "MR-FOOD-122-01",
        "document_id": _id("bdoc", 1),
        "index": "0",
        "case_id": _id("case", 1),
        "publication_id": _id("publ", 1),
        "complaint_id": _id("comp", 1),
        "year": "2025",
        "finding_id": "F" + "0" * 23,
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], str(route.path))


ROLES = [r for r in Role if r is not Role.PUBLIC]


@pytest.mark.parametrize("role", [*ROLES, Role.PUBLIC])
def test_role_route_matrix(app_ctx: Context, role: Role) -> None:
    app = create_app(app_ctx)
    with TestClient(app) as c:
        if role is not Role.PUBLIC:
            login(c, role.value)
            csrf = csrf_of(c)
        else:
            csrf = ""
        wrong = []
        checked = 0
        for route in _routes(app):
            if not isinstance(route.original_route, APIRoute) or route.path in (
                "/logout",
                *INFRASTRUCTURE,
            ):
                continue
            checked += 1
            action = _action(route)
            assert action is not None
            allowed = role in POLICY[action]
            for method in sorted((route.methods or set()) - {"HEAD"}):
                r = c.request(
                    method, _path_for(route), headers={"X-CSRF-Token": csrf}, follow_redirects=False
                )
                code = (
                    r.json().get("error", {}).get("code")
                    if r.headers.get("content-type", "").startswith("application/json")
                    else None
                )
                refused_by_role = (
                    r.status_code == 401
                    or code == "role_forbidden"
                    or (r.status_code == 403 and "您的角色不能进行此项操作" in r.text)
                )
                if allowed == refused_by_role:
                    wrong.append(f"{method} {route.path} ({action}): {r.status_code} {code}")
        assert checked > 30
        assert not wrong, f"{role}: {wrong}"


def test_public_check_reflects_a_status_change(client: TestClient, app_ctx: Context) -> None:
    import time

    from zhifa.registry.services import change_credential_status

    url = "/api/public/credentials/9901202400001"
    assert client.get(url).json()["status"] == "valid"
    # Through the API: the worker that made the change answers the new status at once.
    login(client, "body_head")
    r = client.post(
        "/api/registry/credentials/9901202400001/status",
        json={"status": "suspended", "reason": "测试暂扣", "effective": "2026-03-02"},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert r.status_code == 200
    assert client.get(url).json()["status"] == "suspended"
    # Changed elsewhere (another worker, the CLI): visible within the cache's second.
    with app_ctx.uow() as uow:
        change_credential_status(
            uow,
            "test",
            "9901202400001",
            "valid",
            reason="恢复",
            effective=app_ctx.clock.now().date(),
        )
        uow.commit()
    time.sleep(app_ctx.settings.public_cache_seconds + 0.1)
    assert client.get(url).json()["status"] == "valid"


def test_public_routes_are_rate_limited(app_ctx: Context) -> None:
    app_ctx.settings.public_browse_rate_limit_per_minute = 3
    with TestClient(create_app(app_ctx)) as c:
        codes = [c.get("/api/public/matters").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = c.get("/api/ledger/entries/0")
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert "访问过于频繁" in limited.json()["error"]["message"]


def test_administrator_registers_and_changes_a_body(client: TestClient, app_ctx: Context) -> None:
    from zhifa.demo import demo_uscc

    login(client, "administrator")
    csrf = {"X-CSRF-Token": csrf_of(client)}
    bad = client.post(
        "/api/registry/bodies",
        json={
            "name": "示例市应急管理局",
            "uscc": "11990100MA00000990",
            "region_code": "990100",
            "level": "city",
            "legal_status": "statutory",
            "fields": ["emergency_management"],
        },
        headers=csrf,
    )
    assert bad.status_code == 400
    assert "统一社会信用代码" in bad.json()["error"]["message"]
    made = client.post(
        "/api/registry/bodies",
        json={
            "name": "示例市应急管理局",
            "uscc": demo_uscc("11", 99),
            "region_code": "990100",
            "level": "city",
            "legal_status": "statutory",
            "fields": ["emergency_management"],
        },
        headers=csrf,
    )
    assert made.status_code == 201
    bid = made.json()["body_id"]
    changed = client.post(
        f"/api/registry/bodies/{bid}/changes",
        json={"reason": "机构改革更名", "name": "示例市应急管理局（示例市地震局）"},
        headers=csrf,
    )
    assert changed.status_code == 200
    public = client.get(f"/public/bodies/{bid}")
    assert "示例市应急管理局（示例市地震局）" in public.text
    reviewers = client.get("/api/registry/officers?legal_reviewer=true").json()
    assert reviewers["count"] == 3
    assert all(o["is_legal_reviewer"] for o in reviewers["items"])


def test_admin_registers_an_officer_through_the_plain_form(
    client: TestClient, app_ctx: Context
) -> None:
    from datetime import date

    from zhifa.demo import demo_id_number

    login(client, "administrator")
    csrf = csrf_of(client)
    page = client.get("/admin/officers")
    assert page.status_code == 200
    assert "登记执法人员" in page.text
    form = {
        "csrf_token": csrf,
        "name": "示例·新同事",
        "id_number": "990100199001010000",  # wrong check digit
        "body_id": _id("body", 1),
        "kind": "officer",
        "training_hours": "16",
    }
    refused = client.post("/admin/officers", data=form)
    assert refused.status_code == 400
    assert "校验码" in refused.text
    assert 'value="示例·新同事"' in refused.text  # what was typed is kept
    form["id_number"] = demo_id_number("990100", date(1990, 1, 1), 777)
    done = client.post("/admin/officers", data=form, follow_redirects=False)
    assert done.status_code == 303
    with app_ctx.read() as s:
        assert s.scalars(select(OfficerRow).where(OfficerRow.name == "示例·新同事")).first()
    # The officer role cannot reach the page at all.
    with TestClient(create_app(app_ctx)) as other:
        login(other, "officer")
        assert other.get("/admin/officers").status_code == 403


def test_user_changes_own_password(client: TestClient, app_ctx: Context) -> None:
    login(client, "officer")
    csrf = csrf_of(client)
    wrong = client.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current": "not-my-password-1",
            "new": "New-password-2027",
            "repeat": "New-password-2027",
        },
    )
    assert wrong.status_code == 400
    assert "当前密码不正确" in wrong.text
    ok = client.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current": USERS["officer"].password,
            "new": "New-password-2027",
            "repeat": "New-password-2027",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert events(app_ctx, "PasswordChanged")[-1]["data"]["user_id"] == _id("user", 1)  # type: ignore[index]
    with TestClient(create_app(app_ctx)) as fresh:
        login(fresh, "officer", password="New-password-2027")
        assert fresh.get("/workbench").status_code == 200


def test_supervision_counts_by_body(client: TestClient) -> None:
    login(client, "supervisor")
    page = client.get("/supervision").text
    # 示例市交通运输局: two officers and one temporary worker; one credential valid, one 暂扣.
    row = re.search(r"<tr><td>示例市交通运输局</td>(.*?)</tr>", page, re.S)
    assert row
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    assert cells == ["示例省示例市", "2", "1", "1", "1", "0", "0"]
    assert "9903202400010" in page
    assert "9905202400016" in page
