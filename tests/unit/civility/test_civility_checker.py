"""The civility checker (准则第六条): each category, negation, quotation, speakers, context
words, lawful consequences, referrals, offsets."""

from __future__ import annotations

import pytest

from zhifa.civility import Category, Finding, Source, Utterance, check_text, check_transcript
from zhifa.civility.lexicon import load


def cats(text: str) -> set[Category]:
    return {f.category for f in check_text(text)}


def assert_offsets(text: str, findings: list[Finding]) -> None:
    for f in findings:
        assert text[f.start : f.end] == f.text
        assert f.text.strip()
        assert f.explanation_zh
        assert f.suggestion_zh


# ----------------------------------------------------------------------------- categories

CAUGHT = [
    ("你这个蠢货，过期的东西还敢卖？", Category.INSULTING),
    ("你就是个骗子，还装什么老实人。", Category.INSULTING),
    ("有本事你去告啊，我在这儿等着。", Category.PROVOCATIVE),
    ("哟，你还挺懂法啊，那你怎么还卖假货？", Category.PROVOCATIVE),
    ("你这店还想不想开了？", Category.THREATENING),
    ("你试试看！", Category.THREATENING),
    ("有你好看的。", Category.THREATENING),
    ("再不搬就把你的东西全拉走。", Category.THREATENING),
    ("外地人就是事多。", Category.DISCRIMINATORY),
    ("女人懂什么，叫你们老板出来。", Category.DISCRIMINATORY),
    ("这事不归我们管，你爱找谁找谁。", Category.PERFUNCTORY),
    ("不知道，自己看。", Category.PERFUNCTORY),
    ("急什么，等着吧。", Category.PERFUNCTORY),
    ("下班了明天再说。", Category.PERFUNCTORY),
]


@pytest.mark.parametrize(("text", "category"), CAUGHT)
def test_each_category_is_caught(text: str, category: Category) -> None:
    found = check_text(text)
    assert category in {f.category for f in found}, found
    assert_offsets(text, found)


CIVIL = [
    # one civil counterpart per category, worded close to the uncivil one
    "请您配合检查，过期的东西不能再卖了。",  # insulting
    "您有不同意见，可以依法申请行政复议，也可以向12345投诉。",  # provocative
    "请您在三日内办好许可证，逾期未办的，将依据《食品安全法》第一百二十二条依法处理。",  # threatening
    "不论是本地人还是外地人，我们都按同样的标准办理。",  # discriminatory
    "这个事项归住建局管，您可以拨打12345，或者到住建局三楼窗口办理，我把地址写给您。",  # perfunctory
    "您好，我们是市场监管局的执法人员，这是我们的执法证件。",
    "您可以再试试看网上申报，不行的话我们帮您现场办。",
]


@pytest.mark.parametrize("text", CIVIL)
def test_civil_wording_is_left_alone(text: str) -> None:
    assert check_text(text) == []


# ----------------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    "text",
    [
        "我们不会为难您，只要把进货单据补齐就可以。",
        "我们不会罚你，这次主要是宣传。",
        "我不是说您是骗子，只是需要核实。",
        "我们绝不会让你关门，请放心。",
        "我们不会拉黑您，这次只是提醒。",
    ],
)
def test_negated_words_are_civil(text: str) -> None:
    assert check_text(text) == []


def test_rhetorical_negation_is_not_negation() -> None:
    # 不就是…吗 asserts the insult
    assert Category.INSULTING in cats("你不就是个骗子吗？")


def test_a_question_with_是不是_is_not_negation() -> None:
    assert Category.INSULTING in cats("你是不是脑子进水了？")


# ----------------------------------------------------------------------------- quotation


def test_quoted_words_of_the_party_are_not_the_officers() -> None:
    assert check_text("当事人说“你们都是土匪”，我们继续检查。") == []
    assert check_text("刚才有群众喊“打死这个奸商”，这种做法不对。") == []


def test_reported_speech_without_quotes_is_not_the_officers() -> None:
    assert check_text("当事人辱骂执法人员是土匪，执法人员未予理会。") == []


def test_a_scare_quoted_label_on_the_person_addressed_is_the_officers() -> None:
    found = check_text("你就是个“老赖”。")
    assert [f.category for f in found] == [Category.INSULTING]


def test_officers_own_insult_next_to_a_quote_is_still_found() -> None:
    text = "他说“你们是土匪”，你这个蠢货还有脸说？"
    found = check_text(text)
    assert [f.text for f in found] == ["蠢货"]
    assert_offsets(text, found)


# ----------------------------------------------------------------------------- speakers


def test_labelled_transcript_checks_only_the_officer() -> None:
    text = "执法人员：请出示证件。\n当事人：你们这帮土匪，滚！\n执法人员：请您冷静。"
    assert check_text(text) == []
    text2 = "问：你在哪里进的货？\n答：关你屁事，你爱找谁找谁。\n问：急什么，等着吧。"
    found = check_text(text2)
    assert {f.text for f in found} == {"急什么", "等着吧"}
    assert_offsets(text2, found)


def test_labels_on_one_line() -> None:
    text = "问：你在此处摆摊多长时间了？答：关你屁事。问：请您如实回答。"
    assert check_text(text) == []


def test_transcript_api_reports_the_utterance_index() -> None:
    turns = [
        Utterance("officer", "请出示营业执照。"),
        Utterance("party", "你个骗子，滚！"),
        {"speaker": "执法人员", "text": "再不拿出来，信不信我封了你的店？"},
        Utterance("当事人", "你试试看！"),
    ]
    found = check_transcript(turns)
    assert {f.utterance for f in found} == {2}
    text = "再不拿出来，信不信我封了你的店？"
    assert all(text[f.start : f.end] == f.text for f in found)
    assert Category.THREATENING in {f.category for f in found}


def test_the_officer_quoting_the_party_in_a_transcript() -> None:
    found = check_transcript(
        [
            Utterance(
                "执法人员", "你刚才说“你们再来我就跟你们拼命”，这句话我们已经记录，请你控制情绪。"
            )
        ]
    )
    assert found == []


# ----------------------------------------------------------------------------- context words


@pytest.mark.parametrize(
    "text",
    [
        "垃圾分类要做到位，厨余垃圾和其他垃圾请分开投放。",
        "这个垃圾桶是社区的，放在店门口不合适。",
        "按照黑名单制度，严重违法失信的企业才会被列入名单。",
        "危险废物要单独存放，贴好标签。",
        "牲畜生产要注意防疫，定期接种疫苗。",
        "这个饭桶要清洗消毒后才能使用。",
    ],
)
def test_context_words_are_ordinary_vocabulary(text: str) -> None:
    assert check_text(text) == []


def test_the_same_word_aimed_at_a_person_is_an_insult() -> None:
    assert Category.INSULTING in cats("你这个垃圾，说了多少遍还不听。")
    assert Category.INSULTING in cats("你这个畜生。")


@pytest.mark.parametrize(
    "text",
    [
        "逾期不改正的，将依据《中华人民共和国食品安全法》第一百二十六条处以罚款。",
        "如果继续拒不整改，我们将依法处罚。",
        "逾期不缴纳罚款的，本机关将依法申请人民法院强制执行。",
    ],
)
def test_a_lawful_consequence_with_its_basis_is_firm_not_a_threat(text: str) -> None:
    assert check_text(text) == []


def test_the_same_consequence_without_basis_is_a_threat() -> None:
    assert Category.THREATENING in cats("再不整改就罚你。")


def test_a_referral_with_the_right_place_is_not_buck_passing() -> None:
    assert check_text("这个不归我们管，归税务局，您可以拨打12366咨询，我也可以帮您联系。") == []
    assert Category.PERFUNCTORY in cats("这个不归我们管。")


# ----------------------------------------------------------------------------- offsets


def test_offsets_point_into_the_original_text() -> None:
    text = "　您好。\r\n\r\n信不信我今天就把你这店给封了？  你算老几！\n不知道，自己看。"
    found = check_text(text)
    assert len(found) >= 3
    assert_offsets(text, found)
    assert found == sorted(found, key=lambda f: (f.start, f.end))


def test_model_findings_cover_their_sentence() -> None:
    text = "您好。你一个卖假货的还有脸哭穷？"
    found = [f for f in check_text(text) if f.source is Source.MODEL]
    for f in found:
        assert text[f.start : f.end] == f.text


def test_empty_and_blank_text_find_nothing() -> None:
    assert check_text("") == []
    assert check_text(" \n\t") == []


def test_finding_as_dict_is_plain_json() -> None:
    f = check_text("你算老几")[0]
    d = f.as_dict()
    assert d["category"] == "provocative"
    assert d["start"] == 0
    assert d["end"] == 4
    assert "utterance" not in d


# ----------------------------------------------------------------------------- lexicon


def test_every_lexicon_example_is_found_by_its_entry() -> None:
    lex = load()
    missing = []
    for entry in lex.entries:
        assert entry.explanation_zh
        assert entry.suggestion_zh
        for example in entry.examples:
            if not any(f.rule == entry.id for f in check_text(example)):
                missing.append((entry.id, example))
    assert not missing


def test_every_category_has_entries() -> None:
    assert {e.category for e in load().entries} == set(Category)
