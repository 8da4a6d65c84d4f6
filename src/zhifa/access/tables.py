"""Access tables: accounts and API tokens (projections), and sign-in sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.base import Base, UtcDateTime


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(24))
    name_ref: Mapped[str] = mapped_column(String(32))
    password_ref: Mapped[str] = mapped_column(String(32))
    totp_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    body_id: Mapped[str | None] = mapped_column(ForeignKey("bodies.id"), nullable=True)
    region_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    officer_id: Mapped[str | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    party_id: Mapped[str | None] = mapped_column(ForeignKey("parties.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean)
    entry: Mapped[int] = mapped_column(BigInteger)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean)
    entry: Mapped[int] = mapped_column(BigInteger)


class SessionRow(Base):
    """A signed-in browser session. Holds only the token's hash, the user id and times.

    Not a projection and not on the ledger (sign-ins are, as ``SignedIn`` events):
    ``zhifa verify --list-exempt`` names it with this reason.
    """

    __tablename__ = "sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
