"""Redaction of personal information before anything is published (准则第十条).

``redact(text)`` masks natural persons' names, 身份证号, phone numbers, the detailed part
of home addresses, bank account numbers, vehicle plates, e-mail addresses and passport
numbers in a decision text, and keeps what the law makes public: organisation names
(including 个体工商户 trade names), 统一社会信用代码, the body's name, officers' names and
credential numbers, document numbers, legal citations, amounts and dates.
``redact_fields(record, kinds)`` masks structured fields by their declared kind.

Basis: 《行政执法人员行为准则》第十条 (no leaking of privacy or personal information);
国办发〔2018〕118号 (行政执法公示: decisions are published, personal information is not);
个人信息保护法第二十八条 (ID numbers, bank accounts and whereabouts are sensitive).

Masking rules (docs/redaction.md):

- person_name: the surname stays, the given name becomes 某 (one character) or 某某 (two or
  more): 张三 → 张某, 张三丰 → 张某某, 欧阳娜娜 → 欧阳某某. A name written with a middle
  dot keeps its first character: 阿卜杜拉·买买提 → 阿某某. A given name written alone
  (秀英称…, after 李秀英 was found) becomes 某某. Two different people who would get
  the same mask in one text are told apart with 甲、乙、丙…: 张某甲, 张某乙.
- id_number, passport: every character becomes ``*`` (nothing of the number survives).
- phone: a mobile keeps its first three digits (the carrier prefix), a landline its area
  code; every other digit becomes ``*``.
- bank_account: the last four digits stay, every other digit becomes ``*``.
- plate: the province character and the issuing-office letter stay (浙A·*****).
- email: the part before ``@`` becomes ``***``; the domain stays.
- address_detail: the private part of a home address is in the span: the village or
  community, the road or residential compound and everything after them (house number,
  building, unit, room, 村民小组). Every name in it becomes ``XX`` (a village or community
  keeps its level word: XX村, XX社区), each number ``XX``, and the unit words stay
  (XXXX号XXXX幢XX单元XX室, XX村XX组XX号). The administrative levels before it stay:
  province, city, county or district, town or 街道.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

from zhifa.disclosure.redaction_detect import (
    DOT,
    Detector,
    Finding,
    below_levels,
    default_detector,
)
from zhifa.kernel.errors import InvalidInput, Violation

Kind = Literal[
    "person_name",
    "id_number",
    "phone",
    "address_detail",
    "bank_account",
    "plate",
    "email",
    "passport",
]
KINDS: Final[tuple[Kind, ...]] = get_args(Kind)

# The largest text one call redacts (a long 行政处罚决定书 runs to some 20,000 characters).
MAX_TEXT_CHARS: Final = 200_000

_TIEBREAK = "甲乙丙丁戊己庚辛壬癸"


@dataclass(frozen=True, slots=True)
class Span:
    """One masked stretch: character offsets into the ORIGINAL text, its kind, its mask."""

    start: int
    end: int
    kind: Kind
    replacement: str

    def as_dict(self) -> dict[str, int | str]:
        """The published form: offsets and kind only (never the personal value)."""
        return {"start": self.start, "end": self.end, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Redaction:
    """A redacted text and the spans that were masked, in order."""

    redacted: str
    spans: list[Span]


# ---------------------------------------------------------------------------- masks


def mask_person_name(name: str, surname_len: int = 1) -> str:
    """张三 → 张某, 张三丰 → 张某某, 欧阳娜娜 → 欧阳某某 (with ``surname_len=2``)."""
    name = name.strip()
    if not name:
        return ""
    if any(d in name for d in DOT):
        return name[0] + "某某"
    if surname_len == 0:  # the given name alone (秀英称…)
        return "某" if len(name) == 1 else "某某"
    surname_len = max(1, min(surname_len, len(name) - 1)) if len(name) > 1 else 1
    given = len(name) - surname_len
    return name[:surname_len] + ("某" if given <= 1 else "某某")


def mask_id_number(value: str) -> str:
    """Every character of the number becomes *; separators stay."""
    return re.sub(r"[0-9A-Za-z]", "*", value)


mask_passport = mask_id_number


def mask_phone(value: str) -> str:
    """138********, 0571-********: the carrier prefix or area code stays."""
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    if not digits:
        return value
    compact = "".join(value[i] for i in digits)
    keep = 0
    if compact.startswith(("86", "0086")) and len(compact) >= 13:
        keep = (4 if compact.startswith("0086") else 2) + 3
    elif compact.startswith("1") and len(compact) == 11:
        keep = 3
    elif compact.startswith("0"):
        area = re.match(r"\D*(0\d{2,3})(?=\D|\d{7,8}(?:\D|$))", value)
        keep = len(area.group(1)) if area else (3 if compact[1] in "12" else 4)
    kept = set(digits[:keep])
    return "".join("*" if c.isdigit() and i not in kept else c for i, c in enumerate(value))


def mask_bank_account(value: str) -> str:
    """Every digit but the last four becomes *."""
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    kept = set(digits[-4:]) if len(digits) > 8 else set()
    return "".join("*" if c.isdigit() and i not in kept else c for i, c in enumerate(value))


def mask_plate(value: str) -> str:
    """浙A·12345 → 浙A·*****: the province character and the office letter stay."""
    if value.startswith("使"):
        return "使" + "*" * (len(value) - 1)
    head, rest = value[:2], value[2:]
    return head + re.sub(r"[0-9A-Za-z\u4e00-\u9fff]", "*", rest)


def mask_email(value: str) -> str:
    at = value.rfind("@")
    return "***" + value[at:] if at > 0 else "***"


def mask_address_detail(value: str, detector: Detector | None = None) -> str:
    """文三路123号锦绣华庭4幢501室 → XXXX号XXXX幢XX室: each number becomes XX and the unit
    word after it stays; every name between (a road, a compound, a village) becomes XX, a
    village or community keeping its level word (大柳树村四组37号 → XX村XX组XX号)."""
    d = detector or default_detector()
    parts: list[str] = []
    pos = 0
    for m in d.address_num_re.finditer(value):
        parts.append(_mask_address_words(value[pos : m.start()], d))
        parts.append("XX")
        pos = m.end()
    parts.append(_mask_address_words(value[pos:], d))
    return "".join(parts)


def _mask_address_words(segment: str, d: Detector) -> str:
    """The words between two numbers of an address detail: the unit word that closes the
    number before stays, and so do joining words (附, 之); any name after it becomes XX."""
    if not segment:
        return segment
    unit = next((u for u in d.address_units_longest_first if segment.startswith(u)), "")
    rest = segment[len(unit) :]
    if not rest or rest in _ADDRESS_JOINERS or not any(c >= "\u3400" for c in rest):
        return unit + rest
    level = next((w for w in _VILLAGE_LEVEL_WORDS if rest.endswith(w) and rest != w), "")
    if rest in d.address_units_longest_first:
        return unit + rest
    return unit + "XX" + level


# The level words a village or community keeps after its masked name (XX村, XX村委会XX组).
_VILLAGE_LEVEL_WORDS: Final = ("村民委员会", "村民小组", "村委会", "居委会", "社区", "村", "组")
_ADDRESS_JOINERS: Final = frozenset(("附", "之", "-", "—", "－", "第"))


def mask_address(value: str, detector: Detector | None = None) -> str:
    """A whole address field: the detailed part is masked, the place levels stay. When no
    detailed part is recognised every number is masked (the field is known to be an address)."""
    d = detector or default_detector()
    parts: list[str] = []
    pos = 0
    for m in d.address_re.finditer(value):
        g = m.lastindex or 1
        a = max(pos, d.place_below_town(value, m.start(g)))
        parts += [value[pos:a], mask_address_detail(value[a : m.end(g)], d)]
        pos = m.end(g)
    if pos == 0:
        # 旧城镇王口村, 别力古台镇巴彦图嘎嘎查: no number, but a place below the town is the home.
        k = below_levels(value, 0, len(value))
        if 0 < k < len(value):
            return value[:k] + mask_address_detail(value[k:], d)
    parts.append(value[pos:])
    return re.sub(r"\d+", "XX", "".join(parts))


# ---------------------------------------------------------------------------- redact


def _mask(text: str, f: Finding, detector: Detector) -> str:
    value = text[f.start : f.end]
    match f.kind:
        case "person_name":
            return mask_person_name(value, f.surname_len)
        case "id_number" | "passport":
            return mask_id_number(value)
        case "phone":
            return mask_phone(value)
        case "bank_account":
            return mask_bank_account(value)
        case "plate":
            return mask_plate(value)
        case "email":
            return mask_email(value)
        case "address_detail":
            return mask_address_detail(value, detector)
    raise ValueError(f"unknown kind {f.kind!r}")


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidInput(
            "待脱敏的内容应为文本",
            "text to redact must be a string",
            violations=[Violation("text", "应为字符串", "must be a string")],
        )
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(
            f"文本过长：一次最多脱敏 {MAX_TEXT_CHARS} 个字符，本次为 {len(text)} 个字符",
            f"text too long: {len(text)} characters, limit {MAX_TEXT_CHARS}",
            hint_zh="请分段提交。",
            violations=[
                Violation(
                    "text", f"超过 {MAX_TEXT_CHARS} 个字符", f"over {MAX_TEXT_CHARS} characters"
                )
            ],
        )
    return text


def redact(text: str, *, detector: Detector | None = None) -> Redaction:
    """Mask the personal information in a decision text; offsets refer to ``text``."""
    text = _check_text(text)
    d = detector or default_detector()
    findings = d.detect(text)
    spans: list[Span] = []
    # The same name always gets the same mask; two names that would collide get 甲、乙….
    name_masks: dict[str, str] = {}
    by_mask: dict[str, list[str]] = {}
    for f in findings:
        if f.kind == "person_name":
            name = text[f.start : f.end]
            if name not in name_masks:
                mask = mask_person_name(name, f.surname_len)
                by_mask.setdefault(mask, []).append(name)
                name_masks[name] = mask
    for mask, names in by_mask.items():
        if len(names) > 1:
            for n, name in enumerate(names):
                name_masks[name] = mask + (_TIEBREAK[n] if n < len(_TIEBREAK) else str(n + 1))
    for f in findings:
        if f.kind == "person_name":
            replacement = name_masks[text[f.start : f.end]]
        else:
            replacement = _mask(text, f, d)
        spans.append(Span(f.start, f.end, f.kind, replacement))  # type: ignore[arg-type]
    parts: list[str] = []
    pos = 0
    for s in spans:
        parts += [text[pos : s.start], s.replacement]
        pos = s.end
    parts.append(text[pos:])
    return Redaction("".join(parts), spans)


# ---------------------------------------------------------------------------- fields

FieldKind = Kind | Literal["text", "public"]
FIELD_KINDS: Final[tuple[str, ...]] = (*KINDS, "text", "public")


def _mask_field(value: str, kind: str, d: Detector) -> str:
    match kind:
        case "person_name":
            parsed = d.parse_name(value.strip(), 0, unknown_surname=True)
            return mask_person_name(value, parsed[1] if parsed else 1)
        case "id_number" | "passport":
            return mask_id_number(value)
        case "phone":
            return mask_phone(value)
        case "bank_account":
            return mask_bank_account(value)
        case "plate":
            return mask_plate(value)
        case "email":
            return mask_email(value)
        case "address_detail":
            return mask_address(value, d)
        case "text":
            return redact(value, detector=d).redacted
    return value  # "public"


def redact_fields(
    record: Mapping[str, Any],
    kinds: Mapping[str, FieldKind],
    *,
    detector: Detector | None = None,
) -> dict[str, Any]:
    """A copy of ``record`` with each field in ``kinds`` masked by its declared kind.

    Kinds are the span kinds, plus ``"text"`` (free text, run through ``redact``) and
    ``"public"`` (kept). Fields not named in ``kinds`` are copied unchanged; a named field
    that is absent or ``None`` stays so. A value that is not text (or a whole number, for
    phones and accounts) is refused, naming the field.
    """
    d = detector or default_detector()
    problems = [
        Violation(name, f"未知的脱敏类型 {kind!r}", f"unknown redaction kind {kind!r}", name)
        for name, kind in kinds.items()
        if kind not in FIELD_KINDS
    ]
    out = dict(record)
    for name, kind in kinds.items():
        value = record.get(name)
        if value is None or kind not in FIELD_KINDS:
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            problems.append(
                Violation(name, "应为文本", f"expected text, got {type(value).__name__}", name)
            )
            continue
        out[name] = _mask_field(value, kind, d)
    if problems:
        raise InvalidInput(
            "字段脱敏失败：字段类型或取值不符合要求",
            "redact_fields: bad field kinds or values",
            violations=problems,
        )
    return out
