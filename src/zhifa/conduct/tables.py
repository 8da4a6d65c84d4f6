"""Projection of findings: one row per finding, its status and, once ordered, its deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.base import Base


class FindingRow(Base):
    __tablename__ = "conduct_findings"
    __table_args__ = (
        Index("ix_conduct_findings_article_status", "article", "status"),
        Index("ix_conduct_findings_body_status", "body_id", "status"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    group_key: Mapped[str] = mapped_column(String(300), index=True)  # rule + subject
    rule: Mapped[str] = mapped_column(String(80), index=True)
    article: Mapped[int] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(String(8), index=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    subject_label: Mapped[str] = mapped_column(String(200))
    body_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    case_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    found_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    responsible_body_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    changed_on: Mapped[date] = mapped_column(Date)
    opened_entry: Mapped[int] = mapped_column(BigInteger)
    last_entry: Mapped[int] = mapped_column(BigInteger)
