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


# ------------------------------------------------------------------ second round: structure


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a table row holding a person's number: the name stands alone between separators
        ("1 | 于德兴 | 320508198803073773 | 13912345678 |", "于德兴"),
        ("3. 韩向阳，退还金额4万元，收款账号6222021234567890123", "韩向阳"),
        # a transcript: answer, signature, speaker label
        ("答：我叫祝跃进，今年51岁。", "祝跃进"),
        ("被询问人签名：申心怡　2025年4月4日", "申心怡"),
        ("冉立群：排放口不是我改的。", "冉立群"),
        # a role noun the first lists lacked, a list, and 于 as a surname after a cue
        ("邻居于素芬、滕宇航陈述，杂物已清理。", "滕宇航"),
        ("邻居于素芬、滕宇航陈述，杂物已清理。", "于素芬"),
        # a common-word start (高新) cleared by what follows the name
        ("你已委托高新民（男，手机13873908761）代理。", "高新民"),
        # a transliterated name whose second part holds a function character (不)
        ("收银员买买提·阿不都拉在岗。", "买买提·阿不都拉"),
    ],
)
def test_names_found_by_structure(text: str, name: str) -> None:
    spans = redact(text).spans
    start = text.index(name)
    assert any(
        s.kind == "person_name" and s.start == start and s.end == start + len(name) for s in spans
    ), [(text[s.start : s.end], s.kind) for s in spans]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("住武汉市洪山区新华南路168号IFS国金中心14层38室。", "168号IFS国金中心14层38室"),
        ("他家在建设大道317号T3写字楼6楼15。", "317号T3写字楼6楼15"),
        ("居住地：白沙镇东湖村一屯58号。", "一屯58号"),
        ("现住龙泉街道李家村1社24号。", "1社24号"),
        ("经营者住所：长江路东方名都21-1-1607。", "21-1-1607"),
        ("收货地址南岗区综合市场1楼76号商铺。", "1楼76号商铺"),
    ],
)
def test_address_details_with_letters_and_rural_levels(text: str, detail: str) -> None:
    r = redact(text)
    start = text.index(detail)
    assert [(s.start, s.end, s.kind) for s in r.spans] == [
        (start, start + len(detail), "address_detail")
    ]


def test_public_places_and_the_bodys_contact_stay() -> None:
    text = (
        "苏E05542　驾驶人李建国　暂扣地点中山北路571号停车场\n"
        "听证主持人：刘心怡；书记员：董佳琪。\n"
        "联系人：尤一帆，电话 0757-5067821\n"
    )
    r = redact(text)
    masked = {text[s.start : s.end] for s in r.spans}
    assert "李建国" in masked
    assert not masked & {"571号", "刘心怡", "董佳琪", "尤一帆"}
    # a contact person who gives a mobile is a private person
    assert redact("联系人：尤一帆，手机13912345678").spans[0].kind == "person_name"


def test_labels_opening_a_line_are_not_names() -> None:
    text = "居住地：雁塔区滨江东路12号\n时间：2025年3月1日\n申请人：王五\n"
    names = [text[s.start : s.end] for s in redact(text).spans if s.kind == "person_name"]
    assert names == ["王五"]


def test_heldout_a_meets_the_targets() -> None:
    """Set A was tuned on in round 2: a regression guard, not a quality claim."""
    ev = evaluate(load_corpus(CORPUS_DIR / "heldout_a.txt"))
    for kind in ("id_number", "phone", "bank_account", "plate"):
        assert ev.kinds[kind].recall >= 0.99
    for kind in ("person_name", "address_detail"):
        assert ev.kinds[kind].recall >= 0.95
    assert ev.public_wrong_rate <= 0.02


@pytest.mark.parametrize("name", ["heldout_b", "heldout_c"])
def test_heldout_b_and_c_meet_the_targets(name: str) -> None:
    """B (never tuned on in round 2) and C (written before round 3) were studied in round 3:
    a regression guard for the over-masking fixes, not a quality claim."""
    ev = evaluate(load_corpus(CORPUS_DIR / f"{name}.txt"))
    for kind in ("id_number", "phone", "bank_account", "plate"):
        assert ev.kinds[kind].recall >= 0.99
    for kind in ("person_name", "address_detail"):
        assert ev.kinds[kind].recall >= 0.95
    assert ev.public_wrong_rate <= 0.02


def test_heldout_d_unseen() -> None:
    """Set D was never looked at while the detector was changed. Only the targets it met when
    measured are asserted as targets: every number kind (>= 99 %) and detailed addresses
    (>= 95 %). Person names (87.0 %, target 95 %) and public items wrongly masked (2.5 %,
    target 2 %) did NOT meet theirs; the last two asserts only keep them from getting worse
    (see docs/redaction.md)."""
    ev = evaluate(load_corpus(CORPUS_DIR / "heldout_d.txt"))
    for kind in ("id_number", "phone", "bank_account", "plate", "email"):
        assert ev.kinds[kind].recall >= 0.99
    assert ev.kinds["address_detail"].recall >= 0.95
    assert ev.kinds["person_name"].recall >= 0.87
    assert ev.public_wrong_rate <= 0.025


def test_transcript_speakers_who_ask_the_questions_are_officers() -> None:
    text = (
        "调查询问笔录\n"
        "夏建国：你叫什么名字？\n"
        "苟刚：苟刚，证件在这。\n"
        "夏建国：你在哪里工作？\n"
        "苟刚：我在药房开车送货。\n"
        "夏建国：还有什么补充？\n"
        "苟刚：没有。\n"
    )
    names = {text[s.start : s.end] for s in redact(text).spans if s.kind == "person_name"}
    assert names == {"苟刚"}
    # a speaker who answers in the first person stays a person even if asked once
    text2 = "王五：我不知道这件事？\n王五：我是店员。\n李四：你是谁？\n李四：你在哪？\n"
    names2 = {text2[s.start : s.end] for s in redact(text2).spans if s.kind == "person_name"}
    assert "王五" in names2
    assert "李四" not in names2


def test_table_columns_decide_officers_and_public_places() -> None:
    text = (
        "序号 | 检查对象 | 检查地点 | 经营者 | 经营者电话 | 检查人员\n"
        "1 | 合肥市蜀山区王庆丰面馆 | 合肥市蜀山区人民东路711号 | 王庆丰 | 17212198643 | 孔萍\n"
        "序号,户主,房屋坐落,收款账号\n"
        "1,刘德明,长沙市岳麓区望江路12号5幢302室,6222021234567890123\n"
    )
    masked = {text[s.start : s.end] for s in redact(text).spans}
    assert {"王庆丰", "17212198643", "刘德明"} <= masked
    assert not masked & {"孔萍", "711号", "合肥市蜀山区王庆丰面馆"}
    assert any(m.startswith("12号") for m in masked)


@pytest.mark.parametrize(
    ("text", "public", "private"),
    [
        ("机关负责人意见：同意。负责人：林少华\n当事人：张三丰，男\n", "林少华", "张三丰"),
        ("冻结期限六个月。联系人：于红霞。\n", "于红霞", None),
        ("紧急联系人：于红霞。\n", None, "于红霞"),
        (
            "2025年1月3日，雁塔区朝阳大街406号路段，车主崔永刚（电话13135393644）\n",
            "406号",
            "崔永刚",
        ),
        (
            "当事人：太原市小店区曹光辉便利店（个体工商户）\n经营者：曹光辉，男\n",
            "小店区曹光辉便利店",
            "曹光辉",
        ),
        ("调解人员：颜玉珍\n颜玉珍：双方达成如下协议。\n缴款人：王若曦\n", "颜玉珍", "王若曦"),
    ],
)
def test_round3_public_and_private(text: str, public: str | None, private: str | None) -> None:
    spans = redact(text).spans
    if public is not None:
        start = text.index(public)
        assert not any(s.start < start + len(public) and start < s.end for s in spans)
    if private is not None:
        start = text.rindex(private)
        assert any(s.start <= start and start + len(private) <= s.end for s in spans)


def test_certificate_number_that_is_an_id_number_is_masked() -> None:
    text = "驾驶员：蒋明，从业资格证号450102195911031866，执法证号3301001234\n"
    masked = {(text[s.start : s.end], s.kind) for s in redact(text).spans}
    assert ("450102195911031866", "id_number") in masked
    assert not any(v == "3301001234" for v, _ in masked)
