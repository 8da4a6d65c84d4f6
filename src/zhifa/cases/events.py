"""Case events: every step of a case, as it happens (执法全过程记录).

Each step is one event on the ledger; the case page is a projection of them. A correction
is a new event that names the event it corrects (``CaseCorrected.corrects``). Names follow
``docs/glossary.md``. Amounts are integer 分; dates are legal dates (北京时间).

Personal data never sits in clear in an event: fields listed in ``PERSONAL`` hold a
commitment on the ledger (the clear value is encrypted beside it, see
``zhifa.ledger.personal``); in the interchange file (``docs/data-standard.md``) they hold
the clear value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from zhifa.kernel.events import Event


@dataclass(frozen=True, kw_only=True)
class CaseEvent(Event):
    """An event about one case (or one lead). ``case_id`` is the aggregate's id."""

    SUBJECTS = ("case_id", "body_id")
    PERSONAL: ClassVar[tuple[str, ...]] = ()
    case_id: str
    body_id: str


# ------------------------------------------------------------------ 案源 and 立案


@dataclass(frozen=True, kw_only=True)
class LeadRegistered(CaseEvent):
    """A 案源/线索 reached the body: the filing clock starts (行政处罚法第五十四条)."""

    TYPE = "LeadRegistered"
    source: str  # complaint | inspection | transfer | assignment | other
    received_on: date
    summary: str
    matter_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class CaseOpened(CaseEvent):
    """立案: approved by the body's head; at least two officers assigned (第五十四、四十二条).

    ``procedure`` is ``general``. The party's personal details are commitments; ``party_label``
    is the form anyone inside may see (an organisation's name, or 张某 for a person).
    """

    TYPE = "CaseOpened"
    PERSONAL = ("party_name", "party_id_number", "party_address", "party_phone")
    number: str
    matter_code: str
    region_code: str
    opened_on: date
    officer_ids: tuple[str, ...]
    approved_by: str
    party_kind: str  # person | organisation
    party_label: str
    party_uscc: str | None
    party_name: Any
    party_id_number: Any = None
    party_address: Any = None
    party_phone: Any = None
    summary: str = ""
    # 行政处罚法第三十六条: when the act happened (and ended, if continuing), and whether the
    # five-year period applies; the guard refuses a case whose discovery came too late.
    violation_on: date | None = None
    violation_ended_on: date | None = None
    limitation_extended: bool = False


@dataclass(frozen=True, kw_only=True)
class CaseDeclined(CaseEvent):
    """不予立案, with the reasons and the head who approved it."""

    TYPE = "CaseDeclined"
    decided_on: date
    reasons: str
    approved_by: str


@dataclass(frozen=True, kw_only=True)
class FilingExtended(CaseEvent):
    """The filing period extended with the head's approval (where the sector rule allows)."""

    TYPE = "FilingExtended"
    approved_by: str
    approved_on: date
    reason: str


# ------------------------------------------------------------------ 简易程序


@dataclass(frozen=True, kw_only=True)
class SummaryDecisionIssued(CaseEvent):
    """当场处罚 (简易程序, 行政处罚法第五十一、五十二条): a whole case in one step."""

    TYPE = "SummaryDecisionIssued"
    PERSONAL = ("party_name", "party_id_number", "party_address", "party_phone")
    number: str  # the pre-printed, numbered form
    matter_code: str
    region_code: str
    decided_on: date
    officer_ids: tuple[str, ...]
    credential_shown: bool
    penalty_kinds: tuple[str, ...]
    fine_fen: int
    facts: str
    place: str
    party_kind: str
    party_label: str
    party_uscc: str | None
    party_name: Any
    party_id_number: Any = None
    party_address: Any = None
    party_phone: Any = None
    collected_on_spot_fen: int = 0
    collection_ground: str | None = None  # small_fine | hard_to_enforce | remote_area
    receipt_number: str | None = None


# ------------------------------------------------------------------ 调查取证


@dataclass(frozen=True, kw_only=True)
class EvidenceCollected(CaseEvent):
    """An item of evidence: content hash, kind, collectors, time and place (第四十二、四十七条)."""

    TYPE = "EvidenceCollected"
    evidence_id: str
    kind: str  # document | physical | audio_visual | electronic | testimony | expert | record
    digest: str  # SHA-256 hex of the evidence file
    description: str
    collected_by: tuple[str, ...]
    collected_at: datetime
    place: str


@dataclass(frozen=True, kw_only=True)
class TranscriptRecorded(CaseEvent):
    """询问笔录 / 现场检查笔录 with its speakers. The utterances are personal data."""

    TYPE = "TranscriptRecorded"
    PERSONAL = ("utterances", "interviewee_name", "interviewee_id_number")
    evidence_id: str
    kind: str  # inquiry | inspection
    officer_ids: tuple[str, ...]
    taken_at: datetime
    place: str
    speakers: tuple[str, ...]
    utterances: Any
    # What the record itself states (行政处罚法第五十五条: credentials shown; 第四十三条: the
    # right to ask for recusal told): who wrote it, when it ended, who was questioned.
    ended_at: datetime | None = None
    recorder_id: str | None = None
    credentials_shown: bool = False
    recusal_informed: bool = False
    interviewee_name: Any = None
    interviewee_id_number: Any = None
    interviewee_relation: str = ""


@dataclass(frozen=True, kw_only=True)
class EvidencePreserved(CaseEvent):
    """先行登记保存 (第五十六条): approved by the head; a handling decision within 7 working days."""

    TYPE = "EvidencePreserved"
    preservation_id: str
    items: tuple[str, ...]
    preserved_on: date
    approved_by: str
    officer_ids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class PreservationHandled(CaseEvent):
    TYPE = "PreservationHandled"
    preservation_id: str
    handled_on: date
    handling: str  # returned | seized | testing | confiscation_proposed | other


@dataclass(frozen=True, kw_only=True)
class RecusalDecided(CaseEvent):
    """回避 (第四十三条): decided by the head; a recused officer is replaced, work goes on."""

    TYPE = "RecusalDecided"
    officer_id: str
    requested_by: str  # party | officer
    granted: bool
    decided_by: str
    decided_on: date
    reason: str
    replacement_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class TimeExcluded(CaseEvent):
    """A period the decision clock does not count: hearing, testing, announcement (第六十条)."""

    TYPE = "TimeExcluded"
    reason: str  # hearing | testing | announcement | appraisal
    from_on: date
    to_on: date


@dataclass(frozen=True, kw_only=True)
class DecisionDeadlineExtended(CaseEvent):
    TYPE = "DecisionDeadlineExtended"
    approved_by: str
    approved_on: date
    reason: str
    collective: bool = False


# ------------------------------------------------------------------ 告知、陈述申辩、听证


@dataclass(frozen=True, kw_only=True)
class RightsNotified(CaseEvent):
    """行政处罚事先告知 (第四十四、六十二、六十三条): intended penalty, facts, reasons, basis, rights."""

    TYPE = "RightsNotified"
    notified_on: date
    penalty_kinds: tuple[str, ...]
    fine_fen: int
    confiscation_fen: int
    facts: str
    reasons: str
    basis: str
    hearing_right: bool
    document_number: str
    # 第五十八条第一款第（一）、（三）项: major public interest, or complex legal relations.
    legal_review_required: bool = False


@dataclass(frozen=True, kw_only=True)
class StatementReceived(CaseEvent):
    """陈述、申辩 (第四十五条): heard and answered; the content is personal data."""

    TYPE = "StatementReceived"
    PERSONAL = ("content",)
    received_on: date
    adopted: bool
    content: Any


@dataclass(frozen=True, kw_only=True)
class HearingRequested(CaseEvent):
    TYPE = "HearingRequested"
    requested_on: date


@dataclass(frozen=True, kw_only=True)
class HearingNoticed(CaseEvent):
    """听证通知 (第六十四条): at least 7 working days ahead; the presider did not investigate."""

    TYPE = "HearingNoticed"
    noticed_on: date
    hearing_on: date
    place: str
    presider_id: str


@dataclass(frozen=True, kw_only=True)
class HearingHeld(CaseEvent):
    TYPE = "HearingHeld"
    held_on: date
    presider_id: str
    record_digest: str


# ------------------------------------------------------------------ 法制审核、集体讨论、决定


@dataclass(frozen=True, kw_only=True)
class LegalReviewCompleted(CaseEvent):
    """法制审核 (第五十八条): approve | approve_with_changes | reject, by a qualified reviewer."""

    TYPE = "LegalReviewCompleted"
    reviewer_id: str
    reviewed_on: date
    outcome: str
    opinion: str


@dataclass(frozen=True, kw_only=True)
class CollectiveDiscussionHeld(CaseEvent):
    """集体讨论 (第五十七条第二款)."""

    TYPE = "CollectiveDiscussionHeld"
    held_on: date
    participants: tuple[str, ...]
    conclusion: str


@dataclass(frozen=True, kw_only=True)
class DecisionIssued(CaseEvent):
    """行政处罚决定 (第五十七、五十九条), or 不予行政处罚 when ``penalty_kinds`` is empty."""

    TYPE = "DecisionIssued"
    number: str
    decided_on: date
    penalty_kinds: tuple[str, ...]
    fine_fen: int
    confiscation_fen: int
    tier: str
    tier_reason: str
    facts: str
    basis: str
    approved_by: str
    # 第五十九条: where and by when to pay, and the routes of remedy the decision states.
    payment_channel: str = ""
    reconsideration_body: str = ""
    litigation_court: str = ""


@dataclass(frozen=True, kw_only=True)
class DocumentIssued(CaseEvent):
    """A standard document (PDF) issued: its content digest is on the ledger, so its QR code
    proves a printed copy genuine (``/verify/document/{document_id}``)."""

    TYPE = "DocumentIssued"
    PUBLIC = ("document_id", "kind", "number", "digest", "pdf_digest", "issued_on", "verify_url")
    PERSONAL = ("content",)
    document_id: str
    kind: str
    number: str
    digest: str  # SHA-256 of the canonical JSON content (zhifa.documents.content_digest)
    pdf_digest: str  # SHA-256 of the PDF as rendered (deterministic), for 扫码核验
    issued_on: date
    verify_url: str  # what the QR code says: the public page that checks this document
    content: Any  # the document (zhifa.documents JSON): personal data, kept encrypted


@dataclass(frozen=True, kw_only=True)
class DocumentServed(CaseEvent):
    """送达 (第六十一条): on the spot, or within 7 working days when the party is absent."""

    TYPE = "DocumentServed"
    document: str  # decision | notice | hearing_notice | seizure_decision | other
    served_on: date
    method: str  # direct | left_at_residence | post | electronic | entrusted | announcement
    proof: str


# ------------------------------------------------------------------ 执行


@dataclass(frozen=True, kw_only=True)
class PaymentReceived(CaseEvent):
    """罚款缴纳 (第六十七条): to the designated bank or electronic channel, never to an officer."""

    TYPE = "PaymentReceived"
    paid_on: date
    amount_fen: int
    channel: str  # bank | electronic | on_the_spot
    reference: str


@dataclass(frozen=True, kw_only=True)
class CashHandedOver(CaseEvent):
    """当场收缴的罚款交至行政机关 (第七十一条): within 2 working days."""

    TYPE = "CashHandedOver"
    officer_id: str
    handed_on: date
    amount_fen: int


@dataclass(frozen=True, kw_only=True)
class PaymentDeferred(CaseEvent):
    """暂缓或者分期缴纳 (第六十六条第二款), approved by the body."""

    TYPE = "PaymentDeferred"
    approved_by: str
    approved_on: date
    due_on: date
    instalments: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class ExecutionDemanded(CaseEvent):
    """催告 (行政强制法第三十五条)."""

    TYPE = "ExecutionDemanded"
    demanded_on: date


@dataclass(frozen=True, kw_only=True)
class CourtEnforcementApplied(CaseEvent):
    """申请人民法院强制执行 (行政强制法第五十三条): within 3 months after the remedy periods."""

    TYPE = "CourtEnforcementApplied"
    applied_on: date
    court: str


# ------------------------------------------------------------------ 行政强制措施


@dataclass(frozen=True, kw_only=True)
class MeasureImposed(CaseEvent):
    """查封、扣押、冻结 (行政强制法第十八至二十五条)."""

    TYPE = "MeasureImposed"
    measure_id: str
    kind: str  # seal | seize | freeze
    items: tuple[dict[str, Any], ...]  # {"name", "quantity", "unit", "linked": bool}
    imposed_on: date
    duration_days: int
    officer_ids: tuple[str, ...]
    approved_by: str
    approved_on: date
    emergency: bool = False


@dataclass(frozen=True, kw_only=True)
class MeasureExtended(CaseEvent):
    TYPE = "MeasureExtended"
    measure_id: str
    extra_days: int
    approved_by: str
    notified_on: date


@dataclass(frozen=True, kw_only=True)
class MeasureReleased(CaseEvent):
    TYPE = "MeasureReleased"
    measure_id: str
    released_on: date
    reason: str


# ------------------------------------------------------------------ 救济


@dataclass(frozen=True, kw_only=True)
class RemedyFiled(CaseEvent):
    """行政复议 or 行政诉讼 filed: the late fee stops running (第七十三条)."""

    TYPE = "RemedyFiled"
    remedy_id: str
    kind: str  # reconsideration | litigation
    filed_on: date
    organ: str


@dataclass(frozen=True, kw_only=True)
class RemedyDecided(CaseEvent):
    """维持 / 变更 / 撤销 / 确认违法; a change replaces the fine (``new_fine_fen``)."""

    TYPE = "RemedyDecided"
    remedy_id: str
    decided_on: date
    outcome: str  # upheld | varied | revoked | declared_unlawful
    new_fine_fen: int | None = None


# ------------------------------------------------------------------ 移送、撤销、结案、归档、更正


@dataclass(frozen=True, kw_only=True)
class CaseTransferred(CaseEvent):
    """移送 to another body or to a judicial organ (第二十七、五十七条)."""

    TYPE = "CaseTransferred"
    transferred_on: date
    to_kind: str  # body | judicial
    to_name: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class CaseWithdrawn(CaseEvent):
    """撤销立案, with the reason and the head's approval."""

    TYPE = "CaseWithdrawn"
    withdrawn_on: date
    reason: str
    approved_by: str


@dataclass(frozen=True, kw_only=True)
class CaseClosed(CaseEvent):
    TYPE = "CaseClosed"
    closed_on: date
    approved_by: str
    summary: str


@dataclass(frozen=True, kw_only=True)
class CaseArchived(CaseEvent):
    TYPE = "CaseArchived"
    archived_on: date


@dataclass(frozen=True, kw_only=True)
class CaseCorrected(CaseEvent):
    """A correction: points at the event it corrects and says what and why."""

    TYPE = "CaseCorrected"
    corrects: str
    field: str
    value: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class DeadlineMissed(CaseEvent):
    """The timer sweep found a statutory clock past its due date (准则第二条: 超期办案、拖延执行)."""

    TYPE = "DeadlineMissed"
    clock: str
    label: str
    due: date
    detected_on: date
    basis: str


@dataclass(frozen=True, kw_only=True)
class LanguageFlagged(CaseEvent):
    """准则第六条: the civility check found uncivil language in an officer's turns of a saved
    transcript. Derived from the ``TranscriptRecorded`` it names (its id is a hash of that
    event's id); the spans point into the protected utterances, no words are copied here."""

    TYPE = "LanguageFlagged"
    evidence_id: str
    transcript_event_id: str
    officer_ids: tuple[str, ...]
    findings: tuple[dict[str, Any], ...]  # {"category", "utterance", "start", "end"}
    found_on: date


@dataclass(frozen=True, kw_only=True)
class DossierChecked(CaseEvent):
    """准则第九条: the element check of the whole 案卷 when it was archived (an empty
    ``findings`` is a clean check, recorded too)."""

    TYPE = "DossierChecked"
    archive_event_id: str
    documents: int
    findings: tuple[
        dict[str, Any], ...
    ]  # {"document_kind", "document_number", "path", "rule", "basis"}
    checked_on: date


@dataclass(frozen=True, kw_only=True)
class RecusalRequested(CaseEvent):
    """回避申请 (行政处罚法第四十三条): a party asks that an officer withdraw, or an officer
    asks to withdraw; the body's head must decide it (``RecusalDecided``)."""

    TYPE = "RecusalRequested"
    officer_id: str
    requested_by: str  # party | officer
    requested_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class CircumstancesAssessed(CaseEvent):
    """情节认定: the recorded facts that select the discretion tier (裁量基准) and decide
    whether 行政处罚法第三十三条 (首违不罚、轻微不罚、无主观过错不罚) or a 免罚清单 item
    applies. Written by the case's officers before the penalty is proposed."""

    TYPE = "CircumstancesAssessed"
    assessed_on: date
    officer_ids: tuple[str, ...]
    first_offence: bool
    harm_minor: bool
    corrected_in_time: bool
    no_fault: bool = False
    exemption_item: str = ""  # the 免罚清单 entry that applies, if any
    aggravating: tuple[str, ...] = ()  # 从重情节, in words
    mitigating: tuple[str, ...] = ()  # 从轻、减轻情节, in words


@dataclass(frozen=True, kw_only=True)
class InterferenceReported(CaseEvent):
    """干预、插手具体案件的记录 (准则第八条): any officer of the body records that someone
    asked, pressed or intervened in the case. Immutable once recorded (a ledger entry);
    delivered straight to the supervisor as a finding. Who intervened and what they said
    are personal data (commitments); their position is kept in clear."""

    TYPE = "InterferenceReported"
    PERSONAL = ("interferer_name", "description")
    reported_by: str  # the officer who records it
    reported_on: date
    interferer_position: str  # e.g. 区领导、上级机关工作人员、本机关领导、其他
    manner: str  # request | pressure | note | other (打招呼说情、施压、批条子、其他)
    interferer_name: Any
    description: Any


@dataclass(frozen=True, kw_only=True)
class RelationDeclared(CaseEvent):
    """利害关系申报 (行政处罚法第四十三条): an officer declares a relation to a party of the
    case (近亲属、经济往来、其他可能影响公正执法的关系). The officer must then withdraw."""

    TYPE = "RelationDeclared"
    officer_id: str
    declared_on: date
    relation: str  # kin | financial | other


@dataclass(frozen=True, kw_only=True)
class WordingFlagged(CaseEvent):
    """准则第六条 on written words: the civility check found uncivil language in the text an
    officer wrote into a step — a 告知书's facts and reasons, a decision's facts and tier
    reason, the reasons of a 不予立案, an extension, a withdrawal, a transfer, a closing
    summary. Derived from that step (its id a hash of the step's id); ``findings`` name the
    field and the span, no words are copied here."""

    TYPE = "WordingFlagged"
    step_event_id: str
    step: str  # the step's TYPE
    officer_ids: tuple[str, ...]
    findings: tuple[dict[str, Any], ...]  # {"field", "category", "start", "end"}
    found_on: date


CASE_EVENTS: tuple[type[CaseEvent], ...] = (
    LeadRegistered,
    CaseOpened,
    CaseDeclined,
    FilingExtended,
    SummaryDecisionIssued,
    EvidenceCollected,
    TranscriptRecorded,
    EvidencePreserved,
    PreservationHandled,
    RecusalDecided,
    TimeExcluded,
    DecisionDeadlineExtended,
    RightsNotified,
    StatementReceived,
    HearingRequested,
    HearingNoticed,
    HearingHeld,
    LegalReviewCompleted,
    CollectiveDiscussionHeld,
    DecisionIssued,
    DocumentIssued,
    DocumentServed,
    PaymentReceived,
    CashHandedOver,
    PaymentDeferred,
    ExecutionDemanded,
    CourtEnforcementApplied,
    MeasureImposed,
    MeasureExtended,
    MeasureReleased,
    RemedyFiled,
    RemedyDecided,
    CaseTransferred,
    CaseWithdrawn,
    CaseClosed,
    CaseArchived,
    CaseCorrected,
    DeadlineMissed,
    LanguageFlagged,
    DossierChecked,
    RecusalRequested,
    CircumstancesAssessed,
    InterferenceReported,
    RelationDeclared,
    WordingFlagged,
)
