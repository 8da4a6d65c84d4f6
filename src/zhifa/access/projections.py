"""Access projectors: accounts and API tokens."""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhifa.access.events import (
    ApiTokenIssued,
    ApiTokenRevoked,
    PasswordChanged,
    UserChanged,
    UserRegistered,
)
from zhifa.access.tables import ApiTokenRow, UserRow
from zhifa.store.uow import projector


@projector(UserRegistered)
def _user_registered(session: Session, e: UserRegistered, idx: int) -> None:
    session.add(
        UserRow(
            id=e.user_id,
            username=e.username,
            role=e.role,
            name_ref=e.name["ref"],
            password_ref=e.password["ref"],
            totp_ref=e.totp["ref"] if e.totp else None,
            body_id=e.body_id,
            region_code=e.region_code,
            officer_id=e.officer_id,
            party_id=e.party_id,
            active=True,
            entry=idx,
        )
    )


@projector(UserChanged)
def _user_changed(session: Session, e: UserChanged, idx: int) -> None:
    row = session.get_one(UserRow, e.user_id)
    row.role = e.role
    row.active = e.active
    row.body_id = e.body_id
    row.region_code = e.region_code
    row.entry = idx


@projector(PasswordChanged)
def _password_changed(session: Session, e: PasswordChanged, idx: int) -> None:
    row = session.get_one(UserRow, e.user_id)
    row.password_ref = e.password["ref"]
    row.entry = idx


@projector(ApiTokenIssued)
def _token_issued(session: Session, e: ApiTokenIssued, idx: int) -> None:
    session.add(
        ApiTokenRow(
            id=e.token_id,
            user_id=e.user_id,
            label=e.label,
            token_sha256=e.token_sha256,
            active=True,
            entry=idx,
        )
    )


@projector(ApiTokenRevoked)
def _token_revoked(session: Session, e: ApiTokenRevoked, idx: int) -> None:
    row = session.get_one(ApiTokenRow, e.token_id)
    row.active = False
    row.entry = idx
