"""Read the matter catalog from versioned YAML files, reporting every problem at once.

Each file under ``data/matters/`` has a header (``version``, ``effective``, ``source``) and a
list of ``matters``. The loader checks everything, and either returns the whole catalog or
raises one ``InvalidInput`` whose violations say ``file:line``, the matter code and the
field of each problem: nothing is imported from a catalog that has any error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from zhifa.catalog.model import (
    HEARING_PENALTY_KINDS,
    BasisRole,
    BenchmarkTier,
    Catalog,
    CatalogFile,
    ExemptionEntry,
    ExemptionKind,
    FineBase,
    FineRange,
    LegalBasis,
    Matter,
    MatterKind,
    PenaltyKind,
    Tier,
)
from zhifa.kernel.errors import InvalidInput, Violation
from zhifa.kernel.money import Money
from zhifa.registry.model import Field

# ---------------------------------------------------------------------------- YAML with lines


class LineDict(dict[str, Any]):
    """A YAML mapping that remembers where it and each of its keys are (1-based lines)."""

    line: int = 0
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]


class LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are ``LineDict``s."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    data.duplicate_keys = []
    yield data
    loader.flatten_mapping(node)
    for key_node, _ in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in data.key_lines:
            data.duplicate_keys.append((key, line))
        data.key_lines.setdefault(key, line)
    data.update({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def read_yaml(text: str, name: str) -> Any:
    """Parse ``text`` keeping line numbers; a syntax error becomes an ``InvalidInput``."""
    try:
        # LineLoader subclasses SafeLoader: no arbitrary Python objects are built.
        return yaml.load(text, Loader=LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or "syntax error"
        raise InvalidInput(
            f"{name} 第 {line} 行 YAML 语法错误：{problem}",
            f"{name}:{line}: YAML syntax error: {problem}",
            violations=[
                Violation("", f"YAML 语法错误：{problem}", f"YAML: {problem}", f"{name}:{line}")
            ],
        ) from exc


# ---------------------------------------------------------------------------- problem sink


@dataclass
class Problems:
    """Collects violations for one file, each with ``file:line``."""

    file: str
    items: list[Violation] = field(default_factory=list)

    def add(self, path: str, line: int, zh: str, en: str) -> None:
        self.items.append(Violation(path, zh, en, f"{self.file}:{line}"))


def _line_of(m: LineDict, key: str) -> int:
    return m.key_lines.get(key, m.line)


def _path_lines(prefix: str, value: Any, out: dict[str, int]) -> None:
    """Record the line of every mapping key and list item below ``value`` by its path."""
    if isinstance(value, LineDict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            out[path] = value.key_lines.get(key, value.line)
            _path_lines(path, item, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            path = f"{prefix}[{i}]"
            if isinstance(item, LineDict):
                out[path] = item.line
            _path_lines(path, item, out)


def _nearest_line(path: str, lines: dict[str, int], default: int) -> int:
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get(path, default)


E = TypeVar("E", bound=StrEnum)


class _Reader:
    """Typed access to one mapping, turning every defect into a violation."""

    def __init__(self, m: LineDict, where: str, problems: Problems) -> None:
        self.m = m
        self.where = where  # e.g. "SP-122-1" or "SP-122-1.tiers[2]"
        self.p = problems
        self.ok = True

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def bad(self, key: str, zh: str, en: str) -> None:
        self.ok = False
        label = self.where.split(".")[0] if self.where else ""
        prefix = f"事项 {label}：" if label and not label.startswith("（") else ""
        self.p.add(self.path(key), _line_of(self.m, key), prefix + zh, en)

    def check_keys(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in self.m:
            if key not in allowed:
                self.bad(key, f"未知字段“{key}”", f"unknown key {key!r}")
        for key, line in self.m.duplicate_keys:
            self.ok = False
            self.p.add(self.path(key), line, f"字段“{key}”重复", f"duplicate key {key!r}")

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.m.get(key)
        if value is None:
            if required:
                self.bad(key, f"缺少“{key}”", f"{key} is missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.bad(key, f"“{key}”须为非空文字", f"{key} must be non-empty text")
            return ""
        return value.strip()

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.m.get(key)
        if value is None:
            if required:
                self.bad(key, f"缺少“{key}”", f"{key} is missing")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.bad(key, f"“{key}”须为文字列表", f"{key} must be a list of text")
            return ()
        if required and not value:
            self.bad(key, f"“{key}”不能为空", f"{key} is empty")
        return tuple(v.strip() for v in value)

    def integer(self, key: str, *, required: bool = True) -> int | None:
        value = self.m.get(key)
        if value is None:
            if required:
                self.bad(key, f"缺少“{key}”", f"{key} is missing")
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.bad(key, f"“{key}”须为整数", f"{key} must be an integer")
            return None
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.m.get(key, default)
        if not isinstance(value, bool):
            self.bad(key, f"“{key}”须为 true 或 false", f"{key} must be a boolean")
            return default
        return value

    def day(self, key: str, default: date | None = None) -> date | None:
        value = self.m.get(key)
        if value is None:
            if default is None:
                self.bad(key, f"缺少“{key}”（日期，如 2021-04-29）", f"{key} is missing")
            return default
        if not isinstance(value, date):
            self.bad(key, f"“{key}”须为日期（如 2021-04-29）", f"{key} must be a date")
            return default
        return value

    def enum(self, key: str, cls: type[E], label: str, *, required: bool = True) -> E | None:
        value = self.m.get(key)
        if value is None:
            if required:
                self.bad(key, f"缺少{label}“{key}”", f"{key} is missing")
            return None
        return self._member(key, value, cls, label)

    def _member(self, key: str, value: Any, cls: type[E], label: str) -> E | None:
        try:
            return cls(value)
        except ValueError:
            known = "、".join(m.value for m in cls)
            self.bad(
                key,
                f"未知的{label}“{value}”（可选：{known}）",
                f"unknown {cls.__name__} {value!r}",
            )
            return None

    def enums(self, key: str, cls: type[E], label: str) -> frozenset[E]:
        value = self.m.get(key)
        if value is None:
            return frozenset()
        if not isinstance(value, list):
            self.bad(key, f"“{key}”须为列表", f"{key} must be a list")
            return frozenset()
        out: set[E] = set()
        for v in value:
            member = self._member(key, v, cls, label)
            if member is not None:
                out.add(member)
        return frozenset(out)

    def money(self, key: str) -> Money | None:
        value = self.m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.bad(
                key,
                f'“{key}”须为以元计的整数或带引号的小数（如 "0.5"）',
                f"{key} must be yuan as an int or a quoted decimal",
            )
            return None
        try:
            return Money.yuan(value)
        except InvalidInput as exc:
            self.bad(key, exc.message_zh, exc.message_en)
            return None

    def decimal(self, key: str) -> Decimal | None:
        value = self.m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.bad(key, f"“{key}”须为数字", f"{key} must be a number")
            return None
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            self.bad(key, f"“{key}”须为数字", f"{key} must be a number")
            return None
        if not d.is_finite():
            self.bad(key, f"“{key}”须为数字", f"{key} must be a number")
            return None
        return d

    def child(self, key: str) -> LineDict | None:
        value = self.m.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self.bad(key, f"“{key}”须为映射（键: 值）", f"{key} must be a mapping")
            return None
        return value

    def children(self, key: str, *, required: bool = False) -> list[tuple[int, LineDict]]:
        value = self.m.get(key)
        if value is None:
            if required:
                self.bad(key, f"缺少“{key}”", f"{key} is missing")
            return []
        if not isinstance(value, list):
            self.bad(key, f"“{key}”须为列表", f"{key} must be a list")
            return []
        out: list[tuple[int, LineDict]] = []
        for i, item in enumerate(value):
            if isinstance(item, LineDict):
                out.append((i, item))
            else:
                self.bad(f"{key}[{i}]", f"“{key}”的第 {i + 1} 项须为映射", f"{key}[{i}] not a map")
        return out


T = TypeVar("T")


def _build(
    reader: _Reader,
    lines: dict[str, int],
    prefix: str,
    make: Callable[[], T],
) -> T | None:
    """Construct a value; its own validation problems become located violations."""
    try:
        return make()
    except InvalidInput as exc:
        reader.ok = False
        code = reader.where.split(".")[0]
        for v in exc.violations or [Violation("", exc.message_zh, exc.message_en)]:
            rel = f"{prefix}.{v.field}" if prefix and v.field else (prefix or v.field)
            full = f"{reader.where}.{rel}" if rel else reader.where
            zh = v.reason_zh if v.reason_zh.startswith("事项 ") else f"事项 {code}：{v.reason_zh}"
            en = (
                v.reason_en
                if v.reason_en.startswith("matter ")
                else f"matter {code}: {v.reason_en}"
            )
            reader.p.add(full, _nearest_line(full, lines, reader.m.line), zh, en)
        return None


# ---------------------------------------------------------------------------- the pieces

_FIXED_KEYS = ("min", "max")
_MULTIPLE_KEYS = (
    "base",
    "min_multiple",
    "max_multiple",
    "threshold",
    "fallback_min",
    "fallback_max",
)
_MATTER_KEYS = (
    "code",
    "name",
    "kind",
    "field",
    "bases",
    "version",
    "effective",
    "penalty_kinds",
    "fine_range",
    "serious_fine_range",
    "hearing_penalty_kinds",
    "hearing_on_large_amount",
    "major_criteria",
    "tiers",
    "exemptions",
    "note",
)
_HEADER_KEYS = ("version", "effective", "source", "matters", "note")


def _fine_range(
    r: _Reader,
    lines: dict[str, int],
    m: LineDict,
    path: str,
    inherit: FineRange | None = None,
) -> FineRange | None:
    sub = _Reader(m, f"{r.where}.{path}", r.p)
    sub.check_keys((*_FIXED_KEYS, *_MULTIPLE_KEYS, "note"))
    base = sub.enum("base", FineBase, "倍数基数", required=False)
    threshold = sub.money("threshold")
    if inherit is not None and inherit.base is not None:
        # A tier of a multiple-based range repeats neither base nor threshold.
        base = base or inherit.base
        threshold = threshold or inherit.threshold
    low, high = sub.money("min"), sub.money("max")
    min_multiple, max_multiple = sub.decimal("min_multiple"), sub.decimal("max_multiple")
    fallback_min, fallback_max = sub.money("fallback_min"), sub.money("fallback_max")
    if not sub.ok:
        r.ok = False
        return None
    if base is None and high is not None and low is None:
        low = Money(0)  # “……以下罚款”
    return _build(
        r,
        lines,
        path,
        lambda: FineRange(
            min=low,
            max=high,
            base=base,
            min_multiple=min_multiple,
            max_multiple=max_multiple,
            threshold=threshold,
            fallback_min=fallback_min,
            fallback_max=fallback_max,
        ),
    )


def _basis(r: _Reader, lines: dict[str, int], path: str, m: LineDict) -> LegalBasis | None:
    sub = _Reader(m, f"{r.where}.{path}", r.p)
    sub.check_keys(("law", "article", "paragraph", "item", "role", "version", "citation", "note"))
    law = sub.text("law")
    article = sub.integer("article")
    paragraph = sub.integer("paragraph", required=False)
    item = sub.integer("item", required=False)
    role = sub.enum("role", BasisRole, "依据类型", required=False) or BasisRole.PENALTY
    version = sub.text("version", required=False)
    citation = sub.text("citation", required=False)
    if not sub.ok or article is None:
        r.ok = False
        return None
    return _build(
        r,
        lines,
        path,
        lambda: LegalBasis(law, article, paragraph, item, role, version, citation),
    )


def _bases(r: _Reader, lines: dict[str, int], key: str) -> tuple[LegalBasis, ...]:
    out: list[LegalBasis] = []
    for i, m in r.children(key):
        b = _basis(r, lines, f"{key}[{i}]", m)
        if b is not None:
            out.append(b)
    return tuple(out)


def _tier(
    r: _Reader, lines: dict[str, int], i: int, m: LineDict, legal: FineRange | None
) -> BenchmarkTier | None:
    path = f"tiers[{i}]"
    sub = _Reader(m, f"{r.where}.{path}", r.p)
    sub.check_keys(("tier", "circumstances", "fine_range", "reason", "penalty_kinds"))
    tier = sub.enum("tier", Tier, "裁量阶次")
    circumstances = sub.text("circumstances")
    reason = sub.text("reason", required=False)
    kinds = sub.enums("penalty_kinds", PenaltyKind, "处罚种类")
    fr_map = sub.child("fine_range")
    fr = _fine_range(r, lines, fr_map, f"{path}.fine_range", legal) if fr_map else None
    if not sub.ok or tier is None or (fr_map is not None and fr is None):
        r.ok = False
        return None
    return _build(
        r,
        lines,
        path,
        lambda: BenchmarkTier(tier, circumstances, fr, reason, kinds),
    )


def _exemption(r: _Reader, lines: dict[str, int], i: int, m: LineDict) -> ExemptionEntry | None:
    path = f"exemptions[{i}]"
    sub = _Reader(m, f"{r.where}.{path}", r.p)
    sub.check_keys(("code", "kind", "conditions", "bases", "measures"))
    code = sub.text("code")
    kind = sub.enum("kind", ExemptionKind, "免罚类型")
    conditions = sub.texts("conditions", required=True)
    measures = sub.text("measures", required=False) or "责令改正，并对当事人进行教育"
    bases = _bases(sub, lines, "bases")
    if not sub.ok or kind is None:
        r.ok = False
        return None
    return _build(
        r,
        lines,
        path,
        lambda: ExemptionEntry(code, kind, conditions, bases, measures),
    )


def _matter(
    m: LineDict, index: int, header_version: str, header_effective: date | None, p: Problems
) -> Matter | None:
    raw_code = m.get("code")
    code = raw_code.strip() if isinstance(raw_code, str) and raw_code.strip() else ""
    r = _Reader(m, code or f"（第{index + 1}项）matters[{index}]", p)
    lines: dict[str, int] = {}
    _path_lines(r.where, m, lines)
    r.check_keys(_MATTER_KEYS)
    r.text("code")
    name = r.text("name")
    kind = r.enum("kind", MatterKind, "事项类别")
    field_ = r.enum("field", Field, "执法领域")
    bases = _bases(r, lines, "bases")
    version = r.text("version", required=False) or header_version
    effective = r.day("effective", header_effective or date.min)
    penalty_kinds = r.enums("penalty_kinds", PenaltyKind, "处罚种类")
    fr_map = r.child("fine_range")
    fine_range = _fine_range(r, lines, fr_map, "fine_range") if fr_map else None
    sr_map = r.child("serious_fine_range")
    serious = _fine_range(r, lines, sr_map, "serious_fine_range") if sr_map else None
    # 行政处罚法第六十三条 gives the hearing right for these kinds whatever the file says.
    hearing = (
        r.enums("hearing_penalty_kinds", PenaltyKind, "处罚种类")
        if "hearing_penalty_kinds" in m
        else penalty_kinds & HEARING_PENALTY_KINDS
    )
    large = r.boolean(
        "hearing_on_large_amount",
        bool(penalty_kinds & {PenaltyKind.FINE, PenaltyKind.CONFISCATION}),
    )
    major = r.texts("major_criteria")
    tiers = [t for i, tm in r.children("tiers") if (t := _tier(r, lines, i, tm, fine_range))]
    exemptions = [e for i, em in r.children("exemptions") if (e := _exemption(r, lines, i, em))]
    note = r.text("note", required=False)
    if not r.ok or kind is None or field_ is None or effective is None:
        return None
    return _build(
        r,
        lines,
        "",
        lambda: Matter(
            code=code,
            name=name,
            kind=kind,
            field=field_,
            bases=bases,
            version=version,
            effective=effective,
            penalty_kinds=penalty_kinds,
            fine_range=fine_range,
            serious_fine_range=serious,
            hearing_penalty_kinds=hearing,
            hearing_on_large_amount=large,
            major_criteria=major,
            tiers=tuple(tiers),
            exemptions=tuple(exemptions),
            note=note,
        ),
    )


# ---------------------------------------------------------------------------- files


@dataclass(frozen=True)
class _Source:
    name: str
    text: str


_Entry = tuple[str, int, Matter | None]  # code, line of the code, the matter if valid


def _read_file(src: _Source) -> tuple[CatalogFile | None, list[_Entry], Problems]:
    """One file's header and matters; every matter that has a code is listed, valid or not,
    so that duplicate codes are found even among broken matters."""
    p = Problems(src.name)
    try:
        doc = read_yaml(src.text, src.name)
    except InvalidInput as exc:
        p.items.extend(exc.violations)
        return None, [], p
    if not isinstance(doc, LineDict):
        p.add("", 1, "文件须以 version、effective、source、matters 开头", "not a mapping")
        return None, [], p
    h = _Reader(doc, "", p)
    h.check_keys(_HEADER_KEYS)
    version_value = doc.get("version")
    if not isinstance(version_value, str) or not version_value.strip():
        h.bad("version", '文件头须有带引号的版本号 version（如 "2025.1"）', "version missing")
        version = ""
    else:
        version = version_value.strip()
    effective = h.day("effective")
    sources = h.texts("source", required=True)
    matters: list[_Entry] = []
    items = h.children("matters", required=True)
    if doc.get("matters") == []:
        h.bad("matters", "matters 不能为空", "matters is empty")
    for i, m in items:
        matter = _matter(m, i, version, effective, p)
        code = m.get("code")
        if isinstance(code, str) and code.strip():
            matters.append((code.strip(), _line_of(m, "code"), matter))
    cf = CatalogFile(src.name, version, effective, sources) if h.ok and effective else None
    return cf, matters, p


def _shipped_sources() -> list[_Source]:
    folder: Traversable = resources.files("zhifa.catalog").joinpath("data/matters")
    return [
        _Source(f.name, f.read_text(encoding="utf-8"))
        for f in sorted(folder.iterdir(), key=lambda t: t.name)
        if f.name.endswith(".yaml")
    ]


def _path_sources(paths: Path | Iterable[Path]) -> list[_Source]:
    items = [paths] if isinstance(paths, Path) else list(paths)
    files: list[Path] = []
    for item in items:
        files.extend(sorted(item.glob("*.yaml")) if item.is_dir() else [item])
    return [_Source(f.name, f.read_text(encoding="utf-8")) for f in files]


def load_catalog(paths: Path | Iterable[Path] | None = None) -> Catalog:
    """Load the shipped catalog, or the YAML files (or folders of them) in ``paths``.

    Raises one ``InvalidInput`` listing every problem in every file; returns nothing
    partial.
    """
    sources = _shipped_sources() if paths is None else _path_sources(paths)
    violations: list[Violation] = []
    files: list[CatalogFile] = []
    matters: list[Matter] = []
    first_seen: dict[str, str] = {}
    for src in sources:
        cf, found, problems = _read_file(src)
        violations.extend(problems.items)
        if cf is not None:
            files.append(cf)
        for code, line, matter in found:
            here = f"{src.name}:{line}"
            if code in first_seen:
                violations.append(
                    Violation(
                        f"{code}.code",
                        f"事项 {code}：编码重复（首次出现在 {first_seen[code]}）",
                        f"matter {code}: duplicate code, first at {first_seen[code]}",
                        here,
                    )
                )
                continue
            first_seen[code] = here
            if matter is not None:
                matters.append(matter)
    if not sources:
        violations.append(Violation("", "没有找到执法事项文件", "no catalog files found"))
    if violations:
        raise InvalidInput(
            f"执法事项目录有 {len(violations)} 处错误，未导入任何事项",
            f"matter catalog has {len(violations)} problem(s); nothing imported",
            hint_zh="按每处错误的文件、行号和字段逐一修改后重新导入。",
            violations=violations,
        )
    return Catalog.of(matters, files)


# ---------------------------------------------------------------------------- ledger form


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def matter_definitions(paths: Path | Iterable[Path] | None = None) -> list[dict[str, Any]]:
    """Each matter's YAML mapping as plain JSON, with its file's version and effective date
    filled in: the self-contained form a ``MatterPublished`` event carries. Validates the
    whole catalog first (raises like :func:`load_catalog`)."""
    load_catalog(paths)
    sources = _shipped_sources() if paths is None else _path_sources(paths)
    out: list[dict[str, Any]] = []
    for src in sources:
        doc = read_yaml(src.text, src.name)
        for m in doc["matters"]:
            d = _jsonable(m)
            d.setdefault("version", str(doc["version"]))
            d.setdefault("effective", _jsonable(doc["effective"]))
            d["source_file"] = src.name
            out.append(d)
    return out


def _line_dicts(value: Any) -> Any:
    """JSON values → the ``LineDict`` shape the reader expects (no line numbers: 0)."""
    if isinstance(value, dict):
        d = LineDict((str(k), _line_dicts(v)) for k, v in value.items())
        d.line = 0
        d.key_lines = {}
        d.duplicate_keys = []
        return d
    if isinstance(value, list):
        return [_line_dicts(v) for v in value]
    return value


def matter_from_definition(definition: dict[str, Any]) -> Matter:
    """Rebuild a :class:`Matter` from the definition a ``MatterPublished`` event carries."""
    mapping = {k: v for k, v in definition.items() if k != "source_file"}
    if isinstance(mapping.get("effective"), str):
        mapping["effective"] = date.fromisoformat(mapping["effective"])
    name = str(definition.get("source_file", "ledger"))
    p = Problems(name)
    matter = _matter(_line_dicts(mapping), 0, str(mapping.get("version", "")), None, p)
    if matter is None:
        raise InvalidInput(
            f"事项 {definition.get('code')} 的定义无效",
            f"matter {definition.get('code')} definition invalid",
            violations=p.items,
        )
    return matter
