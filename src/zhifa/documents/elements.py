"""文书要素检查: are a document's required elements there, and is what it says accurate?

准则第九条 asks for documents that are standard, complete and accurate (要素齐备、表述准确).
``check_elements`` checks one document before it is issued; ``check_dossier`` checks the
documents of one 案卷 together when it is archived (a decision without a prior notice, a
served document without a 送达回证, a 查封 decision without its inventory…).

What each kind must carry is data (``data/elements.yaml``), each element with the provision
that requires it; checks of accuracy are small functions registered here by id, their titles
and provisions also in the data file. Statutory numbers (the 30-day limit of a 查封, the
60-day 复议 period, the 7 working days of a hearing notice) come from the legal parameters
on the document's date, never from literals.

Nothing here logs a document's content: findings carry paths and messages, and the
messages quote no personal value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from types import UnionType
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from zhifa.catalog.model import HEARING_PENALTY_KINDS, PenaltyKind
from zhifa.catalog.parameters import Parameter, Parameters
from zhifa.deadlines.calendar import WorkingCalendar
from zhifa.deadlines.errors import CalendarYearMissing
from zhifa.documents.model import (
    MODELS,
    MONETARY_KINDS,
    ClosingApproval,
    CollectionReason,
    Document,
    DocumentBase,
    DocumentKind,
    FilingApproval,
    HearingNotice,
    InquiryRecord,
    InspectionRecord,
    NonFilingDecision,
    OfficerRef,
    Party,
    Penalty,
    PenaltyDecision,
    PriorNotice,
    Remedy,
    SeizureDecision,
    SeizureInventory,
    ServiceMethod,
    ServiceReceipt,
    Signature,
    SignerRole,
    SpeakerRole,
    SummaryDecision,
    from_json,
    monetary_total,
    to_json,
)
from zhifa.kernel.clock import format_date_zh, legal_date
from zhifa.kernel.errors import ConfigurationError, InvalidInput, NotFound, Violation
from zhifa.kernel.money import Money, format_yuan

ARTICLE = 9  # 《行政执法人员行为准则》第九条: 文书规范、要素齐备、表述准确


@dataclass(frozen=True)
class ElementFinding:
    """One missing or inaccurate element: where, what is wrong (in Chinese), and the
    provision it breaks. In a dossier, ``document`` is the document's index."""

    path: str
    message_zh: str
    basis: str
    rule: str
    document: int | None = None
    document_kind: str = ""
    document_number: str = ""
    article: int = ARTICLE

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "message": self.message_zh,
            "basis": self.basis,
            "rule": self.rule,
            "document": self.document,
            "document_kind": self.document_kind,
            "document_number": self.document_number,
            "article": self.article,
        }

    def describe_zh(self) -> str:
        """One line for a terminal: [文书] path：message（basis）."""
        where = ""
        if self.document is not None:
            title = (
                DocumentKind(self.document_kind).title_zh
                if self.document_kind in DocumentKind._value2member_map_
                else self.document_kind
            )
            where = f"[第{self.document + 1}份 {title} {self.document_number}] "
        return f"{where}{self.path or '$'}：{self.message_zh}（{self.basis}）"


# ------------------------------------------------------------------------- the data file


@dataclass(frozen=True)
class Element:
    path: str
    label: str
    basis: str
    min_items: int | None = None
    min_items_param: str | None = None
    expect: bool | None = None
    when: str | None = None


@dataclass(frozen=True)
class CheckSpec:
    id: str
    title: str
    basis: str


@dataclass(frozen=True)
class KindSpec:
    kind: DocumentKind
    elements: tuple[Element, ...]
    checks: tuple[CheckSpec, ...]


@dataclass(frozen=True)
class ElementRules:
    """The parsed ``elements.yaml``."""

    version: str
    kinds: Mapping[DocumentKind, KindSpec]
    dossier_checks: tuple[CheckSpec, ...]
    served_kinds: frozenset[DocumentKind]


def _spec_checks(raw: Any, where: str, problems: list[Violation]) -> list[CheckSpec]:
    out: list[CheckSpec] = []
    for i, c in enumerate(raw or []):
        if not isinstance(c, dict) or not {"id", "title", "basis"} <= set(c):
            problems.append(Violation(f"{where}[{i}]", "须有 id、title、basis", "bad check"))
            continue
        out.append(CheckSpec(str(c["id"]), str(c["title"]), str(c["basis"])))
    return out


def _spec_elements(raw: Any, where: str, problems: list[Violation]) -> list[Element]:
    out: list[Element] = []
    allowed = {"path", "label", "basis", "min_items", "min_items_param", "expect", "when"}
    for i, e in enumerate(raw or []):
        if not isinstance(e, dict) or not {"path", "label", "basis"} <= set(e):
            problems.append(Violation(f"{where}[{i}]", "须有 path、label、basis", "bad element"))
            continue
        if extra := set(e) - allowed:
            problems.append(Violation(f"{where}[{i}]", f"未知字段 {sorted(extra)}", "unknown key"))
        out.append(
            Element(
                path=str(e["path"]),
                label=str(e["label"]),
                basis=str(e["basis"]),
                min_items=e.get("min_items"),
                min_items_param=e.get("min_items_param"),
                expect=e.get("expect"),
                when=e.get("when"),
            )
        )
    return out


def parse_rules(text: str, name: str = "elements.yaml") -> ElementRules:
    """Parse and validate the rules file: every path must exist in its kind's model, every
    check and condition must be implemented, every parameter must exist."""
    doc = yaml.safe_load(text)
    problems: list[Violation] = []
    if not isinstance(doc, dict):
        raise ConfigurationError(f"{name}：文件内容须为映射", f"{name}: not a mapping")
    common = doc.get("common") or {}
    common_elements = _spec_elements(common.get("elements"), "common.elements", problems)
    common_checks = _spec_checks(common.get("checks"), "common.checks", problems)
    known_params = Parameters.load().keys()
    kinds: dict[DocumentKind, KindSpec] = {}
    raw_kinds = doc.get("kinds") or {}
    for kind in DocumentKind:
        raw = raw_kinds.get(kind.value)
        if not isinstance(raw, dict):
            problems.append(Violation(f"kinds.{kind.value}", "缺少该文书的要素", "kind missing"))
            continue
        own = _spec_elements(raw.get("elements"), f"kinds.{kind.value}.elements", problems)
        own_paths = {e.path for e in own}
        elements = [e for e in common_elements if e.path not in own_paths] + own
        skip = set(raw.get("skip") or [])
        checks = [c for c in common_checks if c.id not in skip]
        checks += _spec_checks(raw.get("checks"), f"kinds.{kind.value}.checks", problems)
        model = MODELS[kind]
        for e in elements:
            where = f"kinds.{kind.value}:{e.path}"
            if not _path_exists(model, e.path):
                problems.append(Violation(where, "路径不在文书模型中", "path not in model"))
            if e.when is not None and e.when not in CONDITIONS:
                problems.append(Violation(where, f"未知条件 {e.when}", "unknown condition"))
            if e.min_items_param is not None and e.min_items_param not in known_params:
                problems.append(Violation(where, "未知法定参数", "unknown parameter"))
        for c in checks:
            if c.id not in CHECKS:
                problems.append(Violation(f"kinds.{kind.value}:{c.id}", "检查未实现", "no check"))
        kinds[kind] = KindSpec(kind, tuple(elements), tuple(checks))
    for extra in set(raw_kinds) - {k.value for k in DocumentKind}:
        problems.append(Violation(f"kinds.{extra}", "未知的文书种类", "unknown kind"))
    dossier = doc.get("dossier") or {}
    dossier_checks = _spec_checks(dossier.get("checks"), "dossier.checks", problems)
    for c in dossier_checks:
        if c.id not in DOSSIER_CHECKS:
            problems.append(Violation(f"dossier:{c.id}", "检查未实现", "no dossier check"))
    served: set[DocumentKind] = set()
    for k in dossier.get("served_kinds") or []:
        try:
            served.add(DocumentKind(k))
        except ValueError:
            problems.append(Violation("dossier.served_kinds", f"未知文书种类 {k}", "unknown"))
    if problems:
        raise ConfigurationError(
            f"文书要素文件 {name} 有误（{len(problems)} 处）",
            f"{name}: {len(problems)} problem(s)",
            violations=problems,
        )
    return ElementRules(
        version=str(doc.get("version", "")),
        kinds=kinds,
        dossier_checks=tuple(dossier_checks),
        served_kinds=frozenset(served),
    )


@lru_cache(maxsize=1)
def load_rules() -> ElementRules:
    """The shipped rules (``zhifa/documents/data/elements.yaml``)."""
    text = resources.files("zhifa.documents").joinpath("data/elements.yaml").read_text("utf-8")
    return parse_rules(text)


def _unwrap(annotation: Any) -> Any:
    """The model class (or list item type) behind ``X | None`` / ``list[X]``."""
    origin = get_origin(annotation)
    if origin in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    return annotation


def _path_exists(model: type[BaseModel], path: str) -> bool:
    current: Any = model
    for part in path.split("."):
        is_list = part.endswith("[]")
        name = part.removesuffix("[]")
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return False
        info = current.model_fields.get(name)
        if info is None:
            return False
        ann = _unwrap(info.annotation)
        if is_list:
            if get_origin(ann) is not list:
                return False
            ann = _unwrap(get_args(ann)[0])
        current = ann
    return True


# ------------------------------------------------------------------------- paths and values

_MISSING = object()


def _resolve(data: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every (concrete path, value) a rule path names; ``x[]`` fans out over a list."""

    def walk(value: Any, parts: list[str], prefix: str) -> Iterator[tuple[str, Any]]:
        if not parts:
            yield prefix, value
            return
        head, rest = parts[0], parts[1:]
        name = head.removesuffix("[]")
        here = f"{prefix}.{name}" if prefix else name
        child = value.get(name, _MISSING) if isinstance(value, dict) else _MISSING
        if head.endswith("[]"):
            if isinstance(child, list):
                for i, item in enumerate(child):
                    yield from walk(item, rest, f"{here}[{i}]")
            return
        if child is _MISSING or child is None:
            # A missing parent makes every element below it missing: report the leaf path.
            if any(p.endswith("[]") for p in rest):
                return
            yield ".".join([here, *rest]) if rest else here, None
            return
        yield from walk(child, rest, here)

    yield from walk(data, path.split("."), "")


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list) and not value


# ------------------------------------------------------------------------- context


@dataclass
class _Ctx:
    """What a check needs: the document, its JSON, the parameters on its date."""

    doc: Document
    data: dict[str, Any]
    params: Parameters
    on: dt.date
    calendar: WorkingCalendar | None = None
    found: list[tuple[str, str]] = field(default_factory=list)

    def param(self, key: str) -> Parameter:
        try:
            return self.params.get(key, on=self.on)
        except NotFound:
            # A date before the provision took effect: check against the current value
            # (such a date is itself implausible for a document being issued now).
            return self.params.get(key, on=dt.date.max)

    @staticmethod
    def figure(p: Parameter) -> str:
        """How a finding quotes a statutory figure: with its source where a jurisdiction
        may set it (the finding's basis already cites a figure the law fixes)."""
        return p.describe_zh() if p.configurable or p.overridden else f"{p.value}{p.unit.label_zh}"

    def add(self, path: str, message: str) -> None:
        self.found.append((path, message))


# ------------------------------------------------------------------------- conditions


def _monetary(ctx: _Ctx) -> bool:
    pens = getattr(ctx.doc, "penalties", None) or getattr(ctx.doc, "intended_penalties", None)
    return any(p.kind in MONETARY_KINDS for p in pens or [])


def _fine(ctx: _Ctx) -> bool:
    return getattr(ctx.doc, "penalty_kind", None) is PenaltyKind.FINE


def _collected(ctx: _Ctx) -> bool:
    return isinstance(ctx.doc, SummaryDecision) and ctx.doc.collected_on_spot


CONDITIONS: dict[str, Callable[[_Ctx], bool]] = {
    "monetary": _monetary,
    "hearing_triggered": lambda ctx: bool(getattr(ctx.doc, "hearing_triggered", False)),
    "fine": _fine,
    "fine_not_collected": lambda ctx: _fine(ctx) and not _collected(ctx),
    "collected": lambda ctx: _collected(ctx),
    # Per list item: evaluated by ``_elements`` against the item, not the document.
    "item_monetary": lambda ctx: True,
}


def _item_monetary(item: Any) -> bool:
    return isinstance(item, dict) and item.get("kind") in {k.value for k in MONETARY_KINDS}


# ------------------------------------------------------------------------- element presence


def _elements(ctx: _Ctx, spec: KindSpec) -> list[ElementFinding]:
    found: list[ElementFinding] = []
    for e in spec.elements:
        if e.when is not None and e.when != "item_monetary" and not CONDITIONS[e.when](ctx):
            continue
        rule = f"element:{e.path}"
        if e.when == "item_monetary":
            # penalties[].amount_fen: only items whose kind carries an amount.
            head, _, leaf = e.path.partition("[].")
            items = ctx.data.get(head) or []
            for i, item in enumerate(items):
                if _item_monetary(item) and item.get(leaf) is None:
                    found.append(
                        ElementFinding(f"{head}[{i}].{leaf}", f"缺少{e.label}", e.basis, rule)
                    )
            continue
        for path, value in _resolve(ctx.data, e.path):
            if e.expect is not None:
                if value is not e.expect:
                    found.append(ElementFinding(path, f"未载明{e.label}", e.basis, rule))
                continue
            minimum = e.min_items
            if e.min_items_param is not None:
                minimum = ctx.param(e.min_items_param).number()
            if minimum is not None:
                n = len(value) if isinstance(value, list) else 0
                if n < minimum:
                    msg = f"缺少{e.label}" if n == 0 else f"{e.label}不少于{minimum}项，现有{n}项"
                    if e.min_items_param is not None and n:
                        msg = f"{e.label}不得少于{minimum}人，现有{n}人"
                    found.append(ElementFinding(path, msg, e.basis, rule))
                continue
            if _blank(value):
                found.append(ElementFinding(path, f"缺少{e.label}", e.basis, rule))
    return found


# ------------------------------------------------------------------------- accuracy checks

Check = Callable[[_Ctx], None]
CHECKS: dict[str, Check] = {}


def check(id_: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[id_] = fn
        return fn

    return register


_PLACEHOLDER = re.compile(
    r"[Xx×＊*]{3,}|[＿_]{2,}|…{2,}|\.{4,}|待填|待补|待定|待核|此处填写|【\s*】|〔\s*〕|\[\s*\]|某某"
)
# 《法律名称》第……条, allowing 款/项 after it; Chinese numerals or digits.
_CITATION = re.compile(r"^《[^《》]+》(（[^）]*）)?第[零〇一二三四五六七八九十百千0-9]+条")
_NUMBER_YEAR = re.compile(r"〔(\d{4})〕")


def _strings(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield prefix, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{prefix}[{i}]")


@check("text.placeholder")
def _placeholder(ctx: _Ctx) -> None:
    for path, text in _strings(ctx.data):
        m = _PLACEHOLDER.search(text)
        if m:
            ctx.add(path, f"含有占位符或者未填写的内容“{m.group(0)}”")


@check("text.blank")
def _blank_text(ctx: _Ctx) -> None:
    for path, text in _strings(ctx.data):
        if not text.strip():
            ctx.add(path, "内容为空白：不适用的项目请删除该字段，而不是留空")


@check("citation.format")
def _citations(ctx: _Ctx) -> None:
    for name in ("basis", "violated"):
        for i, text in enumerate(ctx.data.get(name) or []):
            if isinstance(text, str) and text.strip() and not _CITATION.match(text.strip()):
                ctx.add(
                    f"{name}[{i}]",
                    "法律依据应写明法律名称和条款，如《中华人民共和国行政处罚法》第五十九条",
                )


@check("number.year")
def _number_year(ctx: _Ctx) -> None:
    number, day = ctx.doc.number, ctx.doc.date
    if not number or day is None:
        return
    m = _NUMBER_YEAR.search(number)
    if m is None:
        ctx.add("number", "文书编号应含年份，如示市监罚〔2026〕12号")
    elif int(m.group(1)) != day.year:
        ctx.add("number", f"文书编号的年份{m.group(1)}与文书日期的年份{day.year}不一致")


def _date_of(instant: dt.datetime | None) -> dt.date | None:
    return legal_date(instant) if instant is not None else None


@check("dates.approval_after_lead")
def _approval_after_lead(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, FilingApproval | NonFilingDecision)
    approved = doc.approval.date if doc.approval else None
    if approved and doc.lead_date and approved < doc.lead_date:
        ctx.add("approval.date", "审批日期早于发现线索的日期")


@check("dates.closing_after_filing")
def _closing_after_filing(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, ClosingApproval)
    approved = doc.approval.date if doc.approval else None
    if approved and doc.filing_date and approved < doc.filing_date:
        ctx.add("approval.date", "结案审批日期早于立案日期")


def _officers_of(doc: Document) -> tuple[str, list[OfficerRef]]:
    for name in ("officers", "handlers", "servers"):
        value = getattr(doc, name, None)
        if value:
            return name, list(value)
    return "officers", []


@check("officers.distinct")
def _officers_distinct(ctx: _Ctx) -> None:
    name, officers = _officers_of(ctx.doc)
    seen_names: dict[str, int] = {}
    seen_creds: dict[str, int] = {}
    for i, o in enumerate(officers):
        if o.name and o.name in seen_names:
            ctx.add(f"{name}[{i}].name", f"与第{seen_names[o.name] + 1}名执法人员重复")
        if o.credential_number and o.credential_number in seen_creds:
            first = seen_creds[o.credential_number] + 1
            ctx.add(f"{name}[{i}].credential_number", f"执法证号与第{first}名执法人员重复")
        if o.name:
            seen_names.setdefault(o.name, i)
        if o.credential_number:
            seen_creds.setdefault(o.credential_number, i)


@check("times.order")
def _times_order(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, InquiryRecord | InspectionRecord)
    if doc.start_time and doc.end_time and doc.end_time <= doc.start_time:
        ctx.add("end_time", "结束时间不晚于起始时间")
    started = _date_of(doc.start_time)
    if started and doc.date and doc.date < started:
        ctx.add("date", "文书日期早于笔录起始日期")


def _signed(sigs: Sequence[Signature], roles: Iterable[SignerRole]) -> list[Signature]:
    wanted = set(roles)
    return [s for s in sigs if s.role in wanted]


@check("signatures.person")
def _signatures_person(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, InquiryRecord | InspectionRecord | SeizureInventory)
    role = SignerRole.INTERVIEWEE if isinstance(doc, InquiryRecord) else SignerRole.PARTY
    person = _signed(doc.signatures, [role])
    if any(s.signed for s in person):
        return
    label = role.label_zh
    refused = [s for s in person if s.refusal_reason and s.refusal_reason.strip()]
    witnesses = [s for s in _signed(doc.signatures, [SignerRole.WITNESS]) if s.signed]
    if not person:
        ctx.add("signatures", f"缺少{label}签名")
    elif not refused:
        ctx.add("signatures", f"{label}未签名，也未注明拒签理由")
    elif not witnesses:
        ctx.add("signatures", f"{label}拒绝签名的，须由见证人签名")


@check("signatures.officers")
def _signatures_officers(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, InquiryRecord | InspectionRecord | SeizureInventory)
    signed = {s.name for s in _signed(doc.signatures, [SignerRole.OFFICER]) if s.signed}
    for i, o in enumerate(doc.officers):
        if o.name and o.name not in signed:
            ctx.add(f"officers[{i}]", f"第{i + 1}名执法人员未在笔录上签名")


@check("speakers.both")
def _speakers_both(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, InquiryRecord)
    roles = {u.speaker for u in doc.speakers}
    if doc.speakers and SpeakerRole.OFFICER not in roles:
        ctx.add("speakers", "笔录中没有执法人员的询问")
    if doc.speakers and not roles - {SpeakerRole.OFFICER}:
        ctx.add("speakers", "笔录中没有被询问人的回答")


def _penalties(doc: Document) -> tuple[str, list[Penalty], str, int | None]:
    if isinstance(doc, PriorNotice):
        return (
            "intended_penalties",
            doc.intended_penalties,
            "intended_total_fen",
            (doc.intended_total_fen),
        )
    if isinstance(doc, PenaltyDecision):
        return "penalties", doc.penalties, "total_fen", doc.total_fen
    return "penalties", [], "total_fen", None


@check("amounts.positive")
def _amounts_positive(ctx: _Ctx) -> None:
    if isinstance(ctx.doc, SummaryDecision):
        if ctx.doc.fine_fen is not None and ctx.doc.fine_fen <= 0:
            ctx.add("fine_fen", "罚款数额须大于零")
        if ctx.doc.penalty_kind is PenaltyKind.WARNING and ctx.doc.fine_fen:
            ctx.add("fine_fen", "处罚种类为警告，却写有罚款数额")
        return
    name, pens, _, _ = _penalties(ctx.doc)
    for i, p in enumerate(pens):
        if p.amount_fen is not None and p.amount_fen <= 0:
            ctx.add(f"{name}[{i}].amount_fen", "数额须大于零")
        if p.kind is not None and p.kind not in MONETARY_KINDS and p.amount_fen:
            ctx.add(f"{name}[{i}].amount_fen", f"“{p.kind.label_zh}”不应写有金额")


@check("amounts.total")
def _amounts_total(ctx: _Ctx) -> None:
    _, pens, total_name, total = _penalties(ctx.doc)
    expected = monetary_total(pens)
    if total is not None and total != expected:
        ctx.add(
            total_name,
            f"合计{format_yuan(Money(total))}与各项之和{format_yuan(Money(expected))}不一致",
        )


def _party_is_citizen(party: Party | None) -> bool | None:
    if party is None or party.kind is None:
        return None
    return party.kind.is_citizen


@check("hearing.triggered")
def _hearing_triggered(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, PriorNotice)
    if doc.hearing_triggered:
        return
    heavy = [p for p in doc.intended_penalties if p.kind in HEARING_PENALTY_KINDS]
    if heavy:
        assert heavy[0].kind is not None
        ctx.add(
            "hearing_triggered",
            f"拟作出“{heavy[0].kind.label_zh}”的处罚，当事人有权要求听证，须告知听证权利",
        )
        return
    citizen = _party_is_citizen(doc.party)
    if citizen is None:
        return
    key = "hearing.large_amount.citizen" if citizen else "hearing.large_amount.organisation"
    threshold = ctx.param(key)
    for i, p in enumerate(doc.intended_penalties):
        if p.kind in MONETARY_KINDS and p.amount_fen and p.amount_fen >= threshold.money().fen:
            ctx.add(
                f"intended_penalties[{i}].amount_fen",
                f"拟罚没数额{format_yuan(Money(p.amount_fen))}达到“较大数额”"
                f"{ctx.figure(threshold)}，须告知听证权利",
            )
            return


@check("hearing.request_days")
def _hearing_request_days(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, PriorNotice)
    if not doc.hearing_triggered or doc.hearing_request_days is None:
        return
    p = ctx.param("hearing.request.deadline")
    if doc.hearing_request_days != p.number():
        ctx.add(
            "hearing_request_days",
            f"要求听证的期限写为{doc.hearing_request_days}日，法定为{ctx.figure(p)}",
        )


@check("statement.days")
def _statement_days(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, PriorNotice)
    if doc.statement_days is not None and doc.statement_days <= 0:
        ctx.add("statement_days", "陈述、申辩的期限须为正数")


def _calendar(ctx: _Ctx) -> WorkingCalendar:
    return ctx.calendar if ctx.calendar is not None else WorkingCalendar.default()


@check("hearing.lead_time")
def _hearing_lead_time(ctx: _Ctx) -> None:
    """七日前 (working days, 第八十五条): the seven working days after the notice date must
    all have passed before the hearing day."""
    doc = ctx.doc
    assert isinstance(doc, HearingNotice)
    held = _date_of(doc.hearing_time)
    if held is None or doc.date is None:
        return
    if held <= doc.date:
        ctx.add("hearing_time", "听证时间不晚于通知日期")
        return
    p = ctx.param("hearing.notice.lead_time")
    try:
        last = _calendar(ctx).add_working_days(doc.date, p.number())
    except CalendarYearMissing as exc:
        ctx.add("hearing_time", f"无法核对通知期限：{exc.message_zh}")
        return
    if held <= last:
        ctx.add(
            "hearing_time",
            f"须在听证的{ctx.figure(p)}前通知：本通知日期后满{p.number()}个工作日是"
            f"{format_date_zh(last)}，听证日期须在此之后",
        )


@check("hearing.presider_not_investigator")
def _presider_not_investigator(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, HearingNotice)
    if doc.presider and doc.presider in doc.investigators:
        ctx.add("presider", "听证主持人是本案调查人员")


@check("payment.deadline")
def _payment_deadline(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, PenaltyDecision | SummaryDecision)
    days = doc.payment.deadline_days if doc.payment else None
    if days is None:
        return
    p = ctx.param("payment.deadline")
    if days != p.number():
        ctx.add(
            "payment.deadline_days",
            f"缴纳期限写为{days}日，法定为收到决定书之日起{ctx.figure(p)}",
        )


def _remedy_deadlines(ctx: _Ctx, remedy: Remedy | None) -> None:
    if remedy is None:
        return
    if remedy.reconsideration_days is not None:
        p = ctx.param("remedy.reconsideration.deadline")
        if remedy.reconsideration_days != p.number():
            ctx.add(
                "remedy.reconsideration_days",
                f"复议期限写为{remedy.reconsideration_days}日，法定为{ctx.figure(p)}",
            )
    if remedy.litigation_months is not None:
        p = ctx.param("remedy.litigation.deadline")
        if remedy.litigation_months != p.number():
            ctx.add(
                "remedy.litigation_months",
                f"诉讼期限写为{remedy.litigation_months}个月，法定为{ctx.figure(p)}",
            )


@check("remedy.deadlines")
def _remedy(ctx: _Ctx) -> None:
    _remedy_deadlines(ctx, getattr(ctx.doc, "remedy", None))


@check("dates.decision_after_notice")
def _decision_after_notice(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, PenaltyDecision)
    if doc.date and doc.notice_date and doc.date < doc.notice_date:
        ctx.add("date", "决定日期早于事先告知日期")


@check("summary.limit")
def _summary_limit(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, SummaryDecision)
    if doc.penalty_kind is not None and doc.penalty_kind not in (
        PenaltyKind.WARNING,
        PenaltyKind.FINE,
    ):
        ctx.add(
            "penalty_kind", f"简易程序只能给予警告或者罚款，不能给予“{doc.penalty_kind.label_zh}”"
        )
    citizen = _party_is_citizen(doc.party)
    if doc.penalty_kind is not PenaltyKind.FINE or doc.fine_fen is None or citizen is None:
        return
    key = "penalty.summary.max_fine.citizen" if citizen else "penalty.summary.max_fine.organisation"
    limit = ctx.param(key)
    if doc.fine_fen > limit.money().fen:
        who = "公民" if citizen else "法人或者其他组织"
        ctx.add(
            "fine_fen",
            f"罚款{format_yuan(Money(doc.fine_fen))}超过当场处罚对{who}的上限"
            f"{ctx.figure(limit)}，应适用普通程序",
        )


@check("summary.collection")
def _summary_collection(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, SummaryDecision)
    if not doc.collected_on_spot:
        return
    if doc.penalty_kind is not PenaltyKind.FINE:
        ctx.add("collected_on_spot", "没有罚款，不能当场收缴")
        return
    if doc.collection_reason is None:
        ctx.add("collection_reason", "当场收缴罚款须写明法定情形")
        return
    if doc.collection_reason is CollectionReason.SMALL_AMOUNT and doc.fine_fen is not None:
        limit = ctx.param("collection.on_the_spot.max_fine")
        if doc.fine_fen > limit.money().fen:
            ctx.add(
                "fine_fen",
                f"以“小额罚款”当场收缴的，罚款不得超过{ctx.figure(limit)}",
            )


@check("dates.summary_same_day")
def _summary_same_day(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, SummaryDecision)
    when = _date_of(doc.time)
    if when and doc.date and when != doc.date:
        ctx.add("date", "当场处罚决定书的日期与处罚时间不是同一天")


@check("dates.service_after_document")
def _service_after_document(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, ServiceReceipt)
    served = _date_of(doc.served_at)
    issued = doc.served_document.date if doc.served_document else None
    if served and issued and served < issued:
        ctx.add("served_at", "送达日期早于被送达文书的日期")
    if served and doc.date and doc.date < served:
        ctx.add("date", "回证日期早于送达日期")


@check("service.method")
def _service_method(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, ServiceReceipt)
    m = doc.method
    if m in (ServiceMethod.DIRECT, ServiceMethod.ENTRUSTED) and not doc.receiver_signed:
        ctx.add("receiver_signed", f"{m.label_zh}须由受送达人在回证上签名或者盖章")
    elif m is ServiceMethod.LEFT_AT_RESIDENCE:
        if not (doc.refusal_reason and doc.refusal_reason.strip()):
            ctx.add("refusal_reason", "留置送达须注明拒收事由")
        if doc.witness is None or not doc.witness.name:
            ctx.add("witness", "留置送达须有见证人")
    elif m is ServiceMethod.POSTAL and not doc.tracking_number:
        ctx.add("tracking_number", "邮寄送达须载明邮件单号")
    elif m is ServiceMethod.ELECTRONIC and not doc.electronic_address:
        ctx.add("electronic_address", "电子送达须载明当事人确认的电子地址")
    elif m is ServiceMethod.ANNOUNCEMENT and not doc.announcement:
        ctx.add("announcement", "公告送达须载明公告的载体和日期")


def _positive_decimal(text: str | None) -> bool:
    if text is None:
        return True  # presence is the element check's business
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return False
    return value.is_finite() and value > 0


@check("items.quantity")
def _items_quantity(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, SeizureDecision | SeizureInventory)
    for i, item in enumerate(doc.items):
        if (
            item.quantity is not None
            and item.quantity.strip()
            and not _positive_decimal(item.quantity)
        ):
            ctx.add(f"items[{i}].quantity", "数量须为正数（阿拉伯数字，可带小数）")


@check("seizure.duration")
def _seizure_duration(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, SeizureDecision)
    if doc.duration_days is None:
        return
    p = ctx.param("coercion.seizure.duration")
    if doc.duration_days <= 0:
        ctx.add("duration_days", "期限须为正数")
    elif doc.duration_days > p.number():
        ctx.add(
            "duration_days",
            f"期限{doc.duration_days}日超过法定上限{ctx.figure(p)}；"
            "情况复杂需要延长的，应经负责人批准另行书面告知",
        )


@check("dates.seizure_order")
def _seizure_order(ctx: _Ctx) -> None:
    doc = ctx.doc
    assert isinstance(doc, SeizureDecision)
    approved = doc.approval.date if doc.approval else None
    if doc.start_date and doc.date and doc.start_date < doc.date:
        ctx.add("start_date", "起始日期早于决定日期")
    if approved and doc.date and approved > doc.date and not doc.emergency:
        ctx.add("approval.date", "批准日期晚于决定日期：非紧急情况须事先经负责人批准")


# ------------------------------------------------------------------------- single document


def _parse(doc_json: Mapping[str, Any] | DocumentBase, where: str = "") -> Document:
    if isinstance(doc_json, DocumentBase):
        return from_json(to_json(doc_json), where=where)
    return from_json(doc_json, where=where)


def _run(
    doc: Document,
    params: Parameters,
    rules: ElementRules,
    calendar: WorkingCalendar | None = None,
) -> list[ElementFinding]:
    kind = doc.kind_enum
    spec = rules.kinds[kind]
    data = to_json(doc)
    ctx = _Ctx(doc=doc, data=data, params=params, on=doc.date or dt.date.max, calendar=calendar)
    findings = _elements(ctx, spec)
    missing = {f.path for f in findings}
    for c in spec.checks:
        ctx.found = []
        CHECKS[c.id](ctx)
        for path, message in ctx.found:
            if c.id == "text.blank" and path in missing:
                continue
            findings.append(ElementFinding(path, message, c.basis, c.id))
    return [
        ElementFinding(
            f.path,
            f.message_zh,
            f.basis,
            f.rule,
            document_kind=kind.value,
            document_number=doc.number or "",
        )
        for f in findings
    ]


def check_elements(
    doc_json: Mapping[str, Any] | DocumentBase,
    *,
    params: Parameters | None = None,
    rules: ElementRules | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[ElementFinding]:
    """The findings on one document (empty when it is complete and accurate).

    Raises ``InvalidInput`` when the input is not a document of a known kind or a field has
    the wrong shape (those are input errors, not missing elements).
    """
    doc = _parse(doc_json)
    return _run(doc, params or Parameters.load(), rules or load_rules(), calendar)


# ------------------------------------------------------------------------- dossier

DossierCheck = Callable[[list[Document], ElementRules, Callable[[int, str, str], None]], None]
DOSSIER_CHECKS: dict[str, DossierCheck] = {}


def dossier_check(id_: str) -> Callable[[DossierCheck], DossierCheck]:
    def register(fn: DossierCheck) -> DossierCheck:
        DOSSIER_CHECKS[id_] = fn
        return fn

    return register


def _of(docs: list[Document], kind: type[Any]) -> list[tuple[int, Any]]:
    return [(i, d) for i, d in enumerate(docs) if isinstance(d, kind)]


@dossier_check("dossier.same_case")
def _same_case(
    docs: list[Document], rules: ElementRules, add: Callable[[int, str, str], None]
) -> None:
    numbers = [(i, d.case.number) for i, d in enumerate(docs) if d.case and d.case.number]
    if not numbers:
        return
    first = numbers[0][1]
    for i, n in numbers[1:]:
        if n != first:
            add(i, "case.number", f"案件编号“{n}”与案卷中第一份文书的“{first}”不同")


@dossier_check("dossier.unique_numbers")
def _unique_numbers(
    docs: list[Document], rules: ElementRules, add: Callable[[int, str, str], None]
) -> None:
    seen: dict[tuple[str, str], int] = {}
    for i, d in enumerate(docs):
        if not d.number:
            continue
        key = (d.kind, d.number)
        if key in seen:
            add(i, "number", f"文书编号与第{seen[key] + 1}份文书重复")
        else:
            seen[key] = i


_GENERAL_PROCEDURE = (PriorNotice, PenaltyDecision, HearingNotice)


@dossier_check("dossier.filing")
def _filing(
    docs: list[Document], rules: ElementRules, add: Callable[[int, str, str], None]
) -> None:
    general = [i for i, d in enumerate(docs) if isinstance(d, _GENERAL_PROCEDURE)]
    if general and not _of(docs, FilingApproval):
        add(general[0], "", "案卷中有普通程序文书，却没有立案审批表")


@dossier_check("dossier.notice_before_decision")
def _notice_before_decision(
    docs: list[Document], rules: ElementRules, add: Callable[[int, str, str], None]
) -> None:
    notices = [d for _, d in _of(docs, PriorNotice)]
    for i, decision in _of(docs, PenaltyDecision):
        if not notices:
            add(i, "", "作出行政处罚决定前没有行政处罚事先告知书")
            continue
        dated = [n.date for n in notices if n.date]
        if decision.date and dated and all(d > decision.date for d in dated):
            add(i, "date", "决定日期早于事先告知日期")


def _heaviness(pens: list[Penalty]) -> tuple[int, frozenset[PenaltyKind]]:
    return monetary_total(pens), frozenset(p.kind for p in pens if p.kind is not None)


@dossier_check("dossier.no_heavier_penalty")
def _no_heavier(
    docs: list[Document], rules: ElementRules, add: Callable[[int, str, str], None]
) -> None:
    notices = [d for _, d in _of(docs, PriorNotice)]
    if not notices:
        return
    # The latest notice is the one the decision answers (a re-notice replaces the first).
    notice = max(notices, key=lambda n: n.date or dt.date.min)
    told_total, told_kinds = _heaviness(notice.intended_penalties)
    for i, decision in _of(docs, PenaltyDecision):
        total, kinds = _heaviness(decision.penalties)
        if total > told_total:
            add(
                i,
                "penalties",
                f"决定的罚没数额{format_yuan(Money(total))}高于事先告知的"
                f"{format_yuan(Money(told_total))}，须重新告知",
            )
        extra = kinds - told_kinds - {PenaltyKind.WARNING}
        if extra:
            names = "、".join(sorted(k.label_zh for k in extra))
            add(i, "penalties", f"决定增加了事先告知中没有的处罚种类“{names}”，须重新告知")


@dossier_check("dossier.presider_not_investigator")
def _presider(
    docs: list[Document], rules: ElementRules, add: Callable[[int, str, str], None]
) -> None:
    investigators: set[str] = set()
    for d in docs:
        if isinstance(d, InquiryRecord | InspectionRecord | SeizureInventory):
            investigators |= {o.name for o in d.officers if o.name}
        if isinstance(d, FilingApproval):
            investigators |= {o.name for o in d.handlers if o.name}
    for i, notice in _of(docs, HearingNotice):
        if notice.presider and notice.presider in investigators:
            add(i, "presider", "听证主持人参与了本案调查（见案卷中的笔录或者立案审批表）")


@dossier_check("dossier.service")
def _service(
    docs: list[Document], rules: ElementRules, add: Callable[[int, str, str], None]
) -> None:
    receipts = [r for _, r in _of(docs, ServiceReceipt)]
    for i, d in enumerate(docs):
        if d.kind_enum not in rules.served_kinds:
            continue
        mine = [
            r
            for r in receipts
            if r.served_document
            and r.served_document.number
            and r.served_document.number == d.number
        ]
        if not mine:
            add(i, "", f"{d.title_zh}没有送达回证")
            continue
        for r in mine:
            served = _date_of(r.served_at)
            if served and d.date and served < d.date:
                add(i, "date", f"送达回证记载的送达日期早于{d.title_zh}的日期")


def _item_key(item: Any) -> tuple[str, str, str]:
    return (item.name or "", (item.quantity or "").strip(), item.unit or "")


@dossier_check("dossier.seizure_inventory")
def _seizure_inventory(
    docs: list[Document], rules: ElementRules, add: Callable[[int, str, str], None]
) -> None:
    inventories = [v for _, v in _of(docs, SeizureInventory)]
    for i, decision in _of(docs, SeizureDecision):
        mine = [
            v for v in inventories if v.decision_number and v.decision_number == decision.number
        ]
        if not mine:
            add(i, "items", "查封、扣押决定书没有对应的财物清单")
            continue
        listed = sorted(_item_key(it) for it in decision.items)
        for v in mine:
            if sorted(_item_key(it) for it in v.items) != listed:
                add(i, "items", "清单所列财物（名称、数量、单位）与决定书不一致")


@dossier_check("dossier.closing")
def _closing(
    docs: list[Document], rules: ElementRules, add: Callable[[int, str, str], None]
) -> None:
    # A 当场处罚 (简易程序) is executed and reported on the spot, and a 不予立案 ends before
    # any case is opened: neither goes through 结案审批. Every opened case does.
    if _of(docs, SummaryDecision) or (
        _of(docs, NonFilingDecision) and not _of(docs, FilingApproval)
    ):
        return
    if docs and not _of(docs, ClosingApproval):
        add(len(docs) - 1, "", "归档的案卷没有结案审批表")


def check_dossier(
    docs_json: Sequence[Mapping[str, Any] | DocumentBase],
    *,
    for_archive: bool = True,
    params: Parameters | None = None,
    rules: ElementRules | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[ElementFinding]:
    """The findings on each document of a 案卷 and on the 案卷 as a whole.

    ``for_archive`` adds the checks that only hold for a finished case (a 结案审批表).
    Raises ``InvalidInput`` naming every document (by index) whose shape is wrong.
    """
    params = params or Parameters.load()
    rules = rules or load_rules()
    if isinstance(docs_json, Mapping | str | bytes):
        raise InvalidInput("案卷须为文书的列表", "a dossier must be a list of documents")
    docs: list[Document] = []
    problems: list[Violation] = []
    for i, raw in enumerate(docs_json):
        try:
            docs.append(_parse(raw, where=f"第{i + 1}份文书"))
        except InvalidInput as exc:
            problems += exc.violations or [
                Violation("", exc.message_zh, exc.message_en, f"第{i + 1}份文书")
            ]
    if problems:
        raise InvalidInput(
            f"案卷中有格式错误的文书（{len(problems)} 处）",
            f"dossier: {len(problems)} shape error(s)",
            violations=problems,
        )
    findings: list[ElementFinding] = []
    for i, doc in enumerate(docs):
        for f in _run(doc, params, rules, calendar):
            findings.append(
                ElementFinding(
                    f.path, f.message_zh, f.basis, f.rule, i, f.document_kind, f.document_number
                )
            )
    for spec in rules.dossier_checks:
        if spec.id == "dossier.closing" and not for_archive:
            continue

        def add(index: int, path: str, message: str, spec: CheckSpec = spec) -> None:
            d = docs[index]
            findings.append(
                ElementFinding(path, message, spec.basis, spec.id, index, d.kind, d.number or "")
            )

        DOSSIER_CHECKS[spec.id](docs, rules, add)
    return findings


__all__ = [
    "CHECKS",
    "CONDITIONS",
    "DOSSIER_CHECKS",
    "ElementFinding",
    "ElementRules",
    "check_dossier",
    "check_elements",
    "load_rules",
    "parse_rules",
]
