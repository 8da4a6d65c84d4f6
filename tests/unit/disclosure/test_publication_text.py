"""事后公开, the pure part: deadlines across holidays, the public text and its redaction,
refusals, and the search query's normalisation and escaping."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from zhifa.cases.services import CalendarEnv
from zhifa.disclosure.publication import (
    category_of,
    check_reason,
    compose_text,
    known_values,
    leaks,
    publication_due,
    withdrawal_due,
)
from zhifa.disclosure.search import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    fts_literal,
    like_pattern,
    parse_query,
)
from zhifa.kernel.errors import InvalidInput

ENV = CalendarEnv()


# ---------------------------------------------------------------------------- deadlines


def test_penalty_served_before_national_day_2025_is_due_after_the_holiday() -> None:
    # Served Monday 29 September 2025. 国庆节、中秋节 1–8 October are rest days; Saturday
    # 11 October is a 调休 working day. Seven working days: 30 Sep, 9, 10, 11, 13, 14, 15 Oct.
    due, citation = publication_due(ENV, "penalty_licensing", date(2025, 9, 29))
    assert due == date(2025, 10, 15)
    assert "国办发〔2018〕118号" in citation


def test_other_decision_gets_twenty_working_days_across_national_day() -> None:
    due, _ = publication_due(ENV, "other", date(2025, 9, 29))
    assert due == date(2025, 11, 3)


def test_penalty_due_on_an_ordinary_week() -> None:
    # Monday 2 March 2026: seven working days end Wednesday 11 March (no holiday between).
    assert publication_due(ENV, "penalty_licensing", date(2026, 3, 2))[0] == date(2026, 3, 11)


@pytest.mark.parametrize(
    ("changed_on", "due"),
    [
        # Thursday 12 Feb 2026: Fri 13 (1), Saturday 14 is a 调休 working day (2), then
        # 春节 15–23 February, Tuesday 24 (3).
        (date(2026, 2, 12), date(2026, 2, 24)),
        (date(2026, 2, 13), date(2026, 2, 25)),
        # Changed on a holiday: counting starts after it.
        (date(2026, 2, 17), date(2026, 2, 26)),
    ],
)
def test_withdrawal_within_three_working_days_across_spring_festival_2026(
    changed_on: date, due: date
) -> None:
    found, citation = withdrawal_due(ENV, changed_on)
    assert found == due
    assert "第四十八条" in citation


def test_categories() -> None:
    assert category_of("penalty", ("fine",)) == "penalty_licensing"
    assert category_of("licensing", ("fine",)) == "penalty_licensing"
    assert category_of("penalty", ()) == "other"  # 不予行政处罚
    assert category_of("coercion", ("fine",)) == "other"


def test_unknown_category_refused() -> None:
    with pytest.raises(ValueError, match="category"):
        publication_due(ENV, "licensing", date(2026, 3, 2))


# ---------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("reason", [None, "", "   ", "撤销"])
def test_withdrawal_without_a_reason_is_refused(reason: str | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_reason(reason)
    assert refused.value.article == 5
    assert "第四十八条" in refused.value.basis
    assert refused.value.violations[0].field == "reason"


def test_reason_is_kept_trimmed() -> None:
    assert check_reason("  经行政复议决定撤销。 ") == "经行政复议决定撤销。"


# ---------------------------------------------------------------------------- the text


def _decision(party: dict[str, Any], facts: str, kind: str = "penalty_decision") -> dict[str, Any]:
    doc: dict[str, Any] = {
        "kind": kind,
        "number": "示市监罚〔2026〕9号",
        "body": {"name": "示例市市场监督管理局", "code": "11990100MB0000001X"},
        "date": "2026-03-20",
        "party": party,
        "facts": facts,
        "violated": ["《中华人民共和国广告法》第八条"],
        "basis": ["《中华人民共和国广告法》第五十九条第一款第（一）项"],
        "remedy": {
            "reconsideration_body": "示例市人民政府",
            "reconsideration_days": 60,
            "litigation_court": "示例市东城区人民法院",
            "litigation_months": 6,
        },
        "payment": {"manner": "到指定的银行缴纳罚款", "deadline_days": 15},
    }
    if kind == "penalty_decision":
        doc |= {
            "discretion": "情节一般，适用一般处罚。",
            "penalties": [{"kind": "fine", "amount_fen": 100000}, {"kind": "warning"}],
        }
    else:
        doc |= {"fine_fen": 5000, "place": "浙江省杭州市西湖区文三路12号3幢"}
    return doc


PERSON = {
    "kind": "natural_person",
    "name": "张三丰",
    "id_kind": "resident_id",
    "id_number": "330106199001011233",
    "address": "浙江省杭州市西湖区文三路12号3幢2单元501室",
    "phone": "13812345678",
}


def test_natural_person_is_masked_and_organisation_is_not() -> None:
    facts = (
        "当事人张三丰（身份证号330106199001011233，电话13812345678）在其住所"
        "浙江省杭州市西湖区文三路12号3幢2单元501室发布违法广告。执法人员王建国现场检查。"
    )
    public = compose_text(_decision(PERSON, facts), matter_name="发布违法广告")
    assert public.party_label == "张某某"
    for value in ("张三丰", "330106199001011233", "13812345678", "12号3幢2单元501室"):
        assert value not in public.text
    assert "当事人：张某某" in public.text
    assert "王建国" in public.text  # officers' names are public
    assert "示市监罚〔2026〕9号" in public.text
    assert "罚款¥1,000.00；警告" in public.text
    assert "2026年3月20日" in public.text
    assert public.text.startswith("示例市市场监督管理局\n行政处罚决定书（公开版）")
    assert public.counts()["id_number"] == 1
    assert public.counts()["person_name"] >= 2  # the party field and the facts
    assert not leaks(public.text, known_values(PERSON))

    org = {
        "kind": "legal_person",
        "name": "示例市味美餐饮管理有限公司",
        "id_kind": "uscc",
        "id_number": "91990100MA0000001X",
        "address": "示例市东城区幸福路1号",
        "phone": "0571-88001234",
    }
    public = compose_text(_decision(org, "当事人在店内发布违法广告。"), matter_name="广告")
    assert public.party_label == "示例市味美餐饮管理有限公司"
    assert "当事人：示例市味美餐饮管理有限公司" in public.text
    assert "统一社会信用代码：91990100MA0000001X" in public.text
    assert "幸福路1号" not in public.text  # an address is not part of the 公开版


def test_pieces_line_up_with_both_texts() -> None:
    facts = "当事人张三丰，电话13812345678，在文三路12号3幢经营。"
    public = compose_text(_decision(PERSON, facts, "summary_decision"), matter_name="广告")
    assert "".join(t for t, _ in public.pieces("original")) == public.original
    assert "".join(t for t, _ in public.pieces("public")) == public.text
    for m in public.masks:
        assert public.text[m.out_start : m.out_end] == m.replacement
        assert public.original[m.start : m.end] != m.replacement
    assert "13812345678" in public.original
    assert "当场行政处罚决定书（公开版）" in public.text
    assert "违法地点：" in public.text
    assert "12号3幢" not in public.text


def test_a_known_value_the_detector_would_miss_is_still_masked() -> None:
    # A rare given name after an unusual cue, and a phone with separators.
    party = {**PERSON, "name": "禤彧", "phone": "138-1234-5678"}
    facts = "经查，禤彧于店内销售，联系138-1234-5678。"
    public = compose_text(_decision(party, facts), matter_name="广告")
    assert "禤彧" not in public.text
    assert "138-1234-5678" not in public.text
    assert not leaks(public.text, known_values(party))


def test_leak_check_names_kinds_not_values() -> None:
    found = leaks("联系电话13812345678", known_values(PERSON))
    assert found == ["phone"]


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁亮鑫"


@st.composite
def people(draw: st.DrawFn) -> dict[str, Any]:
    surname = draw(st.sampled_from(_SURNAMES))
    given = draw(st.text(alphabet=_GIVEN, min_size=1, max_size=2))
    region = draw(st.sampled_from(["330106", "110101", "440305", "510104", "320102"]))
    born = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31)))
    serial = draw(st.integers(min_value=0, max_value=999))
    body = f"{region}{born:%Y%m%d}{serial:03d}"
    phone = (
        "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))
    )
    road = draw(st.sampled_from(["文三路", "解放路", "人民大道", "中山北路", "建设街"]))
    n, b, u, r = (draw(st.integers(min_value=1, max_value=k)) for k in (999, 40, 9, 2999))
    return {
        "kind": "natural_person",
        "name": surname + given,
        "id_kind": "resident_id",
        "id_number": body + ric.calc_check_digit(body),
        "phone": phone,
        "address": f"浙江省杭州市西湖区{road}{n}号{b}幢{u}单元{r}室",
        "detail": f"{n}号{b}幢{u}单元{r}室",
    }


_TEMPLATES = [
    "当事人{name}（身份证号码：{id}）于2025年5月3日在{address}销售过期食品，联系电话{phone}。",
    "经查，{name}，住{address}，公民身份号码{id}，手机{phone}，擅自占道经营。",
    "{name}承认违法事实。电话：{phone}；身份证：{id}。现住址：{address}。",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=people(), template=st.sampled_from(_TEMPLATES))
def test_property_no_personal_value_of_the_party_survives(
    person: dict[str, Any], template: str
) -> None:
    facts = template.format(
        name=person["name"],
        id=person["id_number"],
        address=person["address"],
        phone=person["phone"],
    )
    party = {k: v for k, v in person.items() if k != "detail"}
    public = compose_text(_decision(party, facts), matter_name="违法经营")
    for value in (person["id_number"], person["phone"], person["address"], person["detail"]):
        assert value not in public.text
    assert person["name"] not in public.text
    assert public.party_label.startswith(person["name"][0])
    assert not leaks(public.text, known_values(party))


# ---------------------------------------------------------------------------- search input


def test_a_10000_character_query_is_cut_with_a_notice() -> None:
    q = parse_query("价" * 10_000)
    assert len(q.text) == MAX_QUERY_CHARS
    assert q.truncated_from == 10_000
    assert "搜索词过长" in q.notice_zh


def test_query_terms_are_normalised_deduplicated_and_capped() -> None:
    q = parse_query("　ＡＢＣ１２３\x00 价格法\t价格法 " + " ".join(f"t{i}" for i in range(20)))
    assert q.terms[:2] == ("ABC123", "价格法")
    assert len(q.terms) == MAX_TERMS
    assert q.dropped_terms > 0
    assert parse_query(None).terms == ()


@pytest.mark.parametrize(
    ("term", "literal"),
    [
        ('a"b', '"a""b"'),
        ("NEAR(a", '"NEAR(a"'),
        ("*^:", '"*^:"'),
        ("OR", '"OR"'),
    ],
)
def test_fts_terms_are_string_literals(term: str, literal: str) -> None:
    assert fts_literal(term) == literal


def test_like_wildcards_are_escaped() -> None:
    assert like_pattern("50%_\\") == "%50\\%\\_\\\\%"
