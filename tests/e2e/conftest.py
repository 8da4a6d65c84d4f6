"""What every browser test needs: Debian's chromium through Playwright, a phone-sized page,
and the app served by uvicorn on a free port for the length of a test."""

from __future__ import annotations

import importlib.util
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from zhifa.app_context import Context
from zhifa.web.app import create_app

CHROMIUM = os.environ.get("ZHIFA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def require_browser() -> None:
    """Skip outside CI when chromium or Playwright is missing; with CI=true, fail."""
    missing = []
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"chromium not found at {CHROMIUM} (set ZHIFA_CHROMIUM)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package is not installed")
    if not missing:
        return
    reason = "browser test cannot run: " + "; ".join(missing)
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def serving(ctx: Context) -> Iterator[str]:
    """The app for ``ctx`` on 127.0.0.1 and a free port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(ctx), log_level="warning", lifespan="on", ws="none", http="h11"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=15)
        sock.close()
