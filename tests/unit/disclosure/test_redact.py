"""Example-based tests of the redactor: masks, public items, fields, corpora, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhifa.disclosure.redact import (
    MAX_TEXT_CHARS,
    mask_bank_account,
    mask_email,
    mask_id_number,
    mask_person_name,
    mask_phone,
    mask_plate,
    redact,
    redact_fields,
)
from zhifa.disclosure.redaction_corpus import CORPUS_DIR, evaluate, load_corpus, parse_marked
from zhifa.disclosure.redaction_lexicon import parse_lexicon
from zhifa.kernel.errors import InvalidInput


@pytest.mark.parametrize(
    ("name", "surname_len", "mask"),
    [
        ("张三", 1, "张某"),
        ("张三丰", 1, "张某某"),
        ("欧阳娜娜", 2, "欧阳某某"),
        ("司马光", 2, "司马某"),
        ("阿卜杜拉·买买提", 1, "阿某某"),
    ],
)
def test_name_masks(name: str, surname_len: int, mask: str) -> None:
    assert mask_person_name(name, surname_len) == mask


def test_number_masks() -> None:
    assert mask_id_number("33010619800512123X") == "*" * 18
    assert mask_phone("138 0013 8000") == "138 **** ****"
    assert mask_phone("0571-88886666转123") == "0571-********转***"
    assert mask_phone("+86 13957112846") == "+86 139********"
    assert mask_bank_account("6222 0212 0201 2345 678") == "**** **** **** ***5 678"
    assert mask_plate("浙A·12345") == "浙A·*****"
    assert mask_email("zhang.san@qq.com") == "***@qq.com"


def test_a_decision_text() -> None:
    text = (
        "杭州市西湖区市场监督管理局\n行政处罚决定书\n杭西市监罚〔2025〕123号\n"
        "当事人：杭州市西湖区张三小吃店（个体工商户），统一社会信用代码：92330106MA2H123456，"
        "经营者：张三，男，身份证号330106198005121234，住址：杭州市西湖区文三路123号4幢501室，"
        "经营场所：杭州市西湖区学院路88号。\n"
        "执法人员：王建国（执法证号：33010020230001）。经查，张三于2025年3月1日驾驶浙A·12345，"
        "依据《中华人民共和国食品安全法》第一百二十四条第一款第（三）项，罚款人民币5000元。"
    )
    r = redact(text)
    out = r.redacted
    for public in (
        "杭州市西湖区市场监督管理局",
        "杭西市监罚〔2025〕123号",
        "杭州市西湖区张三小吃店",
        "92330106MA2H123456",
        "王建国",
        "33010020230001",
        "学院路88号",
        "《中华人民共和国食品安全法》第一百二十四条第一款第（三）项",
        "5000元",
        "2025年3月1日",
    ):
        assert public in out, public
    assert "经营者：张某，" in out
    assert "文三路XX号XX幢XX室" in out
    assert "330106198005121234" not in out
    assert "浙A·*****" in out
    assert [text[s.start : s.end] for s in r.spans if s.kind == "person_name"] == ["张三", "张三"]


def test_two_people_with_the_same_mask_are_told_apart() -> None:
    out = redact("当事人：张三，男。证人：张四，男。张三称……").redacted
    assert out == "当事人：张某甲，男。证人：张某乙，男。张某甲称……"


def test_organisation_address_stays_natural_person_address_is_masked() -> None:
    org = redact("当事人：杭州鑫源食品有限公司，住所：杭州市拱墅区湖州街168号2幢501室。").redacted
    assert "168号2幢501室" in org
    person = redact("当事人：吴海燕，女，住所：杭州市拱墅区湖州街168号2幢501室。").redacted
    assert "湖州街XX号XX幢XX室" in person


def test_id_number_with_a_bad_check_digit_is_masked_only_with_a_cue() -> None:
    assert "330106198005121235" not in redact("身份证号330106198005121235").redacted
    assert "330106198005121235" in redact("编号330106198005121235").redacted


def test_too_long_text_is_refused_clearly() -> None:
    with pytest.raises(InvalidInput) as exc:
        redact("字" * (MAX_TEXT_CHARS + 1))
    assert str(MAX_TEXT_CHARS) in exc.value.message_zh
    assert exc.value.violations[0].field == "text"


def test_redact_fields() -> None:
    record = {
        "name": "欧阳娜娜",
        "id_number": "33010619800512123X",
        "phone": 13957112846,
        "address": "杭州市西湖区文三路123号4幢501室",
        "plate": "浙A12345",
        "note": "证人李四称不知情",
        "company": "杭州某某有限公司",
        "absent": None,
    }
    kinds = {
        "name": "person_name",
        "id_number": "id_number",
        "phone": "phone",
        "address": "address_detail",
        "plate": "plate",
        "note": "text",
        "absent": "email",
    }
    out = redact_fields(record, kinds)  # type: ignore[arg-type]
    assert out["name"] == "欧阳某某"
    assert out["id_number"] == "*" * 18
    assert out["phone"] == "139********"
    assert out["address"] == "杭州市西湖区文三路XX号XX幢XX室"
    assert out["plate"] == "浙A*****"
    assert out["note"] == "证人李某称不知情"
    assert out["company"] == "杭州某某有限公司"
    assert out["absent"] is None
    assert record["name"] == "欧阳娜娜"  # the input is not changed


def test_redact_fields_names_bad_fields() -> None:
    with pytest.raises(InvalidInput) as exc:
        redact_fields({"a": ["x"], "b": "y"}, {"a": "phone", "b": "salary"})  # type: ignore[dict-item]
    assert {v.field for v in exc.value.violations} == {"a", "b"}


def test_lexicon_must_have_its_lists() -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_lexicon({"surnames_single": "王"})
    assert any(v.field == "person_cues" for v in exc.value.violations)


def test_corpus_markup() -> None:
    doc = parse_marked("x", "当事人：[[person_name:张三]]，{{uscc:91330105MA27XN8L3T}}。")
    assert doc.text == "当事人：张三，91330105MA27XN8L3T。\n"
    assert doc.text[doc.personal[0].start : doc.personal[0].end] == "张三"
    assert doc.public[0].kind == "uscc"
    with pytest.raises(InvalidInput):
        parse_marked("x", "[[salary:1]]")


@pytest.mark.parametrize("name", ["dev", "dev2"])
def test_tuning_corpora_stay_fully_masked(name: str) -> None:
    """The sets the detector was tuned on: a regression guard, not a quality claim."""
    ev = evaluate(load_corpus(CORPUS_DIR / f"{name}.txt"))
    assert all(s.recall == 1.0 for s in ev.kinds.values()), ev.as_dict()["recall"]
    assert ev.public_wrongly_masked == 0


def test_heldout_meets_the_number_targets() -> None:
    ev = evaluate(load_corpus(CORPUS_DIR / "heldout.txt"))
    for kind in ("id_number", "phone", "bank_account", "plate"):
        assert ev.kinds[kind].recall >= 0.99
    assert ev.public_wrong_rate <= 0.02


# ------------------------------------------------------------------------------ CLI


def run_cli(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    from zhifa.cli.main import app

    result = CliRunner().invoke(app, args, input=stdin)
    exc = result.exception
    code = result.exit_code
    if isinstance(exc, InvalidInput):
        code = 2  # what cli.main.run() does with a DomainError
    return code, result.stdout, str(exc.diagnostics() if isinstance(exc, InvalidInput) else "")


def test_cli_plain(tmp_path: Path) -> None:
    f = tmp_path / "d.txt"
    f.write_text("当事人：张三丰，电话13957112846。", encoding="utf-8")
    code, out, _ = run_cli(["redact", str(f)])
    assert code == 0
    assert out == "当事人：张某某，电话139********。"


def test_cli_jsonl_reports_bad_lines_and_processes_the_rest() -> None:
    lines = (
        b'{"id": 1, "text": "\xe5\xbd\x93\xe4\xba\x8b\xe4\xba\xba\xef\xbc\x9a\xe5\xbc\xa0\xe4\xb8\x89"}\n'
        b"{bad json\n"
        b"\xff\xfe\n"
        b'{"id": 4}\n'
        b'{"id": "5", "text": "13957112846"}\n'
    )
    code, out, diag = run_cli(["redact", "--jsonl", "-"], lines)
    assert code == 2
    rows = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in rows] == [1, "5"]
    assert rows[0]["redacted"] == "当事人：张某"
    assert rows[0]["spans"] == [{"start": 4, "end": 6, "kind": "person_name"}]
    assert rows[1]["spans"] == [{"start": 0, "end": 11, "kind": "phone"}]
    for where in ("第 2 行", "第 3 行", "第 4 行"):
        assert where in diag
    assert "13957112846" not in diag


def test_cli_plain_refuses_non_utf8(tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes("当事人".encode() + b"\xff")
    code, out, diag = run_cli(["redact", str(f)])
    assert code == 2
    assert out == ""
    assert "UTF-8" in diag
