"""The decision portal and the releaser's pages over HTTP: search with hostile queries,
a decision with its ledger proof, open data, and release and withdrawal by the body head."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.integration.test_access import csrf_of, login
from tests.integration.test_case_lifecycle import CASE
from tests.integration.test_publication import (
    ID_NUMBER,
    NAME,
    OTHER,
    PHONE,
    at,
    person_case,
)

from zhifa.app_context import Context
from zhifa.demo import load_demo
from zhifa.disclosure import services as svc
from zhifa.disclosure.tables import PublicationRow
from zhifa.ledger.tables import LedgerEntry
from zhifa.web.app import create_app


@pytest.fixture
def portal(ctx: Context) -> Context:
    """Two served decisions of the market regulation bureau: one published, one due."""
    load_demo(ctx)
    person_case(ctx)
    person_case(ctx, OTHER, n=2)
    svc.sweep_publications(ctx)
    with ctx.read() as s:
        first = s.scalars(select(PublicationRow.id).where(PublicationRow.case_id == CASE)).one()
    with ctx.uow() as uow:
        svc.publish(uow, ctx.pii, first, actor="user:test", at=at(date(2026, 3, 30)))
        uow.commit()
    ctx.clock.set(at(date(2026, 3, 31)))  # type: ignore[attr-defined]
    ctx.checkpointer.flush()
    return ctx


@pytest.fixture
def client(portal: Context) -> Iterator[TestClient]:
    with TestClient(create_app(portal)) as c:
        yield c


def _id(ctx: Context, case_id: str) -> str:
    with ctx.read() as s:
        return s.scalars(select(PublicationRow.id).where(PublicationRow.case_id == case_id)).one()


HOSTILE = [
    '"',
    '""全市',
    "*",
    "全市*",
    "NEAR(全市 第一)",
    "(",
    ")",
    "AND",
    "全市 OR 广告",
    "NOT 广告",
    "^全市",
    "search_text:全市",
    "publication_id:1",
    "%",
    "_",
    "\\",
    "'; DROP TABLE publications; --",
    "\x00",
    "\u202e全市",
    "ＡＮＤ",
    "💥💥💥",
]


def test_hostile_queries_are_answered_safely(client: TestClient) -> None:
    for q in HOSTILE:
        page = client.get("/public/decisions", params={"q": q})
        assert page.status_code == 200, (q, page.text[:300])
        api = client.get("/api/public/decisions", params={"q": q})
        assert api.status_code == 200, q
        assert isinstance(api.json()["items"], list)
    # Syntax characters are searched for literally: the decision text has 全市第一.
    found = client.get("/api/public/decisions", params={"q": '全市第一" OR "x'}).json()
    assert found["total"] == 0
    assert client.get("/api/public/decisions", params={"q": "“全市第一”"}).json()["total"] == 1


def test_search_finds_and_filters(client: TestClient, portal: Context) -> None:
    page = client.get("/public/decisions", params={"q": "全市第一"})
    assert "示市监罚〔2026〕9号" in page.text
    assert "示市监罚〔2026〕10号" not in page.text  # still due: not public
    assert NAME not in page.text
    assert PHONE not in page.text
    assert "示市监罚〔2026〕9号" in client.get("/public/decisions", params={"q": "全市"}).text
    none = client.get("/public/decisions", params={"q": "全市第一", "kind": "warning"})
    assert "没有符合条件的执法决定" in none.text
    assert client.get("/public/decisions", params={"field": "market_regulation"}).status_code == 200


def test_long_query_and_bad_filters_are_explained_not_failed(client: TestClient) -> None:
    # 10,000 characters (ASCII: the test client caps a URL at 64 KiB once percent-encoded).
    long = client.get("/public/decisions", params={"q": "a" * 10_000})
    assert long.status_code == 200
    assert "搜索词过长（10000 个字符）" in long.text
    api = client.get("/api/public/decisions", params={"q": "价格" * 3_000})
    assert api.status_code == 200
    assert "搜索词过长" in api.json()["notices"][0]
    huge = client.get("/public/decisions", params={"q": "a" * 30_000})
    assert huge.status_code == 400
    assert "内容过长" in huge.text
    bad = client.get(
        "/public/decisions", params={"field": "bogus", "from": "2026-13-01", "kind": "x"}
    )
    assert bad.status_code == 200
    assert "执法领域“bogus”不是可选值" in bad.text
    assert "不是有效日期" in bad.text
    assert "示市监罚〔2026〕9号" in bad.text  # the bad filters were ignored


def test_decision_page_shows_its_proof(client: TestClient, portal: Context) -> None:
    pid = _id(portal, CASE)
    page = client.get(f"/public/decisions/{pid}")
    assert page.status_code == 200
    assert "行政处罚决定书（公开版）" in page.text
    assert "已核验：记录在账本中" in page.text
    assert "包含性证明</dt><dd>通过" in page.text
    for value in (NAME, ID_NUMBER, PHONE, "12号3幢"):
        assert value not in page.text
    api = client.get(f"/api/public/decisions/{pid}").json()
    assert api["proof"]["status"] == "verified"
    assert api["party"] == "张某某"
    assert client.get(f"/public/decisions/{_id(portal, OTHER)}").status_code == 404  # due
    assert client.get("/public/decisions/nope").status_code == 404
    assert client.get("/api/public/decisions/nope").status_code == 404


def test_open_data_json_and_csv(client: TestClient) -> None:
    data = client.get("/api/public/decisions").json()
    assert data["total"] == 1
    assert data["next"] is None
    item = data["items"][0]
    assert item["number"] == "示市监罚〔2026〕9号"
    assert item["fine_fen"] == 100000
    assert item["penalty_kinds"] == ["fine"]
    assert item["published_on"] == "2026-03-30"
    assert len(item["text_sha256"]) == 64
    r = client.get("/api/public/decisions", params={"format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["x-total-count"] == "1"
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "公开编号"
    assert rows[1][2] == "示市监罚〔2026〕9号"
    assert rows[1][10] == "1000.00"
    paged = client.get("/api/public/decisions", params={"limit": 0})
    assert paged.status_code == 400


def _count(ctx: Context, event_type: str) -> int:
    with ctx.read() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(LedgerEntry)
                .where(LedgerEntry.event_type == event_type)
            )
            or 0
        )


def test_head_reviews_reveals_publishes_and_withdraws(client: TestClient, portal: Context) -> None:
    pid = _id(portal, OTHER)
    assert client.get(f"/workbench/publications/{pid}").status_code == 401
    login(client, "body_head")
    tasks = client.get("/workbench/publications")
    assert tasks.status_code == 200
    assert "示市监罚〔2026〕10号" in tasks.text
    page = client.get(f"/workbench/publications/{pid}")
    assert page.status_code == 200
    assert "［姓名］" in page.text
    assert "［电话］" in page.text
    assert NAME not in page.text
    assert PHONE not in page.text
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', page.text)
    assert digest

    csrf = csrf_of(client)
    refused = client.post(
        f"/workbench/publications/{pid}/reveal", data={"csrf_token": csrf, "purpose": ""}
    )
    assert refused.status_code == 400
    assert "须写明用途" in refused.text
    reads = _count(portal, "PersonalDataRead")
    shown = client.post(
        f"/workbench/publications/{pid}/reveal",
        data={"csrf_token": csrf, "purpose": "公开前核对脱敏结果"},
    )
    assert shown.status_code == 200
    assert NAME in shown.text
    assert _count(portal, "PersonalDataRead") > reads

    done = client.post(
        f"/workbench/publications/{pid}/publish",
        data={"csrf_token": csrf, "digest": digest.group(1)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert client.get(f"/public/decisions/{pid}").status_code == 200

    empty = client.post(
        f"/workbench/publications/{pid}/withdraw",
        data={"csrf_token": csrf, "reason": "", "cause": "revoked"},
    )
    assert empty.status_code == 400
    assert "撤回公开必须说明理由" in empty.text
    assert "第四十八条" in empty.text
    gone = client.post(
        f"/workbench/publications/{pid}/withdraw",
        data={"csrf_token": csrf, "reason": "行政复议决定撤销本决定。", "cause": "revoked"},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    public = client.get(f"/public/decisions/{pid}")
    assert "本决定已撤回公开" in public.text
    assert "行政复议决定撤销本决定。" in public.text
    assert "决定书（公开版）" not in public.text

    # Asking to publish a case that has not been decided: a refusal naming the article.
    refused = client.post(
        "/workbench/publications/request", data={"csrf_token": csrf, "case_id": "nope"}
    )
    assert refused.status_code == 403


def test_auto_release_setting_and_officer_limits(client: TestClient, portal: Context) -> None:
    pid = _id(portal, OTHER)
    login(client, "officer")
    assert client.get(f"/workbench/publications/{pid}").status_code == 200
    r = client.post(
        f"/workbench/publications/{pid}/publish", data={"csrf_token": csrf_of(client), "digest": ""}
    )
    assert r.status_code == 403
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    login(client, "body_head")
    r = client.post(
        "/workbench/publications/settings",
        data={"csrf_token": csrf_of(client), "auto_release": "on"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert svc.sweep_publications(portal).auto_published == 1
