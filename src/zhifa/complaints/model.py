"""投诉举报 (complaints) as plain values: the tracking code, the form's rules, the statuses and
which step may follow which.

Enterprises and citizens complain about a body's enforcement (国办发〔2018〕118号 asks bodies to
accept 投诉举报 about enforcement; 《行政执法监督条例》 makes them a source of supervision). A
complaint gets a random tracking code (查询码) that is its only public handle: it holds no
personal data, is not sequential, and is stored only as its SHA-256 digest.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zhifa.kernel.errors import IllegalTransition, InvalidInput, Violation
from zhifa.registry.model import mask_name, mask_phone

# ---------------------------------------------------------------------------- tracking code

# Crockford's base32: digits and capitals without I, L, O, U (no 0/O or 1/I/L confusion when
# a code is read aloud or typed on a phone).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_CHARS = 12  # 60 random bits
CODE_GROUP = 4
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_tracking_code() -> str:
    """A fresh random code in groups of four, e.g. ``7KQ2-M9XD-4RTA``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def normalize_code(text: str) -> str | None:
    """The canonical grouped code for what a person typed, or ``None`` if it cannot be one.

    Case, spaces, hyphens and full-width characters do not matter; O/I/L typed for 0/1/1
    are read as the digits (Crockford's rule).
    """
    clean = unicodedata.normalize("NFKC", text).upper()
    clean = re.sub(r"[\s\-_.]", "", clean).translate(_TYPO)
    if len(clean) != CODE_CHARS or any(c not in ALPHABET for c in clean):
        return None
    return format_code(clean)


def code_digest(code: str) -> str:
    """What the database keeps: SHA-256 of the canonical code (the code itself is never stored)."""
    return hashlib.sha256(f"zhifa-complaint:{code}".encode()).hexdigest()


# ---------------------------------------------------------------------------- statuses


class Status(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    REJECTED = "rejected"

    @property
    def label_zh(self) -> str:
        return _STATUS_ZH[self]

    @property
    def ended(self) -> bool:
        return self in (Status.CLOSED, Status.REJECTED)


_STATUS_ZH = {
    Status.RECEIVED: "已收到，待受理",
    Status.ACCEPTED: "已受理",
    Status.IN_PROGRESS: "处理中",
    Status.CLOSED: "已办结",
    Status.REJECTED: "不予受理",
}


class Topic(StrEnum):
    """What the complaint is about."""

    CONDUCT = "conduct"  # an officer's conduct or language (准则第六条)
    PROCEDURE = "procedure"  # how a case or inspection was handled
    DECISION = "decision"  # a decision's content (remedies: 复议/诉讼 are named on the page)
    INSPECTION = "inspection"  # repeated or unpublished inspections (国办发〔2024〕54号)
    CHARGES = "charges"  # 乱收费、乱罚款、乱查封、吃拿卡要
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return _TOPIC_ZH[self]


_TOPIC_ZH = {
    Topic.CONDUCT: "执法人员言行（如态度粗暴、不文明用语、未出示证件）",
    Topic.PROCEDURE: "执法程序（如未告知权利、超期办理）",
    Topic.DECISION: "处理决定",
    Topic.INSPECTION: "涉企检查（如重复检查、未公示事项检查）",
    Topic.CHARGES: "乱收费、乱罚款、乱查封，吃拿卡要",
    Topic.OTHER: "其他",
}


class Outcome(StrEnum):
    """How a handled complaint ended (办结结论)."""

    SUBSTANTIATED = "substantiated"
    PARTLY = "partly_substantiated"
    UNSUBSTANTIATED = "unsubstantiated"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return _OUTCOME_ZH[self]


_OUTCOME_ZH = {
    Outcome.SUBSTANTIATED: "反映属实",
    Outcome.PARTLY: "部分属实",
    Outcome.UNSUBSTANTIATED: "反映不属实",
    Outcome.OTHER: "其他",
}

# Which step may follow which status.
_ALLOWED: dict[str, frozenset[Status]] = {
    "accept": frozenset({Status.RECEIVED}),
    "reject": frozenset({Status.RECEIVED}),
    "assign": frozenset({Status.ACCEPTED, Status.IN_PROGRESS}),
    "reply": frozenset({Status.ACCEPTED, Status.IN_PROGRESS}),
    "close": frozenset({Status.IN_PROGRESS}),
}
STEP_ZH = {
    "accept": "受理",
    "reject": "不予受理",
    "assign": "指派承办人",
    "reply": "答复",
    "close": "办结",
}


def check_step(step: str, status: Status, *, replied: bool = False) -> None:
    """Refuse a step the complaint's status does not allow, saying what would."""
    allowed = _ALLOWED[step]
    if status not in allowed:
        need = "、".join(s.label_zh for s in allowed)
        raise IllegalTransition(
            f"投诉举报当前状态为“{status.label_zh}”，不能{STEP_ZH[step]}",
            f"complaint in status {status} cannot {step}",
            hint_zh=f"只有状态为“{need}”的投诉举报才能{STEP_ZH[step]}。",
        )
    if step == "close" and not replied:
        raise IllegalTransition(
            "办结前须先答复投诉举报人",
            "a complaint is closed only after a reply",
            hint_zh="请先填写答复内容（答复会显示在查询页上）。",
        )


# ---------------------------------------------------------------------------- the form

MAX_TEXT = 5000
MIN_TEXT = 10
MAX_NAME = 50
MAX_PLACE = 200
MAX_CASE_NUMBER = 80
MAX_REASON = 2000
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_CREDENTIAL = re.compile(r"[0-9A-Za-z\-]{4,32}")


@dataclass(frozen=True)
class ComplaintInput:
    """A complaint as typed in the form (all text), before any check."""

    body_id: str = ""
    topic: str = ""
    text: str = ""
    occurred_on: str = ""
    place: str = ""
    credential_number: str = ""
    case_number: str = ""
    anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class Complaint:
    """A complaint that passed the form's rules (cleaned values)."""

    body_id: str
    topic: Topic
    text: str
    occurred_on: date | None
    place: str
    credential_number: str | None
    case_number: str | None
    anonymous: bool
    contact_name: str
    contact_phone: str


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _clean_text(text: str) -> str:
    # Keep the person's line breaks, drop control characters a paste may carry.
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "".join(c for c in text if c == "\n" or unicodedata.category(c)[0] != "C")


def validate(form: ComplaintInput, today: date) -> Complaint:
    """Check the form; raise one ``InvalidInput`` naming every field that is wrong."""
    bad: list[Violation] = []

    def no(field: str, zh: str, en: str) -> None:
        bad.append(Violation(field, zh, en))

    body_id = form.body_id.strip()
    if not body_id:
        no("body_id", "请选择被投诉的执法主体", "body_id missing")
    topic: Topic | None = None
    try:
        topic = Topic(form.topic.strip() or "other")
    except ValueError:
        no("topic", "投诉举报类别不是可选值之一", "unknown topic")
    text = _clean_text(form.text)
    if not text:
        no("text", "请填写投诉举报的具体内容", "text missing")
    elif len(text) < MIN_TEXT:
        no("text", f"投诉举报内容过短：至少 {MIN_TEXT} 个字", f"text under {MIN_TEXT} characters")
    elif len(text) > MAX_TEXT:
        no(
            "text",
            f"投诉举报内容过长：最多 {MAX_TEXT} 个字，现为 {len(text)} 个字；材料较多的，"
            "请概括要点并在受理后按工作人员的联系提交",
            f"text over {MAX_TEXT} characters ({len(text)})",
        )
    occurred: date | None = None
    if form.occurred_on.strip():
        try:
            occurred = date.fromisoformat(_clean(form.occurred_on))
        except ValueError:
            no("occurred_on", "发生日期格式应为 YYYY-MM-DD", "occurred_on is not a date")
        else:
            if occurred > today:
                no("occurred_on", "发生日期不能晚于今天", "occurred_on in the future")
    place = _clean(form.place)
    if len(place) > MAX_PLACE:
        no("place", f"发生地点最多 {MAX_PLACE} 个字", f"place over {MAX_PLACE} characters")
    credential = _clean(form.credential_number).upper() or None
    if credential and not _CREDENTIAL.fullmatch(credential):
        no(
            "credential_number",
            "执法证号格式不正确（应为执法证上的编号，不确定可留空）",
            "credential_number malformed",
        )
    case_number = _clean(form.case_number) or None
    if case_number and len(case_number) > MAX_CASE_NUMBER:
        no(
            "case_number",
            f"案件或文书编号最多 {MAX_CASE_NUMBER} 个字",
            "case_number too long",
        )
    name = _clean(form.contact_name)
    phone = re.sub(r"\s", "", _clean(form.contact_phone))
    if form.anonymous:
        name, phone = "", ""
    else:
        if not name:
            no("contact_name", "请填写联系人姓名，或选择匿名投诉举报", "contact_name missing")
        elif len(name) > MAX_NAME:
            no("contact_name", f"联系人姓名最多 {MAX_NAME} 个字", "contact_name too long")
        if not phone:
            no("contact_phone", "请填写联系电话，或选择匿名投诉举报", "contact_phone missing")
        elif not (_MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone)):
            no(
                "contact_phone",
                "联系电话格式不正确：手机号为 11 位数字，固定电话如 0571-87654321",
                "contact_phone malformed",
            )
    if bad:
        raise InvalidInput(
            "投诉举报未提交：" + "；".join(v.reason_zh for v in bad),
            "complaint form refused: " + ", ".join(v.field for v in bad),
            violations=bad,
        )
    assert topic is not None
    return Complaint(
        body_id=body_id,
        topic=topic,
        text=text,
        occurred_on=occurred,
        place=place,
        credential_number=credential,
        case_number=case_number,
        anonymous=form.anonymous,
        contact_name=name,
        contact_phone=phone,
    )


def contact_mask(c: Complaint) -> str:
    """The contact as staff lists show it: 张** · 138****5678, or 匿名."""
    if c.anonymous:
        return "匿名"
    return f"{mask_name(c.contact_name)} · {mask_phone(c.contact_phone)}"


def check_reason(text: str, field: str, what_zh: str) -> str:
    """A staff reason or reply: required, bounded."""
    clean = _clean_text(text)
    if len(clean) < 2:
        raise InvalidInput(
            f"请填写{what_zh}",
            f"{field} missing",
            violations=[Violation(field, f"缺少{what_zh}", f"{field} missing")],
        )
    if len(clean) > MAX_REASON:
        raise InvalidInput(
            f"{what_zh}最多 {MAX_REASON} 个字，现为 {len(clean)} 个字",
            f"{field} over {MAX_REASON} characters",
            violations=[Violation(field, f"超过 {MAX_REASON} 个字", "too long")],
        )
    return clean
