"""Complaint events: each step of handling a 投诉举报, as it happens.

The complainant's name, phone, the place and the complaint's text are personal data: the
events hold commitments (``UnitOfWork.protect``), the clear values are encrypted beside the
ledger. ``contact_mask`` (张** · 138****5678) is what staff lists show. A reply and a reason
are published on the status page, so they are stored redacted (``zhifa.disclosure.redact``)
with the original kept as a commitment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from zhifa.kernel.events import Event


@dataclass(frozen=True, kw_only=True)
class ComplaintEvent(Event):
    SUBJECTS = ("complaint_id", "body_id")
    PERSONAL: ClassVar[tuple[str, ...]] = ()
    complaint_id: str
    body_id: str


@dataclass(frozen=True, kw_only=True)
class ComplaintReceived(ComplaintEvent):
    """A complaint reached the body through the public form. ``code_digest`` is SHA-256 of the
    tracking code: the code itself is known only to the complainant."""

    TYPE = "ComplaintReceived"
    PERSONAL = ("text", "place", "contact_name", "contact_phone")
    code_digest: str
    region_code: str
    received_on: date
    channel: str  # web
    topic: str
    occurred_on: date | None
    credential_number: str | None
    case_number: str | None
    anonymous: bool
    contact_mask: str
    language_flags: tuple[str, ...]  # civility categories found in the text (准则第六条)
    text: Any
    place: Any = None
    contact_name: Any = None
    contact_phone: Any = None


@dataclass(frozen=True, kw_only=True)
class ComplaintAccepted(ComplaintEvent):
    TYPE = "ComplaintAccepted"
    accepted_on: date


@dataclass(frozen=True, kw_only=True)
class ComplaintRejected(ComplaintEvent):
    """不予受理, with the reason shown to the complainant (redacted)."""

    TYPE = "ComplaintRejected"
    PERSONAL = ("reason_original",)
    rejected_on: date
    reason: str
    reason_original: Any


@dataclass(frozen=True, kw_only=True)
class ComplaintAssigned(ComplaintEvent):
    TYPE = "ComplaintAssigned"
    officer_id: str
    assigned_on: date


@dataclass(frozen=True, kw_only=True)
class ComplaintReplied(ComplaintEvent):
    """The body's answer, shown on the status page (redacted)."""

    TYPE = "ComplaintReplied"
    PERSONAL = ("reply_original",)
    replied_on: date
    reply: str
    reply_original: Any


@dataclass(frozen=True, kw_only=True)
class ComplaintClosed(ComplaintEvent):
    """办结, with the conclusion and the reason shown to the complainant (redacted)."""

    TYPE = "ComplaintClosed"
    PERSONAL = ("reason_original",)
    closed_on: date
    outcome: str
    reason: str
    reason_original: Any


COMPLAINT_EVENTS: tuple[type[ComplaintEvent], ...] = (
    ComplaintReceived,
    ComplaintAccepted,
    ComplaintRejected,
    ComplaintAssigned,
    ComplaintReplied,
    ComplaintClosed,
)
