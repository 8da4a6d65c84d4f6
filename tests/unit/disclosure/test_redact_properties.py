"""Property tests: generated personal data of every kind, embedded in decision sentences with
random surrounding text, is masked with exact offsets; the public items beside it survive."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from zhifa.disclosure.redact import redact
from zhifa.disclosure.redaction_detect import luhn_ok

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "皇甫", "慕容", "令狐", "尉迟", "东方", "公孙"]
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国晓红海燕志文春玉兰凤林斌波辉鹏宇浩凯佳琳欣怡俊雪梅"
)
PROVINCE_PLATES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
# Filler: ordinary words of a decision, no personal data, no digits.
FILLER = st.text(
    alphabet="经查本机关依法对该案进行了调查取证现场检查情况属实予以认定。，", max_size=12
)
REGIONS = ["330106", "330102", "110105", "440305", "510104", "320583", "990102"]


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(REGIONS))
    born = date(1930, 1, 1) + timedelta(days=draw(st.integers(0, 365 * 90)))
    seq = draw(st.integers(0, 999))
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


@st.composite
def old_id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(REGIONS[:-1]))
    born = date(1930, 1, 1) + timedelta(days=draw(st.integers(0, 365 * 60)))
    return f"{region}{born:%y%m%d}{draw(st.integers(0, 999)):03d}"


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    digits = (
        "1"
        + draw(st.sampled_from("3456789"))
        + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))
    )
    style = draw(st.integers(0, 4))
    if style == 1:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if style == 2:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if style == 3:
        return f"+86 {digits}"
    if style == 4:
        return f"+86-{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    return digits


@st.composite
def landlines(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["010", "021", "0571", "0574", "0755", "028", "0579"]))
    n = draw(st.sampled_from([7, 8]))
    local = draw(st.sampled_from("2345678")) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=n - 1, max_size=n - 1))
    )
    style = draw(st.integers(0, 3))
    if style == 1:
        return f"({area}){local[:-4]} {local[-4:]}"
    if style == 2:
        return f"{area}-{local}转{draw(st.integers(1, 9999))}"
    if style == 3:
        return f"（{area}）{local}"
    return f"{area}-{local}"


@st.composite
def bank_cards(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["622202", "621700", "622848", "623668", "436742", "518710"]))
    length = draw(st.sampled_from([16, 19]))
    body = prefix + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=length - 7, max_size=length - 7))
    )
    check = next(d for d in "0123456789" if luhn_ok(body + d))
    number = body + check
    if draw(st.booleans()):
        return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    return number


@st.composite
def plates(draw: st.DrawFn) -> str:
    prov = draw(st.sampled_from(PROVINCE_PLATES))
    letter = draw(st.sampled_from(PLATE_LETTERS))
    sep = draw(st.sampled_from(["", "·", " "]))
    style = draw(st.integers(0, 2))
    digits = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=4, max_size=4)))
    if style == 0:  # ordinary: 5 characters, up to one letter
        tail = digits + draw(st.sampled_from("0123456789ABCDEFGHJK"))
    elif style == 1:  # new energy: D/F then 5 digits
        tail = draw(st.sampled_from("DF")) + digits + draw(st.sampled_from("0123456789"))
    else:  # trailer, learner, police, Hong Kong / Macau
        tail = digits + draw(st.sampled_from("挂学警港澳领"))
    return prov + letter + sep + tail


EMAILS = st.builds(
    lambda user, host, tld: f"{user}@{host}.{tld}",
    st.from_regex(r"[a-z][a-z0-9._]{2,12}[a-z0-9]", fullmatch=True),
    st.sampled_from(["qq", "163", "126", "sina", "gmail", "example", "mail.zj"]),
    st.sampled_from(["com", "cn", "com.cn", "net"]),
)
PASSPORTS = st.one_of(
    st.from_regex(r"E[0-9]{8}", fullmatch=True),
    st.from_regex(r"E[A-HJ-NP-Z][0-9]{7}", fullmatch=True),
    st.from_regex(r"G[0-9]{8}", fullmatch=True),
)


@st.composite
def names(draw: st.DrawFn) -> tuple[str, str]:
    """(name, expected mask)."""
    if draw(st.integers(0, 5)) == 0:
        surname = draw(st.sampled_from(COMPOUND))
    else:
        surname = draw(st.sampled_from(SURNAMES))
    given = "".join(draw(st.lists(st.sampled_from(GIVEN), min_size=1, max_size=2)))
    return surname + given, surname + ("某" if len(given) == 1 else "某某")


@st.composite
def addresses(draw: st.DrawFn) -> tuple[str, str]:
    """(place part that stays, detailed part that is masked)."""
    city = draw(
        st.sampled_from(["杭州市西湖区", "宁波市鄞州区", "温州市鹿城区", "浙江省嘉兴市南湖区"])
    )
    if draw(st.booleans()):
        road = draw(st.sampled_from(["文三路", "天目山路", "学院路", "解放东路", "中山北路"]))
        no = draw(st.integers(1, 999))
        detail = f"{no}号"
        if draw(st.booleans()):
            detail += f"{draw(st.integers(1, 30))}幢"
            if draw(st.booleans()):
                detail += f"{draw(st.integers(1, 6))}单元"
            detail += f"{draw(st.integers(1, 30))}0{draw(st.integers(1, 9))}室"
        return city, road + detail  # the road names the home and goes with the number
    town = draw(st.sampled_from(["三墩镇", "塘栖镇", "藤桥镇", "余杭街道"]))
    village = draw(st.sampled_from(["光明村", "丁河村", "新华村", "上戍村"]))
    group = draw(st.sampled_from(["3组", "十二组", "五组", "1组"]))
    # the village and its group find a rural home: they go with the number
    return city + town, f"{village}{group}{draw(st.integers(1, 200))}号"


@st.composite
def public_items(draw: st.DrawFn) -> list[str]:
    base = f"91330106{draw(st.from_regex(r'[0-9A-HJ-NP-RTUW-Y]{9}', fullmatch=True))}"
    code = base + uscc.calc_check_digit(base + "0")
    year = draw(st.integers(2015, 2026))
    return [
        f"统一社会信用代码{code}",
        f"杭西市监罚〔{year}〕{draw(st.integers(1, 9999))}号",
        "《中华人民共和国食品安全法》第一百二十四条第一款第（三）项",
        f"罚款人民币{draw(st.integers(100, 2_000_000))}元",
        f"{year}年{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日",
        "杭州市西湖区市场监督管理局",
        f"执法证号：3301002023{draw(st.integers(1000, 9999))}",
    ]


def check_masked(sentence: str, value: str, start: int, kind: str) -> None:
    r = redact(sentence)
    spans = [s for s in r.spans if s.start <= start and start + len(value) <= s.end]
    assert spans, f"{kind} not masked in {sentence!r}: {r.spans}"
    assert spans[0].kind == kind
    assert sentence[spans[0].start : spans[0].end] == value
    assert value not in spans[0].replacement
    if len(value) >= 6:
        assert value not in r.redacted


def embed(prefix: str, cue: str, value: str, after: str, publics: list[str]) -> tuple[str, int]:
    head = f"{prefix}{cue}"
    return f"{head}{value}{after}{'，'.join(publics)}。", len(head)


@SETTINGS
@given(
    FILLER,
    id_numbers(),
    st.sampled_from(["身份证号", "公民身份号码：", "，", "证件："]),
    public_items(),
)
def test_id_numbers(prefix: str, value: str, cue: str, publics: list[str]) -> None:
    sentence, at = embed(prefix, cue, value, "，", publics)
    check_masked(sentence, value, at, "id_number")
    assert_public(sentence, publics)


@SETTINGS
@given(FILLER, old_id_numbers())
def test_old_id_numbers(prefix: str, value: str) -> None:
    sentence, at = embed(prefix, "身份证号码", value, "。", [])
    check_masked(sentence, value, at, "id_number")


@SETTINGS
@given(
    FILLER,
    st.one_of(mobiles(), landlines()),
    st.sampled_from(["联系电话：", "手机", "，电话", "（"]),
    public_items(),
)
def test_phones(prefix: str, value: str, cue: str, publics: list[str]) -> None:
    sentence, at = embed(prefix, cue, value, "，", publics)
    check_masked(sentence, value, at, "phone")
    assert_public(sentence, publics)


@SETTINGS
@given(
    FILLER, bank_cards(), st.sampled_from(["账号：", "银行卡号", "，", "收款卡"]), public_items()
)
def test_bank_cards(prefix: str, value: str, cue: str, publics: list[str]) -> None:
    sentence, at = embed(prefix, cue, value, "，", publics)
    check_masked(sentence, value, at, "bank_account")
    r = redact(sentence)
    assert r.spans
    assert value[-4:] in r.redacted  # the last four digits stay
    assert_public(sentence, publics)


@SETTINGS
@given(FILLER, plates(), st.sampled_from(["驾驶", "号牌为", "车牌号：", "，"]), public_items())
def test_plates(prefix: str, value: str, cue: str, publics: list[str]) -> None:
    sentence, at = embed(prefix, cue, value, "小型客车，", publics)
    check_masked(sentence, value, at, "plate")
    assert_public(sentence, publics)


@SETTINGS
@given(FILLER, EMAILS, public_items())
def test_emails(prefix: str, value: str, publics: list[str]) -> None:
    sentence, at = embed(prefix, "电子邮箱：", value, "，", publics)
    check_masked(sentence, value, at, "email")
    assert_public(sentence, publics)


@SETTINGS
@given(FILLER, PASSPORTS, st.sampled_from(["护照号码：", "护照", "，持"]))
def test_passports(prefix: str, value: str, cue: str) -> None:
    sentence, at = embed(prefix, cue, value, "，", [])
    check_masked(sentence, value, at, "passport")


@SETTINGS
@given(
    FILLER,
    names(),
    st.sampled_from(
        ["当事人：", "当事人", "经营者：", "法定代表人", "证人", "委托代理人：", "驾驶人", "姓名："]
    ),
    st.sampled_from(["，男，1980年生，", "，女，", "于2025年3月1日", "（身份证号码略）", "。"]),
    public_items(),
)
def test_names(
    prefix: str, name: tuple[str, str], cue: str, after: str, publics: list[str]
) -> None:
    value, mask = name
    sentence, at = embed(prefix + "。", cue, value, after, publics)
    check_masked(sentence, value, at, "person_name")
    assert mask in redact(sentence).redacted
    assert_public(sentence, publics)


@SETTINGS
@given(names(), st.sampled_from(["小吃店", "便利店", "面馆", "水果店", "五金加工厂"]))
def test_trade_name_keeps_the_name_inside(name: tuple[str, str], trade: str) -> None:
    value, mask = name
    shop = f"杭州市西湖区{value}{trade}"
    sentence = f"当事人：{shop}（个体工商户），经营者：{value}，男。经查，{value}于2025年3月经营。"
    r = redact(sentence)
    assert shop in r.redacted
    assert r.redacted.count(mask) == 2


@SETTINGS
@given(addresses(), st.sampled_from(["住址：", "家住", "，住", "户籍地："]), public_items())
def test_addresses(address: tuple[str, str], cue: str, publics: list[str]) -> None:
    place, detail = address
    sentence = f"当事人：王某，男{cue}{place}{detail}，{'，'.join(publics)}。"
    at = sentence.index(place) + len(place)
    check_masked(sentence, detail, at, "address_detail")
    assert place in redact(sentence).redacted  # province … district and town stay
    assert_public(sentence, publics)


def assert_public(sentence: str, publics: list[str]) -> None:
    redacted = redact(sentence).redacted
    for item in publics:
        assert item in redacted, f"public item masked: {item!r} in {redacted!r}"


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_gives_consistent_spans(text: str) -> None:
    r = redact(text)
    pos = 0
    rebuilt = []
    for s in r.spans:
        assert pos <= s.start < s.end <= len(text)
        rebuilt += [text[pos : s.start], s.replacement]
        pos = s.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == r.redacted
