"""执法主体、执法人员、执法证 and 行政区划: who may enforce, and the values that identify them.

Pure domain: plain values in, plain values out. The only file this module reads is the
shipped region list (``data/regions.yaml``, GB/T 2260), loaded once by ``Regions.load``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from zhifa.kernel.errors import InvalidInput, NotFound, Violation

# ---------------------------------------------------------------------------- enums


class LegalStatus(StrEnum):
    """执法主体资格: how a body came by its enforcement power (行政处罚法第十七条至第二十条)."""

    STATUTORY = "statutory"
    AUTHORIZED = "authorized"
    ENTRUSTED = "entrusted"

    @property
    def label_zh(self) -> str:
        return _LEGAL_STATUS_ZH[self]


_LEGAL_STATUS_ZH = {
    LegalStatus.STATUTORY: "法定行政机关",
    LegalStatus.AUTHORIZED: "法律法规授权的组织",
    LegalStatus.ENTRUSTED: "受委托组织",
}


class OfficerKind(StrEnum):
    """Who a person is. Only ``officer`` may act; the others never act as officers
    (行政处罚法第四十二条; 国办发〔2024〕54号)."""

    OFFICER = "officer"
    AUXILIARY = "auxiliary"
    GRID_WORKER = "grid_worker"
    TEMPORARY = "temporary"
    THIRD_PARTY = "third_party"

    @property
    def label_zh(self) -> str:
        return _OFFICER_KIND_ZH[self]


_OFFICER_KIND_ZH = {
    OfficerKind.OFFICER: "执法人员",
    OfficerKind.AUXILIARY: "辅助人员",
    OfficerKind.GRID_WORKER: "网格员",
    OfficerKind.TEMPORARY: "临时工",
    OfficerKind.THIRD_PARTY: "第三方人员",
}


class CredentialStatus(StrEnum):
    """执法证状态."""

    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"

    @property
    def label_zh(self) -> str:
        return _CREDENTIAL_STATUS_ZH[self]


_CREDENTIAL_STATUS_ZH = {
    CredentialStatus.VALID: "有效",
    CredentialStatus.SUSPENDED: "暂扣",
    CredentialStatus.REVOKED: "注销",
    CredentialStatus.EXPIRED: "过期",
}


class BodyLevel(StrEnum):
    """执法主体层级."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"

    @property
    def label_zh(self) -> str:
        return _BODY_LEVEL_ZH[self]


_BODY_LEVEL_ZH = {
    BodyLevel.PROVINCE: "省级",
    BodyLevel.CITY: "市级",
    BodyLevel.COUNTY: "县级",
    BodyLevel.TOWNSHIP: "乡镇（街道）",
}


class BodyStatus(StrEnum):
    """Whether a body still exists (an abolished body keeps its records, never acts)."""

    ACTIVE = "active"
    DISSOLVED = "dissolved"

    @property
    def label_zh(self) -> str:
        return _BODY_STATUS_ZH[self]


_BODY_STATUS_ZH = {BodyStatus.ACTIVE: "存续", BodyStatus.DISSOLVED: "已撤销"}


class Field(StrEnum):
    """执法领域 / 执法类别: what a body has power over and what a credential covers."""

    MARKET_REGULATION = "market_regulation"
    URBAN_MANAGEMENT = "urban_management"
    TRANSPORT = "transport"
    ECOLOGY_ENVIRONMENT = "ecology_environment"
    EMERGENCY_MANAGEMENT = "emergency_management"
    CULTURE_TOURISM = "culture_tourism"
    AGRICULTURE = "agriculture"
    PUBLIC_HEALTH = "public_health"
    NATURAL_RESOURCES = "natural_resources"

    @property
    def label_zh(self) -> str:
        return _FIELD_ZH[self]


_FIELD_ZH = {
    Field.MARKET_REGULATION: "市场监管",
    Field.URBAN_MANAGEMENT: "城市管理",
    Field.TRANSPORT: "交通运输",
    Field.ECOLOGY_ENVIRONMENT: "生态环境",
    Field.EMERGENCY_MANAGEMENT: "应急管理",
    Field.CULTURE_TOURISM: "文化市场",
    Field.AGRICULTURE: "农业农村",
    Field.PUBLIC_HEALTH: "卫生健康",
    Field.NATURAL_RESOURCES: "自然资源",
}


class RegionLevel(StrEnum):
    """GB/T 2260 levels: 省级, 地级, 县级."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


# ---------------------------------------------------------------------------- validators


def _invalid(field_name: str, reason_zh: str, reason_en: str) -> InvalidInput:
    return InvalidInput(
        reason_zh,
        reason_en,
        violations=[Violation(field_name, reason_zh, reason_en)],
    )


def validate_uscc(value: str, field_name: str = "uscc") -> str:
    """The normalised 统一社会信用代码 (GB 32100: 18 characters, check character last)."""
    try:
        return str(uscc.validate(value))
    except ValidationError as exc:
        raise _invalid(
            field_name,
            f"统一社会信用代码“{value}”无效（须为 18 位且校验码正确，GB 32100）",
            f"unified social credit code {value!r} is invalid: {exc}",
        ) from exc


# A birth date before this cannot belong to a living person issued a GB 11643 number
# (resident identity cards began in 1984). Not a statutory figure: a plausibility bound.
_EARLIEST_BIRTH = date(1880, 1, 1)


def _id_prefix_known(number: str) -> bool:
    """A province-level code from the shipped list, or first digit 9: the 2023 外国人永久居留
    身份证 (and the fictional 99xxxx demo region) use it."""
    if number[0] == "9":
        return True
    return any(
        r.code[:2] == number[:2] for r in _shipped_regions() if r.level is RegionLevel.PROVINCE
    )


def validate_id_number(value: str, field_name: str = "id_number", *, on: date | None = None) -> str:
    """The normalised 18-digit 公民身份号码 (GB 11643), with its check digit and birth date.

    Refuses a wrong length or check digit, an unknown province prefix, and an impossible
    birth date (no such day, before 1880, or — when ``on`` is given — after ``on``). The
    address code is not checked against today's region list: it records where the number
    was first issued, and many such codes have since been abolished.
    """
    number = ric.compact(value) if isinstance(value, str) else ""
    if len(number) != 18 or not number[:17].isdigit() or not re.fullmatch(r"[0-9X]", number[17]):
        raise _invalid(
            field_name,
            "身份证号须为 18 位（前 17 位为数字，末位为数字或 X）",
            f"identity number must have 18 characters, got {len(number)}",
        )
    if number[17] != ric.calc_check_digit(number):
        raise _invalid(
            field_name,
            "身份证号校验码不正确（GB 11643），请核对是否录入有误",
            "identity number check digit is wrong",
        )
    if not _id_prefix_known(number):
        raise _invalid(
            field_name,
            f"身份证号前两位“{number[:2]}”不是有效的省级行政区划代码",
            f"identity number prefix {number[:2]} is not a province code",
        )
    try:
        born = ric.get_birth_date(number)
    except ValidationError as exc:
        raise _invalid(
            field_name,
            f"身份证号中的出生日期“{number[6:14]}”不存在",
            f"birth date {number[6:14]} in identity number does not exist",
        ) from exc
    if born < _EARLIEST_BIRTH or (on is not None and born > on):
        raise _invalid(
            field_name,
            f"身份证号中的出生日期 {born.isoformat()} 不可能成立",
            f"birth date {born.isoformat()} in identity number is impossible",
        )
    return number


def validate_region_code(value: str, regions: Regions, field_name: str = "region_code") -> str:
    """The six-digit 行政区划代码 if it is in the shipped GB/T 2260 list."""
    code = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"\d{6}", code):
        raise _invalid(
            field_name,
            f"行政区划代码“{value}”须为 6 位数字（GB/T 2260）",
            f"region code {value!r} must be six digits",
        )
    if code not in regions:
        raise _invalid(
            field_name,
            f"行政区划代码“{code}”不在本系统的行政区划代码表中",
            f"region code {code} is not in the region list",
        )
    return code


# ---------------------------------------------------------------------------- masking


def _mask_middle(value: str, keep_head: int, keep_tail: int) -> str:
    if len(value) <= keep_head + keep_tail:
        return "*" * len(value)
    middle = len(value) - keep_head - keep_tail
    return value[:keep_head] + "*" * middle + value[len(value) - keep_tail :]


def mask_id_number(value: str) -> str:
    """330***********1234: the first three and last four characters stay."""
    return _mask_middle(value.strip(), 3, 4)


def mask_name(value: str) -> str:
    """张** : the first character stays, each other character becomes *."""
    name = value.strip()
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)


def mask_phone(value: str) -> str:
    """138****5678: the first three and last four digits stay."""
    return _mask_middle(re.sub(r"[\s-]", "", value), 3, 4)


# ---------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class Region:
    """One GB/T 2260 division."""

    code: str
    name: str
    level: RegionLevel
    parent: str | None = None
    demo: bool = False


class Regions:
    """The region hierarchy. A credential or body for a city covers its districts."""

    def __init__(self, regions: Iterable[Region]) -> None:
        by_code: dict[str, Region] = {}
        problems: list[Violation] = []
        for r in regions:
            if r.code in by_code:
                problems.append(
                    Violation("code", f"行政区划代码 {r.code} 重复", f"duplicate region {r.code}")
                )
            by_code[r.code] = r
        for r in by_code.values():
            if r.parent is not None and r.parent not in by_code:
                problems.append(
                    Violation(
                        "parent",
                        f"行政区划 {r.code} 的上级 {r.parent} 不存在",
                        f"region {r.code} has unknown parent {r.parent}",
                    )
                )
        if problems:
            raise InvalidInput(
                "行政区划代码表有误", "region list is inconsistent", violations=problems
            )
        self._by_code = by_code

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> Regions:
        return cls(
            Region(
                code=str(rec["code"]),
                name=str(rec["name"]),
                level=RegionLevel(rec["level"]),
                parent=str(rec["parent"]) if rec.get("parent") else None,
                demo=bool(rec.get("demo", False)),
            )
            for rec in records
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Regions:
        """The shipped list (cached), or the list in ``path``."""
        if path is None:
            return _shipped_regions()
        return cls._read(path.read_text(encoding="utf-8"))

    @classmethod
    def _read(cls, text: str) -> Regions:
        doc = yaml.safe_load(text)
        return cls.from_records(doc["regions"])

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Region:
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFound(f"行政区划代码 {code} 不存在", f"region {code} not found") from None

    def name(self, code: str) -> str:
        return self.get(code).name

    def full_name(self, code: str) -> str:
        """浙江省杭州市西湖区 — the names from the province down.

        A name that already begins with its parent's name (示例市东城区 under 示例市) is
        not prefixed twice.
        """
        out = ""
        for c in reversed((code, *self.ancestors(code))):
            name = self.get(c).name
            parent = self.get(c).parent
            if parent is not None and name.startswith(self.get(parent).name):
                out = out[: len(out) - len(self.get(parent).name)]
            out += name
        return out

    def parent(self, code: str) -> str | None:
        return self.get(code).parent

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Parent, grandparent … up to the province."""
        out: list[str] = []
        current = self.get(code).parent
        while current is not None:
            out.append(current)
            current = self._by_code[current].parent
        return tuple(out)

    def children(self, code: str) -> tuple[str, ...]:
        return tuple(r.code for r in self._by_code.values() if r.parent == code)

    def contains(self, ancestor: str, code: str) -> bool:
        """True when ``code`` is ``ancestor`` or lies inside it; unknown codes: False."""
        if ancestor not in self._by_code or code not in self._by_code:
            return False
        return code == ancestor or ancestor in self.ancestors(code)


@lru_cache(maxsize=1)
def _shipped_regions() -> Regions:
    text = resources.files("zhifa.registry").joinpath("data/regions.yaml").read_text("utf-8")
    return Regions._read(text)


# ---------------------------------------------------------------------------- entities


@dataclass(frozen=True)
class Body:
    """执法主体. An entrusted organisation names its entrusting body and the matters
    (by code) it was entrusted with (行政处罚法第二十条)."""

    id: str
    name: str
    uscc: str
    region_code: str
    level: BodyLevel
    legal_status: LegalStatus
    fields: frozenset[Field]
    entrusting_body_id: str | None = None
    entrusted_scope: frozenset[str] = frozenset()
    status: BodyStatus = BodyStatus.ACTIVE

    def __post_init__(self) -> None:
        object.__setattr__(self, "uscc", validate_uscc(self.uscc))
        object.__setattr__(self, "fields", frozenset(Field(f) for f in self.fields))
        object.__setattr__(self, "entrusted_scope", frozenset(self.entrusted_scope))
        problems: list[Violation] = []
        if not self.name.strip():
            problems.append(Violation("name", "执法主体名称不能为空", "body name is empty"))
        if self.legal_status is LegalStatus.ENTRUSTED:
            if not self.entrusting_body_id:
                problems.append(
                    Violation(
                        "entrusting_body_id",
                        "受委托组织必须写明委托机关",
                        "an entrusted organisation needs its entrusting body",
                    )
                )
            if not self.entrusted_scope:
                problems.append(
                    Violation(
                        "entrusted_scope",
                        "受委托组织必须写明委托的执法事项",
                        "an entrusted organisation needs its entrusted matters",
                    )
                )
        elif self.entrusting_body_id or self.entrusted_scope:
            problems.append(
                Violation(
                    "entrusting_body_id",
                    "只有受委托组织才有委托机关和委托范围",
                    "only an entrusted organisation has an entrusting body and scope",
                )
            )
        if problems:
            raise InvalidInput(
                f"执法主体“{self.name}”的信息有误",
                f"body {self.id} is invalid",
                violations=problems,
            )

    @property
    def active(self) -> bool:
        return self.status is BodyStatus.ACTIVE


@dataclass(frozen=True)
class Officer:
    """A person in a body's roster. Only ``kind == officer`` may act as 执法人员.

    ``id_number`` is validated when given; the storage layer keeps it protected, and
    guards that need no ID number load officers without it (``None``).
    """

    id: str
    name: str
    id_number: str | None
    body_id: str
    kind: OfficerKind
    legal_qualification: bool = False
    training_hours: int = 0
    is_legal_reviewer: bool = False
    active: bool = True

    def __post_init__(self) -> None:
        if self.id_number is not None:
            object.__setattr__(self, "id_number", validate_id_number(self.id_number))
        object.__setattr__(self, "kind", OfficerKind(self.kind))
        if not self.name.strip():
            raise _invalid("name", "姓名不能为空", "officer name is empty")
        if self.training_hours < 0:
            raise _invalid("training_hours", "培训学时不能为负数", "training hours are negative")


@dataclass(frozen=True)
class Credential:
    """执法证: the fields and regions its holder may act in, and when."""

    number: str
    officer_id: str
    fields: frozenset[Field]
    region_codes: frozenset[str]
    valid_from: date
    valid_to: date
    status: CredentialStatus = CredentialStatus.VALID

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", frozenset(Field(f) for f in self.fields))
        object.__setattr__(self, "region_codes", frozenset(self.region_codes))
        object.__setattr__(self, "status", CredentialStatus(self.status))
        problems: list[Violation] = []
        if not self.number.strip():
            problems.append(Violation("number", "执法证号不能为空", "credential number is empty"))
        if self.valid_to < self.valid_from:
            problems.append(
                Violation(
                    "valid_to",
                    f"有效期截止日 {self.valid_to.isoformat()} 早于起始日 "
                    f"{self.valid_from.isoformat()}",
                    "valid_to is before valid_from",
                )
            )
        if not self.fields:
            problems.append(Violation("fields", "执法证须载明执法领域", "credential has no field"))
        if not self.region_codes:
            problems.append(
                Violation("region_codes", "执法证须载明执法区域", "credential has no region")
            )
        if problems:
            raise InvalidInput(
                f"执法证 {self.number} 的信息有误",
                f"credential {self.number} is invalid",
                violations=problems,
            )

    def status_on(self, day: date) -> CredentialStatus:
        """The status on ``day``: a valid credential is expired after ``valid_to``."""
        if self.status is CredentialStatus.VALID and day > self.valid_to:
            return CredentialStatus.EXPIRED
        return self.status

    def in_force_on(self, day: date) -> bool:
        return self.status_on(day) is CredentialStatus.VALID and day >= self.valid_from
