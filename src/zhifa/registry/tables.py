"""Registry projections: the current bodies, officers, credentials and parties."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.base import Base


class BodyRow(Base):
    __tablename__ = "bodies"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    level: Mapped[str] = mapped_column(String(16))
    legal_status: Mapped[str] = mapped_column(String(16))
    fields: Mapped[list[str]] = mapped_column(JSON)
    entrusting_body_id: Mapped[str | None] = mapped_column(ForeignKey("bodies.id"), nullable=True)
    entrusted_scope: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    last_entry: Mapped[int] = mapped_column(BigInteger)


class OfficerRow(Base):
    __tablename__ = "officers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    id_number_ref: Mapped[str] = mapped_column(String(32))
    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    legal_qualification: Mapped[bool] = mapped_column(Boolean)
    training_hours: Mapped[int] = mapped_column(Integer)
    is_legal_reviewer: Mapped[bool] = mapped_column(Boolean)
    active: Mapped[bool] = mapped_column(Boolean)
    last_entry: Mapped[int] = mapped_column(BigInteger)


class CredentialRow(Base):
    __tablename__ = "credentials"

    number: Mapped[str] = mapped_column(String(40), primary_key=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officers.id"), index=True)
    fields: Mapped[list[str]] = mapped_column(JSON)
    region_codes: Mapped[list[str]] = mapped_column(JSON)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    last_entry: Mapped[int] = mapped_column(BigInteger)


class CredentialHistoryRow(Base):
    """Every status a credential has had, with the reason and the ledger entry that says so."""

    __tablename__ = "credential_history"

    number: Mapped[str] = mapped_column(ForeignKey("credentials.number"), primary_key=True)
    entry: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16))
    effective: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))


class PartyRow(Base):
    __tablename__ = "parties"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    region_code: Mapped[str] = mapped_column(String(6))
    name: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    name_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    uscc: Mapped[str | None] = mapped_column(String(18), nullable=True, unique=True)
    id_number_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    phone_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    address_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    last_entry: Mapped[int] = mapped_column(BigInteger)


def as_dict(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


class BodyDocumentRow(Base):
    """A document a body published before enforcement (事前公开), with its file's hash."""

    __tablename__ = "body_documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    entry: Mapped[int] = mapped_column(BigInteger)
