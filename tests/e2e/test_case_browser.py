"""The officer workbench in a real browser on a phone: Debian's chromium through Playwright.

The demo officer signs in, registers a lead, tries to open the case with one officer (the
guard refuses, naming the 准则 article and the statute, and keeps what was typed), then
opens it with two and sees the statutory deadlines. Outside CI the test is skipped when
chromium or Playwright is missing; with CI=true it fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, require_browser, serving

from zhifa.app_context import build_context, initialise
from zhifa.demo import DEMO_USERS, _id, demo_uscc, load_demo
from zhifa.kernel.clock import FixedClock
from zhifa.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The same browser set-up as tests/e2e/test_credential_browser.py.

T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 2026年3月2日 09:30 Beijing time, a Monday
SCREENSHOT = Path("/tmp/zhifa-case-refused.png")
SCREENSHOT_OPENED = Path("/tmp/zhifa-case-opened.png")
OFFICER = next(u for u in DEMO_USERS if u.role == "officer")
HEAD = "user:" + _id("user", 3)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port, with the demo jurisdiction."""
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


def test_officer_registers_a_lead_and_opens_the_case_on_a_phone(server: str) -> None:
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

            # Sign in → 我的案件 (empty) → 登记案源.
            page.goto(f"{server}/login")
            page.get_by_label("用户名").fill(OFFICER.username)
            page.get_by_label("密码").fill(OFFICER.password)
            page.get_by_role("button", name="登录").click()
            expect(page).to_have_url(f"{server}/workbench")
            expect(page.get_by_role("heading", name="我的案件")).to_be_visible()
            page.get_by_role("link", name="登记案源").click()
            expect(page.get_by_role("heading", name="登记案源（线索）")).to_be_visible()
            page.get_by_label("案源类型").select_option("complaint")
            expect(page.get_by_label("收到日期")).to_have_value("2026-03-02")
            page.get_by_label("涉及的执法事项").select_option("MR-AD-59-01")
            page.get_by_label("案源摘要").fill("投诉：店内广告宣称“全市第一”")
            page.get_by_role("button", name="保存并记入账本").click()

            # The case page: the filing clock runs, the lead is the first ledger entry.
            expect(page).to_have_url(re.compile(r"/workbench/cases/[0-9a-f]{32}\?done="))
            expect(page.get_by_role("status")).to_contain_text("已办理“登记案源（线索）”")
            clocks = page.locator("table.clocks")
            expect(clocks).to_contain_text("立案（核查）期限")
            expect(clocks).to_contain_text("2026年3月23日")
            expect(clocks).to_contain_text("《中华人民共和国行政处罚法》第五十四条")
            expect(page.locator("ol.timeline")).to_contain_text("登记案源（线索）")
            case_url = page.url.split("?")[0]

            # 立案 with one officer only: refused, with the article, the statute and the input.
            page.locator(".step-links").get_by_role("link", name="立案", exact=True).click()
            expect(page.get_by_role("heading", name="立案", exact=True)).to_be_visible()
            page.get_by_label("立案编号").fill("示市监立〔2026〕1号")
            page.get_by_label("违法行为发生地").select_option("990102")
            page.get_by_label("示例·王建国（执法人员）").check()
            page.get_by_label("审批人（本机关负责人）").select_option(HEAD)
            page.get_by_label("单位名称或姓名").fill("示例市味美餐饮管理有限公司")
            page.get_by_label("统一社会信用代码或公民身份号码").fill(demo_uscc("91", 101))
            page.get_by_role("button", name="保存并记入账本").click()
            refusal = page.locator(".refusal-box")
            expect(refusal).to_be_visible()
            expect(refusal).to_contain_text("执法人员不得少于2人")
            expect(refusal).to_contain_text("《行政执法人员行为准则》第一条")
            expect(refusal).to_contain_text("行政处罚法")
            expect(refusal).to_contain_text("再指派一名持有效执法证的执法人员")
            expect(page.locator("#err-officer_ids")).to_be_visible()
            expect(page.get_by_label("立案编号")).to_have_value("示市监立〔2026〕1号")
            expect(page.get_by_label("单位名称或姓名")).to_have_value("示例市味美餐饮管理有限公司")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.screenshot(path=str(SCREENSHOT), full_page=True)

            # With a second officer the case opens; the 90-day decision clock starts.
            page.get_by_label("示例·李晓梅（执法人员）").check()
            page.get_by_role("button", name="保存并记入账本").click()
            expect(page).to_have_url(re.compile(re.escape(case_url) + r"\?done=CaseOpened"))
            expect(page.get_by_role("heading", name="示市监立〔2026〕1号")).to_be_visible()
            expect(page.locator(".case-meta")).to_contain_text("调查取证")
            expect(clocks).to_contain_text("办案期限（作出决定）")
            expect(clocks).to_contain_text("已于 2026年3月2日 完成")
            expect(page.locator("ol.timeline li")).to_have_count(2)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.screenshot(path=str(SCREENSHOT_OPENED), full_page=True)

            # 我的案件 lists it with its next step and deadline.
            page.goto(f"{server}/workbench")
            item = page.locator(".case-item").first
            expect(item).to_contain_text("示市监立〔2026〕1号")
            expect(item).to_contain_text("调查取证")
            expect(item).to_contain_text("办案期限（作出决定）")
            context.close()
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
