"""The decision portal in a real browser (Debian's chromium through Playwright), on a phone:
search, open a decision, see that the ledger proves it; a withdrawn one shows its notice.

Outside CI the test is skipped when chromium or Playwright is missing; with CI=true it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, require_browser, serving

from zhifa.app_context import build_context, initialise
from zhifa.demo import load_demo, load_demo_cases
from zhifa.disclosure.demo import publish_demo
from zhifa.disclosure.tables import PublicationRow
from zhifa.kernel.clock import FixedClock
from zhifa.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
SCREENSHOT = Path("/tmp/zhifa-decision.png")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The real app under uvicorn, with the demo jurisdiction's published decisions."""
    settings = Settings(
        mode="test", data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'zhifa.db'}"
    )
    ctx = build_context(settings, clock=FixedClock(T0))
    initialise(ctx)
    load_demo(ctx)
    load_demo_cases(ctx, per_body=20)
    publish_demo(ctx)
    ctx.checkpointer.flush()
    with ctx.read() as s:
        published = s.scalars(
            select(PublicationRow)
            .where(
                PublicationRow.status == "published", PublicationRow.field == "market_regulation"
            )
            .order_by(PublicationRow.published_on.desc())
        ).first()
        withdrawn = s.scalars(
            select(PublicationRow).where(PublicationRow.status == "withdrawn")
        ).first()
        assert published is not None
        assert withdrawn is not None
        known = {
            "number": published.number,
            "id": published.id,
            "withdrawn_id": withdrawn.id,
            "reason": withdrawn.withdrawal_reason or "",
        }
    with serving(ctx) as url:
        yield url, known
    ctx.engine.dispose()


def test_citizen_searches_opens_a_decision_and_sees_its_proof(
    server: tuple[str, dict[str, str]],
) -> None:
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    base, known = server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(
                viewport=PHONE,
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
                locale="zh-CN",
            )
            page = context.new_page()
            page.goto(f"{base}/public/decisions")
            expect(page.get_by_role("heading", name="行政执法决定公开")).to_be_visible()

            # Search by the decision's number, with a stray FTS operator typed in.
            page.get_by_label("关键词（文号、当事人、事实、依据……）").fill(f"{known['number']} *")
            page.get_by_role("button", name="检索").click()
            expect(page.locator("#results li")).not_to_have_count(0)
            page.get_by_role("link", name=known["number"]).first.click()
            expect(page).to_have_url(f"{base}/public/decisions/{known['id']}")
            expect(page.get_by_role("heading", name=known["number"])).to_be_visible()
            expect(page.locator("#decision-text")).to_contain_text("（公开版）")
            expect(page.locator("#proof-status")).to_have_text("已核验：记录在账本中")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.screenshot(path=str(SCREENSHOT), full_page=True)

            # Field filter by the select, then a withdrawn decision shows its notice.
            page.goto(f"{base}/public/decisions")
            page.get_by_label("执法领域").select_option("market_regulation")
            page.get_by_role("button", name="检索").click()
            expect(page.locator("#results li")).not_to_have_count(0)
            page.goto(f"{base}/public/decisions/{known['withdrawn_id']}")
            expect(page.get_by_role("heading", name="本决定已撤回公开")).to_be_visible()
            expect(page.get_by_text(known["reason"])).to_be_visible()
            expect(page.locator("#decision-text")).to_have_count(0)
            expect(page.locator("#proof-status")).to_have_text("已核验：记录在账本中")
            context.close()
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
