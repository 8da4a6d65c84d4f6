"""The domain-event base: what happened, to whom, by whom, when; and its canonical record."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Self, Union

from zhifa.kernel.canonical import canonical_json, encode_prepared, member_order, prepare_member
from zhifa.kernel.clock import to_utc
from zhifa.kernel.errors import InvalidInput
from zhifa.kernel.ids import new_id

_META = ("event_id", "occurred_at", "actor", "recorded_at")
_REGISTRY: dict[tuple[str, int], type[Event]] = {}


@dataclass(frozen=True, kw_only=True)
class Event:
    """A domain event. Subclasses set ``TYPE`` (past tense, glossary words) and ``VERSION``,
    declare their payload fields, and name in ``SUBJECTS`` the fields that identify the
    officer, body, case… the event is about.

    Payload fields hold JSON values (str, int, bool, None, lists, dicts) or ``date`` /
    ``datetime``, which the record writes as ISO 8601 (instants in UTC). Personal data
    never appears in clear here: see ``zhifa.ledger.personal``.
    """

    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1
    SUBJECTS: ClassVar[tuple[str, ...]] = ()
    # The payload fields anyone may read through the public ledger API. Default: none —
    # a case's parties, a reason for a suspension, a user's role are not public facts.
    PUBLIC: ClassVar[tuple[str, ...]] = ()

    actor: str
    occurred_at: datetime
    event_id: str = field(default_factory=new_id)
    recorded_at: datetime | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.TYPE:
            key = (cls.TYPE, cls.VERSION)
            if key in _REGISTRY and _REGISTRY[key].__qualname__ != cls.__qualname__:
                raise TypeError(f"event type {key} registered twice")
            _REGISTRY[key] = cls

    def __post_init__(self) -> None:
        if not self.TYPE:
            raise TypeError("abstract Event cannot be instantiated")
        object.__setattr__(self, "occurred_at", to_utc(self.occurred_at))
        if self.recorded_at is not None:
            object.__setattr__(self, "recorded_at", to_utc(self.recorded_at))

    def subjects(self) -> dict[str, str]:
        """The ids this event is about, by field name."""
        return {name: str(getattr(self, name)) for name in self.SUBJECTS}

    def payload(self) -> dict[str, Any]:
        """The event's own fields as JSON values."""
        return {
            f.name: _to_json(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in _META
        }

    def record(self) -> dict[str, Any]:
        """The full canonical record written to the ledger."""
        if self.recorded_at is None:
            raise ValueError("an event is recorded only once it has recorded_at")
        return {
            "type": self.TYPE,
            "version": self.VERSION,
            "event_id": self.event_id,
            "occurred_at": _to_json(self.occurred_at),
            "recorded_at": _to_json(self.recorded_at),
            "actor": self.actor,
            "subjects": self.subjects(),
            "data": self.payload(),
        }

    def stamped(self, recorded_at: datetime) -> Event:
        """A copy with its recording instant set (the ledger does this on append); as
        ``replaced(recorded_at=recorded_at)``, without its checks (``recorded_at`` is
        always a field)."""
        cls = type(self)
        if _copyable(cls):
            new = object.__new__(cls)
            d = new.__dict__
            d.update(self.__dict__)
            d["recorded_at"] = to_utc(recorded_at)
            return new
        return dataclasses.replace(self, recorded_at=recorded_at)

    def replaced(self, **changes: Any) -> Self:
        """``dataclasses.replace(self, **changes)``, without re-running ``__init__``: the
        fields not changed were normalised when this instance was made, so they are copied
        as they are (an import copies a million events). Types that normalise more than
        ``Event`` does go through ``dataclasses.replace``."""
        cls = type(self)
        known = cls.__dataclass_fields__
        if not _copyable(cls) or not all(name in known for name in changes):
            return dataclasses.replace(self, **changes)
        new = object.__new__(cls)
        d = new.__dict__
        d.update(self.__dict__)
        d.update(changes)
        if "occurred_at" in changes:
            d["occurred_at"] = to_utc(d["occurred_at"])
        if d["recorded_at"] is not None and "recorded_at" in changes:
            d["recorded_at"] = to_utc(d["recorded_at"])
        return new

    def subject_items(self) -> list[tuple[str, str]]:
        """``sorted(self.subjects().items())``, from the per-type plan."""
        cls = type(self)
        plan = _PLANS.get(cls)
        if plan is None:
            plan = _plan(cls)
        if plan[2] is not None:
            try:
                d = self.__dict__
                return [(name, str(d[name])) for name in plan[4]]
            except (AttributeError, KeyError):
                pass
        return sorted(self.subjects().items())

    def record_bytes(self) -> bytes:
        """``canonical_json(self.record())``: the bytes the ledger stores and hashes.

        Built straight in canonical order from a per-type plan; any value the fast path
        does not take (or anything wrong) goes through the reference encoder, so the bytes
        and the errors are exactly those of ``canonical_json(self.record())``."""
        cls = type(self)
        plan = _PLANS.get(cls)
        if plan is None:
            plan = _plan(cls)
        if plan[2] is not None and self.recorded_at is not None:
            try:
                d = self.__dict__
                data = {}
                for name in plan[0]:
                    v = d[name]
                    t = type(v)
                    # Text, booleans and null are their own canonical form; the rest as
                    # _prepare(_to_json(v)) would make them.
                    data[name] = v if t is str or t is bool or v is None else _prepare_field(v)
                prepared = {
                    "actor": prepare_member(d["actor"]),
                    "data": data,
                    "event_id": prepare_member(d["event_id"]),
                    "occurred_at": _instant(d["occurred_at"]),
                    "recorded_at": _instant(d["recorded_at"]),
                    "subjects": {name: prepare_member(str(d[name])) for name in plan[1]},
                    "type": plan[2],
                    "version": plan[3],
                }
            except Exception:  # the reference path raises the right error
                return canonical_json(self.record())
            return encode_prepared(prepared)
        return canonical_json(self.record())


_COPYABLE: dict[type[Event], bool] = {}


def _copyable(cls: type[Event]) -> bool:
    """Whether a changed copy may be made by copying the instance dict: the type keeps its
    fields in one, normalises nothing beyond ``Event`` does, and every field is set by
    ``__init__`` (so ``dataclasses.replace`` would pass each one through unchanged)."""
    found = _COPYABLE.get(cls)
    if found is None:
        found = _COPYABLE[cls] = (
            cls.__post_init__ is Event.__post_init__
            and all("__slots__" not in c.__dict__ for c in cls.__mro__)
            and all(f.init for f in dataclasses.fields(cls))
        )
    return found


# Per event type: data field names and subject names in canonical order, TYPE and VERSION
# already canonical (TYPE None: the type overrides how its record is made; no fast path),
# and the subject names in plain sort order.
_Plan = tuple[tuple[str, ...], tuple[str, ...], str | None, int, tuple[str, ...]]
_PLANS: dict[type[Event], _Plan] = {}


def _plan(cls: type[Event]) -> _Plan:
    names = [f.name for f in dataclasses.fields(cls) if f.name not in _META]
    plain = (
        cls.record is Event.record
        and cls.payload is Event.payload
        and cls.subjects is Event.subjects
        and type(cls.TYPE) is str
        and type(cls.VERSION) is int
        and -(2**53) < cls.VERSION < 2**53
        and all(type(n) is str for n in cls.SUBJECTS)
    )
    plan: _Plan = (
        member_order(names),
        member_order(cls.SUBJECTS),
        cls.TYPE if plain else None,
        cls.VERSION,
        tuple(sorted(set(cls.SUBJECTS))),  # the order of sorted(subjects().items())
    )
    _PLANS[cls] = plan
    return plan


def _prepare_field(value: Any) -> Any:
    """``_prepare(_to_json(value))`` for one payload value, common shapes first."""
    t = type(value)
    if t is str or value is None or t is bool or t is int:
        return prepare_member(value)
    if t is date:
        return value.isoformat()
    if t is datetime:
        return _instant(value)
    if t is tuple or t is list:
        for v in value:
            if type(v) is not str:
                return prepare_member(_to_json(value))
        return list(value)
    return prepare_member(_to_json(value))


def _instant(value: datetime) -> str:
    if type(value) is not datetime:
        raise TypeError("not a datetime")  # the reference path decides what it means
    return to_utc(value).isoformat().replace("+00:00", "Z")


_HINTS: dict[type[Event], dict[str, Any]] = {}


def _hints(cls: type[Event]) -> dict[str, Any]:
    """Type hints per event class, resolved once (get_type_hints is slow)."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def event_class(type_: str, version: int) -> type[Event]:
    try:
        return _REGISTRY[(type_, version)]
    except KeyError:
        raise InvalidInput(
            f"未知的事件类型 {type_} v{version}",
            f"unknown event type {type_} v{version}",
        ) from None


def from_record(record: dict[str, Any]) -> Event:
    """Rebuild an event from its ledger record (the inverse of ``Event.record``)."""
    cls = event_class(record["type"], record["version"])
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in _META:
            continue
        if f.name not in record["data"]:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise InvalidInput(
                    f"事件 {cls.TYPE} 缺少字段 {f.name}",
                    f"event {cls.TYPE} record lacks field {f.name}",
                )
            continue
        kwargs[f.name] = _from_json(record["data"][f.name], hints[f.name])
    return cls(
        actor=record["actor"],
        occurred_at=datetime.fromisoformat(record["occurred_at"]),
        event_id=record["event_id"],
        recorded_at=datetime.fromisoformat(record["recorded_at"]),
        **kwargs,
    )


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_utc(value).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    return value


def _from_json(value: Any, hint: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _from_json(value, args[0]) if len(args) == 1 else value
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if origin in (tuple, list):
        inner_args = typing.get_args(hint)
        inner = inner_args[0] if inner_args else Any
        items = [_from_json(v, inner) for v in value]
        return tuple(items) if origin is tuple else items
    return value
