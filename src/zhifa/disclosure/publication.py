"""事后公开, the pure part: deadlines, the public text of a decision, its redaction, refusals.

A decision is published when it takes effect (国办发〔2018〕118号: 行政许可、行政处罚 within
7 working days, other decisions within 20), as a 公开版 composed from the decision: the
body, the number, the party (an organisation by its name, a natural person as 张某), the
facts, the provisions broken, the basis, the penalty, how to pay and seek remedy, the date.
Structured fields are masked by their type; free text goes through ``redact``; and every
personal value the case holds for the party (name, ID number, phone, address) is searched
for in the result and masked wherever the detector missed it. A text that still shows one
is refused (准则第十条).

Nothing here reads a database or a clock: callers pass the decision's content (as
``zhifa.cases.documents.compose`` makes it), the calendar and the dates.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal, Protocol

from zhifa.catalog.model import MatterKind, PenaltyKind
from zhifa.catalog.parameters import Parameter
from zhifa.disclosure.redact import (
    Kind,
    mask_address,
    mask_address_detail,
    mask_id_number,
    mask_person_name,
    mask_phone,
    redact,
)
from zhifa.disclosure.redaction_detect import default_detector
from zhifa.kernel.clock import format_date_zh
from zhifa.kernel.errors import IllegalTransition, InvalidInput, Violation
from zhifa.kernel.money import Money, format_yuan

BASIS_118: Final = (
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度"
    "重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"
)
BASIS_48: Final = "《中华人民共和国行政处罚法》第四十八条"
CONDUCT_5: Final = "《行政执法人员行为准则》第五条（全面落实行政执法公示制度）"
CONDUCT_10: Final = "《行政执法人员行为准则》第十条（严禁泄露个人隐私、个人信息）"

Category = Literal["penalty_licensing", "other"]
CATEGORY_PARAMETER: Final[dict[str, str]] = {
    "penalty_licensing": "disclosure.penalty_licensing",
    "other": "disclosure.other_decisions",
}
CATEGORY_ZH: Final[dict[str, str]] = {
    "penalty_licensing": "行政处罚、行政许可决定（7个工作日内公开）",
    "other": "其他执法决定（20个工作日内公开）",
}
WITHDRAWAL_PARAMETER: Final = "disclosure.withdrawal"
# The remedy outcomes that take a published decision down (行政处罚法第四十八条第二款).
WITHDRAWING_OUTCOMES: Final = frozenset({"varied", "revoked", "declared_unlawful"})
REVOKING_OUTCOMES: Final = frozenset({"revoked", "declared_unlawful"})
WITHDRAWAL_CAUSES: Final[dict[str, str]] = {
    "varied": "决定被依法变更",
    "revoked": "决定被依法撤销",
    "declared_unlawful": "决定被确认违法",
    "annulled": "决定被确认无效",
    "other": "其他依法应当撤回的情形",
}
STATUS_ZH: Final[dict[str, str]] = {
    "due": "待公开",
    "published": "已公开",
    "withdrawn": "已撤回",
    "cancelled": "无需公开（决定已被撤销）",
}
DOCUMENT_TITLES: Final[dict[str, str]] = {
    "penalty_decision": "行政处罚决定书",
    "summary_decision": "当场行政处罚决定书",
}
MIN_REASON_CHARS: Final = 4
MAX_REASON_CHARS: Final = 2000
# Personal values shorter than this are not searched for in the text (a one-character
# "name" would mask every occurrence of that character).
MIN_KNOWN_CHARS: Final = 2
# Span kinds that must never survive in a published text.
HARD_KINDS: Final = frozenset({"id_number", "phone", "bank_account", "email", "passport"})


class Calendar(Protocol):
    """What deadline arithmetic needs (``zhifa.cases.services.CalendarEnv`` / ``DbEnv``)."""

    def param(self, key: str, on: date) -> Parameter: ...

    def add_working_days(self, start: date, days: int) -> date: ...


# ---------------------------------------------------------------------------- deadlines


def category_of(matter_kind: str, penalty_kinds: Sequence[str]) -> Category:
    """行政处罚 and 行政许可 decisions: 7 working days; others (不予行政处罚 among them): 20."""
    if matter_kind in (MatterKind.PENALTY, MatterKind.LICENSING) and penalty_kinds:
        return "penalty_licensing"
    return "other"


def _working_days_after(cal: Calendar, key: str, start: date) -> tuple[date, str]:
    p = cal.param(key, start)
    if str(p.unit) != "working_days":  # the shipped parameters are all working days
        raise ValueError(f"parameter {key} has unit {p.unit}, expected working_days")
    return cal.add_working_days(start, p.number()), p.citation


def publication_due(cal: Calendar, category: str, effective_on: date) -> tuple[date, str]:
    """The last day to publish a decision that took effect on ``effective_on`` (the day
    itself not counted: 行政处罚法第八十五条), and the citation of the period."""
    if category not in CATEGORY_PARAMETER:
        raise ValueError(f"unknown publication category {category!r}")
    return _working_days_after(cal, CATEGORY_PARAMETER[category], effective_on)


def withdrawal_due(cal: Calendar, changed_on: date) -> tuple[date, str]:
    """The last day to withdraw a decision changed, revoked or annulled on ``changed_on``
    (行政处罚法第四十八条第二款: 三日内; counted in working days, 第八十五条)."""
    return _working_days_after(cal, WITHDRAWAL_PARAMETER, changed_on)


# ---------------------------------------------------------------------------- refusals


def not_in_effect(number: str, why_zh: str, why_en: str) -> IllegalTransition:
    """A publication asked for a decision that has not taken effect (or no longer stands)."""
    return IllegalTransition(
        f"决定“{number or '（未作出）'}”{why_zh}，不能公开。",
        f"decision {number!r} is not in effect: {why_en}",
        article=5,
        basis=f"{BASIS_118}：执法决定作出并生效后公开；{BASIS_48}",
        hint_zh="行政处罚决定书送达当事人（当场处罚的，当场交付）后，系统自动生成公开任务。",
        violations=[Violation("case_id", f"决定{why_zh}", why_en)],
    )


def check_reason(reason: str | None, field_name: str = "reason") -> str:
    """A withdrawal states its reasons (行政处罚法第四十八条第二款: 撤回并公开说明理由)."""
    text = (reason or "").strip()
    if len(text) < MIN_REASON_CHARS:
        zh = "撤回公开必须说明理由" if not text else f"撤回理由过短（至少 {MIN_REASON_CHARS} 个字）"
        raise InvalidInput(
            zh,
            "withdrawal needs a reason" if not text else "withdrawal reason too short",
            article=5,
            basis=f"{BASIS_48}第二款：撤回原行政处罚决定信息并公开说明理由",
            hint_zh="写明变更、撤销或确认违法的机关、文号和结论，例如：经示例市人民政府行政复议决定撤销。",
            violations=[Violation(field_name, zh, "reason required")],
        )
    if len(text) > MAX_REASON_CHARS:
        raise InvalidInput(
            f"撤回理由过长（{len(text)} 字，最多 {MAX_REASON_CHARS} 字）",
            "withdrawal reason too long",
            violations=[Violation(field_name, f"最多 {MAX_REASON_CHARS} 字", "too long")],
        )
    return text


def check_cause(cause: str, field_name: str = "cause") -> str:
    if cause not in WITHDRAWAL_CAUSES:
        choices = "、".join(f"{k}（{v}）" for k, v in WITHDRAWAL_CAUSES.items())
        raise InvalidInput(
            f"撤回原因“{cause[:40]}”不是可选值，可选：{choices}",
            f"unknown withdrawal cause {cause[:40]!r}",
            violations=[Violation(field_name, "不是可选值", "not a choice")],
        )
    return cause


# ---------------------------------------------------------------------------- the text


@dataclass(frozen=True, slots=True)
class Mask:
    """One masked stretch: offsets into the original text and into the public text."""

    start: int
    end: int
    kind: str
    replacement: str
    out_start: int
    out_end: int


@dataclass(frozen=True)
class PublicText:
    """A decision's 公开版: the original (with personal data) beside the public text."""

    original: str
    text: str
    masks: tuple[Mask, ...]
    party_label: str
    known_kinds: tuple[str, ...] = field(default=())

    @property
    def digest(self) -> str:
        return text_digest(self.text)

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(m.kind for m in self.masks).items()))

    def pieces(self, side: Literal["original", "public"]) -> list[tuple[str, str | None]]:
        """The text cut at the masked spans, for a side-by-side view: (text, kind or None)."""
        source = self.original if side == "original" else self.text
        out: list[tuple[str, str | None]] = []
        pos = 0
        for m in self.masks:
            start, end = (m.start, m.end) if side == "original" else (m.out_start, m.out_end)
            if start > pos:
                out.append((source[pos:start], None))
            out.append((source[start:end], m.kind))
            pos = end
        if pos < len(source):
            out.append((source[pos:], None))
        return out


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


SegmentKind = Literal["public", "text", "person_name"]


@dataclass(frozen=True, slots=True)
class Segment:
    label: str
    value: str
    kind: SegmentKind = "public"


def _date_zh(iso: str | None) -> str:
    return format_date_zh(date.fromisoformat(iso)) if iso else ""


def _yuan(fen: int | None) -> str:
    return format_yuan(Money(int(fen or 0)))


def _penalty_line(item: Mapping[str, Any]) -> str:
    kind = str(item.get("kind", ""))
    try:
        label = PenaltyKind(kind).label_zh
    except ValueError:
        label = str(item.get("description") or kind)
    if kind == "fine":
        return f"罚款{_yuan(item.get('amount_fen'))}"
    if kind == "confiscation":
        return f"没收违法所得{_yuan(item.get('amount_fen'))}"
    return label


def party_label(party: Mapping[str, Any], fallback: str = "") -> str:
    """An organisation by its name; a natural person as 张某 / 张某某 (the surname stays)."""
    name = str(party.get("name") or "").strip()
    if not name:
        return fallback
    if party.get("kind") == "natural_person":
        parsed = default_detector().parse_name(name, 0, unknown_surname=True)
        return mask_person_name(name, parsed[1] if parsed else 1)
    return name


def known_values(party: Mapping[str, Any]) -> list[tuple[str, Kind, str]]:
    """The party's personal values to search the text for: (value, kind, its mask)."""
    out: list[tuple[str, Kind, str]] = []
    person = party.get("kind") == "natural_person"
    name = str(party.get("name") or "").strip()
    if person and len(name) >= MIN_KNOWN_CHARS:
        out.append((name, "person_name", party_label(party)))
    number = str(party.get("id_number") or "").strip()
    if person and len(number) >= MIN_KNOWN_CHARS:
        out.append((number, "id_number", mask_id_number(number)))
    phone = str(party.get("phone") or "").strip()
    if len(phone) >= MIN_KNOWN_CHARS:
        out.append((phone, "phone", mask_phone(phone)))
    address = str(party.get("address") or "").strip()
    if person and len(address) >= MIN_KNOWN_CHARS:
        out.extend((part, "address_detail", mask) for part, mask in _address_parts(address))
    # Longest first, so a value containing another is masked whole.
    return sorted(out, key=lambda v: -len(v[0]))


_ROAD_NUMBER = re.compile(
    r"[^\W\d_A-Za-z省市区县镇乡]{1,8}?(?:大道|大街|路|街|巷|弄|里|村|道)\d+号"
)
_UNIT = re.compile(r"\d+(?:号楼|号|幢|栋|楼|单元|室|层|组)?")


def _address_parts(address: str) -> list[tuple[str, str]]:
    """A person's address, and the parts of it a text may quote alone: the detailed part
    (12号3幢2单元501室) and each of its leading runs with two numbers or more (12号3幢),
    and the road with its number (文三路12号). One number alone (12号) is not searched for:
    it would mask document numbers such as 〔2026〕12号."""
    masked = mask_address(address)
    parts = {address: masked}
    start = next((i for i, (a, b) in enumerate(zip(address, masked, strict=False)) if a != b), -1)
    if start >= 0:
        detail = address[start:]
        units = list(_UNIT.finditer(detail))
        for unit in units[1:]:
            prefix = detail[: unit.end()]
            parts.setdefault(prefix, mask_address_detail(prefix))
        if len(units) > 1:
            parts.setdefault(detail, mask_address_detail(detail))
    for m in _ROAD_NUMBER.finditer(address):
        parts.setdefault(m.group(0), mask_address_detail(m.group(0)))
    return [(p, m) for p, m in parts.items() if p != m and len(p) >= MIN_KNOWN_CHARS]


def segments(
    doc: Mapping[str, Any], *, matter_name: str, notes: Sequence[Segment] = ()
) -> list[Segment]:
    """The 公开版 of a composed decision (penalty_decision or summary_decision JSON);
    ``notes`` (e.g. a change made on 行政复议) go before the body's name and date."""
    kind = str(doc.get("kind", ""))
    if kind not in DOCUMENT_TITLES:
        raise InvalidInput(
            f"“{kind}”不是可公开的决定文书",
            f"document kind {kind!r} is not a publishable decision",
        )
    party = doc.get("party") or {}
    person = party.get("kind") == "natural_person"
    body = (doc.get("body") or {}).get("name", "")
    out = [
        Segment("", f"{body}\n{DOCUMENT_TITLES[kind]}（公开版）\n{doc.get('number', '')}\n"),
        Segment("当事人", str(party.get("name") or ""), "person_name" if person else "public"),
    ]
    if not person and party.get("id_kind") == "uscc" and party.get("id_number"):
        out.append(Segment("统一社会信用代码", str(party["id_number"])))
    out.append(Segment("执法事项", matter_name))
    out.append(Segment("违法事实", str(doc.get("facts") or ""), "text"))
    if kind == "summary_decision" and doc.get("place"):
        out.append(Segment("违法地点", str(doc["place"]), "text"))
    violated = "；".join(str(v) for v in doc.get("violated") or ())
    if violated:
        out.append(Segment("违反的规定", violated, "text"))
    basis = "；".join(str(v) for v in doc.get("basis") or ())
    if basis:
        out.append(Segment("处罚依据", basis, "text"))
    if doc.get("discretion"):
        out.append(Segment("裁量理由", str(doc["discretion"]), "text"))
    if kind == "penalty_decision":
        lines = [_penalty_line(p) for p in doc.get("penalties") or ()]
        out.append(Segment("处罚内容", "；".join(lines) if lines else "不予行政处罚"))
    else:
        fine = doc.get("fine_fen")
        out.append(Segment("处罚内容", f"罚款{_yuan(fine)}" if fine else "警告"))
    payment = doc.get("payment")
    if payment:
        days = payment.get("deadline_days")
        out.append(
            Segment(
                "履行方式和期限",
                f"自收到本决定书之日起{days}日内{payment.get('manner', '')}"
                if days
                else str(payment.get("manner", "")),
            )
        )
    remedy = doc.get("remedy") or {}
    if remedy:
        out.append(
            Segment(
                "救济途径",
                f"当事人不服本决定的，可以在收到本决定书之日起{remedy.get('reconsideration_days')}日内"
                f"向{remedy.get('reconsideration_body') or '有关机关'}申请行政复议，或者在"
                f"{remedy.get('litigation_months')}个月内依法向"
                f"{remedy.get('litigation_court') or '人民法院'}提起行政诉讼。",
            )
        )
    out.extend(notes)
    out.append(Segment("作出决定的机关", str(body)))
    out.append(Segment("作出决定日期", _date_zh(doc.get("date"))))
    return out


def _known_spans(
    text: str, known: Sequence[tuple[str, Kind, str]]
) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for value, kind, mask in known:
        start = text.find(value)
        while start >= 0:
            end = start + len(value)
            if not any(s < end and start < e for s, e in taken):
                spans.append((start, end, kind, mask))
                taken.append((start, end))
            start = text.find(value, end)
    return spans


def _redact_segment(
    text: str, known: Sequence[tuple[str, Kind, str]]
) -> list[tuple[int, int, str, str]]:
    """Spans to mask in one free-text segment: the detector's, and every known personal
    value it missed (a known value wins where the two overlap)."""
    forced = _known_spans(text, known)
    found = [
        (s.start, s.end, str(s.kind), s.replacement)
        for s in redact(text).spans
        if not any(s.start < e and fs < s.end for fs, e, _, _ in forced)
    ]
    return sorted(forced + found)


def compose_text(
    doc: Mapping[str, Any],
    *,
    matter_name: str,
    fallback_label: str = "",
    notes: Sequence[Segment] = (),
) -> PublicText:
    """Build the original and the public text of a decision, with every masked span."""
    party = doc.get("party") or {}
    known = known_values(party)
    label = party_label(party, fallback_label)
    original: list[str] = []
    public: list[str] = []
    masks: list[Mask] = []
    pos = out = 0

    def emit(text: str, spans: Iterable[tuple[int, int, str, str]]) -> None:
        nonlocal pos, out
        cursor = 0
        for start, end, kind, replacement in spans:
            kept = text[cursor:start]
            public.append(kept)
            out += len(kept)
            masks.append(
                Mask(pos + start, pos + end, kind, replacement, out, out + len(replacement))
            )
            public.append(replacement)
            out += len(replacement)
            cursor = end
        rest = text[cursor:]
        public.append(rest)
        out += len(rest)
        original.append(text)
        pos += len(text)

    for seg in segments(doc, matter_name=matter_name, notes=notes):
        head = f"{seg.label}：" if seg.label else ""
        emit(head, ())
        if seg.kind == "person_name" and seg.value:
            emit(seg.value, [(0, len(seg.value), "person_name", label)])
        elif seg.kind == "text":
            emit(seg.value, _redact_segment(seg.value, known))
        else:
            # Public fields hold no personal data by construction; the known values are
            # still searched for, so a name typed into a public field cannot slip through.
            emit(seg.value, _known_spans(seg.value, known))
        emit("\n" if seg.label else "", ())
    text = "".join(public).rstrip("\n") + "\n"
    return PublicText(
        original="".join(original).rstrip("\n") + "\n",
        text=text,
        masks=tuple(masks),
        party_label=label,
        known_kinds=tuple(sorted({k for _, k, _ in known})),
    )


def leaks(text: str, known: Sequence[tuple[str, Kind, str]]) -> list[str]:
    """What personal data a text about to be published still shows (kinds, never values)."""
    found: set[str] = {kind for value, kind, _ in known if value in text}
    found |= {str(f.kind) for f in default_detector().detect(text) if f.kind in HARD_KINDS}
    return sorted(found)


def refuse_leak(kinds: Sequence[str]) -> IllegalTransition:
    return IllegalTransition(
        "公开版仍含有个人信息（" + "、".join(kinds) + "），不能公开。",
        f"public text still shows personal data: {', '.join(kinds)}",
        article=10,
        basis=f"{CONDUCT_10}；{BASIS_118}；《中华人民共和国个人信息保护法》第二十八条",
        hint_zh="请在案件中更正决定书内容后重新生成公开版，或联系系统管理员。",
    )
