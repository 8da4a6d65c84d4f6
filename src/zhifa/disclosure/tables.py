"""Disclosure projections: publication tasks and published decisions, and each body's
auto-release setting (事后公开, 国办发〔2018〕118号).

One ``publications`` row per decision that took effect: it is a task (``status = due``) from
``PublicationDue``, a public decision from ``DecisionPublished`` and a withdrawal notice from
``PublicationWithdrawn``. ``search_text`` is what the portal searches; the full-text index
over it is not a mapped object (an FTS5 virtual table on SQLite, a pg_trgm GIN index on
PostgreSQL), so it lives in migration 0004 and ``UNMANAGED_NAMES`` keeps Alembic's
comparison away from it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zhifa.cases.tables import CaseRow
from zhifa.store.base import Base

# Database objects migration 0004 creates by hand (see the module docstring). The FTS5
# table brings shadow tables named after it (publications_fts_data, _idx, _docsize, _config).
FTS_TABLE: Final = "publications_fts"
PG_TRGM_INDEX: Final = "ix_publications_search_trgm"
UNMANAGED_NAMES: Final = (FTS_TABLE, PG_TRGM_INDEX)


def unmanaged(name: str | None) -> bool:
    """True for the hand-made search objects (and FTS5's shadow tables)."""
    return bool(name) and any(str(name).startswith(prefix) for prefix in UNMANAGED_NAMES)


Base.metadata.info.setdefault("unmanaged", []).append(unmanaged)


class PublicationRow(Base):
    __tablename__ = "publications"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), index=True)
    document_kind: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(24))  # penalty_licensing | other
    number: Mapped[str] = mapped_column(String(80))
    matter_code: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # due | published | withdrawn
    decided_on: Mapped[date] = mapped_column(Date)
    effective_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    due_basis: Mapped[str] = mapped_column(String(300))
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    late: Mapped[bool] = mapped_column(Boolean)
    released_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    body_name: Mapped[str] = mapped_column(String(200))
    matter_name: Mapped[str] = mapped_column(String(300))
    party_label: Mapped[str] = mapped_column(String(200))
    penalty_kinds: Mapped[list[str]] = mapped_column(JSON)
    # A space-separated copy of penalty_kinds, so a filter is one LIKE on both databases.
    penalty_kinds_key: Mapped[str] = mapped_column(String(200))
    fine_fen: Mapped[int] = mapped_column(BigInteger)
    confiscation_fen: Mapped[int] = mapped_column(BigInteger)
    basis: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)  # the redacted public text (公开版)
    search_text: Mapped[str] = mapped_column(Text)
    withdrawal_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    withdrawal_cause: Mapped[str | None] = mapped_column(String(40), nullable=True)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    due_entry: Mapped[int] = mapped_column(BigInteger)
    published_entry: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    withdrawn_entry: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Declared so a flush inserts the case before the publication that points at it.
    case: Mapped[CaseRow] = relationship(lazy="raise")

    __table_args__ = (
        Index("ix_publications_status_published", "status", "published_on"),
        Index("ix_publications_case_number", "case_id", "number", unique=True),
    )


class DisclosureSettingRow(Base):
    """A body's choice to release publications without a person's review (自动发布)."""

    __tablename__ = "disclosure_settings"

    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), primary_key=True)
    auto_release: Mapped[bool] = mapped_column(Boolean)
    entry: Mapped[int] = mapped_column(BigInteger)
