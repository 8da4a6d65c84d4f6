"""Example-based tests of the redactor: masks, public items, fields, corpora, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhifa.disclosure.redact import (
    MAX_TEXT_CHARS,
    mask_address,
    mask_address_detail,
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
        ("秀英", 0, "某某"),  # a given name written alone
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
    assert "西湖区XXXX号XX幢XX室" in out
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
    assert "拱墅区XXXX号XX幢XX室" in person


def test_id_number_with_a_bad_check_digit_is_masked_by_its_shape_or_a_cue() -> None:
    # round 5: shaped like an ID number (province code, real birth date), a mistyped check
    # character does not make it public
    assert "330106198005121235" not in redact("身份证号330106198005121235").redacted
    assert "330106198005121235" not in redact("编号330106198005121235").redacted
    # without the shape (no province 19, no month 13) only a cue makes it an ID number
    assert "190106198005121235" in redact("编号190106198005121235").redacted
    assert "330106198013121235" in redact("编号330106198013121235").redacted
    assert "330106198013121235" not in redact("身份证号330106198013121235").redacted


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
    assert out["address"] == "杭州市西湖区XXXX号XX幢XX室"
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
        ("住武汉市洪山区新华南路168号IFS国金中心14层38室。", "新华南路168号IFS国金中心14层38室"),
        ("他家在建设大道317号T3写字楼6楼15。", "建设大道317号T3写字楼6楼15"),
        ("居住地：白沙镇东湖村一屯58号。", "东湖村一屯58号"),
        ("现住龙泉街道李家村1社24号。", "李家村1社24号"),
        ("经营者住所：长江路东方名都21-1-1607。", "长江路东方名都21-1-1607"),
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


def test_heldout_d_tuned_on_in_round_4() -> None:
    """Set D was measured unseen at the end of round 3 (names 87.0 %, public items wrongly
    masked 2.5 %: both targets NOT met) and tuned on in round 4. A no-regression floor at the
    round-4 figures, not a quality claim (see docs/redaction.md)."""
    ev = evaluate(load_corpus(CORPUS_DIR / "heldout_d.txt"))
    for kind in ("id_number", "phone", "bank_account", "plate", "email", "address_detail"):
        assert ev.kinds[kind].recall == 1.0, kind
    assert ev.kinds["person_name"].masked >= 393  # of 393
    assert ev.public_wrongly_masked == 0  # of 1537
    assert ev.extra_spans == 0


def test_heldout_e_tuned_on_in_round_5() -> None:
    """Set E was measured unseen at the end of round 4 (names 83.1 %, public items wrongly
    masked 9.1 %, addresses 92.9 %, phones 97.5 %, passports 5/10: targets NOT met) and tuned
    on in round 5. A no-regression floor at the round-5 figures, not a quality claim."""
    ev = evaluate(load_corpus(CORPUS_DIR / "heldout_e.txt"))
    for kind in ("id_number", "bank_account", "plate", "email", "phone", "address_detail"):
        assert ev.kinds[kind].recall == 1.0, kind
    assert ev.kinds["passport"].masked == 10  # of 10
    assert ev.kinds["person_name"].masked >= 660  # of 674
    assert ev.public_wrongly_masked <= 4  # of 1571


@pytest.mark.parametrize(
    ("name", "names", "public", "addresses"),
    [
        # F unseen (detector of 586ac85): names 593/655, addresses 24/116, bank 58/65,
        # passports 6/12, public items wrongly masked 85/1574.
        ("heldout_f", 638, 8, 116),
        # G unseen (detector of 6e890a7): names 582/664, addresses 42/81, plates 61/66,
        # bank 44/46, phones 120/121, public items wrongly masked 48/1427.
        ("heldout_g", 621, 6, 79),
        # H unseen (detector of 4a8f604): names 577/623, ID numbers 101/153 (135 carry a
        # wrong check character), addresses 108/131, bank 67/73, plates 87/88, public
        # items wrongly masked 44/1588.
        ("heldout_h", 594, 11, 129),
        # I unseen (detector of 349e005): names 583/629, addresses 85/111, phones 156/157,
        # plates 89/90, public items wrongly masked 27/1641 (1.6 %).
        ("heldout_i", 609, 15, 111),
        # J unseen (detector of 7b05d05): names 455/480, addresses 72/81, public items
        # wrongly masked 11/1303; every number kind 100 %.
        ("heldout_j", 464, 3, 81),
    ],
)
def test_heldout_f_to_j_tuned_on_in_round_5(
    name: str, names: int, public: int, addresses: int
) -> None:
    """Sets F to J were written for round 5 by other authors who never saw the detector,
    measured once unseen (figures above, see docs/redaction.md), then tuned on (addresses
    again in round 6). A no-regression floor at the figures after tuning, not a quality
    claim."""
    ev = evaluate(load_corpus(CORPUS_DIR / f"{name}.txt"))
    for kind in ("id_number", "email", "passport"):
        assert ev.kinds[kind].recall == 1.0, kind
    assert ev.kinds["phone"].recall >= 0.99
    for kind in ("bank_account", "plate"):  # H: 2 accounts without cue or shape; H, I: 黔 plates
        assert ev.kinds[kind].recall >= (0.97 if name in ("heldout_h", "heldout_i") else 1.0), kind
    assert ev.kinds["person_name"].masked >= names
    assert ev.kinds["address_detail"].masked >= addresses
    assert ev.public_wrongly_masked <= public


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
    assert "望江路12号5幢302室" in masked


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


# ------------------------------------------------------------------------------- round 4


def _names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in redact(text).spans if s.kind == "person_name"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # no cue word: the name is found by its likelihood and its context
        ("2024年2月18日 向方子轩发送短信至186-5576-9296，内容：…", ["方子轩"]),
        ("车辆苏E22382；马培元名下借记卡6205229979957704876", ["马培元"]),
        ("村民龚浩然反映情况属实。郝健住苏州市姑苏区人民路730弄76号", ["龚浩然", "郝健"]),
        ("当事人潘丽与其丈夫覃建平共同经营，覃建平负责进货。", ["潘丽", "覃建平", "覃建平"]),
        ("经调查，涉案车辆登记在孔令辉名下，实际使用人为其外甥龚小兵。", ["孔令辉", "龚小兵"]),
        ("2023年9月，原告石磊与被告余海洋签订租赁合同。", ["石磊", "余海洋"]),
        ("甲方：王建军　乙方：李红梅", ["王建军", "李红梅"]),
        ("当事人熊伟、熊涛兄弟二人共同经营该摊点。", ["熊伟", "熊涛"]),
        ("还有我老婆韩秀英帮忙。", ["韩秀英"]),
        ("当事人：方圆（曾用名方媛媛），女，1990年生。", ["方圆", "方媛媛"]),
        ("据张建华称，货物系其购买。经常检查。", ["张建华"]),
        ("廖海涛电话156 9081 2097，热合曼·托合提电话15140932480。", ["廖海涛", "热合曼·托合提"]),
        # a cue word that the lexicon does not know (押运员, 购货人)
        ("押运员谭梓轩　驾驶证520102199001011234", ["谭梓轩"]),
    ],
)
def test_names_found_by_score(text: str, names: list[str]) -> None:
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "状态：成功\n2024年4月1日 发送短信至19880141841",
        "决定给予举报人奖励1700元，转入举报人银行卡4367427523757601。",
        "序号 姓名 性别 身份证号 补偿金额",
        "于2025年8月3日在南湖路（金桥路至新港大道段）违规停放，并及时改正。",
        "据邻居反映，楼道堆放杂物。",
        "于是，本局高度重视，及时处理，方便群众，周末加班。",
        "苏州市姑苏区、宁波市鄞州区、张家港市、王府井大街、文一西路、莫干山路。",
        "林业站工作人员闻讯赶到现场。",
        "2024年6月，当事人与贺兰山葡萄酒庄签订合同。",
        "本系统依据《个人信息保护法》第十条、第五十一条处理。",
        "杭滨（消）行罚决字〔2025〕0042号",
        "本局接到市民吴女士投诉，联系人：黄主任。",
    ],
)
def test_common_words_places_and_titles_are_not_names(text: str) -> None:
    assert _names(text) == []


def test_a_role_word_before_a_name_is_not_part_of_it() -> None:
    assert _names("邻居尉迟小兰多次投诉，楼栋长巩建设证实。") == ["尉迟小兰", "巩建设"]


@pytest.mark.parametrize(
    "text",
    [
        "审批：郭春梅（局长）　2025年8月12日",
        "操作人：孙海燕",
        "登记人：林光辉",
        "负责人审批：同意结案。覃斌　2023年2月11日",
        "执法人员（签名）：王磊　刘洋　2024年5月3日",
        "询问人签名：梅宇航　王秀兰",
        "检查人：王磊 ZF33010001  刘洋 ZF33010002",
        "经局长王海峰批准，决定立案。",
        "我局工作人员王磊、刘洋对当事人进行了询问。",
        "现场检查人员：王磊、刘洋",
        "执法人员王磊、刘洋出示执法证件后，对当事人进行了询问。",
        "执法人员：姚建明 执法证号 33050300420；戚海峰 执法证号 33050300437",
    ],
)
def test_officers_in_signature_blocks_and_lists_stay(text: str) -> None:
    assert _names(text) == []


def test_a_verb_is_not_an_officer_label() -> None:
    # 审核 is an officer's label only with a colon; in a sentence the person is masked.
    assert _names("经审核：王磊。") == []
    assert _names("执法人员依法对王建军进行了询问，王建军承认违法事实。") == ["王建军", "王建军"]


def test_signatures_of_the_person_are_masked() -> None:
    assert _names("当事人签名：张海涛　执法人员签名：王磊") == ["张海涛"]
    assert _names("被询问人签名：董建设") == ["董建设"]


def test_csv_rows_with_thousands_separators_keep_their_columns() -> None:
    text = (
        "序号,当事人,证件号码,违法地点,罚款金额,决定书文号,执法人员,执法证号\n"
        "1,贾强,220102199307106134,胜利北路（青云街至望江路段）,84,526元,"
        "西雁应急罚〔2023〕505号,符沐阳,ZF34373750\n"
        '2,仇永红,650102197202257834,金桥路东段,"12,000元",西雁应急罚〔2025〕415号,王振华,3482479620\n'
    )
    assert _names(text) == ["贾强", "仇永红"]


def test_the_given_name_alone_is_masked_after_the_full_name() -> None:
    out = redact("当事人李秀英，女，1970年生。经查，秀英称其不知情。").redacted
    assert out == "当事人李某某，女，1970年生。经查，某某称其不知情。"
    # a given name that is a common word only before a word that follows persons
    out = redact("当事人李建国，男。新中国建国以来，建国称自己不知道。").redacted
    assert "新中国建国以来" in out
    assert "某某称" in out


def test_name_likelihood() -> None:
    from zhifa.disclosure.redaction_lexicon import load_lexicon
    from zhifa.disclosure.redaction_names import NameModel

    model = NameModel(load_lexicon())
    assert model.likelihood("方子轩", 1) > model.likelihood("成功", 1)
    assert model.likelihood("欧阳海燕", 2) > 2
    assert model.likelihood("王府井", 1) < 0
    # jieba's dictionary tags 陈述 as a name; it is a common word all the same
    assert "陈述" in model.common_words


@pytest.mark.parametrize(
    "text",
    [
        "罚款缴入中国工商银行或者通过电子支付系统缴纳。",  # 支付 after 电子, before 系统
        "已取得食品经营许可，联系电话0571-88888888。",  # 许可 ending a phrase, before 联系电话
    ],
)
def test_a_word_inside_prose_is_not_a_name(text: str) -> None:
    """Ordinary words that begin with a surname character (支付, 许可), inside a phrase, are
    not masked as names by the passes that look only at what follows them."""
    assert not [s for s in redact(text).spans if s.kind == "person_name"]


def test_a_name_before_the_same_words_is_still_masked() -> None:
    assert [s.kind for s in redact("邻居高峰，联系电话13800001111。").spans].count(
        "person_name"
    ) == 1
    assert "王建国" not in redact("当事人之子王建国系该店经营者。").redacted


# ---------------------------------------------------------------- round 5


def _name_set(text: str) -> set[str]:
    return {text[s.start : s.end] for s in redact(text).spans if s.kind == "person_name"}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # honorifics: a full name before 先生/女士 (a bare surname is left: 张先生)
        ("尊敬的柴文博先生：您反映的问题已查实。", {"柴文博"}),
        ("请通知梁嘉怡女士于三日内前来办理。", {"梁嘉怡"}),
        # partly masked forms that still show a given-name character
        ("短信已发送至郭*涛的手机。", {"郭*涛"}),
        ("文书将其姓名写作“邹某婷”，仍可识别。", {"邹某婷"}),
        # framed by words on both sides
        ("他说卖货的人叫龚志远，住在镇上。", {"龚志远"}),
        ("上述香烟系从邵家明处购进。", {"邵家明"}),
        ("其称系受霍立新雇用看管仓库。", {"霍立新"}),
        ("今收到谭晓军交来罚款伍佰元。", {"谭晓军"}),
        # two surnames, then a two-character given name
        ("当事人陈林雨桐，女，2001年生。", {"陈林雨桐"}),
        # Tibetan and Mongolian names, which have no surname
        ("驾驶员索朗次仁，从业资格证已核验。", {"索朗次仁"}),
        ("牧民巴特尔称草场系其承包。", {"巴特尔"}),
        # names in Latin script
        ("外籍人员艾米丽·怀特（Emily WHITE），英国籍。", {"艾米丽·怀特", "Emily WHITE"}),
        ("Surname：NGUYEN　Given names：Thi Lan", {"NGUYEN", "Thi Lan"}),
        # a village head or workshop head is no officer of the body
        ("村委会主任龙建新在场见证。", {"龙建新"}),
        # the given name alone after a verb, once the full name is known
        ("证人滕梓萱称，她看见梓萱的弟弟搬走了货物。", {"滕梓萱", "梓萱"}),
        # a very name-like run after any word, before a word that follows persons
        ("经查王建军于2024年3月5日在店内销售过期食品。", {"王建军"}),
        ("民警询问了店员刘芳芳并制作笔录。", {"刘芳芳"}),
    ],
)
def test_round5_names(text: str, names: set[str]) -> None:
    assert names <= _name_set(text)


@pytest.mark.parametrize(
    "text",
    [
        "请张先生于三日内到局说明情况。",  # a surname and a title: nothing to mask
        "当事人王某明知其无证仍继续经营。",  # 王某 and the verb 明知
        "该店于2024年3月从批发市场处购进。",  # 从…处 with no name
        "乌兰察布市市场监督管理局依法作出决定。",  # a place that begins with a name element
        "Shanghai Bright Trading Co., Ltd. 出具的发票",  # a company in Latin script
        "违法地点：武侯祠大街与科华北路交叉口",  # a street after a surname-like character
        "本决定书依据《中华人民共和国行政处罚法》第三十二条作出。",
        "期限按工作日计对当事人更有利。",  # 更 (a function word) and 有利
        "本局认为张家界市场秩序应当维护。",
        "经查明建华公司于2024年注册。",
    ],
)
def test_round5_lawful_texts_keep_their_words(text: str) -> None:
    assert not _name_set(text)


@pytest.mark.parametrize(
    ("text", "officer"),
    [
        ("执勤队员：钟立平\n09:40　摊主占道经营，已劝离。", "钟立平"),
        ("卢国华（某某县城市管理局）：请各商户今日自查。", "卢国华"),
        ("出席人员：汪志刚（副局长）、戴红梅（法规科科长）", "戴红梅"),
        ("法定代表人：薛永明，局长。", "薛永明"),
        ("委托代理人：阮小芳，该局法规科工作人员。", "阮小芳"),
        ("承办人：林伟、向慧敏　记录人：姚泽宇", "向慧敏"),
        ("本局执法人员许卫东、段文强接群众举报后到场。", "段文强"),
        ("保管员：彭向东　监督人：涂宁", "彭向东"),
    ],
)
def test_round5_officers_stay(text: str, officer: str) -> None:
    assert officer in redact(text).redacted


def test_round5_company_title_in_brackets_is_no_officer() -> None:
    text = "见证人：詹永强（某某村村委会主任），电话13900001111。"
    assert "詹永强" not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("电话 Tel：+44 20 7946 0958　邮箱", "phone", "+44 20 7946 0958"),
        ("咨询电话0571-8765 432。", "phone", "0571-8765 432"),
        ("Passport No.：XK4021883", "passport", "XK4021883"),
        ("法国籍，护照号码18FV23456，1990年出生", "passport", "18FV23456"),
        ("住某某市某某镇东山村后队12号。", "address_detail", "东山村后队12号"),
        ("住某某区某某社区老村3巷15号，电话13900001111", "address_detail", "某某社区老村3巷15号"),
    ],
)
def test_round5_numbers_and_addresses(text: str, kind: str, value: str) -> None:
    found = {(text[s.start : s.end], s.kind) for s in redact(text).spans}
    assert (value, kind) in found


@pytest.mark.parametrize(
    "text",
    [
        "执法人员对位于人民路88号的该店进行检查。",  # business premises
        "请于十五日内到建设路120号接受处理。",  # the body's office
        "本局地址：解放路35号",
        "当事人：某某科技有限公司，法定代表人王五，住所中山路66号。",  # the company's 住所
        "申请执行人：某某市生态环境局，住所地滨江路9号。",
    ],
)
def test_round5_public_places_stay(text: str) -> None:
    assert not [s for s in redact(text).spans if s.kind == "address_detail"]


def test_round5_a_dwelling_after_a_public_cue_is_private() -> None:
    text = "经查，你将位于工农路543号的房屋分隔为11间出租。"
    assert [text[s.start : s.end] for s in redact(text).spans if s.kind == "address_detail"]


def test_round5_receipt_prefix_is_not_a_document_number() -> None:
    text = "今收到谭晓军交来厦思罚〔2024〕第88号决定书所处罚款。"
    out = redact(text).redacted
    assert "谭晓军" not in out
    assert "厦思罚〔2024〕第88号" in out


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("住某某市某某区锦华苑3幢2单元501室。", "address_detail", "锦华苑3幢2单元501室"),
        ("住某某县城关镇新华村建设巷12号。", "address_detail", "新华村建设巷12号"),
        (
            "缴入中国建设银行某某支行，33050161234500001234。",
            "bank_account",
            "33050161234500001234",
        ),
        ("房号｜姓名｜护照号码｜入住\n301｜约翰｜XK4021883｜3月6日", "passport", "XK4021883"),
        (
            "房号｜中文姓名｜外文姓名｜国籍\n301｜金敏俊｜KIM MINJUN｜韩国",
            "person_name",
            "KIM MINJUN",
        ),
        ("营业员吉克阿依在店内销售处方药。", "person_name", "吉克阿依"),
        ("当事人与同行人韩志刚搭乘航班入境。", "person_name", "韩志刚"),
        ("经办人：赵家豪（村委会主任）　联系电话：13900001111", "person_name", "赵家豪"),
    ],
)
def test_round5_more_personal_items(text: str, kind: str, value: str) -> None:
    found = {(text[s.start : s.end], s.kind) for s in redact(text).spans}
    assert (value, kind) in found


def test_round5_first_part_of_a_dotted_name_alone() -> None:
    text = "外籍人员约翰·史密斯，美国籍。经查，约翰自2025年3月起在该公司工作。"
    assert "约翰" not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "officers"),
    [
        ("2024年3月10日被民警李文静、伍彬查获。", ["李文静", "伍彬"]),
        ("经王有才、郝云飞检查确认，当事人在记录上签字。", ["王有才", "郝云飞"]),
        ("法制审核：符合立案条件。詹洁\n", ["詹洁"]),
        ("审核意见：同意立案，由陈梅、田娟承办。毛骏　2024.6.7", ["陈梅", "田娟", "毛骏"]),
        ("交通警察：刘毅　警号：647859", ["刘毅"]),
        ("执法人员：何家明　粤执02680248；王春生　粤执28842832", ["王春生"]),
        ("经司徒红兵审批，本局于2025年1月10日立案。", ["司徒红兵"]),
    ],
)
def test_round5_more_officers_stay(text: str, officers: list[str]) -> None:
    out = redact(text).redacted
    for name in officers:
        assert name in out, name


@pytest.mark.parametrize(
    "text",
    [
        "车辆　吉H48300D　吉交运管货字222401248132",  # a permit number's prefix
        "接待人 Receptionist：石庆丰\n",  # a hotel's receptionist is no officer …
    ],
)
def test_round5_prefixes_and_receptionists(text: str) -> None:
    spans = {text[s.start : s.end] for s in redact(text).spans if s.kind == "person_name"}
    if "石庆丰" in text:
        assert spans == {"石庆丰"}  # … and stays private
    else:
        assert not spans


def test_round5_company_address_after_its_representative_stays() -> None:
    text = "当事人：某某贸易有限公司，负责人崔万春，地址深圳市南山区南海大道566号。"
    assert "南海大道566号" in redact(text).redacted


@pytest.mark.parametrize(
    "text",
    [
        # a decision addressed to a company: its address line is public
        "某某建材有限公司：\n统一社会信用代码：91433101MA4L0B9J4B\n法定代表人：王丹\n地址：吉首市人民北路482号1楼\n",
        # 住所（住址） on a form, for a company
        "当事人：某某物业管理有限公司\n统一社会信用代码：91350203MA2Y0LPB0N\n住所（住址）：厦门市思明区湖滨南路18号1幢\n",
        # a company named before its representative in the same sentence
        "被投诉人：某某教育咨询有限公司，负责人崔万春，地址南山区南海大道566号",
    ],
)
def test_round5_companies_addresses_stay(text: str) -> None:
    assert not [s for s in redact(text).spans if s.kind == "address_detail"]


def test_round5_a_compound_named_like_a_village_goes_with_the_number() -> None:
    text = "住址：湛江市雷州市建设新村28号楼4单元3001室"
    assert [text[s.start : s.end] for s in redact(text).spans] == ["建设新村28号楼4单元3001室"]


def test_round5_given_name_before_a_function_character() -> None:
    text = "当事人褚家明，男。执法人员已责令家明将车辆移出。"
    assert "家明将车辆" not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "officers"),
    [
        ("执法人员：魏刚（宁E95451196）、李书瑶（0981234）", ["魏刚"]),  # credential, not passport
        ("本局执法人员熊霞、司马文华调查发现该电梯未检验。", ["熊霞", "司马文华"]),
        ("承办：邝博　郑芳芳　　联系电话：66129999", ["邝博", "郑芳芳"]),
        ("审核人：达瓦次仁　　制表人：王雨桐", ["达瓦次仁"]),
        (
            "序号\t姓名\t性别\t职务\t执法证号\n1\t高丽娟\t女\t副科长\tG08833531",
            ["高丽娟", "G08833531"],
        ),
        ("杨一诺科长您好：我是某某餐饮公司的负责人。", ["杨一诺"]),
        ("天津市河西区市场监督管理局 杨一诺\n", ["杨一诺"]),
        (
            "[00:00:05] 洛桑丹增：你好，我们是城关区交通运输局执法人员，请出示驾驶证。\n"
            "[00:00:40] 洛桑丹增：请问你和司机是什么关系？\n",
            ["洛桑丹增"],
        ),
    ],
)
def test_round5_officers_from_set_g_layouts(text: str, officers: list[str]) -> None:
    out = redact(text).redacted
    for name in officers:
        assert name in out, name
    if "宁E95451196" in text:
        assert "宁E95451196" in out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("当事人达瓦次仁，男。款项于2023年2月7日前转入次仁本人账户。", "次仁"),
        ("2  胡郑书瑶  110101198811231237", "胡郑书瑶"),
        ("收银员王梦瑶，我们都叫她小瑶。那天小瑶收了一桌的钱。", "小瑶"),
        ("其丈夫秦雪萱向本局投诉。", "秦雪萱"),
    ],
)
def test_round5_names_from_set_g_layouts(text: str, value: str) -> None:
    assert value not in redact(text).redacted


@pytest.mark.parametrize(
    "text",
    [
        "约谈地点：湖南省长沙市雨花区锦绣路100号",
        "停车场：北京市朝阳区机场路258号",
        "联系地址：延吉市友谊路446号　联系电话：0433-7032533\n延吉市交通运输局\n2024年7月31日",
    ],
)
def test_round5_public_places_from_set_g_layouts(text: str) -> None:
    assert not [s for s in redact(text).spans if s.kind == "address_detail"]


@pytest.mark.parametrize(
    ("text", "officers"),
    [
        # a roster written with ideographic spaces
        (
            "现将持证执法人员信息公示如下：\n序号　姓名　性别　职务　执法证号\n1　高丽娟　女　副科长　ZJ57379879\n",
            ["高丽娟", "ZJ57379879"],
        ),
        ("本局执法检查人员向黄子轩（统计执法证48712014）到场检查。", ["向黄子轩"]),
        ("执法人员：何家明　证号吉B59152979；张瑞祥　证号ZJ24486674", ["张瑞祥"]),
        (
            "如不服本决定，可依法提起行政诉讼。\n主要负责人：白倩倩\n　　　某某州生态环境局\n二〇二四年六月五日\n",
            ["白倩倩"],
        ),
    ],
)
def test_round5_rosters_credentials_and_closing_signatures(text: str, officers: list[str]) -> None:
    out = redact(text).redacted
    for item in officers:
        assert item in out, item


def test_round5_the_bodys_address_after_its_name_stays() -> None:
    text = "某某区人民政府办公室　　地址：北京市朝阳区中山路119号　　电话：010-65090000"
    assert not [s for s in redact(text).spans if s.kind == "address_detail"]


def test_round5_common_word_given_name_after_a_separator() -> None:
    text = "当事人徐兴旺，男。当事人责任：兴旺负全部责任。国庆期间店内生意兴旺。"
    out = redact(text).redacted
    assert "兴旺负全部责任" not in out
    assert "生意兴旺" in out  # after a word, and not before a verb: the word itself


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("个体户梁某（身份证号码440106196601045151）", "440106196601045151"),  # check char off
        (
            "1  尹桂英  住某某镇新华路21号  1165 0355 8940 3630 176  月标准1694元",
            "1165 0355 8940 3630 176",
        ),
        ("住某某市某某镇南阳桥村九村民小组52号。", "九村民小组52号"),
        ("住某某市某某街道粮食局宿舍6幢1202。", "粮食局宿舍6幢1202"),
        ("举报人公孙*梅，举报编号202454931", "公孙*梅"),
        ("我局在查处于欣（男，1990年生）一案中", "于欣"),
        ("当事人雇请姬朝阳（+8615993492907）安装天线。", "姬朝阳"),
        ("与全光日（朝鲜族，1988年生）发生争执。", "全光日"),
    ],
)
def test_round5_set_h_layouts_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "officer"),
    [
        ("主持人：副局长钭义淼　出席：戚洁霞", "钭义淼"),
        ("经本局负责人闵凯强批准，决定立案。", "闵凯强"),
        ("执法人员饶坤伟、崔宇航当日到场检查。", "崔宇航"),
        ("经办人：孔妍璐　负责人：武波辉\n", "武波辉"),
        ("复议人员：上官义涛、澹台骏伟\n", "澹台骏伟"),
        ("抽样人员：明宇航、厉琴妍\n", "厉琴妍"),
        ("（局长：丁森）\n", "丁森"),
        ("执法人员：赵海燕（新C82669076）龚琳欣（80782995）", "赵海燕"),
        ("告知人：商明辉\n", "商明辉"),
    ],
)
def test_round5_set_h_officers_stay(text: str, officer: str) -> None:
    assert officer in redact(text).redacted


def test_round5_a_customs_declarant_is_no_officer() -> None:
    assert "祝金宝" not in redact("报关员：祝金宝　报关单号：060120202").redacted


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("面膜47盒，店员姜桂英介绍为店内主推产品。", "姜桂英"),
        ("款项汇入当事人配偶龚晶洁名下银行账户。", "龚晶洁"),
    ],
)
def test_round5_an_organisation_does_not_swallow_the_person_before_it(text: str, name: str) -> None:
    assert name not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "officer"),
    [
        ("我局检查组（组长宁嘉诚，成员东方海燕、成彬）对辖区在建项目开展检查。", "宁嘉诚"),
        ("线索现移送你院。\n联系人：郏朝阳（43361183）\n", "郏朝阳"),
        ("如有疑问，联系熊亮，电话（0755）3527456。", "熊亮"),
        ("被申请人：某某市公安局玄武分局，法定代表人卫一诺。", "卫一诺"),
    ],
)
def test_round5_heads_contacts_and_inspection_teams_stay(text: str, officer: str) -> None:
    assert officer in redact(text).redacted


def test_round5_an_operators_address_label_is_the_shops_but_not_a_bracketed_role() -> None:
    shop = "当事人：某某五金店（个体工商户）\n经营者：曹广平　　地址：东莞市长安镇长青南路8号\n"
    assert "长青南路8号" in redact(shop).redacted
    person = "回访对象：李毅（经营者）　电话：13568514503　地址：仓山区盖山镇世纪嘉园17座1806室"
    assert "世纪嘉园17座1806室" not in redact(person).redacted


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("2. 苏帕猜（SUPACHAI Wong），泰国籍。", ["苏帕猜", "SUPACHAI Wong"]),
        ("403室　承租人陈氏红，护照C7115787，越南籍", ["陈氏红"]),
        ("委托经办人：周一诺，身份证号640104200301011234", ["周一诺"]),
    ],
)
def test_round5_foreign_names_and_a_partys_agent(text: str, names: list[str]) -> None:
    out = redact(text).redacted
    for name in names:
        assert name not in out, name


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2　周娜*　133-1935-7110　已送达", "周娜*"),
        (" 3  粤B53V21  南宫丽*  未处理违法13起", "南宫丽*"),
        ("为安娜·施密特（ANNA SCHMIDT，德国籍，护照号C01X00T47）办理", "ANNA SCHMIDT"),
        ("吉E·18720号小型轿车的禚峰贵（住通化市梅河口市山城镇建设路1号）", "禚峰贵"),
        ("法定代表人（负责人）：由王亮峰变更为李兴军；", "王亮峰"),
        ("法定代表人（负责人）：由王亮峰变更为李兴军；", "李兴军"),
        ("当事人：才让东智，身份证号：513322198801011234", "才让东智"),
        ("住山东省威海市荣成市石岛管理区三合村委会六组，电话15526846000", "三合村委会六组"),
    ],
)
def test_round5_set_i_layouts_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


def test_round5_a_gacha_secretary_is_no_officer() -> None:
    assert "其其格" not in redact("嘎查书记其其格证实了上述情况。").redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("委托代理人：阿不都热依木·买买提，某某律师事务所律师。", "阿不都热依木·买买提"),
        ("违法行为人：玛丽亚·桑托斯（Maria Santos），女，巴西籍。", "Maria Santos"),
        ("检查日期：2024-02-17\n4栋2单元903：户主贾亮辉，17712345678，软管老化", "4栋2单元903"),
    ],
)
def test_round5_set_j_layouts_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


def test_round5_a_short_known_name_before_a_bracket_is_not_lengthened() -> None:
    assert redact("当事人王伟（身份证号码略）").redacted.startswith("当事人王某（")


def test_heldout_k_tuned_on_in_round_6() -> None:
    """Set K: written for round 5 by another author who never saw the detector, measured once
    unseen with the detector of 57f0cf9 (names 400/411, addresses 73/82, ID numbers 80/85,
    public items wrongly masked 8/1170; docs/redaction.md), then tuned on in round 6. A
    no-regression floor at the figures after tuning, not a quality claim."""
    ev = evaluate(load_corpus(CORPUS_DIR / "heldout_k.txt"))
    assert ev.kinds["person_name"].masked >= 404  # of 411
    assert ev.kinds["phone"].masked >= 108  # of 110 (2 are the 12319 hotline)
    for kind in ("address_detail", "id_number", "bank_account", "plate", "email", "passport"):
        assert ev.kinds[kind].recall == 1.0, kind
    assert ev.public_wrongly_masked == 0  # of 1170


# ---------------------------------------------------------------------- round 6 (set K studied)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # 申请人民法院 is "apply to the people's court": the addressee stays a person.
        (
            "刘海涛（身份证号：320106198807156613）：\n　　逾期不履行的，本机关将依法申请人民"
            "法院强制执行。\n　　送达地址：江苏省南京市鼓楼区宁海路街道颐和路20号附3号\n",
            "颐和路20号附3号",
        ),
        # 纳税人名称 holding a person's name: the taxpayer is a natural person.
        (
            "纳税人名称：曹立军\n纳税人识别号：320106198807156613\n"
            "地址：甘肃省定西市通渭县平襄镇李家岔村5号\n",
            "李家岔村5号",
        ),
        # Where the body mails the paper, in a paragraph closed by its contact landline.
        (
            "如有疑问，可联系承办人，电话0516-86450011。纸质件邮寄至江苏省徐州市鼓楼区"
            "丰财街道锦绣苑7幢1单元302室。\n徐州市鼓楼区市场监督管理局\n2024年5月6日\n",
            "锦绣苑7幢1单元302室",
        ),
        # A 个体工商户's block gives its premises, then the operator's 住所: a home.
        (
            "当事人：渠县刘记面馆\n经营者：刘文斌\n统一社会信用代码：92511725MA6ABCDE1X\n"
            "经营场所：渠县渠江镇人民路88号\n住所：四川省达州市渠县土溪镇柏林村三组12号\n",
            "柏林村三组12号",
        ),
        # A bracket the address closes is the addressee's 住所, not a place of the body.
        ("决定书已邮寄送达至你住所（天水市甘谷县新兴镇文昌社区民主路8号2栋301室）。", "民主路8号"),
        # 联盟村: 盟 ends a word here, not a league.
        ("住址：福建省宁德市霞浦县三沙镇联盟村第三村民小组11号，电话", "联盟村第三村民小组11号"),
        # 城市印象小区: 城市 is no city.
        ("住址：广东省阳江市阳春市春城街道城市印象小区3幢1单元802室；", "城市印象小区"),
        # A building and its room after a compound name that ends like no place.
        ("住址：辽宁省沈阳市和平区太原街街道融创玖玺12幢1506室，电话", "融创玖玺12幢1506室"),
        ("向其户籍地址江苏省南通市海门区海门街道碧桂园6幢1102送达，无人签收。", "碧桂园6幢1102"),
        # A room standing alone at the start of a tenant's line.
        ("各房间承租情况：\n302室　承租人邹明亮，身份证320106198807156613\n", "302室"),
        ("收寄寄件人（寄件地址苏州市姑苏区双塔街道沧浪新城3幢2单元501室，电话", "沧浪新城"),
        # An ID number already partly masked is masked whole.
        (
            "1｜某某罚〔2024〕3号｜钱某琪｜320106********6613｜虚假宣传｜2000元",
            "320106********6613",
        ),
    ],
)
def test_round6_homes_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


def test_round6_a_village_column_masks_the_village_and_keeps_the_town() -> None:
    text = (
        "序号  购机者姓名  所在村  身份证号码  补贴金额  补贴资金到账账号\n"
        "1  罗永福  平安镇河西村  320106198807156613  3600.00元  6222 0212 3456 7890 128\n"
        "2  徐桂香  平安镇柳湾村  320106197503126625  1200.00元  6217001234567890123\n"
    )
    out = redact(text).redacted
    assert "河西村" not in out
    assert "柳湾村" not in out
    assert out.count("平安镇") == 2  # the town stays
    assert "3600.00元" in out
    assert "1200.00元" in out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # The company's 住所 after its representative's bracketed ID and phone.
        (
            "当事人名称：某某物业服务有限公司；法定代表人：叶鹏（身份证号320106198807156613，"
            "电话13912345678）；住所：会泽县新兴镇新华路299号。",
            "新华路299号",
        ),
        # A company's 住所 with no premises given separately.
        (
            "当事人：渠县福源商贸有限公司\n统一社会信用代码：91511725MA6ABCDE1X\n住所：渠县渠江镇人民路88号\n",
            "人民路88号",
        ),
        # A bar is an organisation: its 地址 is its premises.
        (
            "当事人：湄潭县蓝调音乐餐吧，负责人刘晶晶，电话17795088711，地址湄潭县南关街道青年路218号。",
            "青年路218号",
        ),
        # The body's hall, then its address in brackets.
        ("请到于都县税务局办税服务厅（于都县东城街道解放路111号）缴纳。", "解放路111号"),
        ("扣押地点：会泽县交通运输局车辆停放场（会泽县工业园区工农路42号）", "工农路42号"),
        # A floor of a public building.
        ("请持本决定书到铜山区政务服务中心二楼交通窗口领取许可证。", "二楼"),
        # The league keeps its name.
        ("住内蒙古自治区锡林郭勒盟锡林浩特市希日塔拉街道团结路5号", "锡林郭勒盟锡林浩特市"),
        # Stars over a short number are no ID number.
        ("收据编号：12****34，已签收。", "12****34"),
    ],
)
def test_round6_public_places_kept(text: str, value: str) -> None:
    assert value in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("经现场勘验，村委会主任何玉兰到场见证。", "何玉兰"),  # 主任|何: a title, then a name
        ("收银员马德胜、理货员陈静在检查记录上签字。", "陈静"),
        ("经营者潘晨阳，男。同时对晨阳及店员孔丽进行了教育。", "晨阳"),  # 店员 is no shop
        ("执法人员：陈平（执法证号略）；当事人宋丽华在场。", "宋丽华"),
    ],
)
def test_round6_persons_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("执法人员：陈平　2933-29237；王水生　37405657649\n2024年2月25日\n", "王水生"),
        ("执法人员：蒋文（29337237）；邵立新（37405657649）\n", "邵立新"),
        ("请于本通知送达之日起到本局复核，主任何时接待另行通知。", "主任何时"),
    ],
)
def test_round6_officers_and_words_kept(text: str, value: str) -> None:
    assert value in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        # A home village with no number after an address cue.
        ("当事人：李建华，男，家住河北省辛集市旧城镇王口村。", "王口村", "旧城镇"),
        (
            "当事人：巴特尔，男，住锡林郭勒盟阿巴嘎旗别力古台镇巴彦图嘎嘎查。",
            "巴彦图嘎嘎查",
            "别力古台镇",
        ),
        ("证人：岩温，男，住勐海县勐遮镇曼恩村委会曼恩寨。", "曼恩寨", "勐遮镇"),
        ("当事人：孙小平，男，家住黑龙江省桦南县驼腰子镇东兴屯。", "东兴屯", "驼腰子镇"),
        # 胡同 before the number, a hamlet between the village and the number.
        ("当事人：赵宏，男，住北京市西城区什刹海街道鸦儿胡同27号。", "鸦儿胡同", "什刹海街道"),
        ("当事人：林秀珍，女，住福建省晋江市安海镇庄头村前埔56号。", "前埔", "安海镇"),
        # 宿舍 is no name; 红旗|西路 is a road, not a banner (旗).
        (
            "当事人：黄小龙，男，住东莞市长安镇乌沙社区兴发南路18号员工宿舍A栋305。",
            "乌沙社区",
            "长安镇",
        ),
        (
            "现住辽宁省大连市甘井子区红旗街道红旗西路77号万达华府2号楼1单元。",
            "红旗西路",
            "红旗街道",
        ),
    ],
)
def test_round6_home_places_masked_below_the_town(text: str, value: str, kept: str) -> None:
    out = redact(text).redacted
    assert value not in out
    assert kept in out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("当事人：某某养殖专业合作社，住所：河北省辛集市旧城镇王口村。", "王口村"),
        ("经营场所：云南省勐海县勐遮镇曼恩村委会曼恩寨。", "曼恩寨"),
        ("违法地点：黑龙江省桦南县驼腰子镇东兴屯。", "东兴屯"),
        ("当事人：王芳，女，住湖北省监利市朱河镇。", "朱河镇"),
    ],
)
def test_round6_villages_that_are_no_home_detail_kept(text: str, value: str) -> None:
    assert value in redact(text).redacted


# ---------------------------------------------------------------------- round 6 (set M studied)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "购种农户：　邹长生，住佛堂镇红星村第四村民小组，电话13269437819。",
            "红星村",
        ),  # 小组 is no name
        ("第三人：卢宏飞，住伊宁县吉里于孜镇东岗村村民委员会五社30号，电话18867263256。", "东岗村"),
        ("其母亲代收，住寿光市化龙镇黄土岗村委会西队48号。", "黄土岗村"),
        ("同楼住户韦丽敏（15栋2单元302室）此前多次投诉。", "15栋2单元302室"),
        (
            "自2025年2月起在乌丹镇万达广场公寓12号楼4单元1502（卓玲自有住房）开展培训。",
            "万达广场公寓",
        ),
        (
            "当事人：曹鑫（某网店实际经营者），身份证号码：140105200112026171，"
            "住所：运城市临猗县猗氏镇恒大绿洲15号楼1单元2704。",
            "恒大绿洲",
        ),
        (
            "当事人在天津市河西区锦绣路149号御景湾5栋4单元1003室顶层平台上擅自搭建彩钢板房。",
            "御景湾",
        ),
        ("于2024年4月21日起在青堌集镇黄土坡村四组52号宅基地东侧擅自建设房屋。", "黄土坡村"),
        ("员工宿舍位于昭觉县新城镇滨河巷13号，由张桂珍负责管理。", "滨河巷13号"),
    ],
)
def test_round6_set_m_homes_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("在其经营的江孜县佳佳便利店（江孜县重孜乡滨河路45号）内销售卷烟。", "滨河路45号"),
        (
            "到某某税务分局（地址：山东省临沂市沂南县界湖街道中山大道440号）缴纳入库。",
            "中山大道440号",
        ),
        (
            "当事人：某某物流有限公司｜法定代表人：陈立｜身份证：440306200204026986｜"
            "住所：湛江市雷州市雷城街道长江路461号\n",
            "长江路461号",
        ),
        (
            "（统一社会信用代码略，法定代表人郑伟）经营场所辽宁省铁岭市昌图县老城镇青年大道244号已停业。",
            "青年大道244号",
        ),
        ("法制审核人员：袁萍　负责人：刘国平\n\n博白县应急管理局\n2025年3月5日\n", "刘国平"),
        (
            "当事人：万州区嘉禾娱乐有限公司\n地址：万州区武陵镇和平大街与光明大道交叉口东北角\n",
            "万州区",
        ),
        ("决定给予当事人罚款人民币壹万伍仟元整（15000元）的行政处罚。", "壹万伍仟元整"),
        ("我局执法人员陈海超（执法证号蒙15252287451）对你公司进行现场检查。", "蒙15252287451"),
        (
            "2025年5月12日14时许，执法人员在吉林省四平市梨树县孤家子镇学府南路239号检查发现，",
            "学府南路239号",
        ),
        (
            "现查明2025年4月10日21时许，在河南省鹿邑县真源街道朝阳路893号的小酒馆，张敏因琐事",
            "朝阳路893号",
        ),
    ],
)
def test_round6_set_m_public_kept(text: str, value: str) -> None:
    assert value in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("当场查获同车人员黄建超身份证号411381200007146538手机19931526067", "黄建超"),
        ("另有买主赵一婷电话19195603873在场。", "赵一婷"),
        ("调查期间，村党支部书记刘磊到场指认界址。", "刘磊"),
    ],
)
def test_round6_set_m_persons_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


def test_round6_a_brigade_chief_approving_is_an_officer() -> None:
    assert "赵强" in redact("经大队长赵强审批。").redacted


# ---------------------------------------------------------------------- round 6 (set L studied)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("洋辉称该车当晚由调度员小娟电话（19197245850）安排出车。登记所有人为扈桂娟。", "小娟"),
        ("现查明：颂猜·翁沙瓦持访问签证入境，签证有效期至2025年2月7日。", "翁沙瓦"),
        (
            "主持人：现在核对身份。澹台福，你的职务？\n澹台福：我是副总经理。\n主持人：澹台福，你还有什么意见？\n",
            "澹台福",
        ),
        ("对严俊、马慧琳、笪颖兰各处行政拘留五日。", "笪颖兰"),
        ("经理陈莉怡安排使用，莉怡则陈述公司不知道需要检定。", "莉怡"),
        ("当事人王志军，男。\n志军，请在收到本决定书后五个工作日内到本局领取。", "志军"),
        ("你的送达地址：义乌市稠城街道丽水公寓B座704；联系电话：135-3017-2408。", "丽水公寓"),
        ("先后接到周边居民谯涛伟（宝安区解放路232号，13711946320）的投诉。", "解放路232号"),
        ("周庆明　18541289523　于都县贡江镇后王村民委员会第一村民小组　购买5袋\n", "后王村"),
        ("在李宇国家中（临泉县瓦店镇兴隆村民委员会第八村民小组），以斗地主方式赌博。", "兴隆村"),
    ],
)
def test_round6_set_l_persons_and_homes_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("经查登记所有人为扈桂娟。", "登记"),  # 经查 is "on inquiry", not the surname 查
        ("执法人员：严彤凤（4165885460）张福生（4195522047）\n2025年5月6日\n", "张福生"),
        ("执法人员：杨彤静 渝716543；覃亮刚 渝474629\n", "覃亮刚"),
        ("我局专卖管理人员戴凤婷（14072824320）在当事人经营场所检查。", "14072824320"),
        ("机关负责人审批意见：同意按承办机构意见处理。签名：朱怡瑶　2025年4月30日\n", "朱怡瑶"),
        (
            "投诉从江县家和手机店（经营者蔺宝，地址从江县洛香镇学府路451号）销售的手机。",
            "学府路451号",
        ),
        ("邓州市构林镇宋家庄村后街82号", "构林镇"),
    ],
)
def test_round6_set_l_public_kept(text: str, value: str) -> None:
    assert value in redact(text).redacted


def test_round6_a_party_signature_stays_a_person() -> None:
    assert "朱怡瑶" not in redact("当事人意见：无异议。签名：朱怡瑶　2025年4月30日\n").redacted


@pytest.mark.parametrize(
    ("name", "names", "addresses", "public"),
    [
        # M unseen (detector of e3d4298): names 671/683 (98.2 %), addresses 140/167 (83.8 %),
        # phones 326/329, other numbers all, public items wrongly masked 27/1526 (1.8 %).
        ("heldout_m", 675, 167, 3),
        # L unseen (detector of d5dc7e0): names 570/602 (94.7 %), addresses 197/206 (95.6 %),
        # every number kind all, public items wrongly masked 12/1156 (1.0 %).
        ("heldout_l", 591, 204, 2),
        # N unseen (detector of c7f9136): names 614/651 (94.3 %), addresses 162/185 (87.6 %),
        # every number kind all, public items wrongly masked 21/1538 (1.4 %).
        ("heldout_n", 630, 179, 9),
        # O unseen (detector of c7f9136): names 609/632 (96.4 %), addresses 173/185 (93.5 %),
        # plates 66/68, other numbers all, public items wrongly masked 20/1231 (1.6 %).
        ("heldout_o", 614, 181, 11),
        # P unseen (detector of 6106d79): names 602/624 (96.5 %), addresses 165/185 (89.2 %),
        # bank accounts 53/55, passports 16/17, public items wrongly masked 20/1496 (1.3 %).
        ("heldout_p", 602, 182, 6),
        # Q unseen (detector of 6106d79): names 669/698 (95.8 %), addresses 203/212 (95.8 %),
        # passports 18/19, other numbers all, public items wrongly masked 8/1398 (0.6 %).
        ("heldout_q", 669, 210, 4),
        # R unseen (detector of 8ebece1): names 587/612 (95.9 %), addresses 179/188 (95.2 %),
        # every number kind all, public items wrongly masked 7/1395 (0.5 %).
        ("heldout_r", 589, 186, 7),
    ],
)
def test_heldout_l_to_q_tuned_on_in_round_6(
    name: str, names: int, addresses: int, public: int
) -> None:
    """Sets L to Q were written for round 6 by other authors who never saw the detector,
    measured once unseen (figures above, docs/redaction.md), then tuned on. A no-regression
    floor at the figures after tuning, not a quality claim."""
    ev = evaluate(load_corpus(CORPUS_DIR / f"{name}.txt"))
    for kind in ("id_number", "bank_account", "plate", "email", "passport"):
        assert ev.kinds[kind].recall == 1.0, kind
    assert ev.kinds["phone"].recall == 1.0
    assert ev.kinds["person_name"].masked >= names
    assert ev.kinds["address_detail"].masked >= addresses
    assert ev.public_wrongly_masked <= public


def test_round6_a_landline_extension_written_zhuan_fenji_is_masked() -> None:
    assert "2515" not in redact("联系电话：022-31888264转分机2515\n").redacted


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        # every name inside the detail becomes XX; unit words and the village's level stay
        ("中山路317号怡景苑3幢1306室", "XXXX号XXXX幢XX室"),
        ("大柳树村四组37号", "XX村XX组XX号"),
        ("联盟村委会五组", "XX村委会XX组"),
        ("和平路50号附5号", "XXXX号附XX号"),
        ("503室", "XX室"),
        ("河西村", "XX村"),
    ],
)
def test_round6_an_address_detail_keeps_no_name(value: str, masked: str) -> None:
    assert mask_address_detail(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("河北省辛集市旧城镇王口村", "河北省辛集市旧城镇XX村"),
        ("四川省达州市渠县土溪镇大柳树村四组37号", "四川省达州市渠县土溪镇XX村XX组XX号"),
        ("浙江省杭州市西湖区", "浙江省杭州市西湖区"),  # levels only: nothing private
    ],
)
def test_round6_an_address_field_masks_below_the_town(value: str, masked: str) -> None:
    assert mask_address(value) == masked


@pytest.mark.parametrize(
    ("text", "value", "masked"),
    [
        ("2. 会计温暖兼任食品安全管理员，无培训记录；", "温暖", True),
        ("项目经理文静提供了房屋原始图纸。", "文静", True),
        ("会计发现账目不符。", "发现", False),  # a verb after the role word is no name
        ("店员热情接待了执法人员。", "热情", False),
    ],
)
def test_round6_a_role_word_a_word_name_and_a_verb(text: str, value: str, masked: bool) -> None:
    assert (value not in redact(text).redacted) is masked


# ---------------------------------------------------------------------- round 6 (sets N and O studied)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "或选择邮寄送达至义乌市稠城街道紫荆花园21幢901室（收件人何淑珍，15158107922）。",
            "紫荆花园",
        ),
        ("登记所有人贺保轩，住重庆市万州区分水镇西沟社区东岗9组，电话133-8034-0369", "东岗9组"),
        ("身份证号码：210213198712173435\n住　　址：拥政街道东岗村委会郭家洼组\n", "郭家洼"),
        ("其车辆渝FWAL2E当时由其邻居驾驶。", "WAL2E"),
        (
            "序号｜当事人名称｜统一社会信用代码/身份证号｜住所/经营场所｜违法行为类型\n"
            "3｜陈敬友｜339004********4893｜瑞安市锦湖街道振兴大道421号世纪新城26栋2单元2103｜经营过期食品\n",
            "世纪新城",
        ),
        (
            "当事人：涞水县家家乐副食店\n经营场所：涞水县涞水镇南关街18号\n经营者：穆世\n"
            "身份证号码：130623199804239357\n住所：永阳镇南张桥村八组57号\n",
            "南张桥村",
        ),
        (
            "房号　承租人　身份证号　电话\n4号楼1202室　贾琳琰　412726198604028298　19576620675\n11-2-104　黄婕　411625200306276872　151-08930771\n",
            "4号楼",
        ),
    ],
)
def test_round6_set_n_and_o_homes_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "序号｜当事人名称｜统一社会信用代码/身份证号｜住所/经营场所｜违法行为类型\n"
            "2｜王琰咏烧烤店｜923303813444W2FL1C｜瑞安市安阳街道新华街50号｜未取得许可\n",
            "新华街50号",
        ),
        ("文件编号川AWXYZ1已归档。", "川AWXYZ1"),  # one digit, no vehicle word: no plate
    ],
)
def test_round6_set_n_and_o_public_kept(text: str, value: str) -> None:
    assert value in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("被处罚人：皇甫政，男，1981年7月生。", "皇甫政"),  # 政 can be a given name
        ("检查发现消防控制室值班人员张亨思（电话15384731134）不在岗。", "张亨思"),
        ("迪丽娜尔称工钱由他人按天结算。", "迪丽娜尔"),
        ("聘用曾荷刚、禤炎豪担任授课教师。", "禤炎豪"),
    ],
)
def test_round6_set_n_and_o_persons_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("可以向政府申请行政复议，或由政府统一安排。", "向政府"),
        ("2025年8月28日，我局丛纨琰、刘嘉环、王伟友对当事人进行专项检查。", "刘嘉环"),
        ("并指派四开市场监督管理所工作人员吴晶于2024年1月11日组织双方调解。", "吴晶"),
        ("见证人：龙保庆（洪善镇司法所工作人员）\n", "龙保庆"),
        ("户名：东莞市非税收入汇缴结算户，账号略。", "东莞市"),
        ("位于南宁市武鸣区府城镇工业大道与解放东路交叉口东北角。", "南宁市"),
        ("当事人应自收到本决定书之日起十五日内缴纳。", "应自收到"),
        ("现查明晋江万家足浴城存在堵塞安全出口的违法行为。", "晋江万家足浴城"),
    ],
)
def test_round6_set_n_and_o_public_kept_2(text: str, value: str) -> None:
    assert value in redact(text).redacted


def test_round6_a_given_name_before_yong_is_masked() -> None:
    text = "当事人柴铁然，男。伐下的木材由铁然用农用车运至加工点出售。"
    assert "铁然" not in redact(text).redacted


# ---------------------------------------------------------------------- round 6 (sets P and Q studied)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("同时联名反映的业主有：\n1. 赵德建，3栋3单元1202，175-9182-3223\n", "3栋3单元1202"),
        ("高唐街道书香门第29栋3单元2202住户金红英（电话15243508827）家中发生闪爆。", "书香门第"),
        ("造成其母谭倩霞、邻居徐强兵（住同单元1301室）轻微烧伤。", "1301"),
        ("雇请欧阳磊、崔军宁、陈斌强（均住后堡村）在柏杨坝镇后堡村山场采伐。", "均住后堡村"),
        ("户籍地黑龙江省绥化市兰西县红光镇槐楼村中心街6号。", "槐楼村"),
        (
            "罚款缴纳：收到本决定书之日起十五日内缴至92312645306779136（户名：正蓝旗财政局）。",
            "92312645306779136",
        ),
        (
            "三名家长均住西乡街道滨江花园，门牌分别为13栋1单元2602、7栋1单元502、7栋2单元703。",
            "7栋2单元703",
        ),
        ("三名家长均住西乡街道滨江花园，门牌分别为13栋1单元2602、7栋1单元502。", "滨江花园"),
        ("住浙江省瑞安市马屿镇高石桥村电话138 5816 9339", "高石桥村"),
        ("俄罗斯国籍，护照号73 9927191，英文名Maria Ivanova。", "9927191"),
    ],
)
def test_round6_set_p_and_q_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("经营场所：西乡街道滨江花园，统一社会信用代码略。", "滨江花园"),
        ("现住本村，系该村村民。", "本村"),
    ],
)
def test_round6_set_p_and_q_public_kept(text: str, value: str) -> None:
    assert value in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "联系电话：0718-2528859\n联系地址：利川市都亭街道长安路166号\n\n利川市林业局\n2025年6月1日\n",
            "长安路166号",
        ),
        (
            "联系人：冯霞凤，电话：0730-7108481；地址：华容县章华镇工业路258号。\n\n华容县综合行政执法局\n",
            "工业路258号",
        ),
        ("地点：宽甸满族自治县宽甸镇工业路179号极速网吧吧台\n", "工业路179号"),
        ("于2025年7月29日15时停靠洱源县茈碧湖镇振兴路53号某玉器店。", "振兴路53号"),
        ("账号：8989140007700122795079；开户行：国家金库密云区支库）。", "国家金库"),
        ("经营靖西市岳圩镇王涛涛废品收购站（经营场所：岳圩镇人民路183号）。", "王涛涛废品收购站"),
    ],
)
def test_round6_set_p_and_q_public_kept_2(text: str, value: str) -> None:
    assert value in redact(text).redacted


def test_round6_a_partys_service_address_above_the_body_stays_private() -> None:
    text = "联系电话：（0797）6074919\n送达地址：江西省瑞金市沙洲坝镇荷塘村委会七组\n瑞金市城市管理局\n"
    assert "荷塘村" not in redact(text).redacted


# ---------------------------------------------------------------------- round 6 (sets R and S studied)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("身份证号532627196807089137（旧证号532627680708913），住", "532627680708913"),
        (
            "1. 冼翠敏，从江县清河镇长江路190号水岸新城17幢2单元603室，电话13994492930，购买6袋",
            "长江路190号",
        ),
        (
            "经营者：郭志\n身份证号码：522731196210168674\n住所：惠水县太平乡新华路11号院9号楼104\n经营场所：惠水县马家乡朝阳路36号\n",
            "新华路11号院",
        ),
        ("申请人：杨杰旺，男，住西城区清河镇红旗村9组45号，身份证号略。", "红旗村"),
    ],
)
def test_round6_set_r_and_s_masked(text: str, value: str) -> None:
    assert value not in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "对当事人的投诉举报（12315登记号3686443685221324），对当事人进行调查。",
            "3686443685221324",
        ),
        ("在阿克苏地区新和县北关街道工农路124号巡查时发现", "阿克苏地区"),
        ("检查地点：文山壮族苗族自治州砚山县黄集镇长江路149号（某建筑公司厂区）", "文山壮族"),
        ("2025年4月24日，我局执法人员张杰、谢兴平约谈了当事人。", "谢兴平"),
        ("如有异议请联系：0938 2614498（蒙玲娜）。\n", "蒙玲娜"),
        ("负责人审批意见｜同意。朱淑颖  2025年5月9日\n当事人确认｜张东虎\n", "朱淑颖"),
        ("执法人员签名：杨健伟（贵A31706）、李悦琴（5205308585）\n", "贵A31706"),
        ("地点：大理白族自治州剑川县长江路298号询问室\n", "长江路298号"),
        ("张琴英等人在陇川县官庄镇杏花村“大凹”小地名采伐杉木22株。", "杏花村"),
    ],
)
def test_round6_set_r_and_s_public_kept(text: str, value: str) -> None:
    assert value in redact(text).redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "当事人：某某五金店\n经营者：谢玉　身份证号：310208195205193465\n住所：周浦镇前进村76号\n",
            "前进村",
        ),
        ("住王团镇白庙村马店组78号，电话175 0689 9599", "马店组"),
        ("培训点另聘有外籍人员彼得·穆勒（Peter Müller，护照号CVLR2Y38Z）担任英语教师。", "Müller"),
    ],
)
def test_round6_set_r_and_s_masked_2(text: str, value: str) -> None:
    assert value not in redact(text).redacted


def test_round6_a_dotted_name_starts_after_the_words_before_it() -> None:
    out = redact("培训点另聘有外籍人员彼得·穆勒（护照号CVLR2Y38Z）担任英语教师。").redacted
    assert out.startswith("培训点另聘有外籍人员")


def test_heldout_s_tuned_on_in_round_6() -> None:
    """Set S, written for round 6 by another author who never saw the detector, measured once
    unseen with the detector of 8ebece1 (names 603/619 = 97.4 %, addresses 184/196 = 93.9 %,
    ID numbers 134/136, passports 10/12, public items wrongly masked 21/1422 = 1.5 %), then
    tuned on. A no-regression floor, not a quality claim; its two missed passports are foreign
    numbers with no cue in a space-separated tenants' table."""
    ev = evaluate(load_corpus(CORPUS_DIR / "heldout_s.txt"))
    for kind in ("id_number", "phone", "bank_account", "plate", "email"):
        assert ev.kinds[kind].recall == 1.0, kind
    assert ev.kinds["person_name"].masked >= 603  # of 619
    assert ev.kinds["address_detail"].masked >= 195  # of 196
    assert ev.public_wrongly_masked <= 6  # of 1422


@pytest.mark.parametrize(
    ("name", "names", "addresses", "public"),
    [
        ("heldout_t", 622, 201, 11),  # of 637 names, 205 addresses, 1177 public items
        ("heldout_u", 651, 182, 15),  # of 680 names, 186 addresses, 1364 public items
    ],
)
def test_heldout_t_and_u_measured_unseen_at_the_end_of_round_6(
    name: str, names: int, addresses: int, public: int
) -> None:
    """Sets T and U: written for round 6 by two more authors who never saw the detector,
    committed before they were measured and measured once with the detector of beee6f9 (the
    last change to the detector in round 6); not tuned on (docs/redaction.md). Every target of
    the acceptance list holds on both: names ≥ 95 %, addresses ≥ 95 %, every number kind
    100 %, public items wrongly masked ≤ 2 %. Floors at the measured figures, so that a later
    change cannot make them worse unnoticed."""
    ev = evaluate(load_corpus(CORPUS_DIR / f"{name}.txt"))
    for kind in ("id_number", "phone", "bank_account", "plate", "email", "passport"):
        assert ev.kinds[kind].recall == 1.0, kind
    assert ev.kinds["person_name"].masked >= names
    assert ev.kinds["address_detail"].masked >= addresses
    assert ev.public_wrongly_masked <= public
    assert ev.kinds["person_name"].recall >= 0.95
    assert ev.kinds["address_detail"].recall >= 0.95
    assert ev.public_wrongly_masked / ev.public_total <= 0.02
