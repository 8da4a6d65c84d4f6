"""Access events: accounts, sign-ins, refusals, reads of personal data, exports.

None of their fields is public (``Event.PUBLIC`` is empty): who signed in, who was refused
and who read whose data are facts for supervisors, not for the public ledger API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhifa.kernel.events import Event


@dataclass(frozen=True, kw_only=True)
class UserRegistered(Event):
    """An account was created. Name, password hash and TOTP secret are commitments."""

    TYPE = "UserRegistered"
    SUBJECTS = ("user_id",)
    user_id: str
    username: str
    role: str
    name: dict[str, Any]
    password: dict[str, Any]
    totp: dict[str, Any] | None = None
    body_id: str | None = None
    region_code: str | None = None
    officer_id: str | None = None
    party_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class UserChanged(Event):
    """An account's role, scope or status changed."""

    TYPE = "UserChanged"
    SUBJECTS = ("user_id",)
    user_id: str
    role: str
    active: bool
    reason: str
    body_id: str | None = None
    region_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class PasswordChanged(Event):
    TYPE = "PasswordChanged"
    SUBJECTS = ("user_id",)
    user_id: str
    password: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class ApiTokenIssued(Event):
    """A token for system-to-system calls; only its SHA-256 is kept."""

    TYPE = "ApiTokenIssued"
    SUBJECTS = ("user_id",)
    token_id: str
    user_id: str
    label: str
    token_sha256: str


@dataclass(frozen=True, kw_only=True)
class ApiTokenRevoked(Event):
    TYPE = "ApiTokenRevoked"
    SUBJECTS = ("user_id",)
    token_id: str
    user_id: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class SignedIn(Event):
    TYPE = "SignedIn"
    SUBJECTS = ("user_id",)
    user_id: str
    method: str  # password | password+totp


@dataclass(frozen=True, kw_only=True)
class SignInRefused(Event):
    """A failed sign-in. The username typed is never recorded (it may be anything)."""

    TYPE = "SignInRefused"
    user_id: str | None
    reason: str  # bad_credentials | bad_totp | throttled | inactive


@dataclass(frozen=True, kw_only=True)
class AccessDenied(Event):
    """A refused request: who, which action, which route (its template: no ids), why."""

    TYPE = "AccessDenied"
    user_id: str | None
    role: str
    action: str
    route: str
    reason: str  # not_signed_in | role | scope | csrf | session_expired | bad_session | bad_token


@dataclass(frozen=True, kw_only=True)
class PersonalDataRead(Event):
    """A clear personal value was shown to someone, for a stated purpose (准则第十条)."""

    TYPE = "PersonalDataRead"
    SUBJECTS = ("subject_id",)
    user_id: str
    subject_id: str
    field: str
    ref: str
    purpose: str


@dataclass(frozen=True, kw_only=True)
class DataExported(Event):
    """A list left the system as a file; the file carries the exporter's watermark."""

    TYPE = "DataExported"
    user_id: str
    what: str
    rows: int
    filters: dict[str, Any]
    watermark: str
