"""Case projections: the case list, who works on each case, issued documents, alerts.

``cases.state`` holds the aggregate's folded state (``zhifa.cases.state_json``): the guards
read it instead of replaying the case's events, and ``zhifa verify`` rebuilds it from the
ledger like every other projection. Due dates are not stored: they depend on the holiday
calendar, which gains a year each winter, so they are computed when read (and the timer
sweep records what it finds overdue as ledger entries).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zhifa.store.base import Base


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), index=True)
    number: Mapped[str] = mapped_column(String(80), index=True)
    stage: Mapped[str] = mapped_column(String(16), index=True)
    procedure: Mapped[str | None] = mapped_column(String(16), nullable=True)
    matter_code: Mapped[str] = mapped_column(String(40))
    party_label: Mapped[str] = mapped_column(String(200))
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    opened_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    fine_fen: Mapped[int] = mapped_column(BigInteger)
    paid_fen: Mapped[int] = mapped_column(BigInteger)
    next_step: Mapped[str] = mapped_column(String(80))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    last_entry: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_cases_body_stage", "body_id", "stage"),)


class CaseOfficerRow(Base):
    """Who is (or was) assigned to a case: the officer's own list of cases."""

    __tablename__ = "case_officers"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officers.id"), primary_key=True, index=True)
    # Declared so a flush inserts the case before the rows that point at it.
    case: Mapped[CaseRow] = relationship(lazy="raise")


class CaseDocumentRow(Base):
    """An issued standard document: its digest is on the ledger at ``entry``."""

    __tablename__ = "case_documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(80))
    digest: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date] = mapped_column(Date)
    entry: Mapped[int] = mapped_column(BigInteger)
    # Declared so a flush inserts the case before the rows that point at it.
    case: Mapped[CaseRow] = relationship(lazy="raise")


class CaseAlertRow(Base):
    """An overdue statutory clock found by the timer sweep (``zhifa tick``)."""

    __tablename__ = "case_alerts"

    entry: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    body_id: Mapped[str] = mapped_column(String(32), index=True)
    clock: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(80))
    due: Mapped[date] = mapped_column(Date)
    detected_on: Mapped[date] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(300))
    # Declared so a flush inserts the case before the rows that point at it.
    case: Mapped[CaseRow] = relationship(lazy="raise")


class CaseFindingRow(Base):
    """What the checks on recorded steps found, for the supervisor: uncivil language in a
    saved transcript (准则第六条) and the 案卷's element check at archiving (准则第九条)."""

    __tablename__ = "case_findings"

    entry: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    body_id: Mapped[str] = mapped_column(String(32), index=True)
    article: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # language | dossier
    count: Mapped[int] = mapped_column(Integer)
    detail: Mapped[list[Any]] = mapped_column(JSON)
    found_on: Mapped[date] = mapped_column(Date, index=True)
    # Declared so a flush inserts the case before the rows that point at it.
    case: Mapped[CaseRow] = relationship(lazy="raise")
