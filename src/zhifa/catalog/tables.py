"""Catalog projections: the current matters and every version each has had."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.base import Base


class MatterRow(Base):
    __tablename__ = "matters"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    field: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[str] = mapped_column(String(40))
    effective: Mapped[date] = mapped_column(Date)
    citations: Mapped[str] = mapped_column(Text)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    entry: Mapped[int] = mapped_column(BigInteger)


class MatterVersionRow(Base):
    """Each published version of a matter, with the ledger entry that published it."""

    __tablename__ = "matter_versions"

    code: Mapped[str] = mapped_column(ForeignKey("matters.code"), primary_key=True)
    entry: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    version: Mapped[str] = mapped_column(String(40))
    effective: Mapped[date] = mapped_column(Date)
