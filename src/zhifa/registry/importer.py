"""CSV bulk import of 执法人员 and 执法证 (issue 4).

Files are UTF-8, with or without a BOM (Excel's “CSV UTF-8” adds one), with a header row
in Chinese. Every line is checked before anything is written; each problem is a
``Violation`` whose ``field`` is the Chinese column name and whose ``location`` is the
physical line of the file (the header is 第1行). Unless ``partial`` is set, one problem
refuses the whole file: nothing is written. With ``partial=True`` the good lines are
imported and the report lists the lines skipped and why.

Every officer and credential is entered through the registry services, so each one is a
ledger entry, recorded in the caller's unit of work (the caller commits).

人员 (``import_officers``)::

    姓名,身份证号,所属执法主体统一社会信用代码,人员类别,法律职业资格,法制审核人员,培训学时
    示例·张明远,990102198703152013,11990100MA0000001Q,执法人员,是,否,48

执法证 (``import_credentials``)::

    执法证号,身份证号,执法领域,执法区域,有效期起,有效期止
    9901202600201,990102198703152013,市场监管,990102、990103,2026-01-01,2030-12-31

人员类别 is one of 执法人员、辅助人员、网格员、临时工、第三方人员; 是/否 for the two flags;
执法领域 and 执法区域 list several values separated by 、 or ; (全角；也可); dates are
YYYY-MM-DD. The holder of a credential is found by ID number among the officers in the
registry. All columns are required and every cell must be filled. ``docs/samples/``
holds a sample of each file, valid against the demo jurisdiction.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.kernel.errors import DomainError, InvalidInput, Violation
from zhifa.ledger.personal import PersonalDataErased, PersonalValue, reveal
from zhifa.registry import services
from zhifa.registry.model import (
    BodyStatus,
    Field,
    OfficerKind,
    Regions,
    validate_id_number,
    validate_region_code,
    validate_uscc,
)
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow
from zhifa.store.uow import UnitOfWork

# A file is CSV text (str), the raw bytes of a file, or rows already split into cells
# (the first row being the header).
CsvInput = str | bytes | Iterable[Sequence[str]]

OFFICER_COLUMNS = (
    "姓名",
    "身份证号",
    "所属执法主体统一社会信用代码",
    "人员类别",
    "法律职业资格",
    "法制审核人员",
    "培训学时",
)
CREDENTIAL_COLUMNS = ("执法证号", "身份证号", "执法领域", "执法区域", "有效期起", "有效期止")

ARTICLE_1 = "《行政执法人员行为准则》第一条"
ARTICLE_1_BASIS = "《行政执法人员行为准则》第一条；国办发〔2024〕54号"

_KIND_BY_LABEL = {k.label_zh: k for k in OfficerKind}
_FIELD_BY_LABEL = {f.label_zh: f for f in Field}
_BOOLEANS = {"是": True, "否": False}
_LIST_SEPARATORS = re.compile(r"[、;；]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_NAME = 60  # officers.name
_MAX_CREDENTIAL_NUMBER = 40  # credentials.number


@dataclass
class ImportReport:
    """What an import did: how many records it created, which, and the lines it skipped."""

    what: str  # "officers" or "credentials"
    rows: int  # data lines read (blank lines not counted)
    imported: int = 0
    created: list[str] = field(default_factory=list)  # officer ids, or credential numbers
    skipped: list[Violation] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)

    def summary_zh(self) -> str:
        noun = "人员" if self.what == "officers" else "执法证"
        unit = "名" if self.what == "officers" else "张"
        text = f"共 {self.rows} 行，已导入{noun} {self.imported} {unit}"
        if self.skipped_lines:
            text += (
                f"，跳过 {len(self.skipped_lines)} 行（{len(self.skipped)} 处错误），跳过的行未导入"
            )
        return text + "。"


# ---------------------------------------------------------------------------- reading


@dataclass
class _Line:
    number: int  # physical line in the file where the record starts
    cells: dict[str, str]


def _text_of(data: str | bytes) -> str:
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                "导入文件不是 UTF-8 编码，未导入任何记录",
                f"import file is not UTF-8: {exc}",
                hint_zh="用 Excel 另存时请选择“CSV UTF-8（逗号分隔）”格式。",
            ) from None
    else:
        text = data
    return text.removeprefix("\ufeff")


def _records(data: CsvInput) -> Iterable[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every record, the header first."""
    if isinstance(data, str | bytes):
        reader = csv.reader(io.StringIO(_text_of(data), newline=""))
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InvalidInput(
                f"导入文件第{reader.line_num}行不是有效的 CSV：{exc}，未导入任何记录",
                f"line {reader.line_num} is not valid CSV: {exc}",
                violations=[
                    Violation("", "不是有效的 CSV", str(exc), location=f"第{reader.line_num}行")
                ],
            ) from None
    else:
        for i, row in enumerate(data, start=1):
            yield i, [("" if c is None else str(c)) for c in row]


def _read(data: CsvInput, columns: Sequence[str]) -> tuple[list[_Line], list[Violation]]:
    """The data lines as column → stripped cell, and the problems of the header and shape."""
    records = iter(_records(data))
    header_line, header = next(records, (1, []))
    header = [h.strip().removeprefix("\ufeff") for h in header]
    problems: list[Violation] = []
    missing = [c for c in columns if c not in header]
    if missing:
        problems.append(
            Violation(
                "、".join(missing),
                f"表头缺少列：{'、'.join(missing)}（表头应为：{','.join(columns)}）",
                f"header lacks columns: {', '.join(missing)}",
                location=f"第{header_line}行",
            )
        )
    doubled = sorted({h for h in header if h and header.count(h) > 1})
    if doubled:
        problems.append(
            Violation(
                "、".join(doubled),
                f"表头中的列重复：{'、'.join(doubled)}",
                f"header repeats columns: {', '.join(doubled)}",
                location=f"第{header_line}行",
            )
        )
    if problems:
        return [], problems
    position = {c: header.index(c) for c in columns}
    lines: list[_Line] = []
    for number, cells in records:
        if not any(c.strip() for c in cells):
            continue  # blank lines, and the empty ",,,," rows Excel leaves at the end
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                Violation(
                    "",
                    f"本行有 {len(cells)} 列，多于表头的 {len(header)} 列（是否有未加引号的逗号？）",
                    f"{len(cells)} cells, the header has {len(header)}",
                    location=f"第{number}行",
                )
            )
        lines.append(
            _Line(
                number,
                {c: (cells[i].strip() if i < len(cells) else "") for c, i in position.items()},
            )
        )
    if not lines and not problems:
        raise InvalidInput(
            "导入文件没有数据行，未导入任何记录",
            "import file has no data lines",
        )
    return lines, problems


# ---------------------------------------------------------------------------- checking


class _Checker:
    """Collects the problems of one line; each check returns the parsed value or None."""

    def __init__(self, line: _Line) -> None:
        self.line = line
        self.problems: list[Violation] = []

    def add(self, column: str, reason_zh: str, reason_en: str) -> None:
        self.problems.append(
            Violation(column, reason_zh, reason_en, location=f"第{self.line.number}行")
        )

    def required(self, column: str) -> str | None:
        value = self.line.cells[column]
        if not value:
            self.add(column, f"{column}不能为空", f"{column} is empty")
            return None
        return value

    def domain(self, column: str, parse: Callable[[str], Any], value: str) -> Any:
        """``parse(value)``, with the model's own Chinese message when it refuses."""
        try:
            return parse(value)
        except InvalidInput as exc:
            v = exc.violations[0] if exc.violations else None
            self.add(
                column,
                v.reason_zh if v else exc.message_zh,
                v.reason_en if v else exc.message_en,
            )
            return None

    def id_number(self, column: str, today: date) -> str | None:
        value = self.required(column)
        if value is None:
            return None
        if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", value):
            self.add(
                column,
                f"身份证号“{value}”被 Excel 转成了科学计数法：请将该列设为“文本”后重新录入并导出",
                "identity number was turned into scientific notation",
            )
            return None
        number: str | None = self.domain(column, lambda v: validate_id_number(v, on=today), value)
        return number

    def boolean(self, column: str) -> bool | None:
        value = self.required(column)
        if value is None:
            return None
        if value not in _BOOLEANS:
            self.add(column, f"“{value}”无效：应填“是”或“否”", f"{value!r} is not 是/否")
            return None
        return _BOOLEANS[value]

    def hours(self, column: str) -> int | None:
        value = self.required(column)
        if value is None:
            return None
        if re.fullmatch(r"-\s*\d+(\.\d*)?", value):
            self.add(column, f"{column}不能为负数", f"{column} is negative")
            return None
        if not re.fullmatch(r"\d+", value):
            self.add(
                column,
                f"{column}“{value}”无效：应为不小于 0 的整数",
                f"{column} {value!r} is not a non-negative integer",
            )
            return None
        return int(value)

    def day(self, column: str) -> date | None:
        value = self.required(column)
        if value is None:
            return None
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            self.add(
                column,
                f"日期“{value}”无效：应为存在的日期，格式 YYYY-MM-DD（如 2026-01-01）",
                f"date {value!r} is not a valid YYYY-MM-DD date",
            )
            return None

    def items(self, column: str) -> list[str] | None:
        value = self.required(column)
        if value is None:
            return None
        parts = [p.strip() for p in _LIST_SEPARATORS.split(value)]
        if not all(parts):
            self.add(
                column,
                f"{column}“{value}”中有空项：多个值之间用“、”或“;”分隔",
                f"{column} {value!r} has an empty item",
            )
            return None
        return parts


def _refuse_or_report(
    what: str, lines: list[_Line], problems: list[Violation], partial: bool
) -> ImportReport:
    """Raise when a whole-file import has problems; else the report with the skipped lines."""
    if problems and not partial:
        article_1 = all(ARTICLE_1 in v.reason_zh for v in problems)
        raise InvalidInput(
            f"导入文件有 {len(problems)} 处错误，未导入任何记录",
            f"import file has {len(problems)} problems; nothing was imported",
            article=1 if article_1 else None,
            basis=ARTICLE_1_BASIS if article_1 else "",
            hint_zh="请按所列行号和列名改正后重新导入；也可选择只导入无误的行。",
            violations=problems,
        )
    bad = sorted({_line_of(v) for v in problems})
    return ImportReport(what=what, rows=len(lines), skipped=problems, skipped_lines=bad)


def _line_of(v: Violation) -> int:
    m = re.fullmatch(r"第(\d+)行", v.location)
    return int(m.group(1)) if m else 0


def _call(line: int, service: Callable[..., str], *args: Any, **kwargs: Any) -> str:
    """Run one service call; should it still refuse, say which line (the caller rolls back)."""
    try:
        return service(*args, **kwargs)
    except DomainError as exc:
        exc.message_zh = f"第{line}行：{exc.message_zh}"
        exc.violations = [
            Violation(v.field, v.reason_zh, v.reason_en, v.location or f"第{line}行")
            for v in exc.violations
        ]
        raise


# ---------------------------------------------------------------------------- officers


@dataclass(frozen=True)
class _Registered:
    officer_id: str
    body_id: str
    kind: str
    active: bool


def _registered_by_id_number(session: Session, uow: UnitOfWork) -> dict[str, list[_Registered]]:
    """Every registered officer, by clear ID number.

    A system read, not shown to anyone: the ID numbers are decrypted in memory only to
    match the file's lines against the registry (the ledger and the tables keep only
    commitments, whose salts make a lookup by value impossible). Nothing decrypted leaves
    this function except as the key of the map the import discards when it returns.
    """
    officers = session.execute(
        select(
            OfficerRow.id,
            OfficerRow.body_id,
            OfficerRow.kind,
            OfficerRow.active,
            OfficerRow.id_number_ref,
        )
    ).all()
    # One query loads the encrypted values into the session, so reveal() reads no more.
    session.scalars(
        select(PersonalValue).where(PersonalValue.ref.in_(select(OfficerRow.id_number_ref)))
    ).all()
    found: dict[str, list[_Registered]] = {}
    for officer_id, body_id, kind, active, ref in officers:
        try:
            number = reveal(session, uow.pii, ref)
        except PersonalDataErased:
            continue
        found.setdefault(number, []).append(_Registered(officer_id, body_id, kind, active))
    return found


def import_officers(
    uow: UnitOfWork, actor: str, rows_or_text: CsvInput, *, partial: bool = False
) -> ImportReport:
    """Register the officers of a CSV file (see the module docstring for the format).

    Refuses, writing nothing, when any line has a problem — unless ``partial``, which
    imports the good lines and reports the others. Each officer is entered with
    ``register_officer`` (one ledger entry each) in ``uow``; the caller commits.
    """
    s = uow.session
    lines, problems = _read(rows_or_text, OFFICER_COLUMNS)
    today = uow.clock.now().date()
    bodies = {b.uscc: b for b in s.scalars(select(BodyRow))}
    registered = _registered_by_id_number(s, uow) if lines else {}
    body_names = {b.id: b.name for b in bodies.values()}
    seen: dict[str, int] = {}
    plans: list[tuple[int, dict[str, Any]]] = []
    for line in lines:
        c = _Checker(line)
        name = c.required("姓名")
        if name is not None and len(name) > _MAX_NAME:
            c.add("姓名", f"姓名过长（不超过 {_MAX_NAME} 字）", "name is too long")
        elif name is not None and any(unicodedata.category(ch)[0] == "C" for ch in name):
            c.add("姓名", "姓名中不能有换行符或其他控制字符", "name has control characters")
        number = c.id_number("身份证号", today)
        if number is not None:
            if number in seen:
                c.add(
                    "身份证号",
                    f"身份证号与第{seen[number]}行重复",
                    f"identity number repeats line {seen[number]}",
                )
            else:
                seen[number] = line.number
                active = [r for r in registered.get(number, ()) if r.active]
                if active:
                    c.add(
                        "身份证号",
                        f"该身份证号已登记为“{body_names.get(active[0].body_id, '')}”的在册人员，"
                        "不能重复登记（如系调动，请先办理原单位的人员变更）",
                        f"identity number already registered (officer {active[0].officer_id})",
                    )
        body = None
        code = c.required("所属执法主体统一社会信用代码")
        if code is not None:
            normalised = c.domain("所属执法主体统一社会信用代码", validate_uscc, code)
            if normalised is not None:
                body = bodies.get(normalised)
                if body is None:
                    c.add(
                        "所属执法主体统一社会信用代码",
                        f"统一社会信用代码 {normalised} 不是已登记的执法主体",
                        f"no body with uscc {normalised}",
                    )
                elif body.status != BodyStatus.ACTIVE.value:
                    c.add(
                        "所属执法主体统一社会信用代码",
                        f"执法主体“{body.name}”已撤销，不能再登记人员",
                        f"body {body.id} is dissolved",
                    )
                    body = None
        kind = None
        label = c.required("人员类别")
        if label is not None:
            kind = _KIND_BY_LABEL.get(label)
            if kind is None:
                c.add(
                    "人员类别",
                    f"人员类别“{label}”无效：应为{'、'.join(_KIND_BY_LABEL)}之一",
                    f"unknown officer kind {label!r}",
                )
        qualification = c.boolean("法律职业资格")
        reviewer = c.boolean("法制审核人员")
        if reviewer and kind is not None and kind is not OfficerKind.OFFICER:
            c.add(
                "法制审核人员",
                f"法制审核人员必须是在编执法人员，不能是{kind.label_zh}",
                "a legal reviewer must be of kind officer",
            )
        hours = c.hours("培训学时")
        if c.problems:
            problems.extend(c.problems)
            continue
        # every check passed, so every value is there
        assert name is not None
        assert number is not None
        assert body is not None
        assert kind is not None
        plans.append(
            (
                line.number,
                {
                    "name": name,
                    "id_number": number,
                    "body_id": body.id,
                    "kind": kind.value,
                    "legal_qualification": bool(qualification),
                    "is_legal_reviewer": bool(reviewer),
                    "training_hours": hours or 0,
                },
            )
        )
    problems.sort(key=_line_of)
    report = _refuse_or_report("officers", lines, problems, partial)
    skipped = set(report.skipped_lines)
    for number_, kwargs in plans:
        if number_ in skipped:
            continue  # a problem of the line's shape, found while reading
        officer_id = _call(number_, services.register_officer, uow, actor, **kwargs)
        report.created.append(officer_id)
    report.imported = len(report.created)
    return report


# ---------------------------------------------------------------------------- credentials


def import_credentials(
    uow: UnitOfWork, actor: str, text: CsvInput, *, partial: bool = False
) -> ImportReport:
    """Issue the credentials of a CSV file (see the module docstring for the format).

    The holder is the registered, active officer with the line's ID number; only a person
    of kind 执法人员 may hold a credential (准则第一条). Refuses, writing nothing, when any
    line has a problem — unless ``partial``. Each credential is issued with
    ``issue_credential`` (one ledger entry each) in ``uow``; the caller commits.
    """
    s = uow.session
    lines, problems = _read(text, CREDENTIAL_COLUMNS)
    today = uow.clock.now().date()
    regions = Regions.load()
    registered = _registered_by_id_number(s, uow) if lines else {}
    seen: dict[str, int] = {}
    plans: list[tuple[int, dict[str, Any]]] = []
    for line in lines:
        c = _Checker(line)
        cred_number = c.required("执法证号")
        if cred_number is not None:
            if len(cred_number) > _MAX_CREDENTIAL_NUMBER:
                c.add(
                    "执法证号",
                    f"执法证号过长（不超过 {_MAX_CREDENTIAL_NUMBER} 个字符）",
                    "credential number is too long",
                )
            elif cred_number in seen:
                c.add(
                    "执法证号",
                    f"执法证号与第{seen[cred_number]}行重复",
                    f"credential number repeats line {seen[cred_number]}",
                )
            else:
                seen[cred_number] = line.number
                if s.get(CredentialRow, cred_number) is not None:
                    c.add(
                        "执法证号",
                        f"执法证号 {cred_number} 已存在",
                        f"credential {cred_number} exists",
                    )
        holder = None
        number = c.id_number("身份证号", today)
        if number is not None:
            matches = registered.get(number, [])
            active = [r for r in matches if r.active]
            if not matches:
                c.add(
                    "身份证号",
                    "系统中没有该身份证号的人员：请先登记（导入）人员，再导入执法证",
                    "no officer has this identity number",
                )
            elif not active:
                c.add(
                    "身份证号",
                    "该身份证号的人员已不在册，不能核发执法证",
                    "the officer with this identity number is no longer active",
                )
            elif len(active) > 1:
                c.add(
                    "身份证号",
                    "该身份证号对应多名在册人员，请先核实人员信息",
                    "several active officers have this identity number",
                )
            elif active[0].kind != OfficerKind.OFFICER.value:
                label = OfficerKind(active[0].kind).label_zh
                c.add(
                    "身份证号",
                    f"该人员是{label}，{label}不得持有行政执法证件（{ARTICLE_1}：只有执法人员"
                    "才能从事行政执法活动；国办发〔2024〕54号）",
                    f"a {active[0].kind} cannot hold an enforcement credential (article 1)",
                )
            else:
                holder = active[0]
        fields: list[Field] = []
        labels = c.items("执法领域")
        for label in labels or ():
            found = _FIELD_BY_LABEL.get(label)
            if found is None:
                c.add(
                    "执法领域",
                    f"执法领域“{label}”无效：应为{'、'.join(_FIELD_BY_LABEL)}之一",
                    f"unknown field {label!r}",
                )
            elif found not in fields:
                fields.append(found)
        codes: list[str] = []
        for code in c.items("执法区域") or ():
            valid = c.domain(
                "执法区域", lambda v: validate_region_code(v, regions, "region_codes"), code
            )
            if valid is not None and valid not in codes:
                codes.append(valid)
        valid_from = c.day("有效期起")
        valid_to = c.day("有效期止")
        if valid_from and valid_to and valid_to < valid_from:
            c.add(
                "有效期止",
                f"有效期止 {valid_to.isoformat()} 早于有效期起 {valid_from.isoformat()}",
                "valid_to is before valid_from",
            )
        if c.problems:
            problems.extend(c.problems)
            continue
        # every check passed, so every value is there
        assert cred_number is not None
        assert holder is not None
        assert valid_from is not None
        assert valid_to is not None
        plans.append(
            (
                line.number,
                {
                    "number": cred_number,
                    "officer_id": holder.officer_id,
                    "fields": [f.value for f in fields],
                    "region_codes": codes,
                    "valid_from": valid_from,
                    "valid_to": valid_to,
                },
            )
        )
    problems.sort(key=_line_of)
    report = _refuse_or_report("credentials", lines, problems, partial)
    skipped = set(report.skipped_lines)
    for number_, kwargs in plans:
        if number_ in skipped:
            continue
        issued = _call(number_, services.issue_credential, uow, actor, **kwargs)
        report.created.append(issued)
    report.imported = len(report.created)
    return report


__all__ = [
    "CREDENTIAL_COLUMNS",
    "OFFICER_COLUMNS",
    "CsvInput",
    "ImportReport",
    "import_credentials",
    "import_officers",
]
