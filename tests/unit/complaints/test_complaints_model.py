"""投诉举报 as plain values: tracking codes, the form's rules, the steps' order."""

from __future__ import annotations

import re
from datetime import date

import pytest

from zhifa.complaints.model import (
    ALPHABET,
    ComplaintInput,
    Status,
    check_step,
    code_digest,
    contact_mask,
    new_tracking_code,
    normalize_code,
    validate,
)
from zhifa.kernel.errors import IllegalTransition, InvalidInput

TODAY = date(2026, 3, 2)
GOOD = ComplaintInput(
    body_id="b1",
    topic="conduct",
    text="执法人员检查时态度粗暴，未出示执法证件。",
    contact_name="张三",
    contact_phone="13800001234",
)


def test_codes_are_random_grouped_and_unambiguous() -> None:
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:200]:
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
        assert not set(code.replace("-", "")) - set(ALPHABET)
        assert not set("ILOU") & set(code)
    # Every character position uses the whole alphabet (not sequential, not biased to digits).
    firsts = {c[0] for c in codes}
    assert len(firsts) > 25


def test_codes_typed_loosely_normalise() -> None:
    assert normalize_code("7kq2 m9xd 4rta") == "7KQ2-M9XD-4RTA"
    assert normalize_code("７ＫＱ２－Ｍ９ＸＤ－４ＲＴＡ") == "7KQ2-M9XD-4RTA"  # full-width
    assert normalize_code("OIL2-M9XD-4RTA") == "0112-M9XD-4RTA"  # O→0, I/L→1
    for bad in ("", "7KQ2-M9XD", "7KQ2-M9XD-4RTA-XX", "7KQ2-M9XD-4RT!", "投诉投诉投诉投诉投诉投诉"):
        assert normalize_code(bad) is None
    assert code_digest("7KQ2-M9XD-4RTA") != code_digest("7KQ2-M9XD-4RTB")
    assert len(code_digest("7KQ2-M9XD-4RTA")) == 64


def test_valid_form_is_cleaned() -> None:
    c = validate(GOOD, TODAY)
    assert c.contact_phone == "13800001234"
    assert c.text.startswith("执法人员")
    assert contact_mask(c) == "张* · 138****1234"
    anon = validate(
        ComplaintInput(body_id="b1", text=GOOD.text, anonymous=True, contact_name="李四"), TODAY
    )
    assert anon.contact_name == ""
    assert contact_mask(anon) == "匿名"
    assert validate(GOOD.__class__(**{**GOOD.__dict__, "contact_phone": "0571-87654321"}), TODAY)


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(InvalidInput) as info:
        validate(ComplaintInput(text="短", occurred_on="2026-13-01", contact_phone="123"), TODAY)
    fields = [v.field for v in info.value.violations]
    assert fields == ["body_id", "text", "occurred_on", "contact_name", "contact_phone"]
    assert "至少 10 个字" in info.value.message_zh


def test_long_text_reports_its_length() -> None:
    with pytest.raises(InvalidInput) as info:
        validate(GOOD.__class__(**{**GOOD.__dict__, "text": "字" * 20_000}), TODAY)
    assert "现为 20000 个字" in info.value.message_zh


def test_steps_follow_the_status() -> None:
    check_step("accept", Status.RECEIVED)
    check_step("reply", Status.ACCEPTED)
    check_step("close", Status.IN_PROGRESS, replied=True)
    with pytest.raises(IllegalTransition, match="cannot close"):
        check_step("close", Status.RECEIVED)
    with pytest.raises(IllegalTransition) as info:
        check_step("close", Status.IN_PROGRESS, replied=False)
    assert "先答复" in info.value.message_zh
    with pytest.raises(IllegalTransition):
        check_step("accept", Status.REJECTED)
