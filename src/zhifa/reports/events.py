"""Annual report events: publication (with the report's digest) and a late report found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhifa.kernel.events import Event


@dataclass(frozen=True, kw_only=True)
class AnnualReportPublished(Event):
    """A body published its annual enforcement data report (国办发〔2018〕118号).

    ``report`` is the whole report as JSON (counts and amounts only, nothing personal);
    ``digest`` is SHA-256 of its canonical JSON, so a printed copy can be checked.
    """

    TYPE = "AnnualReportPublished"
    SUBJECTS = ("body_id",)
    PUBLIC = ("body_id", "year", "digest", "published_on", "report")
    body_id: str
    year: int
    digest: str
    published_on: date
    report: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class AnnualReportLate(Event):
    """The deadline passed with no published report: a finding for supervision (准则第五条)."""

    TYPE = "AnnualReportLate"
    SUBJECTS = ("body_id",)
    PUBLIC = ("body_id", "year", "due", "detected_on", "basis")
    body_id: str
    year: int
    due: date
    detected_on: date
    basis: str
