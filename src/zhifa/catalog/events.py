"""Catalog events: a matter (执法事项) and its legal basis, ranges and benchmarks, as published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhifa.kernel.events import Event


@dataclass(frozen=True, kw_only=True)
class MatterPublished(Event):
    """A matter entered the catalog, or a new version of it replaced the old one.

    ``definition`` is the whole matter as its cited YAML file states it, so the ledger
    alone can say what basis, range and benchmark applied on any date.
    """

    TYPE = "MatterPublished"
    PUBLIC = ("code", "version", "definition")
    SUBJECTS = ("code",)
    code: str
    version: str
    definition: dict[str, Any]
