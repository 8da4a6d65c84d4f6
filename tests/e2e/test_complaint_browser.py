"""投诉举报 in a real browser on a phone: Debian's chromium through Playwright against a running
server — fill the form, get the tracking code, track it; a refused form keeps what was typed.

Outside CI the test is skipped when chromium or Playwright is missing; with CI=true it fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, require_browser, serving

from zhifa.app_context import build_context, initialise
from zhifa.demo import load_demo
from zhifa.kernel.clock import FixedClock
from zhifa.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 2026年3月2日 09:30 Beijing time
SCREENSHOT = Path("/tmp/zhifa-complaint.png")
NAME = "示例·孙浏览"
PHONE_NO = "13700001111"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    settings = Settings(
        mode="test", data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'zhifa.db'}"
    )
    ctx = build_context(settings, clock=FixedClock(T0))
    initialise(ctx)
    load_demo(ctx)
    ctx.checkpointer.flush()
    with serving(ctx) as url:
        yield url
    ctx.engine.dispose()


def test_citizen_submits_a_complaint_and_tracks_it(server: str) -> None:
    require_browser()
    from playwright.sync_api import expect, sync_playwright

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
            page.goto(f"{server}/public/complaints/new")
            expect(page.get_by_role("heading", name="投诉举报", exact=True)).to_be_visible()
            page.get_by_label("执法主体（必填）").select_option(
                label="示例市市场监督管理局（示例省示例市）"
            )
            page.get_by_label("反映的问题").select_option("conduct")
            page.get_by_label("执法人员的执法证号（选填）").fill("9901202400001")
            page.get_by_label("具体情况（必填，5000 字以内）").fill(
                "执法人员在店内检查时大声呵斥，没有出示执法证件，也没有告知检查依据。"
            )
            page.get_by_label("发生日期（选填）").fill("2026-02-27")
            page.get_by_label("姓名", exact=True).fill(NAME)
            # A wrong phone first: refused, field marked, everything typed kept.
            page.get_by_label("联系电话", exact=True).fill("12345")
            page.get_by_role("button", name="提交投诉举报").click()
            expect(page.get_by_role("alert")).to_contain_text("联系电话格式不正确")
            expect(page.get_by_label("姓名", exact=True)).to_have_value(NAME)
            expect(page.get_by_label("具体情况（必填，5000 字以内）")).to_contain_text("大声呵斥")
            expect(page.get_by_label("联系电话", exact=True)).to_have_attribute(
                "aria-invalid", "true"
            )
            page.get_by_label("联系电话", exact=True).fill(PHONE_NO)
            page.get_by_role("button", name="提交投诉举报").click()

            expect(page.get_by_role("heading", name="投诉举报已提交")).to_be_visible()
            code = page.locator("#tracking-code").inner_text().strip()
            assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
            assert code in page.url
            assert NAME not in page.url
            assert PHONE_NO not in page.url
            expect(page.locator("#complaint-status")).to_have_text("已收到，待受理")
            body = page.locator("main").inner_text()
            assert NAME not in body
            assert PHONE_NO not in body
            assert "呵斥" not in body
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.screenshot(path=str(SCREENSHOT), full_page=True)

            # Later, from another browser: type the code (lower case, spaces) to track it.
            other = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
            track = other.new_page()
            track.goto(f"{server}/public/complaints")
            track.get_by_label("查询码").fill(code.lower().replace("-", " "))
            track.get_by_role("button", name="查询").click()
            expect(track).to_have_url(f"{server}/public/complaints/{code}")
            expect(track.locator("#complaint-status")).to_have_text("已收到，待受理")
            expect(track.get_by_text("示例市市场监督管理局")).to_be_visible()
            other.close()
            context.close()
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
