"""The data standard: case events as JSON lines, their JSON Schemas, import and export.

One line per event::

    {"type": "CaseOpened", "version": 1, "event_id": "…", "occurred_at": "2026-03-03T02:00:00Z",
     "actor": "user:…", "data": {…}}

``data`` holds the event's fields; personal fields (``PERSONAL``) hold clear values here
and are encrypted on import. Lines are canonical JSON (RFC 8785 subset), so an export
imported into an empty database and exported again is byte-identical.

Import validates the whole file first and reports every bad line; then it runs the same
guards as the pages, in file order, and records everything in one transaction — or, if any
line is refused, nothing. Lines whose ``event_id`` is already on the ledger with the same
content are skipped, so importing a file twice changes nothing.
"""

from __future__ import annotations

import dataclasses
import gc
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Union

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.cases import events as ev
from zhifa.cases.model import CaseState, check, evolve
from zhifa.cases.projections import CaseBatch
from zhifa.cases.services import (
    DbEnv,
    load_state,
    prefetch_case_rows,
    reveal_fields,
    seal_fields,
)
from zhifa.kernel.canonical import canonical_json, parse_json
from zhifa.kernel.errors import DomainError, InvalidInput, Violation
from zhifa.kernel.events import Event, from_record
from zhifa.ledger.personal import PiiCipher, Sealed, insert_sealed
from zhifa.ledger.tables import LedgerEntry, LedgerSubject
from zhifa.store.uow import UnitOfWork

EVENT_TYPES: dict[str, type[ev.CaseEvent]] = {cls.TYPE: cls for cls in ev.CASE_EVENTS}
_META = {"event_id", "occurred_at", "actor", "recorded_at"}
SCHEMA_VERSION = "1.0"

# Enumerations of the standard (documented in docs/data-standard.md).
ENUMS: dict[tuple[str, str], list[str]] = {
    ("LeadRegistered", "source"): ["complaint", "inspection", "transfer", "assignment", "other"],
    ("*", "party_kind"): ["person", "organisation"],
    ("EvidenceCollected", "kind"): [
        "document",
        "physical",
        "audio_visual",
        "electronic",
        "testimony",
        "expert",
        "record",
    ],
    ("TranscriptRecorded", "kind"): ["inquiry", "inspection"],
    ("TimeExcluded", "reason"): ["hearing", "testing", "announcement", "appraisal"],
    ("LegalReviewCompleted", "outcome"): ["approve", "approve_with_changes", "reject"],
    ("DecisionIssued", "tier"): ["no_penalty", "mitigated", "lenient", "standard", "aggravated"],
    ("DocumentServed", "method"): [
        "direct",
        "left_at_residence",
        "post",
        "electronic",
        "entrusted",
        "announcement",
    ],
    ("PaymentReceived", "channel"): ["bank", "electronic", "on_the_spot"],
    ("MeasureImposed", "kind"): ["seal", "seize", "freeze"],
    ("RemedyFiled", "kind"): ["reconsideration", "litigation"],
    ("RemedyDecided", "outcome"): ["upheld", "varied", "revoked", "declared_unlawful"],
    ("CaseTransferred", "to_kind"): ["body", "judicial"],
    ("RecusalRequested", "requested_by"): ["party", "officer"],
    ("InterferenceReported", "manner"): ["request", "pressure", "note", "other"],
    ("RelationDeclared", "relation"): ["kin", "financial", "other"],
}
_UNITS = {
    "_fen": "分（人民币，整数）",
    "_days": "日",
    "_on": "日期（北京时间）",
    "_at": "时刻（UTC）",
}


def _fields(cls: type[Event]) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if f.name not in _META]


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _type_schema(hint: Any) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = _type_schema(args[0]) if len(args) == 1 else {}
        return {"anyOf": [inner, {"type": "null"}]}
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is date:
        return {"type": "string", "format": "date"}
    if hint is datetime:
        return {"type": "string", "format": "date-time"}
    if origin in (tuple, list):
        item_args = typing.get_args(hint)
        return {"type": "array", "items": _type_schema(item_args[0]) if item_args else {}}
    if origin is dict:
        return {"type": "object"}
    return {}


def event_schema(cls: type[ev.CaseEvent]) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one event type's line."""
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    for f in _fields(cls):
        s = _type_schema(hints[f.name])
        enum = ENUMS.get((cls.TYPE, f.name)) or ENUMS.get(("*", f.name))
        if enum:
            s = (
                {**s, "enum": enum}
                if "anyOf" not in s
                else {"anyOf": [{"enum": enum}, {"type": "null"}]}
            )
        if f.name in cls.PERSONAL:
            s = {**s, "description": "个人信息：导入时加密保存，账本只存承诺值"}
        for suffix, unit in _UNITS.items():
            if f.name.endswith(suffix):
                s = {**s, "x-unit": unit}
        props[f.name] = s
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://zhifa.invalid/schemas/{SCHEMA_VERSION}/{cls.TYPE}.json",
        "title": f"{cls.TYPE} v{cls.VERSION}",
        "description": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else "",
        "type": "object",
        "required": ["type", "version", "event_id", "occurred_at", "actor", "data"],
        "additionalProperties": False,
        "properties": {
            "type": {"const": cls.TYPE},
            "version": {"const": cls.VERSION},
            "event_id": {"type": "string", "minLength": 1, "maxLength": 32},
            "occurred_at": {"type": "string", "format": "date-time"},
            "actor": {"type": "string", "minLength": 1},
            "data": {
                "type": "object",
                "additionalProperties": False,
                "required": [f.name for f in _fields(cls) if _required(f)],
                "properties": props,
            },
        },
    }


# ------------------------------------------------------------------ validation


Problems = list[tuple[str, str, str]]
Validator = Callable[[Any, str, Problems], Any]
_VALIDATORS: dict[Any, Validator] = {}


def _validator(hint: Any) -> Validator:
    """A function that checks a JSON value against ``hint`` and returns the Python value,
    built once per type (an import checks a million lines against the same few types)."""
    found = _VALIDATORS.get(hint)
    if found is None:
        found = _VALIDATORS[hint] = _build_validator(hint)
    return found


def _build_validator(hint: Any) -> Validator:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            return lambda v, w, p: v
        inner = _validator(args[0])
        return lambda v, w, p: None if v is None else inner(v, w, p)
    if hint is Any:
        return lambda v, w, p: v
    if hint is str:

        def text(v: Any, w: str, p: Problems) -> Any:
            if v.__class__ is not str:
                p.append((w, "应为字符串", "must be a string"))
            return v

        return text
    if hint is bool:

        def boolean(v: Any, w: str, p: Problems) -> Any:
            if v.__class__ is not bool:
                p.append((w, "应为 true 或 false", "must be a boolean"))
            return v

        return boolean
    if hint is int:

        def integer(v: Any, w: str, p: Problems) -> Any:
            if v.__class__ is not int:
                p.append((w, "应为整数（金额以分计）", "must be an integer"))
            return v

        return integer
    if hint is date or hint is datetime:
        is_date = hint is date

        def when(v: Any, w: str, p: Problems) -> Any:
            if v.__class__ is not str:
                p.append((w, "应为日期字符串", "must be an ISO date string"))
                return None
            try:
                if is_date:
                    return date.fromisoformat(v)
                parsed = datetime.fromisoformat(v)
            except ValueError:
                p.append((w, f"不是有效的日期：{v}", f"invalid date {v!r}"))
                return None
            if parsed.tzinfo is None:
                p.append((w, "时刻须带时区（如 Z）", "datetime needs a timezone"))
            return parsed

        return when
    if origin in (tuple, list):
        item_args = typing.get_args(hint)
        item = _validator(item_args[0] if item_args else Any)
        as_tuple = origin is tuple

        def array(v: Any, w: str, p: Problems) -> Any:
            if v.__class__ is not list:
                p.append((w, "应为数组", "must be an array"))
                return ()
            items = [item(x, f"{w}[{i}]", p) for i, x in enumerate(v)]
            return tuple(items) if as_tuple else items

        return array
    if origin is dict:

        def mapping(v: Any, w: str, p: Problems) -> Any:
            if v.__class__ is not dict:
                p.append((w, "应为对象", "must be an object"))
            return v

        return mapping
    return lambda v, w, p: v


def _check_value(value: Any, hint: Any, where: str, problems: Problems) -> Any:
    """Validate one JSON value against a type hint; returns the Python value."""
    return _validator(hint)(value, where, problems)


_SHAPES: dict[type[Event], tuple[dict[str, Any], list[dataclasses.Field[Any]], set[str]]] = {}


def _shape(cls: type[Event]) -> tuple[dict[str, Any], list[dataclasses.Field[Any]], set[str]]:
    """Type hints and fields of an event class, computed once (get_type_hints is slow)."""
    shape = _SHAPES.get(cls)
    if shape is None:
        fields = _fields(cls)
        shape = _SHAPES[cls] = (typing.get_type_hints(cls), fields, {f.name for f in fields})
    return shape


Spec = tuple[str, str, bool, Validator, "list[str] | None", bool]
_SPECS: dict[type[Event], tuple[list[Spec], frozenset[str]]] = {}


def _specs(cls: type[Event]) -> tuple[list[Spec], frozenset[str]]:
    """Per field: name, where (for messages), required, validator, enumeration, is money —
    worked out once per event type."""
    found = _SPECS.get(cls)
    if found is None:
        hints, fields, known = _shape(cls)
        specs: list[Spec] = [
            (
                f.name,
                f"data.{f.name}",
                _required(f),
                _validator(hints[f.name]),
                ENUMS.get((cls.TYPE, f.name)) or ENUMS.get(("*", f.name)),
                f.name.endswith("_fen"),
            )
            for f in fields
        ]
        found = _SPECS[cls] = (specs, frozenset(known))
    return found


def parse_line(text: str | bytes, lineno: int) -> ev.CaseEvent:
    """One line of the file as an event, or ``InvalidInput`` listing every problem on it."""
    where = f"第{lineno}行"
    problems: list[tuple[str, str, str]] = []

    def fail() -> InvalidInput:
        vs = [Violation(f, zh, en, location=f"line {lineno}") for f, zh, en in problems]
        return InvalidInput(f"{where}有误", f"line {lineno} is invalid", violations=vs)

    try:
        obj = parse_json(text)
    except (InvalidInput, ValueError) as exc:
        problems.append(("(line)", f"不是有效的 JSON：{exc}", f"not valid JSON: {exc}"))
        raise fail() from None
    if not isinstance(obj, dict):
        problems.append(("(line)", "每行应为一个 JSON 对象", "each line must be a JSON object"))
        raise fail()
    cls = EVENT_TYPES.get(obj.get("type", ""))
    if cls is None:
        problems.append(
            (
                "type",
                f"未知的事件类型：{obj.get('type')!r}",
                f"unknown event type {obj.get('type')!r}",
            )
        )
        raise fail()
    if obj.get("version") != cls.VERSION:
        problems.append(
            ("version", f"{cls.TYPE} 的版本应为 {cls.VERSION}", f"version must be {cls.VERSION}")
        )
    for key in ("event_id", "occurred_at", "actor"):
        if not isinstance(obj.get(key), str) or not obj[key]:
            problems.append((key, "缺少或为空", "missing or empty"))
    extra = set(obj) - {"type", "version", "event_id", "occurred_at", "actor", "data"}
    for key in sorted(extra):
        problems.append((key, "不是数据标准中的字段", "unknown field"))
    data = obj.get("data")
    if not isinstance(data, dict):
        problems.append(("data", "缺少 data 对象", "missing data object"))
        raise fail()
    specs, known = _specs(cls)
    kwargs: dict[str, Any] = {}
    if not known.issuperset(data):
        for key in sorted(set(data) - known):
            problems.append((f"data.{key}", f"{cls.TYPE} 没有该字段", "unknown field"))
    for name, where, required, validate, enum, money in specs:
        if name not in data:
            if required:
                problems.append((where, "必填字段缺失", "required field missing"))
            continue
        value = validate(data[name], where, problems)
        if enum is not None and value is not None and value not in enum:
            problems.append((where, f"取值应为 {'、'.join(enum)} 之一", f"must be one of {enum}"))
        if money and value.__class__ is int and value < 0:
            problems.append((where, "金额不能为负数", "amount is negative"))
        kwargs[name] = value
    occurred = None
    if isinstance(obj.get("occurred_at"), str):
        occurred = _check_value(obj["occurred_at"], datetime, "occurred_at", problems)
    if problems:
        raise fail()
    assert isinstance(occurred, datetime)
    try:
        return cls(actor=obj["actor"], occurred_at=occurred, event_id=obj["event_id"], **kwargs)
    except (TypeError, ValueError) as exc:
        problems.append(("data", str(exc), str(exc)))
        raise fail() from None


def to_line(e: ev.CaseEvent, clear: dict[str, Any] | None = None) -> bytes:
    """The canonical line of an event (personal fields replaced by their clear values)."""
    data = e.payload()
    if clear:
        data.update({k: _plain(v) for k, v in clear.items()})
    return canonical_json(
        {
            "type": e.TYPE,
            "version": e.VERSION,
            "event_id": e.event_id,
            "occurred_at": e.record()["occurred_at"] if e.recorded_at else _iso(e.occurred_at),
            "actor": e.actor,
            "data": data,
        }
    )


def _iso(t: datetime) -> str:
    from zhifa.kernel.clock import to_utc

    return to_utc(t).isoformat().replace("+00:00", "Z")


def _plain(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_plain(x) for x in v]
    return v


# ------------------------------------------------------------------ import


@dataclass
class ImportReport:
    lines: int = 0
    imported: int = 0
    skipped: int = 0  # already on the ledger (same event id, same content)
    cases: int = 0


@contextmanager
def _collector_paused() -> Iterator[None]:
    """An import keeps every parsed event, and each case's state, alive until it ends, and
    makes next to no reference cycles (what it drops is freed by reference counting). The
    cyclic garbage collector would only scan that growing heap again and again — in a
    million-line file, for longer than anything else took. It is paused for the duration.
    Afterwards what was made meanwhile goes straight to the oldest generation (freeze, then
    unfreeze: no scan), where the collector would have put it; otherwise the first young
    collection after resuming would scan all of it at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def read_lines(chunks: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    for n, raw in enumerate(chunks, 1):
        line = raw.rstrip(b"\r\n")
        if line.strip():
            yield n, line


def parse_all(
    lines: Iterable[tuple[int, bytes]],
) -> tuple[list[tuple[int, ev.CaseEvent]], list[Violation]]:
    """Phase 1: every line parsed and schema-checked; every problem kept."""
    with _collector_paused():
        return _parse_all(lines)


def _parse_all(
    lines: Iterable[tuple[int, bytes]],
) -> tuple[list[tuple[int, ev.CaseEvent]], list[Violation]]:
    parsed: list[tuple[int, ev.CaseEvent]] = []
    problems: list[Violation] = []
    seen: dict[str, int] = {}
    for n, line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Violation(
                    "(line)", f"不是 UTF-8 编码（第{exc.start + 1}字节）", "not UTF-8", f"line {n}"
                )
            )
            continue
        try:
            e = parse_line(text, n)
        except InvalidInput as exc:
            problems.extend(exc.violations)
            continue
        if e.event_id in seen:
            problems.append(
                Violation(
                    "event_id",
                    f"与第{seen[e.event_id]}行的事件编号重复",
                    "duplicate event_id",
                    f"line {n}",
                )
            )
            continue
        seen[e.event_id] = n
        parsed.append((n, e))
    return parsed, problems


def _existing(session: Session, ids: list[str]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for eid, body in session.execute(
            select(LedgerEntry.event_id, LedgerEntry.body).where(LedgerEntry.event_id.in_(chunk))
        ):
            out[eid] = body
    return out


def import_events(
    uow: UnitOfWork,
    parsed: list[tuple[int, ev.CaseEvent]],
    *,
    cipher: PiiCipher,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Phase 2: guards in file order, then ledger and projections; raises with every refusal."""
    with _collector_paused(), _page_cache(uow.session, len(parsed)):
        return _import_events(uow, parsed, cipher=cipher, batch=batch, progress=progress)


@contextmanager
def _page_cache(session: Session, lines: int) -> Iterator[None]:
    """On SQLite, a page cache sized to the import for its duration. Each event adds to
    indexes keyed by random ids (event ids, subjects, cases); with SQLite's default 2 MB
    cache a large import re-reads and re-spills the same index pages thousands of times.
    About 256 bytes a line, at most 1 GiB; the connection's own size is put back after."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    page = conn.exec_driver_sql("PRAGMA page_size").scalar()
    if not isinstance(before, int) or not isinstance(page, int):
        yield
        return
    wanted = min(1 << 20, lines // 4)  # KiB
    if wanted <= (-before if before < 0 else before * page // 1024):
        yield
        return
    conn.exec_driver_sql(f"PRAGMA cache_size = -{wanted}")
    try:
        yield
    finally:
        with suppress(Exception):  # a knob: never mask what the import raised
            conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


def _import_events(
    uow: UnitOfWork,
    parsed: list[tuple[int, ev.CaseEvent]],
    *,
    cipher: PiiCipher,
    batch: int,
    progress: Callable[[int], None] | None,
) -> ImportReport:
    s = uow.session
    env = DbEnv(s)
    report = ImportReport(lines=len(parsed))
    existing = _existing(s, [e.event_id for _, e in parsed])
    prefetch_case_rows(s, (e.case_id for _, e in parsed if e.event_id not in existing))
    problems: list[Violation] = []
    failed_cases: dict[str, int] = {}
    states: dict[str, CaseState | None] = {}
    todo: list[ev.CaseEvent] = []
    for n, e in parsed:
        if e.event_id in existing:
            prior = from_record(parse_json(existing[e.event_id]))
            if not isinstance(prior, ev.CaseEvent) or to_line(
                prior, reveal_fields(s, cipher, prior)
            ) != to_line(e):
                problems.append(
                    Violation(
                        "event_id",
                        "事件编号已存在，但内容不同",
                        "event_id exists with other content",
                        f"line {n}",
                    )
                )
            report.skipped += 1
            continue
        if e.case_id in failed_cases:
            problems.append(
                Violation(
                    "case_id",
                    f"同一案件第{failed_cases[e.case_id]}行被拒绝，本行未检查",
                    f"not checked: line {failed_cases[e.case_id]} of this case was refused",
                    f"line {n}",
                )
            )
            continue
        state = states[e.case_id] if e.case_id in states else load_state(s, e.case_id)
        try:
            check(state, e, env)
        except DomainError as exc:
            failed_cases[e.case_id] = n
            art = (
                f"（{exc.article_zh}；{exc.basis}）"
                if exc.article
                else (f"（{exc.basis}）" if exc.basis else "")
            )
            fields = ",".join(v.field for v in exc.violations) or "(event)"
            problems.append(
                Violation(fields, f"{exc.message_zh}{art}", exc.message_en, f"line {n}")
            )
            continue
        states[e.case_id] = evolve(state, e)
        todo.append(e)
    if problems:
        raise InvalidInput(
            f"导入被拒绝：{len(problems)} 处问题，未写入任何数据",
            f"import refused: {len(problems)} problems, nothing written",
            violations=problems,
        )
    report.cases = len(states)
    states.clear()  # the projection folds its own copy; a large file needs the memory
    from zhifa.cases.derived import WORDED, derive

    in_file = {e.event_id for _, e in parsed} | set(existing)
    # The documents issued on cases this file opens, as sealed (the 案卷 check of such a
    # case reads them from here instead of back from the ledger). A case whose documents
    # are not all known here (none is, for a case that already had a row) is read back.
    held: dict[str, Any] = s.info.get("zhifa_case_rows", {})
    opened_here = {e.case_id for e in todo if e.case_id in held and held[e.case_id] is None}
    documents: dict[str, list[str]] = {}

    def derived(e: ev.CaseEvent) -> list[ev.CaseEvent]:
        """Checks on what is recorded, unless the file already carries their result."""
        contents = None
        if isinstance(e, ev.CaseArchived):
            if e.case_id in opened_here:
                texts = documents.get(e.case_id, [])
                contents = [c for t in texts if isinstance(c := parse_json(t), dict)]
            else:
                projection.flush()  # the check reads the case's documents back
        out = [d for d in derive(s, uow.pii, e, contents) if d.event_id not in in_file]
        in_file.update(d.event_id for d in out)
        return out

    projection = CaseBatch(s)
    for i in range(0, len(todo), batch):
        chunk: list[ev.CaseEvent] = []
        archived: list[ev.CaseEvent] = []
        sealed: list[Sealed] = []
        for e in todo[i : i + batch]:
            if isinstance(e, ev.DocumentIssued) and e.case_id in opened_here:
                texts: dict[str, str] = {}
                chunk.append(seal_fields(uow.pii, e, sealed, texts))
                if "content" in texts:
                    documents.setdefault(e.case_id, []).append(texts["content"])
                elif isinstance(e.content, dict):  # not sealed here: read the case back
                    opened_here.discard(e.case_id)
            else:
                chunk.append(seal_fields(uow.pii, e, sealed))
            if isinstance(e, ev.TranscriptRecorded) or type(e) in WORDED:
                chunk.extend(derived(e))  # needs only the clear utterances or words
            elif isinstance(e, ev.CaseArchived):
                archived.append(e)  # the 案卷 check reads the documents: after the chunk
        insert_sealed(s, sealed)
        uow.record(chunk, batch=projection)
        report.imported += len(chunk)
        after = [d for e in archived for d in derived(e)]
        if after:
            uow.record(after, batch=projection)
            report.imported += len(after)
        if projection.pending >= 1_000_000:  # bounds what waits in memory; a case's row
            projection.flush()  # is written again at each flush, so not too often
        if progress:
            progress(len(chunk) + len(after))
    projection.flush()
    return report


# ------------------------------------------------------------------ export


def export_lines(
    session: Session,
    cipher: PiiCipher,
    *,
    case_id: str | None = None,
    body_id: str | None = None,
    since: date | None = None,
) -> Iterator[bytes]:
    """Case events in ledger order, as lines of the data standard."""
    names = [cls.TYPE for cls in ev.CASE_EVENTS]
    q = select(LedgerEntry.idx, LedgerEntry.body).where(LedgerEntry.event_type.in_(names))
    if case_id or body_id:
        sub = select(LedgerSubject.idx).where(
            LedgerSubject.subject_id == (case_id or body_id),
            LedgerSubject.role == ("case_id" if case_id else "body_id"),
        )
        q = q.where(LedgerEntry.idx.in_(sub))
    q = q.order_by(LedgerEntry.idx)
    for _, body in session.execute(q.execution_options(yield_per=2000)):
        e = from_record(parse_json(body))
        assert isinstance(e, ev.CaseEvent)
        if since is not None and e.occurred_at.date() < since:
            continue
        yield to_line(e, reveal_fields(session, cipher, e))
