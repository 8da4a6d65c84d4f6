"""The service on a real database: health, pages, error handling, demo idempotence."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from zhifa.app_context import Context, initialise
from zhifa.demo import load_demo
from zhifa.ledger.tables import LedgerEntry, LedgerState
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow, PartyRow
from zhifa.web.app import create_app


def _counts(ctx: Context) -> tuple[int, ...]:
    with ctx.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (BodyRow, OfficerRow, CredentialRow, PartyRow, LedgerEntry)
        )


def test_healthz_reports_backend(ctx: Context) -> None:
    client = TestClient(create_app(ctx))
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == ctx.engine.url.get_backend_name()
    assert body["database"] in ("sqlite", "postgresql")
    assert body["ledger"]["algorithm"] == "sha256"


def test_openapi_docs_and_static_are_local(ctx: Context) -> None:
    client = TestClient(create_app(ctx))
    assert client.get("/openapi.json").json()["info"]["title"].startswith("zhifa")
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower()
    assert "/static-offline-docs/swagger-ui-bundle.js" in docs
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    css = client.get("/static/zhifa.css")
    assert css.status_code == 200
    assert "--brand" in css.text


def test_four_doors_in_chinese(ctx: Context) -> None:
    client = TestClient(create_app(ctx))
    home = client.get("/")
    assert home.status_code == 200
    for label in ("公示", "核验", "工作台", "监督"):
        assert f">{label}</a>" in home.text
    verify = client.get("/verify")
    assert verify.status_code == 200
    assert 'lang="zh-CN"' in verify.text
    # The staff doors ask the public to sign in, in Chinese, with a way to do so.
    for path in ("/workbench", "/supervision"):
        r = client.get(path)
        assert r.status_code == 401
        assert 'lang="zh-CN"' in r.text
        assert "请先登录" in r.text
        assert f'href="/login?next={path}"' in r.text


def test_unknown_page_is_a_chinese_page_and_api_is_json(ctx: Context) -> None:
    client = TestClient(create_app(ctx))
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "不存在" in page.text
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "http_404"


def test_demo_is_idempotent(ctx: Context) -> None:
    first = load_demo(ctx)
    assert first.startswith("已载入")
    after_first = _counts(ctx)
    assert after_first[0] >= 4
    assert after_first[1] >= 10
    assert after_first[3] >= 6
    second = load_demo(ctx)
    assert "无需重复载入" in second
    assert _counts(ctx) == after_first


def test_upgrade_twice_keeps_ledger(ctx: Context) -> None:
    load_demo(ctx)
    with ctx.read() as s:
        size = s.get_one(LedgerState, 1).size
    initialise(ctx)
    with ctx.read() as s:
        assert s.get_one(LedgerState, 1).size == size


def test_demo_holds_no_clear_id_numbers(ctx: Context) -> None:
    load_demo(ctx)
    with ctx.read() as s:
        bodies = b"".join(s.scalars(select(LedgerEntry.body)))
    # Every demo ID number starts with the fictional 99 prefix and has 18 characters;
    # none may appear in the ledger's bytes (events carry commitments).
    from zhifa.demo import BODIES, OFFICERS, demo_id_number

    regions = {b.n: b.region for b in BODIES}
    for n, _name, body_n, *_rest, born, _cred in OFFICERS:
        assert demo_id_number(regions[body_n], born, n).encode() not in bodies
