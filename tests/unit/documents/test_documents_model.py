"""The content model of the standard documents: shape, interchange form, digest, privacy."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from zhifa.documents.model import (
    MODELS,
    DocumentKind,
    PenaltyDecision,
    content_digest,
    from_json,
    summarise,
    to_json,
)
from zhifa.kernel.canonical import canonical_json
from zhifa.kernel.errors import InvalidInput

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples" / "documents"


def sample(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{kind}.json").read_text("utf-8"))
    return data


KINDS = [k.value for k in DocumentKind]


def test_there_is_a_sample_and_a_model_for_every_kind() -> None:
    assert set(MODELS) == set(DocumentKind)
    for kind in KINDS:
        assert sample(kind)["kind"] == kind


@pytest.mark.parametrize("kind", KINDS)
def test_sample_round_trips_unchanged(kind: str) -> None:
    data = sample(kind)
    doc = from_json(data)
    assert isinstance(doc, MODELS[DocumentKind(kind)])
    again = to_json(from_json(to_json(doc)))
    assert again == to_json(doc)
    # Every value the sample gives survives (the dump adds only the absent optional fields).
    dumped = to_json(doc)

    def contains(small: Any, big: Any) -> bool:
        if isinstance(small, dict):
            return all(contains(v, big.get(k)) for k, v in small.items())
        if isinstance(small, list):
            return len(small) == len(big) and all(map(contains, small, big))
        return bool(small == big)

    assert contains(data, dumped)


def test_digest_is_sha256_of_canonical_json_and_ignores_key_order() -> None:
    data = sample("penalty_decision")
    doc = from_json(data)
    expected = hashlib.sha256(canonical_json(to_json(doc))).hexdigest()
    assert content_digest(doc) == expected
    assert content_digest(data) == expected
    reordered = dict(reversed(list(data.items())))
    assert content_digest(reordered) == expected
    changed = copy.deepcopy(data)
    changed["penalties"][1]["amount_fen"] += 1
    assert content_digest(changed) != expected


def test_omitted_optional_fields_hash_like_explicit_nulls() -> None:
    data = sample("prior_notice")
    data["contact"] = None
    without = {k: v for k, v in data.items() if k != "contact"}
    assert content_digest(data) == content_digest(without)


@pytest.mark.parametrize(
    ("mutate", "field", "reason"),
    [
        (lambda d: d.update(total_fen=6620000.5), "total_fen", "应为整数"),
        (lambda d: d["party"].update(nmae="x"), "party.nmae", "不是该文书的字段"),
        (lambda d: d.update(date="2026-02-30"), "date", "日期格式"),
        (lambda d: d["penalties"][0].update(kind="flogging"), "penalties[0].kind", "不是可选值"),
        (lambda d: d.update(evidence="一份证据"), "evidence", "应为列表"),
        (lambda d: d.update(seal={"affixed": "maybe"}), "seal.affixed", "true 或 false"),
    ],
)
def test_wrong_shape_is_refused_naming_the_field(mutate: Any, field: str, reason: str) -> None:
    data = sample("penalty_decision")
    mutate(data)
    with pytest.raises(InvalidInput) as info:
        from_json(data)
    fields = {v.field: v.reason_zh for v in info.value.violations}
    assert field in fields, fields
    assert reason in fields[field]


def test_instants_must_carry_an_offset() -> None:
    data = sample("inquiry_record")
    data["start_time"] = "2026-03-05T09:30:00"
    with pytest.raises(InvalidInput) as info:
        from_json(data)
    assert info.value.violations[0].field == "start_time"
    assert "时区" in info.value.violations[0].reason_zh


@pytest.mark.parametrize("kind", [None, "decision", 12])
def test_unknown_kind_is_refused(kind: Any) -> None:
    with pytest.raises(InvalidInput) as info:
        from_json({"kind": kind, "number": "x"})
    assert "文书种类" in info.value.message_zh


def test_a_draft_with_elements_missing_still_has_a_shape() -> None:
    doc = from_json({"kind": "penalty_decision"})
    assert isinstance(doc, PenaltyDecision)
    assert doc.party is None
    assert doc.penalties == []


def test_repr_and_summary_hold_no_personal_value() -> None:
    doc = from_json(sample("inquiry_record"))
    text = repr(doc) + str(doc) + summarise(doc)
    for value in ("示例·李大勇", "990102198005063216", "13900000088", "示例路88号"):
        assert value not in text
    assert "示市监询〔2026〕17号" in summarise(doc)
