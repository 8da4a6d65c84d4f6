"""The content of each standard enforcement document (标准执法文书), as plain validated data.

One pydantic model per kind, all sharing a header (kind, 文书编号, 执法主体, 日期, 印章, 案件).
The models describe the *shape* of a document and are deliberately lenient about presence:
a draft with an element still missing validates, so that the element checker
(``zhifa.documents.elements``) can name what is missing and the article that requires it.
What the models refuse outright is a wrong shape: an unknown field, a wrong type, a
fractional amount, an unknown enumeration value.

Money is integer 分 (``*_fen``); dates are legal dates (``YYYY-MM-DD``); instants carry an
offset (``2026-03-02T09:30:00+08:00``). Personal values (names of natural persons, ID numbers,
addresses, phones) are in clear here, because the document is served to the party; they are
kept out of ``repr`` so that a model written to a log by mistake shows none of them.

``to_json`` / ``from_json`` are the interchange form; ``content_digest`` is the SHA-256 of the
canonical JSON (RFC 8785 subset, ``zhifa.kernel.canonical``) that the case engine records on
the ledger and that the verification page compares against.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from zhifa.catalog.model import PenaltyKind
from zhifa.kernel.canonical import canonical_json
from zhifa.kernel.errors import InvalidInput, Violation

SCHEMA_VERSION = 1


class DocumentKind(StrEnum):
    """The standard documents zhifa produces."""

    FILING_APPROVAL = "filing_approval"
    NON_FILING_DECISION = "non_filing_decision"
    INQUIRY_RECORD = "inquiry_record"
    INSPECTION_RECORD = "inspection_record"
    PRIOR_NOTICE = "prior_notice"
    HEARING_NOTICE = "hearing_notice"
    PENALTY_DECISION = "penalty_decision"
    SUMMARY_DECISION = "summary_decision"
    SERVICE_RECEIPT = "service_receipt"
    SEIZURE_DECISION = "seizure_decision"
    SEIZURE_INVENTORY = "seizure_inventory"
    CLOSING_APPROVAL = "closing_approval"

    @property
    def title_zh(self) -> str:
        return _KIND_ZH[self]


_KIND_ZH = {
    DocumentKind.FILING_APPROVAL: "立案审批表",
    DocumentKind.NON_FILING_DECISION: "不予立案审批表",
    DocumentKind.INQUIRY_RECORD: "询问笔录",
    DocumentKind.INSPECTION_RECORD: "现场检查笔录",
    DocumentKind.PRIOR_NOTICE: "行政处罚事先告知书",
    DocumentKind.HEARING_NOTICE: "听证通知书",
    DocumentKind.PENALTY_DECISION: "行政处罚决定书",
    DocumentKind.SUMMARY_DECISION: "当场行政处罚决定书",
    DocumentKind.SERVICE_RECEIPT: "送达回证",
    DocumentKind.SEIZURE_DECISION: "查封（扣押）决定书",
    DocumentKind.SEIZURE_INVENTORY: "查封（扣押）财物清单",
    DocumentKind.CLOSING_APPROVAL: "结案审批表",
}


class PartyKind(StrEnum):
    """当事人类型 (the registry's words)."""

    NATURAL_PERSON = "natural_person"
    LEGAL_PERSON = "legal_person"
    INDIVIDUAL_BUSINESS = "individual_business"
    OTHER_ORGANISATION = "other_organisation"

    @property
    def label_zh(self) -> str:
        return _PARTY_KIND_ZH[self]

    @property
    def is_citizen(self) -> bool:
        """公民 for the limits of 行政处罚法第五十一条 and 第六十三条 (an individual business is
        run by a natural person, but the law's 法人或者其他组织 limit applies only to
        organisations; zhifa treats 个体工商户 as a citizen, the stricter reading)."""
        return self in (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS)


_PARTY_KIND_ZH = {
    PartyKind.NATURAL_PERSON: "自然人",
    PartyKind.LEGAL_PERSON: "法人",
    PartyKind.INDIVIDUAL_BUSINESS: "个体工商户",
    PartyKind.OTHER_ORGANISATION: "其他组织",
}


class IdKind(StrEnum):
    """The kind of identifier a party or person is known by."""

    RESIDENT_ID = "resident_id"
    USCC = "uscc"
    PASSPORT = "passport"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return _ID_KIND_ZH[self]


_ID_KIND_ZH = {
    IdKind.RESIDENT_ID: "居民身份证号码",
    IdKind.USCC: "统一社会信用代码",
    IdKind.PASSPORT: "护照号码",
    IdKind.OTHER: "证件号码",
}


class LeadSource(StrEnum):
    """案源."""

    COMPLAINT = "complaint"
    INSPECTION = "inspection"
    TRANSFER = "transfer"
    ASSIGNMENT = "assignment"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return {
            LeadSource.COMPLAINT: "投诉举报",
            LeadSource.INSPECTION: "监督检查发现",
            LeadSource.TRANSFER: "其他机关移送",
            LeadSource.ASSIGNMENT: "上级交办",
            LeadSource.OTHER: "其他",
        }[self]


class SpeakerRole(StrEnum):
    """Who speaks in a transcript. The language checker relies on this (准则第六条)."""

    OFFICER = "officer"
    PARTY = "party"
    WITNESS = "witness"
    INTERPRETER = "interpreter"
    OTHER = "other"


class SignerRole(StrEnum):
    """Who signs a record or receipt."""

    PARTY = "party"
    INTERVIEWEE = "interviewee"
    WITNESS = "witness"
    OFFICER = "officer"
    RECORDER = "recorder"
    RECEIVER = "receiver"

    @property
    def label_zh(self) -> str:
        return {
            SignerRole.PARTY: "当事人",
            SignerRole.INTERVIEWEE: "被询问人",
            SignerRole.WITNESS: "见证人",
            SignerRole.OFFICER: "执法人员",
            SignerRole.RECORDER: "记录人",
            SignerRole.RECEIVER: "受送达人",
        }[self]


class ServiceMethod(StrEnum):
    """送达方式 (行政处罚法第六十一条 by reference to 民事诉讼法)."""

    DIRECT = "direct"
    LEFT_AT_RESIDENCE = "left_at_residence"
    ENTRUSTED = "entrusted"
    POSTAL = "postal"
    ELECTRONIC = "electronic"
    ANNOUNCEMENT = "announcement"

    @property
    def label_zh(self) -> str:
        return {
            ServiceMethod.DIRECT: "直接送达",
            ServiceMethod.LEFT_AT_RESIDENCE: "留置送达",
            ServiceMethod.ENTRUSTED: "委托送达",
            ServiceMethod.POSTAL: "邮寄送达",
            ServiceMethod.ELECTRONIC: "电子送达",
            ServiceMethod.ANNOUNCEMENT: "公告送达",
        }[self]


class SeizureMeasure(StrEnum):
    """查封 (seal a place or goods where they are) or 扣押 (take goods away)."""

    SEAL = "seal"
    SEIZE = "seize"

    @property
    def label_zh(self) -> str:
        return "查封" if self is SeizureMeasure.SEAL else "扣押"


class CollectionReason(StrEnum):
    """Why a fine was collected on the spot (行政处罚法第六十八条、第六十九条)."""

    SMALL_AMOUNT = "small_amount"
    HARD_TO_ENFORCE = "hard_to_enforce"
    REMOTE_AREA = "remote_area"


# --------------------------------------------------------------------------- parts


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BodyRef(_Part):
    """执法主体: the body that issues the document."""

    name: str | None = None
    code: str | None = None  # the body's 统一社会信用代码 or registry code


class Seal(_Part):
    """印章: whether the body's seal is affixed, and which (an electronic seal's reference)."""

    affixed: bool = False
    name: str | None = None
    reference: str | None = None


class CaseRef(_Part):
    id: str | None = None
    number: str | None = None  # 案件编号


class Party(_Part):
    """当事人. Personal values stay out of ``repr``."""

    kind: PartyKind | None = None
    name: str | None = Field(default=None, repr=False)
    id_kind: IdKind | None = None
    id_number: str | None = Field(default=None, repr=False)
    address: str | None = Field(default=None, repr=False)
    representative: str | None = Field(default=None, repr=False)  # 法定代表人/负责人/经营者
    phone: str | None = Field(default=None, repr=False)


class Person(_Part):
    """A natural person in a record: 被询问人, 在场人, 受送达人, 见证人."""

    name: str | None = Field(default=None, repr=False)
    id_kind: IdKind | None = None
    id_number: str | None = Field(default=None, repr=False)
    address: str | None = Field(default=None, repr=False)
    phone: str | None = Field(default=None, repr=False)
    relation: str | None = None  # e.g. 当事人、法定代表人、员工、证人


class OfficerRef(_Part):
    """执法人员 and the number of the credential shown (行政处罚法第四十二条、第五十五条)."""

    name: str | None = None
    credential_number: str | None = None


class Approval(_Part):
    """负责人审批: who approved, the opinion, when."""

    approver: str | None = None
    opinion: str | None = None
    date: dt.date | None = None


class Penalty(_Part):
    """One penalty: its kind (行政处罚法第九条), the amount where it has one, a description
    (what is confiscated, how long a suspension lasts)."""

    kind: PenaltyKind | None = None
    amount_fen: int | None = None
    description: str | None = None


class Payment(_Part):
    """履行方式和期限: how and by when the money is paid (行政处罚法第六十七条)."""

    manner: str | None = None  # e.g. 到指定银行或者通过电子支付系统缴纳
    deadline_days: int | None = None  # days from receipt of the decision
    channel: str | None = None  # the designated bank or payment platform


class Remedy(_Part):
    """申请行政复议、提起行政诉讼的途径和期限."""

    reconsideration_body: str | None = None  # 复议机关
    reconsideration_days: int | None = None
    litigation_court: str | None = None
    litigation_months: int | None = None


class Utterance(_Part):
    """One turn in a transcript: who spoke and what was said."""

    speaker: SpeakerRole | None = None
    name: str | None = Field(default=None, repr=False)
    text: str | None = Field(default=None, repr=False)


class Signature(_Part):
    """A signature on a record: who, in which role, whether signed, and if not, why."""

    role: SignerRole | None = None
    name: str | None = Field(default=None, repr=False)
    signed: bool = False
    date: dt.date | None = None
    refusal_reason: str | None = None  # why the person did not sign


class InventoryItem(_Part):
    """One line of a 查封/扣押 inventory. ``quantity`` is a decimal string (no floats)."""

    name: str | None = None
    spec: str | None = None
    quantity: str | None = None
    unit: str | None = None
    place: str | None = None
    note: str | None = None


class ServedDocument(_Part):
    """The document a 送达回证 proves was served."""

    kind: DocumentKind | None = None
    number: str | None = None
    title: str | None = None
    date: dt.date | None = None


# --------------------------------------------------------------------------- documents


class DocumentBase(_Part):
    """The header every document carries."""

    kind: str
    version: Literal[1] = 1
    number: str | None = None  # 文书编号, e.g. 示市监罚〔2026〕12号
    body: BodyRef | None = None
    date: dt.date | None = None  # the date the document is made or issued
    seal: Seal | None = None
    case: CaseRef | None = None

    def __repr_args__(self) -> Any:
        # A document holds personal data in its text: its repr names only what it is.
        return [("kind", self.kind), ("number", self.number), ("date", self.date)]

    @property
    def kind_enum(self) -> DocumentKind:
        return DocumentKind(self.kind)

    @property
    def title_zh(self) -> str:
        return self.kind_enum.title_zh


class FilingApproval(DocumentBase):
    """立案审批表 (行政处罚法第五十四条)."""

    kind: Literal["filing_approval"] = "filing_approval"
    source: LeadSource | None = None
    lead_date: dt.date | None = None  # 发现线索或者收到材料之日
    party: Party | None = None
    matter: str | None = None  # 案由 / 涉嫌违法行为
    summary: str | None = None  # 案情摘要
    basis: list[str] = Field(default_factory=list)  # 涉嫌违反的规定
    handlers: list[OfficerRef] = Field(default_factory=list)  # 承办人
    handler_opinion: str | None = None
    approval: Approval | None = None


class NonFilingDecision(DocumentBase):
    """不予立案审批表: the lead is not filed, with reasons and the head's approval."""

    kind: Literal["non_filing_decision"] = "non_filing_decision"
    source: LeadSource | None = None
    lead_date: dt.date | None = None
    party: Party | None = None
    matter: str | None = None
    reasons: str | None = None
    basis: list[str] = Field(default_factory=list)
    handlers: list[OfficerRef] = Field(default_factory=list)
    approval: Approval | None = None


class _Record(DocumentBase):
    start_time: AwareDatetime | None = None
    end_time: AwareDatetime | None = None
    place: str | None = None
    officers: list[OfficerRef] = Field(default_factory=list)
    recorder: str | None = None
    credentials_shown: bool = False  # 出示执法证件 (行政处罚法第五十五条)
    speakers: list[Utterance] = Field(default_factory=list)
    read_back: bool = False  # 笔录交被询问人/当事人核对或者向其宣读
    signatures: list[Signature] = Field(default_factory=list)


class InquiryRecord(_Record):
    """询问笔录."""

    kind: Literal["inquiry_record"] = "inquiry_record"
    interviewee: Person | None = None
    recusal_informed: bool = False  # 告知申请回避的权利 (行政处罚法第四十三条)


class InspectionRecord(_Record):
    """现场检查笔录."""

    kind: Literal["inspection_record"] = "inspection_record"
    party: Party | None = None
    present_person: Person | None = None  # 在场人
    observations: str | None = None  # 检查情况


class PriorNotice(DocumentBase):
    """行政处罚事先告知书 (行政处罚法第四十四条、第六十二条、第六十三条、第六十四条)."""

    kind: Literal["prior_notice"] = "prior_notice"
    party: Party | None = None
    facts: str | None = None
    reasons: str | None = None
    violated: list[str] = Field(default_factory=list)
    basis: list[str] = Field(default_factory=list)
    intended_penalties: list[Penalty] = Field(default_factory=list)
    intended_total_fen: int | None = None
    statement_days: int | None = None  # 陈述、申辩的期限（日）
    hearing_triggered: bool = False
    hearing_request_days: int | None = None
    contact: str | None = None  # 联系人、电话、地址


class HearingNotice(DocumentBase):
    """听证通知书 (行政处罚法第六十四条)."""

    kind: Literal["hearing_notice"] = "hearing_notice"
    party: Party | None = None
    matter: str | None = None
    hearing_time: AwareDatetime | None = None
    place: str | None = None
    presider: str | None = None
    clerk: str | None = None
    public: bool = True
    recusal_informed: bool = False
    investigators: list[str] = Field(default_factory=list)  # the case's investigators


class PenaltyDecision(DocumentBase):
    """行政处罚决定书 (行政处罚法第五十九条)."""

    kind: Literal["penalty_decision"] = "penalty_decision"
    party: Party | None = None
    facts: str | None = None
    evidence: list[str] = Field(default_factory=list)
    violated: list[str] = Field(default_factory=list)
    basis: list[str] = Field(default_factory=list)
    discretion: str | None = None  # 裁量理由
    statements: str | None = None  # 陈述、申辩（听证）及采纳情况
    penalties: list[Penalty] = Field(default_factory=list)
    total_fen: int | None = None
    payment: Payment | None = None
    remedy: Remedy | None = None
    notice_number: str | None = None  # the 事先告知书 it follows
    notice_date: dt.date | None = None


class SummaryDecision(DocumentBase):
    """当场行政处罚决定书 (简易程序; 行政处罚法第五十一条、第五十二条). ``number`` is the
    pre-printed serial number of the form."""

    kind: Literal["summary_decision"] = "summary_decision"
    party: Party | None = None
    facts: str | None = None
    violated: list[str] = Field(default_factory=list)
    basis: list[str] = Field(default_factory=list)
    penalty_kind: PenaltyKind | None = None  # warning or fine
    fine_fen: int | None = None
    time: AwareDatetime | None = None
    place: str | None = None
    officers: list[OfficerRef] = Field(default_factory=list)
    officers_signed: bool = False
    payment: Payment | None = None
    remedy: Remedy | None = None
    collected_on_spot: bool = False
    collection_reason: CollectionReason | None = None
    receipt_number: str | None = None  # 罚款收据编号


class ServiceReceipt(DocumentBase):
    """送达回证."""

    kind: Literal["service_receipt"] = "service_receipt"
    served_document: ServedDocument | None = None
    receiver: Person | None = None
    method: ServiceMethod | None = None
    served_at: AwareDatetime | None = None
    place: str | None = None
    servers: list[OfficerRef] = Field(default_factory=list)
    receiver_signed: bool = False
    witness: Person | None = None
    refusal_reason: str | None = None
    tracking_number: str | None = None  # postal
    electronic_address: str | None = None  # electronic, with the receiver's consent
    announcement: str | None = None  # where and when it was announced


class SeizureDecision(DocumentBase):
    """查封（扣押）决定书 (行政强制法第二十四条、第二十五条)."""

    kind: Literal["seizure_decision"] = "seizure_decision"
    measure: SeizureMeasure | None = None
    party: Party | None = None
    reasons: str | None = None
    basis: list[str] = Field(default_factory=list)
    items: list[InventoryItem] = Field(default_factory=list)
    place: str | None = None  # 查封、扣押的场所 / 存放地点
    start_date: dt.date | None = None
    duration_days: int | None = None
    approval: Approval | None = None  # 负责人批准 (行政强制法第十八条)
    emergency: bool = False
    remedy: Remedy | None = None


class SeizureInventory(DocumentBase):
    """查封（扣押）财物清单, two copies, signed by the party and the officers."""

    kind: Literal["seizure_inventory"] = "seizure_inventory"
    measure: SeizureMeasure | None = None
    decision_number: str | None = None
    party: Party | None = None
    items: list[InventoryItem] = Field(default_factory=list)
    officers: list[OfficerRef] = Field(default_factory=list)
    signatures: list[Signature] = Field(default_factory=list)


class ClosingApproval(DocumentBase):
    """结案审批表."""

    kind: Literal["closing_approval"] = "closing_approval"
    party: Party | None = None
    filing_date: dt.date | None = None
    summary: str | None = None
    disposition: str | None = None  # 处理结果
    execution: str | None = None  # 执行情况
    handlers: list[OfficerRef] = Field(default_factory=list)
    approval: Approval | None = None


Document = (
    FilingApproval
    | NonFilingDecision
    | InquiryRecord
    | InspectionRecord
    | PriorNotice
    | HearingNotice
    | PenaltyDecision
    | SummaryDecision
    | ServiceReceipt
    | SeizureDecision
    | SeizureInventory
    | ClosingApproval
)

MODELS: dict[DocumentKind, type[DocumentBase]] = {
    DocumentKind.FILING_APPROVAL: FilingApproval,
    DocumentKind.NON_FILING_DECISION: NonFilingDecision,
    DocumentKind.INQUIRY_RECORD: InquiryRecord,
    DocumentKind.INSPECTION_RECORD: InspectionRecord,
    DocumentKind.PRIOR_NOTICE: PriorNotice,
    DocumentKind.HEARING_NOTICE: HearingNotice,
    DocumentKind.PENALTY_DECISION: PenaltyDecision,
    DocumentKind.SUMMARY_DECISION: SummaryDecision,
    DocumentKind.SERVICE_RECEIPT: ServiceReceipt,
    DocumentKind.SEIZURE_DECISION: SeizureDecision,
    DocumentKind.SEIZURE_INVENTORY: SeizureInventory,
    DocumentKind.CLOSING_APPROVAL: ClosingApproval,
}

_ADAPTER: TypeAdapter[Document] = TypeAdapter(Annotated[Document, Field(discriminator="kind")])

# Money that is a monetary penalty to be paid (罚款、没收违法所得).
MONETARY_KINDS = frozenset({PenaltyKind.FINE, PenaltyKind.CONFISCATION})

_PYDANTIC_ZH = {
    "missing": "缺少必填项",
    "extra_forbidden": "不是该文书的字段",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数（金额以“分”为单位，不用小数）",
    "string_type": "应为文字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期不应带时间",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "datetime_parsing": "时间格式应为 YYYY-MM-DDTHH:MM:SS+08:00",
    "datetime_from_date_parsing": "时间格式应为 YYYY-MM-DDTHH:MM:SS+08:00",
    "datetime_type": "时间格式应为 YYYY-MM-DDTHH:MM:SS+08:00",
    "timezone_aware": "时间须带时区（如 +08:00）",
    "enum": "不是可选值之一",
    "literal_error": "不是可选值之一",
    "union_tag_invalid": "未知的文书种类",
    "union_tag_not_found": "缺少文书种类 kind",
}


def json_path(loc: tuple[str | int, ...]) -> str:
    """("party", "name") → party.name; ("penalties", 0, "kind") → penalties[0].kind."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _violations(exc: ValidationError, where: str) -> list[Violation]:
    found: list[Violation] = []
    for e in exc.errors():
        loc = tuple(e["loc"])
        # The discriminated union puts the kind's tag first: drop it from the path.
        if loc and isinstance(loc[0], str) and loc[0] in DocumentKind._value2member_map_:
            loc = loc[1:]
        path = json_path(loc) or "$"
        reason = _PYDANTIC_ZH.get(e["type"], "格式不正确")
        if e["type"] in ("enum", "literal_error") and "expected" in (e.get("ctx") or {}):
            reason += f"（可选：{e['ctx']['expected']}）"
        found.append(Violation(path, reason, str(e["msg"]), where))
    return found


def from_json(data: Mapping[str, Any], *, where: str = "") -> Document:
    """Validate the shape of one document. Raises ``InvalidInput`` naming every bad field."""
    if not isinstance(data, Mapping):
        raise InvalidInput("文书须为 JSON 对象", "a document must be a JSON object", violations=[])
    kind = data.get("kind")
    if kind not in DocumentKind._value2member_map_:
        known = "、".join(k.value for k in DocumentKind)
        raise InvalidInput(
            f"未知的文书种类“{kind}”（可选：{known}）" if kind else "缺少文书种类 kind",
            f"unknown document kind {kind!r}",
            violations=[Violation("kind", "未知的文书种类", f"unknown kind {kind!r}", where)],
        )
    try:
        return _ADAPTER.validate_python(dict(data))
    except ValidationError as exc:
        title = DocumentKind(str(kind)).title_zh
        violations = _violations(exc, where)
        raise InvalidInput(
            f"{title}的格式有误（{len(violations)} 处）",
            f"{kind}: {len(violations)} shape error(s)",
            violations=violations,
        ) from None


def to_json(doc: DocumentBase) -> dict[str, Any]:
    """The interchange form: only str, int, bool, None, lists and objects (no floats)."""
    return doc.model_dump(mode="json")


def content_digest(doc: DocumentBase | Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the document: what the ledger records.

    A mapping is first validated and normalised through its model, so that the same
    content always hashes the same whatever optional fields the sender left out.
    """
    model = doc if isinstance(doc, DocumentBase) else from_json(doc)
    return hashlib.sha256(canonical_json(to_json(model))).hexdigest()


def monetary_total(penalties: list[Penalty]) -> int:
    """The sum in 分 of the penalties that carry an amount."""
    return sum(p.amount_fen or 0 for p in penalties if p.kind in MONETARY_KINDS)


def summarise(doc: DocumentBase) -> str:
    """A log-safe label of a document: its kind and number, never its content."""
    return f"{doc.kind_enum.value} {doc.number or '(no number)'}"


__all__ = [
    "MODELS",
    "MONETARY_KINDS",
    "SCHEMA_VERSION",
    "Approval",
    "BodyRef",
    "CaseRef",
    "CollectionReason",
    "Document",
    "DocumentBase",
    "DocumentKind",
    "FilingApproval",
    "HearingNotice",
    "IdKind",
    "InquiryRecord",
    "InspectionRecord",
    "InventoryItem",
    "LeadSource",
    "NonFilingDecision",
    "OfficerRef",
    "Party",
    "PartyKind",
    "Payment",
    "Penalty",
    "PenaltyDecision",
    "Person",
    "PriorNotice",
    "Remedy",
    "Seal",
    "SeizureDecision",
    "SeizureInventory",
    "SeizureMeasure",
    "ServedDocument",
    "ServiceMethod",
    "ServiceReceipt",
    "Signature",
    "SignerRole",
    "SpeakerRole",
    "SummaryDecision",
    "Utterance",
    "content_digest",
    "from_json",
    "json_path",
    "monetary_total",
    "summarise",
    "to_json",
]
