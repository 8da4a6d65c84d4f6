"""The import's fast paths give what the general ones give: ledger bytes of every case event
type (clear and with commitments in place of personal fields), the ``cases.state`` JSON,
the folded state reused by the batch projector, and the personal values it seals."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest

from zhifa.cases import events as ev
from zhifa.cases.model import CaseState, evolve
from zhifa.cases.services import JSON_PERSONAL, calendar_env, clear_fields, seal_fields
from zhifa.cases.state_json import from_json, to_json
from zhifa.cases.synthetic import Generator
from zhifa.demo import demo_casts
from zhifa.kernel.canonical import canonical_json, parse_json
from zhifa.ledger.personal import PiiCipher, commitment

AT = datetime(2026, 7, 1, 1, 2, 3, 456789, tzinfo=UTC)


@pytest.fixture(scope="module")
def history() -> list[ev.CaseEvent]:
    out: list[ev.CaseEvent] = []
    for cast in demo_casts():
        out.extend(
            Generator(calendar_env(), cast, seed="fast-paths").cases(
                150, date(2025, 1, 2), date(2026, 6, 30)
            )
        )
    return out


def test_history_covers_many_types(history: list[ev.CaseEvent]) -> None:
    assert len({type(e) for e in history}) >= 20
    assert any(e.PERSONAL for e in history)


def test_ledger_bytes_of_every_event(history: list[ev.CaseEvent]) -> None:
    cipher = PiiCipher.from_secret("x" * 40)
    for e in history:
        stamped = e.stamped(AT)
        assert stamped.record_bytes() == canonical_json(stamped.record())
        sealed = seal_fields(cipher, e, []).stamped(AT)
        assert sealed.record_bytes() == canonical_json(sealed.record())


def test_sealing_commits_to_the_clear_text(history: list[ev.CaseEvent]) -> None:
    cipher = PiiCipher.from_secret("y" * 40)
    seen = 0
    for e in history:
        rows: list[Any] = []
        texts: dict[str, str] = {}
        sealed = seal_fields(cipher, e, rows, texts)
        assert texts == dict(clear_fields(e))
        assert len(rows) == len(texts)
        for row in rows:
            ref, subject, field, digest, salt, key_id, nonce, ct, erased = row
            clear = texts[field]
            assert getattr(sealed, field) == {"ref": ref, "commitment": digest}
            assert subject == e.case_id
            assert erased is False
            assert digest == commitment(salt, subject, field, clear)
            assert cipher.decrypt(ref, key_id, nonce, ct) == clear
            if field in JSON_PERSONAL:
                assert parse_json(clear) == parse_json(canonical_json(getattr(e, field)))
            # the clear value is nowhere in the ledger bytes (an organisation's name is
            # also its public label)
            if clear != getattr(e, "party_label", None):
                assert clear.encode() not in sealed.stamped(AT).record_bytes()
            seen += 1
        others = {f.name for f in dataclasses.fields(e)} - set(texts)
        assert all(getattr(sealed, n) == getattr(e, n) for n in others)
    assert seen > 100


def _reference_to_json(s: CaseState) -> dict[str, Any]:
    """``to_json`` as it was written before it was planned per field."""
    dates = {
        "received_on",
        "opened_on",
        "notified_on",
        "hearing_requested_on",
        "hearing_on",
        "decided_on",
        "served_on",
        "payment_due_override",
        "demanded_on",
        "court_applied_on",
        "ended_on",
        "handed_over_on",
    }
    iso = lambda v: v.isoformat() if v is not None else None  # noqa: E731
    out: dict[str, Any] = {}
    for f in dataclasses.fields(s):
        v = getattr(s, f.name)
        if f.name in dates:
            out[f.name] = iso(v)
        elif f.name in ("investigators", "evidence_ids", "remedies_pending"):
            out[f.name] = sorted(v)
        elif f.name in ("officer_ids", "notice_kinds", "penalty_kinds", "documents"):
            out[f.name] = list(v)
        elif f.name == "preservations":
            out[f.name] = [[p, on.isoformat(), iso(h)] for p, on, h in v]
        elif f.name == "excluded":
            out[f.name] = [[a.isoformat(), b.isoformat()] for a, b in v]
        elif f.name == "remedy_pauses":
            out[f.name] = [[a.isoformat(), iso(b)] for a, b in v]
        elif f.name == "measures":
            out[f.name] = [
                [
                    mid,
                    m.kind,
                    m.imposed_on.isoformat(),
                    m.duration_days,
                    m.extended,
                    iso(m.released_on),
                ]
                for mid, m in v
            ]
        elif f.name in ("stage", "procedure"):
            out[f.name] = str(v) if v is not None else None
        else:
            out[f.name] = v
    return out


def test_state_json_as_before(history: list[ev.CaseEvent]) -> None:
    states: dict[str, CaseState] = {}
    for e in history:
        s = states[e.case_id] = evolve(states.get(e.case_id), e)
        j = to_json(s)
        assert j == _reference_to_json(s)
        assert list(j) == list(_reference_to_json(s))  # the stored JSON keeps its key order
        assert from_json(j) == s
