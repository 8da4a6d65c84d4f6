"""Registry events: bodies, officers, credentials and parties, as they happen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhifa.kernel.events import Event


@dataclass(frozen=True, kw_only=True)
class BodyRegistered(Event):
    """A 执法主体 entered the registry (or its details were replaced by a later change)."""

    TYPE = "BodyRegistered"
    PUBLIC = (
        "body_id",
        "name",
        "uscc",
        "region_code",
        "level",
        "legal_status",
        "fields",
        "entrusting_body_id",
        "entrusted_scope",
    )
    SUBJECTS = ("body_id",)
    body_id: str
    name: str
    uscc: str
    region_code: str
    level: str
    legal_status: str
    fields: tuple[str, ...]
    entrusting_body_id: str | None = None
    entrusted_scope: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class BodyChanged(Event):
    """A body's details changed; the record carries the whole new state and the reason."""

    TYPE = "BodyChanged"
    PUBLIC = (
        "body_id",
        "name",
        "region_code",
        "level",
        "legal_status",
        "fields",
        "status",
        "entrusting_body_id",
        "entrusted_scope",
    )
    SUBJECTS = ("body_id",)
    body_id: str
    name: str
    region_code: str
    level: str
    legal_status: str
    fields: tuple[str, ...]
    status: str
    reason: str
    entrusting_body_id: str | None = None
    entrusted_scope: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class OfficerRegistered(Event):
    """A person entered a body's roster. The ID number is a commitment, never clear text."""

    TYPE = "OfficerRegistered"
    PUBLIC = ("officer_id", "name", "body_id", "kind")
    SUBJECTS = ("officer_id", "body_id")
    officer_id: str
    name: str
    id_number: dict[str, Any]
    body_id: str
    kind: str
    legal_qualification: bool = False
    training_hours: int = 0
    is_legal_reviewer: bool = False


@dataclass(frozen=True, kw_only=True)
class OfficerChanged(Event):
    """An officer's roster details changed (kind, qualification, training, reviewer role, status)."""

    TYPE = "OfficerChanged"
    PUBLIC = ("officer_id", "body_id", "kind", "active")
    SUBJECTS = ("officer_id", "body_id")
    officer_id: str
    body_id: str
    kind: str
    legal_qualification: bool
    training_hours: int
    is_legal_reviewer: bool
    active: bool
    reason: str


@dataclass(frozen=True, kw_only=True)
class CredentialIssued(Event):
    """An 执法证 was issued to an officer."""

    TYPE = "CredentialIssued"
    PUBLIC = ("number", "officer_id", "fields", "region_codes", "valid_from", "valid_to")
    SUBJECTS = ("officer_id",)
    number: str
    officer_id: str
    fields: tuple[str, ...]
    region_codes: tuple[str, ...]
    valid_from: date
    valid_to: date


@dataclass(frozen=True, kw_only=True)
class CredentialStatusChanged(Event):
    """An 执法证 was suspended (暂扣), reinstated, revoked (注销) or marked expired."""

    TYPE = "CredentialStatusChanged"
    PUBLIC = ("number", "officer_id", "status", "effective")
    SUBJECTS = ("officer_id",)
    number: str
    officer_id: str
    status: str
    reason: str
    effective: date


@dataclass(frozen=True, kw_only=True)
class PartyRegistered(Event):
    """A 当事人 (enterprise, individual business or citizen) became known to the system.

    A natural person's name and ID number are commitments; an organisation's name and
    统一社会信用代码 are public and kept in clear.
    """

    TYPE = "PartyRegistered"
    SUBJECTS = ("party_id",)
    party_id: str
    kind: str
    region_code: str
    name: str | None = None
    name_protected: dict[str, Any] | None = None
    uscc: str | None = None
    id_number: dict[str, Any] | None = None
    phone: dict[str, Any] | None = None
    address: dict[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class BodyDocumentPublished(Event):
    """A body published a document for 事前公开 (权责清单, 流程图, 裁量基准…); the file is a blob."""

    TYPE = "BodyDocumentPublished"
    PUBLIC = ("document_id", "body_id", "title", "category", "file")
    SUBJECTS = ("body_id",)
    document_id: str
    body_id: str
    title: str
    category: str
    file: dict[str, Any]
