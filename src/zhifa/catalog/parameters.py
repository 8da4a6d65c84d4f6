"""法定参数: statutory numbers as dated, cited data, with jurisdiction overrides.

``Parameters.load()`` reads ``data/legal_parameters.yaml``; ``get(key, on=day)`` returns the
``Parameter`` in force on that day — its value, unit and citation — so that every rule can
show where its number came from. A jurisdiction may override a parameter marked
``configurable`` with its own dated, cited value (an extra YAML file); a figure the law
fixes cannot be overridden.

Override file::

    jurisdiction: 浙江省
    region_code: "330000"
    overrides:
      - key: hearing.large_amount.citizen
        value: 10000
        citation: 《……》第……条
        effective_from: 2022-01-01
        note: ……

Precedence: an override applies from its ``effective_from`` until the national parameter
gets a newer version (a change in the law supersedes local rules made under the old one).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from zhifa.catalog.loader import LineDict, Problems, read_yaml
from zhifa.kernel.errors import InvalidInput, NotFound
from zhifa.kernel.money import Money

NATIONAL = "national"


class NotInForce(NotFound):
    """A parameter that exists, but had no value yet on the day asked about: a rule that
    reads it did not apply then."""


class Unit(StrEnum):
    """What a parameter's number counts."""

    DAYS = "days"
    WORKING_DAYS = "working_days"
    HOURS = "hours"
    MINUTES = "minutes"
    MONTHS = "months"
    YEARS = "years"
    YUAN = "yuan"
    PERCENT = "percent"
    PERSONS = "persons"
    COUNT = "count"
    MONTH_DAY = "month_day"

    @property
    def label_zh(self) -> str:
        return _UNIT_ZH[self]


_UNIT_ZH = {
    Unit.DAYS: "日",
    Unit.WORKING_DAYS: "个工作日",
    Unit.HOURS: "小时",
    Unit.MINUTES: "分钟",
    Unit.MONTHS: "个月",
    Unit.YEARS: "年",
    Unit.YUAN: "元",
    Unit.PERCENT: "%",
    Unit.PERSONS: "人",
    Unit.COUNT: "件",
    Unit.MONTH_DAY: "",
}


@dataclass(frozen=True)
class Parameter:
    """One dated value of a legal parameter and where it comes from."""

    key: str
    value: int | str
    unit: Unit
    citation: str
    effective_from: date
    configurable: bool
    note: str = ""
    source: str = NATIONAL  # "national", or the jurisdiction that overrode it
    location: str = ""  # file:line it was read from

    @property
    def overridden(self) -> bool:
        return self.source != NATIONAL

    def number(self) -> int:
        if not isinstance(self.value, int):
            raise InvalidInput(
                f"法定参数 {self.key} 不是数值", f"parameter {self.key} is not a number"
            )
        return self.value

    def money(self) -> Money:
        """The value as an amount (unit yuan only)."""
        if self.unit is not Unit.YUAN:
            raise InvalidInput(
                f"法定参数 {self.key} 的单位是{self.unit.label_zh}，不是金额",
                f"parameter {self.key} is in {self.unit}, not yuan",
            )
        return Money.yuan(self.number())

    def describe_zh(self) -> str:
        """15个工作日（《……》第……条）."""
        value = f"{self.value}{self.unit.label_zh}"
        where = self.citation + (f"；{self.source}规定" if self.overridden else "")
        return f"{value}（{where}）"


class Parameters:
    """All legal parameters, each with its dated versions, plus jurisdiction overrides."""

    def __init__(self, entries: Iterable[Parameter], overrides: Iterable[Parameter] = ()) -> None:
        self._versions: dict[str, list[Parameter]] = {}
        for p in entries:
            self._versions.setdefault(p.key, []).append(p)
        for versions in self._versions.values():
            versions.sort(key=lambda p: p.effective_from)
        self._overrides: dict[str, list[Parameter]] = {}
        for p in overrides:
            self._overrides.setdefault(p.key, []).append(p)
        for versions in self._overrides.values():
            versions.sort(key=lambda p: p.effective_from)

    # -- loading ----------------------------------------------------------------------

    @classmethod
    def load(
        cls, path: Path | None = None, overrides: Path | Iterable[Path] | None = None
    ) -> Parameters:
        """The shipped parameters (or ``path``), with the override files in ``overrides``."""
        base = _shipped_parameters() if path is None else cls._parse(path.name, _read(path))
        if overrides is None:
            return base
        files = [overrides] if isinstance(overrides, Path) else list(overrides)
        result = base
        for f in files:
            result = result.with_overrides(f)
        return result

    @classmethod
    def _parse(cls, name: str, text: str) -> Parameters:
        p = Problems(name)
        doc = _document(text, name, p)
        entries: list[Parameter] = []
        items = _items(doc, "parameters", p) if doc is not None else []
        if doc is not None:
            _unknown_keys(doc, ("version", "parameters"), "", p)
            if not isinstance(doc.get("version"), str):
                p.add("version", doc.line, "文件头须有带引号的版本号 version", "version missing")
        seen: dict[tuple[str, date], str] = {}
        units: dict[str, Unit] = {}
        for m in items:
            entry = _entry(m, p, name, NATIONAL, inherit=None)
            if entry is None:
                continue
            where = f"{name}:{m.line}"
            first = seen.get((entry.key, entry.effective_from))
            if first is not None:
                p.add(
                    entry.key,
                    m.line,
                    f"参数 {entry.key} 在 {entry.effective_from} 的版本重复（首次出现在 {first}）",
                    f"duplicate version of {entry.key}",
                )
                continue
            seen[(entry.key, entry.effective_from)] = where
            if units.setdefault(entry.key, entry.unit) is not entry.unit:
                p.add(
                    f"{entry.key}.unit",
                    _line(m, "unit"),
                    f"参数 {entry.key} 各版本的单位不一致",
                    f"{entry.key} changes unit",
                )
                continue
            entries.append(entry)
        _raise_if(p, "法定参数文件有误", "legal parameters file is invalid")
        return cls(entries)

    def with_overrides(self, path: Path) -> Parameters:
        """A copy with the jurisdiction overrides in ``path`` added."""
        name = path.name
        p = Problems(name)
        doc = _document(_read(path), name, p)
        added: list[Parameter] = []
        if doc is not None:
            _unknown_keys(doc, ("jurisdiction", "region_code", "overrides"), "", p)
            who = doc.get("jurisdiction")
            if not isinstance(who, str) or not who.strip():
                p.add(
                    "jurisdiction", doc.line, "须写明作出规定的地区或部门", "jurisdiction missing"
                )
                who = ""
            for m in _items(doc, "overrides", p):
                key = m.get("key")
                national = self._versions.get(key) if isinstance(key, str) else None
                if national is None:
                    p.add(
                        "key",
                        _line(m, "key"),
                        f"没有名为“{key}”的法定参数",
                        f"unknown parameter {key!r}",
                    )
                    continue
                if not national[-1].configurable:
                    p.add(
                        str(key),
                        _line(m, "key"),
                        f"参数 {key} 由法律直接规定（{national[-1].citation}），不得由地方覆盖",
                        f"{key} is fixed by law and cannot be overridden",
                    )
                    continue
                entry = _entry(m, p, name, who.strip(), inherit=national[-1])
                if entry is not None:
                    added.append(entry)
        _raise_if(p, "法定参数覆盖文件有误", "parameter override file is invalid")
        current = [o for versions in self._overrides.values() for o in versions]
        return Parameters(self, [*current, *added])

    # -- lookup -----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Parameter]:
        for versions in self._versions.values():
            yield from versions

    def keys(self) -> frozenset[str]:
        return frozenset(self._versions)

    def history(self, key: str) -> tuple[Parameter, ...]:
        """Every national version of ``key``, oldest first."""
        return tuple(self._versions.get(key, ()))

    def get(self, key: str, on: date) -> Parameter:
        """The value of ``key`` in force on ``on``, with its citation."""
        versions = self._versions.get(key)
        if versions is None:
            raise NotFound(f"没有名为“{key}”的法定参数", f"unknown parameter {key!r}")
        national = _in_force(versions, on)
        local = _in_force(self._overrides.get(key, []), on)
        if local is not None and (
            national is None or local.effective_from >= national.effective_from
        ):
            return local
        if national is None:
            raise NotInForce(
                f"法定参数 {key} 在 {on.isoformat()} 尚未生效",
                f"parameter {key} has no value in force on {on.isoformat()}",
            )
        return national

    def value(self, key: str, on: date) -> int | str:
        return self.get(key, on).value


def _in_force(versions: list[Parameter], on: date) -> Parameter | None:
    current = None
    for p in versions:
        if p.effective_from <= on:
            current = p
    return current


# ---------------------------------------------------------------------------- parsing

_ENTRY_KEYS = ("key", "value", "unit", "citation", "effective_from", "configurable", "note")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _line(m: LineDict, key: str) -> int:
    return m.key_lines.get(key, m.line)


def _document(text: str, name: str, p: Problems) -> LineDict | None:
    try:
        doc = read_yaml(text, name)
    except InvalidInput as exc:
        p.items.extend(exc.violations)
        return None
    if not isinstance(doc, LineDict):
        p.add("", 1, "文件内容须为映射（键: 值）", "document is not a mapping")
        return None
    return doc


def _items(doc: LineDict, key: str, p: Problems) -> list[LineDict]:
    value = doc.get(key)
    if not isinstance(value, list) or not value:
        p.add(key, _line(doc, key), f"须有非空列表“{key}”", f"{key} must be a non-empty list")
        return []
    out: list[LineDict] = []
    for i, item in enumerate(value):
        if isinstance(item, LineDict):
            out.append(item)
        else:
            p.add(f"{key}[{i}]", _line(doc, key), "列表项须为映射", f"{key}[{i}] is not a map")
    return out


def _unknown_keys(m: LineDict, allowed: Iterable[str], prefix: str, p: Problems) -> None:
    allowed = set(allowed)
    for key in m:
        if key not in allowed:
            p.add(f"{prefix}{key}", _line(m, key), f"未知字段“{key}”", f"unknown key {key!r}")
    for key, line in m.duplicate_keys:
        p.add(f"{prefix}{key}", line, f"字段“{key}”重复", f"duplicate key {key!r}")


def _entry(
    m: LineDict, p: Problems, name: str, source: str, inherit: Parameter | None
) -> Parameter | None:
    before = len(p.items)
    key_value = m.get("key")
    key = key_value.strip() if isinstance(key_value, str) else ""
    label = key or f"parameters@{m.line}"
    if not key:
        p.add("key", _line(m, "key"), "缺少参数名 key", "key is missing")
    _unknown_keys(m, _ENTRY_KEYS, f"{label}.", p)

    def need(field: str) -> Any:
        if field not in m or m[field] is None:
            p.add(f"{label}.{field}", m.line, f"参数 {label} 缺少“{field}”", f"{field} missing")
            return None
        return m[field]

    unit: Unit | None
    if inherit is not None:
        unit = inherit.unit
        if "unit" in m and m["unit"] != inherit.unit.value:
            p.add(f"{label}.unit", _line(m, "unit"), "覆盖值不能改变单位", "unit cannot change")
        configurable = True
    else:
        raw_unit = need("unit")
        try:
            unit = Unit(raw_unit) if raw_unit is not None else None
        except ValueError:
            known = "、".join(u.value for u in Unit)
            p.add(
                f"{label}.unit",
                _line(m, "unit"),
                f"未知单位“{raw_unit}”（可选：{known}）",
                f"unknown unit {raw_unit!r}",
            )
            unit = None
        raw_conf = need("configurable")
        if raw_conf is not None and not isinstance(raw_conf, bool):
            p.add(f"{label}.configurable", _line(m, "configurable"), "须为 true 或 false", "bool")
        configurable = bool(raw_conf)
    value = need("value")
    if value is not None and unit is not None:
        if unit is Unit.MONTH_DAY:
            ok = isinstance(value, str) and _month_day(value)
        else:
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        if not ok:
            expected = "“MM-DD”形式的日期" if unit is Unit.MONTH_DAY else "非负整数"
            p.add(f"{label}.value", _line(m, "value"), f"取值须为{expected}", "bad value")
    citation = need("citation")
    if citation is not None and (not isinstance(citation, str) or not citation.strip()):
        p.add(f"{label}.citation", _line(m, "citation"), "须写明依据（citation）", "citation")
    effective = need("effective_from")
    if effective is not None and not isinstance(effective, date):
        p.add(f"{label}.effective_from", _line(m, "effective_from"), "须为日期", "not a date")
    note = m.get("note", "")
    if not isinstance(note, str):
        p.add(f"{label}.note", _line(m, "note"), "note 须为文字", "note must be text")
    if len(p.items) > before or unit is None:
        return None
    return Parameter(
        key=key,
        value=value,
        unit=unit,
        citation=str(citation).strip(),
        effective_from=effective,
        configurable=configurable,
        note=str(note).strip(),
        source=source,
        location=f"{name}:{m.line}",
    )


def _month_day(text: str) -> bool:
    try:
        date.fromisoformat(f"2000-{text}")
    except ValueError:
        return False
    return len(text) == len("MM-DD")


def _raise_if(p: Problems, zh: str, en: str) -> None:
    if p.items:
        raise InvalidInput(
            f"{zh}（{len(p.items)} 处）",
            f"{en} ({len(p.items)} problem(s))",
            violations=list(p.items),
        )


@lru_cache(maxsize=1)
def _shipped_parameters() -> Parameters:
    text = (
        resources.files("zhifa.catalog").joinpath("data/legal_parameters.yaml").read_text("utf-8")
    )
    return Parameters._parse("legal_parameters.yaml", text)


__all__ = ["NATIONAL", "Parameter", "Parameters", "Unit"]
