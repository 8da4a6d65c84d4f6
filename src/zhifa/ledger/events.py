"""Ledger events: a verification of the whole record was run, and what it found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhifa.kernel.events import Event


@dataclass(frozen=True, kw_only=True)
class LedgerVerified(Event):
    """``zhifa verify`` replayed the ledger and compared every table with it (准则第九条:
    the record must be true). ``problems`` names the kind and place of each alteration
    (at most the first 100), never a personal value."""

    TYPE = "LedgerVerified"
    ok: bool
    entries: int
    checkpoints: int
    problem_count: int
    problems: tuple[dict[str, Any], ...]  # {"kind", "where"}
