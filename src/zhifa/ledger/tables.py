"""Ledger storage: entries, the stored tree hashes, the ledger's state and its checkpoints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.base import Base, UtcDateTime


class LedgerState(Base):
    """One row: which hash algorithm the log uses (fixed at creation) and its current size."""

    __tablename__ = "ledger_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(String(200))
    algorithm: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(BigInteger)


class LedgerEntry(Base):
    """One domain event as canonical bytes, at its position in the log."""

    __tablename__ = "ledger_entries"

    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(32), unique=True)
    event_type: Mapped[str] = mapped_column(String(80), index=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary)


class LedgerSubject(Base):
    """Which entries are about which officer, body, case…: the way from a record to its proof."""

    __tablename__ = "ledger_subjects"

    subject_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(40))


class LedgerHash(Base):
    """A stored hash of a complete subtree, at its tlog stored-hash index (~2N rows)."""

    __tablename__ = "ledger_hashes"

    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary)


class LedgerCheckpoint(Base):
    """A signed tree head (C2SP signed note) as issued."""

    __tablename__ = "ledger_checkpoints"

    size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary)
    note: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
