"""Complaint projections: one row per complaint, as its events have made it.

Personal values appear only as refs to ``personal_values``; the tracking code only as its digest.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.base import Base


class ComplaintRow(Base):
    __tablename__ = "complaints"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date)
    occurred_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    credential_number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    case_number: Mapped[str | None] = mapped_column(String(80), nullable=True)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    contact_mask: Mapped[str] = mapped_column(String(80))
    language_flags: Mapped[list[str]] = mapped_column(JSON)
    text_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    place_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    name_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    phone_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    accepted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    officer_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    replied_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reply: Mapped[str | None] = mapped_column(Text, nullable=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(24), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_entry: Mapped[int] = mapped_column(BigInteger)
    last_entry: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_complaints_body_status", "body_id", "status"),)
