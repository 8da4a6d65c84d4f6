"""Disclosure events: 事后公开 of enforcement decisions, on the ledger (国办发〔2018〕118号).

A decision that takes effect gets a publication task (``PublicationDue``) with its deadline;
it is published with a redacted public text (``DecisionPublished``), and withdrawn with the
reasons when a 行政复议 or 行政诉讼 changes, revokes or declares it unlawful
(``WithdrawalDue`` → ``PublicationWithdrawn``, 行政处罚法第四十八条第二款). Doing either after
its deadline is also recorded (``PublicationLate``, ``WithdrawalLate``): a finding under
《行政执法人员行为准则》第五条 for the conduct checks to pick up.

The facts of a publication are public, so these events declare them ``PUBLIC`` (the public
ledger API shows them) — except the text and the party's label: a withdrawal must take
them down (行政处罚法第四十八条第二款), and the ledger cannot forget. The portal shows them
while the decision stands, and proves them against the ledger through ``text_digest``.
No event holds personal data in clear: the party appears only as its public label (an
organisation's name, or 张某 for a natural person), and the text is the redacted 公开版.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.kernel.events import Event

_IDS = ("publication_id", "case_id", "body_id")


@dataclass(frozen=True, kw_only=True)
class PublicationEvent(Event):
    """An event about one publication (of one case's decision)."""

    SUBJECTS = _IDS
    publication_id: str
    case_id: str
    body_id: str


@dataclass(frozen=True, kw_only=True)
class PublicationDue(PublicationEvent):
    """A decision took effect: it must be published by ``due_on``.

    ``category`` is ``penalty_licensing`` (7 working days) or ``other`` (20 working days);
    the period runs from ``effective_on`` (the day the decision was served on the party, or
    the day of a 当场处罚). The descriptive fields are the ones the portal lists.
    """

    TYPE = "PublicationDue"
    PUBLIC = (
        *_IDS,
        "document_kind",
        "category",
        "number",
        "matter_code",
        "field",
        "decided_on",
        "effective_on",
        "due_on",
        "due_basis",
    )
    document_kind: str  # penalty_decision | summary_decision
    category: str  # penalty_licensing | other
    number: str
    matter_code: str
    matter_name: str
    field: str
    body_name: str
    decided_on: date
    effective_on: date
    due_on: date
    due_basis: str


@dataclass(frozen=True, kw_only=True)
class DecisionPublished(PublicationEvent):
    """事后公开: the decision's public version, as released (by a person or automatically)."""

    TYPE = "DecisionPublished"
    PUBLIC = (
        *_IDS,
        "number",
        "body_name",
        "matter_code",
        "matter_name",
        "field",
        "penalty_kinds",
        "fine_fen",
        "confiscation_fen",
        "basis",
        "decided_on",
        "published_on",
        "text_digest",
        "masked",
        "released_by",
        "late",
    )
    number: str
    body_name: str
    matter_code: str
    matter_name: str
    field: str
    party_label: str
    penalty_kinds: tuple[str, ...]
    fine_fen: int
    confiscation_fen: int
    basis: str
    decided_on: date
    published_on: date
    text: str  # the redacted 公开版
    text_digest: str  # SHA-256 of ``text`` (UTF-8)
    masked: dict[str, int]  # how many spans of each kind were masked
    released_by: str  # "auto" (the body's auto-release) or the releaser's actor id
    late: bool


@dataclass(frozen=True, kw_only=True)
class PublicationLate(PublicationEvent):
    """Published after its deadline (准则第五条; 国办发〔2018〕118号)."""

    TYPE = "PublicationLate"
    PUBLIC = (*_IDS, "due", "published_on", "basis")
    due: date
    published_on: date
    basis: str


@dataclass(frozen=True, kw_only=True)
class PublicationCancelled(PublicationEvent):
    """A task dropped before publication: the decision was revoked or declared unlawful
    before it was published, so there is nothing in effect to publish."""

    TYPE = "PublicationCancelled"
    PUBLIC = (*_IDS, "cancelled_on", "reason")
    cancelled_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class WithdrawalDue(PublicationEvent):
    """A published decision was varied, revoked or declared unlawful: withdraw it, with the
    reasons, by ``due_on`` (行政处罚法第四十八条第二款)."""

    TYPE = "WithdrawalDue"
    PUBLIC = (*_IDS, "cause", "remedy_id", "remedy_decided_on", "due_on", "due_basis")
    cause: str  # varied | revoked | declared_unlawful
    remedy_id: str
    remedy_decided_on: date
    due_on: date
    due_basis: str


@dataclass(frozen=True, kw_only=True)
class PublicationWithdrawn(PublicationEvent):
    """撤回: the text is taken down and the notice shows the reason instead."""

    TYPE = "PublicationWithdrawn"
    PUBLIC = (*_IDS, "withdrawn_on", "cause", "reason", "late")
    withdrawn_on: date
    cause: str  # varied | revoked | declared_unlawful | annulled | other
    reason: str
    late: bool


@dataclass(frozen=True, kw_only=True)
class WithdrawalLate(PublicationEvent):
    """Withdrawn after its deadline (准则第五条; 行政处罚法第四十八条第二款)."""

    TYPE = "WithdrawalLate"
    PUBLIC = (*_IDS, "due", "withdrawn_on", "basis")
    due: date
    withdrawn_on: date
    basis: str


@dataclass(frozen=True, kw_only=True)
class AutoReleaseConfigured(Event):
    """A body chose whether its publications are released without a person's review."""

    TYPE = "AutoReleaseConfigured"
    SUBJECTS = ("body_id",)
    PUBLIC = ("body_id", "enabled")
    body_id: str
    enabled: bool


PUBLICATION_EVENTS: tuple[type[PublicationEvent], ...] = (
    PublicationDue,
    DecisionPublished,
    PublicationLate,
    PublicationCancelled,
    WithdrawalDue,
    PublicationWithdrawn,
    WithdrawalLate,
)
