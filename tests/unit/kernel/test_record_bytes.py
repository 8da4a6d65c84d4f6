"""``Event.record_bytes`` is ``canonical_json(event.record())``, byte for byte and error for
error; ``replaced``/``stamped`` are ``dataclasses.replace``; ``subject_items`` is
``sorted(subjects().items())``. The fast paths must never change a ledger hash."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.kernel.canonical import canonical_json
from zhifa.kernel.errors import InvalidInput
from zhifa.kernel.events import Event

PROPERTY = settings(max_examples=400, deadline=None, database=None)
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


@dataclass(frozen=True, kw_only=True)
class Sample(Event):
    """Every shape a payload field takes: text, numbers, flags, dates, instants, lists of ids,
    and free JSON (a document's content, a transcript's utterances, findings)."""

    TYPE = "KernelRecordBytesSample"
    SUBJECTS = ("case_id", "body_id")
    case_id: str
    body_id: str
    n: Any = 0
    flag: Any = False
    on: Any = None
    at: Any = None
    names: Any = ()
    anything: Any = None
    é_field: Any = None  # a non-ASCII field name sorts after every ASCII one


@dataclass(frozen=True, kw_only=True)
class SameSubjectTwice(Event):
    TYPE = "KernelRecordBytesSameSubject"
    SUBJECTS = ("officer_id", "body_id", "officer_id")
    officer_id: str
    body_id: str


@dataclass(frozen=True, kw_only=True)
class OwnRecord(Event):
    """A type that makes its own record: no fast path, the reference is used."""

    TYPE = "KernelRecordBytesOwn"
    x: int

    def payload(self) -> dict[str, Any]:
        return {"x": self.x, "extra": [self.x, "附加"]}


class Colour(StrEnum):
    RED = "red"


class Pair(NamedTuple):
    a: Any
    b: Any


keys = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["a", "b", "é", "\ufb33", "\U0001f600", "z", "执法", "\ud800"]),
)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53) + 1, 2**53 - 1),
    st.integers(),  # out of the safe range: an error, the same one
    st.text(),  # may hold lone surrogates: an error, the same one
    st.sampled_from(["执法", "示例市第1号商贸有限公司", 'a"\\\n\x01é', "\U0001f600"]),
    st.floats(allow_nan=False),  # refused, with the reference's message and path
    st.dates(),
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=8))])),
    st.datetimes(),  # naive: the reference raises, so must the fast path
    st.just(Colour.RED),
    st.just(b"bytes"),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(keys, inner, max_size=4),
        st.dictionaries(st.integers(0, 3), inner, max_size=2),  # non-str keys
        st.builds(Pair, inner, inner),
    ),
    max_leaves=12,
)
ids = st.one_of(st.text(max_size=8), st.sampled_from(["c1", "执法主体", "\U0001f600"]))


def outcome(fn: Any) -> tuple[str, Any]:
    try:
        return "ok", fn()
    except Exception as exc:  # the same error, with the same message
        return type(exc).__name__, str(exc)


def same_bytes(e: Event) -> None:
    assert outcome(e.record_bytes) == outcome(lambda: canonical_json(e.record()))


@PROPERTY
@given(
    case_id=ids,
    body_id=ids,
    n=values,
    flag=values,
    on=values,
    at=values,
    names=st.one_of(st.lists(st.text(max_size=4), max_size=3).map(tuple), values),
    anything=values,
    other=values,
    actor=st.one_of(st.text(max_size=8), values),
    event_id=st.one_of(st.text(max_size=8), values),
)
def test_record_bytes_equals_the_reference(
    case_id: str,
    body_id: str,
    n: Any,
    flag: Any,
    on: Any,
    at: Any,
    names: Any,
    anything: Any,
    other: Any,
    actor: Any,
    event_id: Any,
) -> None:
    e = Sample(
        actor=actor,
        occurred_at=T0,
        event_id=event_id,
        case_id=case_id,
        body_id=body_id,
        n=n,
        flag=flag,
        on=on,
        at=at,
        names=names,
        anything=anything,
        é_field=other,
    ).stamped(T0 + timedelta(seconds=1))
    same_bytes(e)


def test_typical_fields() -> None:
    e = Sample(
        actor="officer:1",
        occurred_at=datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=8))),
        event_id="e1",
        case_id="c1",
        body_id="b1",
        n=12_300,
        flag=True,
        on=date(2026, 3, 2),
        at=datetime(2026, 3, 2, 10, 0, 0, 123456, tzinfo=UTC),
        names=("o2", "o1"),
        anything={
            "z": [{"speaker": "执法人员", "text": "请出示营业执照。"}],
            "\ufb33": 1,
            "\U0001f600": 2,
            "ref": {"commitment": "ab" * 32, "ref": "r1"},
        },
        é_field="最后",
    ).stamped(T0)
    body = e.record_bytes()
    assert body == canonical_json(e.record())
    assert b'"occurred_at":"2026-03-02T01:30:00Z"' in body
    assert '"\U0001f600":2,"\ufb33":1'.encode() in body  # RFC 8785 UTF-16 order


def test_refusals_are_the_references() -> None:
    base = {"actor": "a", "occurred_at": T0, "case_id": "c", "body_id": "b"}
    for bad in ({"n": 2**60}, {"anything": {"x": [1, 2.5]}}, {"anything": {1: b"x"}}):
        e = Sample(**base, **bad).stamped(T0)  # type: ignore[arg-type]
        same_bytes(e)
        with pytest.raises(InvalidInput) as info:
            e.record_bytes()
        with pytest.raises(InvalidInput) as ref:
            canonical_json(e.record())
        assert info.value.message_en == ref.value.message_en
        assert info.value.message_zh == ref.value.message_zh
    unstamped = Sample(**base)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="recorded_at"):
        unstamped.record_bytes()


def test_types_with_their_own_record_use_the_reference() -> None:
    e = OwnRecord(actor="a", occurred_at=T0, x=3).stamped(T0)
    assert e.record_bytes() == canonical_json(e.record())
    assert b'"extra":[3,"\xe9\x99\x84\xe5\x8a\xa0"]' in e.record_bytes()


def test_subject_items_and_a_subject_named_twice() -> None:
    e = SameSubjectTwice(actor="a", occurred_at=T0, officer_id="o", body_id="b")
    assert (
        e.subject_items() == sorted(e.subjects().items()) == [("body_id", "b"), ("officer_id", "o")]
    )
    same_bytes(e.stamped(T0))
    s = Sample(actor="a", occurred_at=T0, case_id="c", body_id="b")
    assert s.subject_items() == sorted(s.subjects().items())


@PROPERTY
@given(
    # Within the years a record can carry: year 1 at +08:00 has no UTC equivalent.
    recorded=st.datetimes(
        min_value=datetime(1970, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=8))]),
    ),
    occurred=st.datetimes(
        min_value=datetime(1970, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5))]),
    ),
    n=values,
)
def test_replaced_and_stamped_are_dataclasses_replace(
    recorded: datetime, occurred: datetime, n: Any
) -> None:
    e = Sample(actor="a", occurred_at=T0, case_id="c", body_id="b")
    for changes in ({"recorded_at": recorded}, {"n": n}, {"occurred_at": occurred, "n": n}):
        fast = e.replaced(**changes)
        ref = dataclasses.replace(e, **changes)
        assert fast == ref
        assert fast.__dict__ == ref.__dict__
        assert fast.occurred_at.tzinfo is UTC
    assert e.stamped(recorded) == dataclasses.replace(e, recorded_at=recorded)
    assert e.stamped(recorded).recorded_at.tzinfo is UTC  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        e.replaced(no_such_field=1)
    with pytest.raises(ValueError, match="naive"):
        e.replaced(recorded_at=datetime(2026, 1, 1))


@dataclass(frozen=True, kw_only=True)
class Normalising(Event):
    """A type that normalises in ``__post_init__``: copies go through ``__init__``."""

    TYPE = "KernelRecordBytesNormalising"
    name: str

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "name", self.name.strip())


@dataclass(frozen=True, kw_only=True, slots=True)
class Slotted(Event):
    TYPE = "KernelRecordBytesSlotted"
    x: int = 0


@dataclass(frozen=True, kw_only=True)
class Derived(Event):
    TYPE = "KernelRecordBytesDerivedField"
    x: int = 0
    doubled: int = dataclasses.field(init=False, default=0)


def test_copies_of_types_that_need_init_go_through_it() -> None:
    n = Normalising(actor="a", occurred_at=T0, name=" x ")
    assert n.replaced(name=" y ").name == "y"
    assert n.stamped(T0) == dataclasses.replace(n, recorded_at=T0)
    s = Slotted(actor="a", occurred_at=T0, x=1)
    assert s.stamped(T0) == dataclasses.replace(s, recorded_at=T0)
    assert s.replaced(x=2).x == 2
    same_bytes(s.stamped(T0))
    assert s.subject_items() == []
    d = Derived(actor="a", occurred_at=T0, x=1)
    assert d.stamped(T0) == dataclasses.replace(d, recorded_at=T0)
