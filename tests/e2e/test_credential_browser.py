"""亮证核验 in a real browser: Debian's chromium through Playwright against a running server.

Outside CI the test is skipped when chromium or Playwright is missing; with CI=true it fails.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import segno
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, require_browser, serving

from zhifa.app_context import build_context, initialise
from zhifa.demo import load_demo
from zhifa.kernel.clock import FixedClock
from zhifa.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOT = Path("/tmp/zhifa-verify.png")
SCREENSHOT_SUSPENDED = Path("/tmp/zhifa-verify-suspended.png")
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 2026年3月2日 09:30 Beijing time
VALID = "9901202400001"
SUSPENDED = "9903202400010"


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


def _svg_modules(svg: bytes) -> set[tuple[int, int]]:
    root = ET.fromstring(svg)
    (path,) = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if "stroke" in p.attrib]
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


def _encodes(svg: bytes, url: str) -> bool:
    """True when the SVG draws the QR code of ``url`` (segno cannot decode, so re-encode)."""
    modules = _svg_modules(svg)
    for error in "lmqh":
        for boost in (True, False):
            qr = segno.make(url, error=error, micro=False, boost_error=boost)
            drawn = {
                (c + 4, r + 4) for r, row in enumerate(qr.matrix) for c, v in enumerate(row) if v
            }
            if drawn == modules:
                return True
    return False


def test_citizen_verifies_credentials_on_a_phone(server: str) -> None:
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

            # Home → 核验 → type the number → 有效.
            page.goto(f"{server}/")
            expect(page.get_by_role("heading", name="行政执法公示")).to_be_visible()
            page.get_by_role("link", name="核验执法证").click()
            expect(page).to_have_url(f"{server}/verify")
            page.get_by_label("执法证号").fill(VALID)
            page.get_by_role("button", name="核验").click()
            expect(page).to_have_url(f"{server}/verify/credential/{VALID}")
            expect(page.locator(".verdict .status.big")).to_have_text("有效")
            expect(page.get_by_role("heading", name="该执法人员现在可以执法")).to_be_visible()
            expect(page.get_by_text("示例·王建国", exact=True)).to_be_visible()
            qr = page.locator(".qr img")
            qr.scroll_into_view_if_needed()
            page.wait_for_function("() => document.querySelector('.qr img').complete")
            assert qr.evaluate("img => img.naturalWidth") > 0, "the QR image did not load"
            # Nothing sticks out sideways on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.screenshot(path=str(SCREENSHOT), full_page=True)

            # The suspended credential: the QR encodes its page's URL, shown under it too.
            expected = f"{server}/verify/credential/{SUSPENDED}"
            svg = page.request.get(f"{expected}/qr.svg")
            assert svg.ok
            assert svg.headers["content-type"] == "image/svg+xml"
            assert _encodes(svg.body(), expected)
            assert not _encodes(svg.body(), f"{server}/verify/credential/{VALID}")
            page.goto(expected)
            expect(page.locator(".verdict .status.big")).to_have_text("暂扣")
            expect(page.get_by_role("heading", name="该执法人员现在不得执法")).to_be_visible()
            expect(page.locator("a.verify-url")).to_have_attribute("href", expected)
            expect(page.locator("a.verify-url")).to_have_text(expected)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.screenshot(path=str(SCREENSHOT_SUSPENDED), full_page=True)
            context.close()
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
