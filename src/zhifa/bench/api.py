"""`zhifa bench api`: the public credential check under loopback load.

Starts the real server (uvicorn, the same app as ``zhifa serve``) on a temporary SQLite
database holding the demo jurisdiction, and loads ``GET /api/public/credentials/{number}``
from a separate process over loopback; then the same load against a framework-free ASGI
app answering fixed bytes on the same server (the raw limit of server + client here).
The load generator is ``wrk`` when installed (C, accurate percentiles), otherwise a
Python asyncio client in its own process. Rate limiting is switched off for the run: all
requests come from one address.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path
from typing import Any

CREDENTIALS = ["9901202400001", "9901202400002", "9903202400010", "9905202400016"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


def _server(target: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        target,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


# ----------------------------------------------------------------------------- clients


def _wrk(port: int, path: str, seconds: int, connections: int) -> dict[str, Any]:
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "1",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "client": "wrk",
        "requests_per_s": round(rps),
        "p50_ms": round(ms(pct["50"]), 3),
        "p99_ms": round(ms(pct["99"]), 3),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else None,
    }


async def _one_connection(
    port: int, paths: list[str], until: float, lat: list[float], bad: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = 0
    while time.perf_counter() < until:
        path = paths[i % len(paths)]
        i += 1
        t = time.perf_counter()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))  # type: ignore[union-attr]
        await reader.readexactly(length)
        lat.append(time.perf_counter() - t)
        if not head.startswith(b"HTTP/1.1 200"):
            bad.append(1)
    writer.close()


def _python_client(args: tuple[int, list[str], int, int]) -> dict[str, Any]:
    port, paths, seconds, connections = args
    lat: list[float] = []
    bad: list[int] = []

    async def main() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(
            *(_one_connection(port, paths, until, lat, bad) for _ in range(connections))
        )

    start = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - start
    lat.sort()
    return {
        "client": "python-asyncio",
        "requests_per_s": round(len(lat) / elapsed),
        "p50_ms": round(statistics.median(lat) * 1000, 3),
        "p99_ms": round(lat[int(len(lat) * 0.99) - 1] * 1000, 3),
        "non_2xx": len(bad),
    }


def _load(port: int, paths: list[str], seconds: int, connections: int) -> dict[str, Any]:
    if shutil.which("wrk") and len(paths) == 1:
        return _wrk(port, paths[0], seconds, connections)
    with get_context("spawn").Pool(1) as pool:
        return pool.apply(_python_client, ((port, paths, seconds, connections),))


def run(seconds: int = 10, connections: int = 32, workers: int = 2) -> dict[str, Any]:
    from zhifa.app_context import build_context, initialise
    from zhifa.demo import load_demo
    from zhifa.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="zhifa-bench-api-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    settings = Settings(mode="development", data_dir=tmp / "data", database_url=url)
    ctx = build_context(settings)
    initialise(ctx)
    load_demo(ctx)
    ctx.checkpointer.flush()
    ctx.engine.dispose()
    env = {
        **os.environ,
        "ZHIFA_DATABASE_URL": url,
        "ZHIFA_DATA_DIR": str(tmp / "data"),
        "ZHIFA_PUBLIC_RATE_LIMIT_PER_MINUTE": "0",
        "ZHIFA_PUBLIC_BROWSE_RATE_LIMIT_PER_MINUTE": "0",
        "ZHIFA_MODE": "development",
    }
    report: dict[str, Any] = {
        "endpoint": "GET /api/public/credentials/{number}",
        "seconds": seconds,
        "connections": connections,
        "server_workers": workers,
        "cpu_count": os.cpu_count(),
        "target": {"requests_per_s_min": 2000, "p99_ms_max": 20},
    }
    variants: tuple[tuple[str, str, dict[str, str]], ...] = (
        # Repeated checks of the same credential: answered from the 1-second cache.
        ("zhifa", "zhifa.web.asgi:create", {}),
        # No answer cache: each request looks the credential up, except that requests for the
        # same number arriving together share one lookup (single flight).
        ("zhifa_uncached", "zhifa.web.asgi:create", {"ZHIFA_PUBLIC_CACHE_SECONDS": "0"}),
        ("raw_asgi_limit", "zhifa.web.asgi:baseline", {}),
    )
    for name, target, extra in variants:
        port = _free_port()
        server = _server(target, port, workers, {**env, **extra})
        try:
            _wait(port)
            path = f"/api/public/credentials/{CREDENTIALS[0]}"
            _load(port, [path], 2, connections)  # warm-up
            report[name] = _load(port, [path], seconds, connections)
        finally:
            server.terminate()
            server.wait(timeout=30)
    report["ratio_to_raw_limit"] = round(
        report["zhifa"]["requests_per_s"] / report["raw_asgi_limit"]["requests_per_s"], 3
    )
    shutil.rmtree(tmp, ignore_errors=True)
    return report
