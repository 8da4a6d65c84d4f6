"""A small in-process rate limiter against enumeration of credential numbers (亮证核验).

A token bucket per client: ``limit`` requests at once, refilled at ``limit`` per
``window_seconds``. One lock, O(1) work per request and at most ``max_keys`` buckets
(least recently used evicted), so it stays cheap under ``zhifa bench api``.

Each worker process has its own buckets: behind several workers the effective limit is
the per-process limit times the worker count. Behind a reverse proxy, run uvicorn with
``--proxy-headers --forwarded-allow-ips`` so the client address is the caller's, not the
proxy's.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from starlette.exceptions import HTTPException

from zhifa.web.deps import ContextDep

STATE_KEY = "public_rate_limiter"


class RateLimiter:
    """Token buckets keyed by client. ``limit`` 0 turns limiting off."""

    def __init__(
        self,
        limit: int,
        window_seconds: float = 60.0,
        *,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 0:
            raise ValueError("limit must be >= 0 (0 turns limiting off)")
        if window_seconds <= 0 or max_keys < 1:
            raise ValueError("window_seconds must be > 0 and max_keys >= 1")
        self.limit = limit
        self.window_seconds = window_seconds
        self.max_keys = max_keys
        self._rate = limit / window_seconds  # tokens per second
        self._clock = clock
        self._lock = threading.Lock()
        # key -> [tokens left, when last seen]; a list so it is updated in place.
        self._buckets: OrderedDict[str, list[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def hit(self, key: str) -> float | None:
        """Take one token for ``key``: ``None`` if allowed, else the seconds to wait."""
        if self.limit == 0:
            return None
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = [float(self.limit), now]
                self._buckets[key] = bucket
                if len(self._buckets) > self.max_keys:
                    # The least recently seen client: its bucket has had the longest to refill.
                    self._buckets.popitem(last=False)
            else:
                self._buckets.move_to_end(key)
                elapsed = max(0.0, now - bucket[1])
                bucket[0] = min(float(self.limit), bucket[0] + elapsed * self._rate)
                bucket[1] = now
            if bucket[0] >= 1.0:
                bucket[0] -= 1.0
                return None
            return (1.0 - bucket[0]) / self._rate


def client_key(request: Request) -> str:
    """The caller's address; IPv6 by /64, since one subscriber holds a whole /64."""
    host = request.client.host if request.client else "unknown"
    if ":" not in host:
        return host
    try:
        ip = ipaddress.IPv6Address(host.split("%", 1)[0])
    except ValueError:
        return host
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((ip, 64), strict=False))


_create_lock = threading.Lock()


async def get_rate_limiter(request: Request, ctx: ContextDep) -> RateLimiter:
    """The app's limiter, made on first use from ``public_rate_limit_per_minute``.

    Tests override this dependency (``app.dependency_overrides``) to use a tiny limit.
    """
    limiter: RateLimiter | None = getattr(request.app.state, STATE_KEY, None)
    if limiter is None:
        with _create_lock:
            limiter = getattr(request.app.state, STATE_KEY, None)
            if limiter is None:
                limiter = RateLimiter(ctx.settings.public_rate_limit_per_minute)
                setattr(request.app.state, STATE_KEY, limiter)
    return limiter


async def rate_limited(
    request: Request, limiter: Annotated[RateLimiter, Depends(get_rate_limiter)]
) -> None:
    """Refuse with 429 and ``Retry-After`` when this client is over the limit.

    Async on purpose: it runs on the event loop, with no hop to the thread pool.
    """
    wait = limiter.hit(client_key(request))
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise HTTPException(
            429,
            detail=f"查询过于频繁：为防止执法证号被批量试探，每个网络地址每分钟最多查询"
            f" {limiter.limit} 次。请 {seconds} 秒后再试。",
            headers={"Retry-After": str(seconds)},
        )


RateLimited = Depends(rate_limited)


BROWSE_STATE_KEY = "public_browse_rate_limiter"


async def browse_limited(request: Request, ctx: ContextDep) -> None:
    """A generous per-address limit on every public route (lists, exports, the ledger API):
    enough for a whole office behind one address, not for scraping at full speed."""
    limiter: RateLimiter | None = getattr(request.app.state, BROWSE_STATE_KEY, None)
    if limiter is None:
        with _create_lock:
            limiter = getattr(request.app.state, BROWSE_STATE_KEY, None)
            if limiter is None:
                limiter = RateLimiter(ctx.settings.public_browse_rate_limit_per_minute)
                setattr(request.app.state, BROWSE_STATE_KEY, limiter)
    wait = limiter.hit(client_key(request))
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise HTTPException(
            429,
            detail=f"访问过于频繁：每个网络地址每分钟最多访问公开数据 {limiter.limit} 次。"
            f"请 {seconds} 秒后再试；需要批量数据请使用导出功能。",
            headers={"Retry-After": str(seconds)},
        )


BrowseLimited = Depends(browse_limited)
