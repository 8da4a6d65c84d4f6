"""事前公示 and 亮证核验 on a real database: pages, filters, exports, credentials, rate limit, masking."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import threading
import xml.etree.ElementTree as ET
from datetime import date

import pytest
import segno
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from starlette.requests import Request

from zhifa.app_context import Context
from zhifa.catalog.tables import MatterRow
from zhifa.demo import BODIES, OFFICERS, PARTIES, demo_id_number, load_demo
from zhifa.registry.tables import BodyDocumentRow, CredentialRow
from zhifa.store.engine import write_session
from zhifa.web.app import create_app
from zhifa.web.ratelimit import RateLimiter, client_key, get_rate_limiter

VALID = "9901202400001"  # 示例·王建国, 示例市市场监督管理局
SUSPENDED = "9903202400010"  # 示例·何晓东, suspended from 2026-01-15
EXPIRED = "9905202400016"  # 示例·高建华, valid to 2025-12-31
ENTRUSTED_BODY = "de30body000000000000000000000006"  # 示例县城关镇综合行政执法队
URBAN_BODY = "de30body000000000000000000000002"  # 示例市城市管理综合行政执法局
NOT_OFFICERS = (
    "示例·赵小刚",
    "示例·孙立新",
    "示例·许明辉",
    "示例·梁晨",
)  # auxiliary, grid, temp, 3rd


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_demo(ctx)
    return ctx


@pytest.fixture
def client(demo: Context) -> TestClient:
    return TestClient(create_app(demo))


def _total(html: str) -> int:
    m = re.search(r"共 <strong>(\d+)</strong>", html)
    assert m, "the page states no count"
    return int(m.group(1))


def _rows(html: str, label: str) -> int:
    return html.count(f'data-label="{label}"')


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))


# ---------------------------------------------------------------------------- pages


def test_public_pages_render_in_chinese(client: TestClient) -> None:
    expected = {
        "/public/bodies": [
            "执法主体公示",
            "示例市市场监督管理局",
            "11990100MA0000001Q",
            "示例省示例市",
            "市级",
            "法定行政机关",
            "受委托组织",
        ],
        "/public/officers": [
            "执法人员公示",
            "示例·王建国",
            VALID,
            "示例市市场监督管理局",
            "市场监管",
        ],
        "/public/matters?field=urban_management": [
            "执法事项公示",
            "UM-SW-111-01P",
            "行政处罚",
            "城市管理",
            "《中华人民共和国固体废物污染环境防治法》第一百一十一条",
        ],
        "/public/matters/UM-SW-111-01P": [
            "个人随意倾倒、抛撒、堆放或者焚烧生活垃圾",
            "处罚依据",
            "¥100.00至¥500.00",
            "一般处罚",
            "¥220.00至¥380.00",
            "免罚清单",
            "首违不罚",
            "听证",
            "法制审核",
        ],
        "/public/search?q=示例市交通": ["示例市交通运输局", "执法主体（1）"],
    }
    for path, needles in expected.items():
        r = client.get(path)
        assert r.status_code == 200, path
        assert 'lang="zh-CN"' in r.text
        for needle in needles:
            assert needle in r.text, f"{needle!r} missing from {path}"
    home_search = client.get("/public/search", params={"q": ""})
    assert home_search.status_code == 200
    assert "请输入关键词" in home_search.text


def test_body_filters_and_search(client: TestClient) -> None:
    assert _total(client.get("/public/bodies").text) == len(BODIES)
    assert _total(client.get("/public/bodies", params={"field": "market_regulation"}).text) == 2
    assert _total(client.get("/public/bodies", params={"legal_status": "entrusted"}).text) == 1
    # A region covers its districts and counties.
    assert _total(client.get("/public/bodies", params={"region": "990100"}).text) == len(BODIES)
    district = client.get("/public/bodies", params={"region": "990102"}).text
    assert _total(district) == 1
    assert "示例市东城区市场监督管理局" in district
    assert "示例市交通运输局" not in district
    found = client.get("/public/bodies", params={"q": "交通"}).text
    assert _total(found) == 1
    assert "示例市交通运输局" in found
    # An empty select (全部) is no filter.
    assert _total(client.get("/public/bodies?field=&region=&legal_status=&q=").text) == len(BODIES)
    api = client.get("/api/public/bodies", params={"field": "urban_management"}).json()
    assert api["total"] == 2
    assert {b["name"] for b in api["items"]} == {
        "示例市城市管理综合行政执法局",
        "示例县城关镇综合行政执法队",
    }
    entrusted = next(b for b in api["items"] if b["legal_status"] == "entrusted")
    assert entrusted["legal_status_label"] == "受委托组织"
    assert entrusted["region"] == "示例省示例市示例县"
    assert entrusted["entrusting_body_id"] == URBAN_BODY


def test_bad_filters_are_400_with_a_chinese_message(client: TestClient) -> None:
    for path in (
        "/public/bodies?field=nonsense",
        "/public/bodies?region=12",
        "/public/bodies?region=123456",
        "/public/bodies?legal_status=private",
        "/public/bodies?page=0",
        "/public/officers?body=nobody",
        "/public/matters?kind=fine",
    ):
        r = client.get(path)
        assert r.status_code == 400, path
        assert "text/html" in r.headers["content-type"]
        assert "请求有误" in r.text
    page = client.get("/public/matters?field=nonsense").text
    assert "执法领域“nonsense”不是可选值" in page
    assert "market_regulation（市场监管）" in page
    for path in (
        "/api/public/bodies?field=nonsense",
        "/api/public/bodies?format=xls",
        "/api/public/officers?field=x",
        "/api/public/matters?kind=x",
    ):
        r = client.get(path)
        assert r.status_code == 400, path
        error = r.json()["error"]
        assert error["code"] in ("invalid_input", "invalid_request")
        assert re.search(r"[\u4e00-\u9fff]", error["message"]), error


def test_unknown_ids_are_404(client: TestClient) -> None:
    for path, message in (
        ("/public/bodies/nobody", "执法主体“nobody”不存在"),
        ("/public/matters/NO-SUCH", "执法事项 NO-SUCH 不存在"),
        ("/public/documents/nodoc", "该公开文件不存在"),
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert message in r.text
    api = client.get("/api/public/matters/NO-SUCH")
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "not_found"


def test_entrusted_body_page_names_its_entrusting_body_officers_and_documents(
    demo: Context, client: TestClient
) -> None:
    page = client.get(f"/public/bodies/{ENTRUSTED_BODY}")
    assert page.status_code == 200
    text = page.text
    assert "示例县城关镇综合行政执法队" in text
    assert "委托机关" in text
    assert f'<a href="/public/bodies/{URBAN_BODY}">示例市城市管理综合行政执法局</a>' in text
    for code in ("CG-SR-001", "CG-SR-002"):
        assert code in text
    assert "示例·罗国庆" in text
    assert "示例·梁晨" not in text  # third-party staff
    with demo.read() as s:
        doc = s.scalars(
            select(BodyDocumentRow).where(BodyDocumentRow.body_id == ENTRUSTED_BODY)
        ).one()
    assert f"/public/documents/{doc.id}" in text
    assert doc.title in text
    file = client.get(f"/public/documents/{doc.id}")
    assert file.status_code == 200
    assert file.headers["content-type"] == "text/plain; charset=utf-8"
    assert hashlib.sha256(file.content).hexdigest() == doc.sha256
    assert "行政处罚一般程序流程" in file.content.decode("utf-8")
    assert file.headers["x-content-type-options"] == "nosniff"
    # A statutory body has no 委托 section.
    assert "委托机关" not in client.get(f"/public/bodies/{URBAN_BODY}").text


def test_officers_list_only_enforcement_officers_with_a_credential_in_force(
    demo: Context, client: TestClient
) -> None:
    # The registry refuses a credential for auxiliary staff; a row imported from an older
    # system may still hold one. The list must not show such a person either.
    with write_session(demo.session_factory) as s:
        s.add(
            CredentialRow(
                number="9901202400004",
                officer_id="de30offi000000000000000000000004",  # 示例·赵小刚, auxiliary
                fields=["market_regulation"],
                region_codes=["990100"],
                valid_from=date(2024, 1, 1),
                valid_to=date(2029, 12, 31),
                status="valid",
                last_entry=0,
            )
        )
    api = client.get("/api/public/officers").json()
    names = {o["name"] for o in api["items"]}
    credentialed = {
        name for _n, name, _b, kind, *_r, cred in OFFICERS if kind == "officer" and cred
    }
    # 何晓东's credential is suspended, 高建华's expired: neither may enforce today.
    assert names == credentialed - {"示例·何晓东", "示例·高建华"}
    assert api["total"] == len(names) == 12
    for name in NOT_OFFICERS:
        assert name not in names
    # Nothing but the public fields.
    for item in api["items"]:
        assert set(item) == {
            "name",
            "credential_number",
            "body_id",
            "body",
            "fields",
            "field_labels",
        }
    page = client.get("/public/officers").text
    assert _total(page) == 12
    for name in (*NOT_OFFICERS, "示例·何晓东", "示例·高建华"):
        assert name not in page
    for name in NOT_OFFICERS:
        assert _total(client.get("/public/officers", params={"q": name}).text) == 0
        assert client.get("/api/public/officers", params={"q": name}).json()["total"] == 0


def test_officer_filters_and_search(client: TestClient) -> None:
    by_body = client.get("/public/officers", params={"body": URBAN_BODY}).text
    assert _total(by_body) == 3
    assert "示例·周海涛" in by_body
    assert "示例·王建国" not in by_body
    assert _total(client.get("/public/officers", params={"field": "ecology_environment"}).text) == 3
    by_number = client.get("/public/officers", params={"q": VALID}).text
    assert _total(by_number) == 1
    assert "示例·王建国" in by_number
    assert f'href="/verify/credential/{VALID}"' in by_number
    by_prefix = client.get("/api/public/officers", params={"q": "990120240000"}).json()
    assert by_prefix["total"] == 3
    by_name = client.get("/api/public/officers", params={"q": "李晓梅"}).json()
    assert [o["credential_number"] for o in by_name["items"]] == ["9901202400002"]
    both = client.get(
        "/api/public/officers", params={"body": URBAN_BODY, "field": "market_regulation"}
    ).json()
    assert both["total"] == 0


def test_matter_filters_detail_and_pagination(demo: Context, client: TestClient) -> None:
    with demo.read() as s:
        all_matters = s.scalar(select(func.count()).select_from(MatterRow)) or 0
        transport_penalties = (
            s.scalar(
                select(func.count())
                .select_from(MatterRow)
                .where(MatterRow.field == "transport", MatterRow.kind == "penalty")
            )
            or 0
        )
    assert all_matters > 50, "the demo catalog should need a second page"
    first = client.get("/public/matters").text
    assert _total(first) == all_matters
    assert _rows(first, "事项编码") == 50
    assert 'href="/public/matters?page=2"' in first
    assert 'rel="prev"' not in first
    second = client.get("/public/matters", params={"page": 2}).text
    assert _rows(second, "事项编码") == all_matters - 50
    assert 'href="/public/matters"' in second
    assert 'rel="prev"' in second
    filtered = client.get("/public/matters", params={"field": "transport", "kind": "penalty"}).text
    assert _total(filtered) == transport_penalties > 0
    assert "/api/public/matters?field=transport&amp;kind=penalty&amp;format=csv" in filtered
    found = client.get("/api/public/matters", params={"q": "固体废物污染环境防治法"}).json()
    assert found["total"] >= 2
    assert all("固体废物污染环境防治法" in "".join(m["citations"]) for m in found["items"])

    detail = client.get("/api/public/matters/UM-SW-111-01P").json()
    assert detail["kind_label"] == "行政处罚"
    assert detail["fine_range"]["description"] == "¥100.00至¥500.00"
    assert [t["label"] for t in detail["tiers"]] == ["从轻处罚", "一般处罚", "从重处罚"]
    assert detail["exemptions"][0]["label"] == "首违不罚"
    assert detail["bases"][0]["citation"].startswith("《中华人民共和国固体废物污染环境防治法》")
    assert detail["hearing_triggers"]
    assert detail["major_criteria"]


def test_csv_exports_have_bom_chinese_header_and_every_row(client: TestClient) -> None:
    cases = {
        "/api/public/bodies": [
            "执法主体名称",
            "统一社会信用代码",
            "所在地区",
            "层级",
            "主体资格",
            "执法领域",
            "状态",
        ],
        "/api/public/officers": ["姓名", "执法证号", "执法主体", "执法领域"],
        "/api/public/matters": ["事项编码", "事项名称", "职权类型", "执法领域", "法律依据"],
    }
    for path, header in cases.items():
        total = client.get(path).json()["total"]
        r = client.get(path, params={"format": "csv"})
        assert r.status_code == 200
        assert r.headers["content-type"] == "text/csv; charset=utf-8"
        assert "attachment" in r.headers["content-disposition"]
        rows = _csv(r.content)
        assert rows[0] == header
        assert len(rows) == total + 1, path
    # The export is of the filtered list, not of one page.
    matters = _csv(client.get("/api/public/matters", params={"format": "csv"}).content)
    assert len(matters) - 1 > 50
    urban = _csv(
        client.get("/api/public/officers", params={"format": "csv", "body": URBAN_BODY}).content
    )
    assert len(urban) == 4
    assert {row[2] for row in urban[1:]} == {"示例市城市管理综合行政执法局"}


def test_search_spans_bodies_officers_and_matters(client: TestClient) -> None:
    page = client.get("/public/search", params={"q": "城市管理"}).text
    assert "示例市城市管理综合行政执法局" in page
    assert "执法事项（" in page
    by_number = client.get("/public/search", params={"q": VALID}).text
    assert "示例·王建国" in by_number
    assert f"/verify/credential/{VALID}" in by_number
    waste = client.get("/public/search", params={"q": "生活垃圾"}).text
    assert "个人随意倾倒、抛撒、堆放或者焚烧生活垃圾" in waste
    assert "执法主体（0）" in waste


# ---------------------------------------------------------------------------- 亮证核验


def test_valid_credential_may_enforce(client: TestClient) -> None:
    page = client.get(f"/verify/credential/{VALID}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert '<span class="status big ok">有效</span>' in page.text
    assert "该执法人员现在可以执法" in page.text
    for text in ("示例·王建国", "示例市市场监督管理局", "市场监管", "2029年12月31日", "执法证有效"):
        assert text in page.text
    body = client.get(f"/api/public/credentials/{VALID}").json()
    assert body["status"] == "valid"
    assert body["status_label"] == "有效"
    assert body["may_enforce"] is True


def test_suspended_credential_says_so(client: TestClient) -> None:
    page = client.get(f"/verify/credential/{SUSPENDED}").text
    assert '<span class="status big bad">暂扣</span>' in page
    assert "该执法人员现在不得执法" in page
    assert "2026年1月15日" in page
    assert "有权拒绝接受调查或者检查" in page
    body = client.get(f"/api/public/credentials/{SUSPENDED}").json()
    assert body["status"] == "suspended"
    assert body["status_label"] == "暂扣"
    assert body["may_enforce"] is False


def test_expired_credential_says_so(client: TestClient) -> None:
    page = client.get(f"/verify/credential/{EXPIRED}").text
    assert '<span class="status big bad">过期</span>' in page
    assert "该执法人员现在不得执法" in page
    body = client.get(f"/api/public/credentials/{EXPIRED}").json()
    assert (body["status"], body["may_enforce"]) == ("expired", False)


def test_unknown_credential_is_a_plain_404(client: TestClient) -> None:
    page = client.get("/verify/credential/0000000000000")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "未查到执法证号“0000000000000”" in page.text
    assert "12345" in page.text
    api = client.get("/api/public/credentials/0000000000000")
    assert api.status_code == 404
    error = api.json()["error"]
    assert error["code"] == "not_found"
    assert "未查到执法证号" in error["message"]
    assert client.get("/verify/credential/0000000000000/qr.svg").status_code == 404


def test_verify_form_redirects_to_the_number_only(client: TestClient) -> None:
    r = client.get("/verify/credential", params={"number": f" {VALID} "}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/verify/credential/{VALID}"
    # Full-width digits and spaces from a phone keyboard.
    typed = "９９０１ ２０２４ ００００１"
    r = client.get("/verify/credential", params={"number": typed}, follow_redirects=False)
    assert r.headers["location"] == f"/verify/credential/{VALID}"
    empty = client.get("/verify/credential", params={"number": " "}, follow_redirects=False)
    assert empty.status_code == 303
    assert empty.headers["location"].startswith("/verify")
    assert "有效" in client.get("/verify/credential", params={"number": VALID}).text


def _svg_modules(svg: bytes) -> set[tuple[int, int]]:
    """The dark modules segno's SVG path draws: "M x y", "m dx dy", "h n" commands."""
    root = ET.fromstring(svg)
    # The dark modules are the stroked path; a filled one is the white background.
    paths = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if "stroke" in p.attrib]
    assert len(paths) == 1
    path = paths[0]
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for cmd, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path.attrib["d"]):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(x) + i, int(y)) for i in range(int(float(a))))
            x += float(a)
    return dark


def _qr_modules(url: str, error: str, boost: bool, border: int = 4) -> set[tuple[int, int]]:
    qr = segno.make(url, error=error, micro=False, boost_error=boost)
    return {
        (c + border, r + border) for r, row in enumerate(qr.matrix) for c, v in enumerate(row) if v
    }


def _encodes(svg: bytes, url: str) -> bool:
    modules = _svg_modules(svg)
    return any(_qr_modules(url, e, b) == modules for e in "lmqh" for b in (True, False))


def test_qr_code_encodes_the_verification_page_url(client: TestClient) -> None:
    expected = f"http://testserver/verify/credential/{SUSPENDED}"
    page = client.get(f"/verify/credential/{SUSPENDED}").text
    assert f'<img src="/verify/credential/{SUSPENDED}/qr.svg"' in page
    assert f'<a class="verify-url" href="{expected}">{expected}</a>' in page
    r = client.get(f"/verify/credential/{SUSPENDED}/qr.svg")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in r.content
    assert ET.fromstring(r.content).tag == "{http://www.w3.org/2000/svg}svg"
    assert _encodes(r.content, expected)
    assert not _encodes(r.content, f"http://testserver/verify/credential/{VALID}")


# ---------------------------------------------------------------------------- rate limit


def _tiny_limit(ctx: Context, limit: int) -> tuple[FastAPI, RateLimiter]:
    app = create_app(ctx)
    now = [1000.0]
    limiter = RateLimiter(limit, 60.0, clock=lambda: now[0])
    app.dependency_overrides[get_rate_limiter] = lambda: limiter
    return app, limiter


def test_rate_limit_refuses_with_429_and_retry_after(demo: Context) -> None:
    app, _limiter = _tiny_limit(demo, 3)
    client = TestClient(app)
    assert client.get(f"/api/public/credentials/{VALID}").status_code == 200
    assert client.get("/api/public/credentials/0000000000000").status_code == 404  # counts too
    assert client.get(f"/verify/credential/{SUSPENDED}").status_code == 200
    api = client.get(f"/api/public/credentials/{VALID}")
    assert api.status_code == 429
    assert int(api.headers["retry-after"]) >= 1
    assert "查询过于频繁" in api.json()["error"]["message"]
    page = client.get(f"/verify/credential/{VALID}")
    assert page.status_code == 429
    assert "retry-after" in page.headers
    assert "请求过于频繁" in page.text
    assert client.get(f"/verify/credential/{VALID}/qr.svg").status_code == 429
    # The public lists are not limited.
    assert client.get("/public/officers").status_code == 200


def test_rate_limit_comes_from_settings(demo: Context) -> None:
    demo.settings.public_rate_limit_per_minute = 2
    client = TestClient(create_app(demo))
    codes = [client.get(f"/api/public/credentials/{VALID}").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_rate_limiter_refills_evicts_and_is_thread_safe() -> None:
    now = [0.0]
    limiter = RateLimiter(60, 60.0, max_keys=100, clock=lambda: now[0])
    assert all(limiter.hit("a") is None for _ in range(60))
    wait = limiter.hit("a")
    assert wait is not None
    assert 0 < wait <= 1.0
    assert limiter.hit("b") is None  # another client has its own bucket
    now[0] += 1.0  # one token back per second at 60/minute
    assert limiter.hit("a") is None
    assert limiter.hit("a") is not None
    for i in range(1000):
        limiter.hit(f"10.0.{i // 256}.{i % 256}")
    assert len(limiter) == 100
    assert RateLimiter(0).hit("x") is None  # 0 turns limiting off
    with pytest.raises(ValueError, match="limit"):
        RateLimiter(-1)

    shared = RateLimiter(50, 60.0, clock=lambda: 0.0)
    allowed: list[int] = []

    def worker() -> None:
        allowed.append(sum(shared.hit("same") is None for _ in range(20)))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(allowed) == 50


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::7", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
    ],
)
def test_client_key_groups_ipv6_by_64(host: str, key: str) -> None:
    request = Request({"type": "http", "client": (host, 50000), "headers": []})
    assert client_key(request) == key


# ---------------------------------------------------------------------------- masking


def _personal_strings() -> list[str]:
    regions = {b.n: b.region for b in BODIES}
    out = [demo_id_number(regions[body_n], born, n) for n, _nm, body_n, *_r, born, _c in OFFICERS]
    for n, kind, name, region in PARTIES:
        out.append(demo_id_number(region, date(1975 + n, n, 10 + n), 100 + n))
        out.append(f"1380000{n:04d}")
        out.append(f"示例市示例路{n}号")
        if kind == "natural_person":
            out.append(name)
    return out


def test_no_personal_data_in_any_public_page_or_api(demo: Context, client: TestClient) -> None:
    with demo.read() as s:
        docs = list(s.scalars(select(BodyDocumentRow.id)))
        codes = list(s.scalars(select(MatterRow.code).limit(5)))
    numbers = [f"99{b:02d}2024{n:05d}" for n, _nm, b, *_r, cred in OFFICERS if cred]
    paths = [
        "/public/bodies",
        "/public/officers",
        "/public/matters",
        "/public/search?q=示例",
        "/public/search?q=99",
        "/api/public/bodies",
        "/api/public/officers",
        "/api/public/matters",
        "/api/public/bodies?format=csv",
        "/api/public/officers?format=csv",
        "/api/public/matters?format=csv",
        *(f"/public/bodies/de30body{n:024d}" for n in range(1, len(BODIES) + 1)),
        *(f"/public/documents/{d}" for d in docs),
        *(f"/public/matters/{c}" for c in codes),
        *(f"/api/public/matters/{c}" for c in codes),
    ]
    app = create_app(demo)
    app.dependency_overrides[get_rate_limiter] = lambda: RateLimiter(0)
    unlimited = TestClient(app)
    for number in numbers:
        paths += [f"/verify/credential/{number}", f"/api/public/credentials/{number}"]
    secrets = _personal_strings()
    assert len(secrets) > 20
    for path in paths:
        r = unlimited.get(path)
        assert r.status_code == 200, path
        text = r.content.decode("utf-8")
        for secret in secrets:
            assert secret not in text, f"personal data {secret[:4]}… leaked on {path}"
        # No 18-character ID number of any shape (17 digits and a check character).
        assert not re.search(r"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])", text), path
    # The ordinary client is still usable (no limiter exhaustion in this test).
    assert client.get("/public/bodies").status_code == 200
