"""The domain-event base: what happened, to whom, by whom, when; and its canonical record."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Union

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
        """A copy with its recording instant set (the ledger does this on append)."""
        return dataclasses.replace(self, recorded_at=recorded_at)


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
