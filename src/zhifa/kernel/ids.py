"""Identifiers: time-ordered, URL-safe, no personal data in them."""

from __future__ import annotations

import os
import time


def new_id() -> str:
    """A 32-hex-digit id whose first 12 digits are the millisecond time (UUIDv7 layout).

    Time order keeps index locality in B-trees; the 74 random bits make collisions
    negligible. Ids never encode who or what they name.
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | (0x7 << 76) | (rand & ((1 << 76) - 1))
    value = (value & ~(0b11 << 62)) | (0b10 << 62)
    return f"{value:032x}"
