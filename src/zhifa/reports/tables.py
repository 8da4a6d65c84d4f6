"""Annual report projections: published reports and late-report findings."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.base import Base


class AnnualReportRow(Base):
    """A published report, exactly as published (``report``), with its ledger entry."""

    __tablename__ = "annual_reports"

    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    digest: Mapped[str] = mapped_column(String(64))
    published_on: Mapped[date] = mapped_column(Date)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    entry: Mapped[int] = mapped_column(BigInteger)


class AnnualReportLateRow(Base):
    """A report not published by its deadline, found by ``sweep_annual_reports``."""

    __tablename__ = "annual_report_late"

    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    due: Mapped[date] = mapped_column(Date)
    detected_on: Mapped[date] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(300))
    entry: Mapped[int] = mapped_column(BigInteger)
