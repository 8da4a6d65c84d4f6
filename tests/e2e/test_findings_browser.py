"""行为准则发现事项 in a real browser: the supervisor signs in (password and TOTP), opens the
dashboard of all ten articles, opens a finding with its ledger evidence, and orders it put
right by a date; a 督办 without a date is refused with the field named and nothing changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, require_browser, serving

from zhifa.app_context import Context, build_context, initialise
from zhifa.conduct.model import Finding, Severity, Subject, SubjectKind
from zhifa.conduct.services import record_findings
from zhifa.conduct.tables import FindingRow
from zhifa.demo import DEMO_USERS, _id, load_demo
from zhifa.kernel.clock import FixedClock
from zhifa.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
SUPERVISOR = next(u for u in DEMO_USERS if u.role == "supervisor")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, Context]]:
    settings = Settings(
        mode="test", data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'z.db'}"
    )
    ctx = build_context(settings, clock=FixedClock(T0))
    initialise(ctx)
    load_demo(ctx)
    record_findings(
        ctx,
        [
            Finding(
                rule="R2.case_idle",
                article=2,
                severity=Severity.MEDIUM,
                subject=Subject(SubjectKind.CASE, "case-1", "示市监立〔2026〕00001"),
                evidence=(0, 1),
                explanation="案件示市监立〔2026〕00001处于“调查取证”阶段，45日无任何进展。",
                action="督促承办人员说明原因并推进办理。",
                found_on=date(2026, 3, 1),
                body_id=_id("body", 1),
                case_id="case-1",
            )
        ],
    )
    ctx.checkpointer.flush()
    with serving(ctx) as url:
        yield url, ctx
    ctx.engine.dispose()


def test_supervisor_orders_a_finding_put_right(app: tuple[str, Context]) -> None:
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    url, ctx = app
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
            page.goto(f"{url}/login")
            page.get_by_label("用户名").fill(SUPERVISOR.username)
            page.get_by_label("密码").fill(SUPERVISOR.password)
            assert SUPERVISOR.totp_secret
            page.get_by_label("动态验证码", exact=False).fill(
                pyotp.TOTP(SUPERVISOR.totp_secret).at(T0)
            )
            page.get_by_role("button", name="登录").click()
            page.goto(f"{url}/supervision/findings")
            expect(page.get_by_role("heading", name="行为准则发现事项")).to_be_visible()
            for zh in "一二三四五六七八九十":
                expect(page.get_by_role("link", name=f"第{zh}条", exact=True).first).to_be_visible()
            page.get_by_role("link", name="2026年3月1日").first.click()
            expect(
                page.get_by_role("heading", name="压案不办：在办案件长期没有任何办案步骤")
            ).to_be_visible()
            expect(page.get_by_role("link", name="记录 0")).to_be_visible()
            # 督办 with no date: refused, the date named, nothing changed.
            page.get_by_label("督办（责令整改）").check()
            page.get_by_label("理由、整改要求或整改情况").fill("请于期限内整改并报告")
            page.locator("input[name=due_on]").evaluate("e => e.removeAttribute('required')")
            page.get_by_role("button", name="提交").click()
            expect(page.get_by_role("alert")).to_contain_text("督办须写明整改期限")
            page.get_by_label("督办（责令整改）").check()
            page.locator("input[name=due_on]").fill("2026-03-20")
            page.get_by_label("理由、整改要求或整改情况").fill("请于期限内整改并报告")
            page.get_by_role("button", name="提交").click()
            expect(page.get_by_text("整改期限 2026年3月20日").first).to_be_visible()
            expect(page.get_by_text("待处理 → 已督办")).to_be_visible()
        finally:
            browser.close()
    with ctx.read() as s:
        row = s.scalars(select(FindingRow)).one()
    assert row.status == "ordered"
    assert row.due_on == date(2026, 3, 20)
