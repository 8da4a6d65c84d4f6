"""Validators, masking, regions and the registry entities."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric

from zhifa.kernel.errors import InvalidInput, NotFound
from zhifa.registry.model import (
    Body,
    BodyLevel,
    Credential,
    CredentialStatus,
    Field,
    LegalStatus,
    Officer,
    OfficerKind,
    RegionLevel,
    Regions,
    mask_id_number,
    mask_name,
    mask_phone,
    validate_id_number,
    validate_region_code,
    validate_uscc,
)

GOOD_USCC = "91110000600037341L"  # the worked example of the stdnum docs
GOOD_ID = "11010519491231002X"  # GB 11643's worked example


def _id_with_check(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


@pytest.fixture(scope="module")
def regions() -> Regions:
    return Regions.load()


# ---------------------------------------------------------------- USCC


def test_uscc_good_and_normalised() -> None:
    assert validate_uscc(GOOD_USCC) == GOOD_USCC
    assert validate_uscc(" 9111 0000-6000 3734 1l ") == GOOD_USCC


@pytest.mark.parametrize(
    "bad",
    [
        "91110000600037341M",  # wrong check character
        "9111000060003734",  # too short
        "9111000060003734IL",  # I is not in the GB 32100 alphabet
        "",
    ],
)
def test_uscc_bad(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_uscc(bad)
    assert caught.value.violations[0].field == "uscc"


def test_uscc_violation_names_the_given_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_uscc("91110000600037341M", "party.uscc")
    assert caught.value.violations[0].field == "party.uscc"


# ---------------------------------------------------------------- ID numbers


def test_id_number_good_and_lowercase_x() -> None:
    assert validate_id_number(GOOD_ID) == GOOD_ID
    assert validate_id_number(GOOD_ID.lower()) == GOOD_ID


def test_id_number_wrong_check_digit() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_id_number(GOOD_ID[:-1] + "1")
    assert "校验码" in caught.value.message_zh
    assert caught.value.violations[0].field == "id_number"


@pytest.mark.parametrize("bad", ["1101051949123100", "11010519491231002XX", "A1010519491231002X"])
def test_id_number_wrong_shape(bad: str) -> None:
    with pytest.raises(InvalidInput):
        validate_id_number(bad)


def test_id_number_birth_date_that_does_not_exist() -> None:
    number = _id_with_check("11010519490230002")  # 30 February
    with pytest.raises(InvalidInput) as caught:
        validate_id_number(number)
    assert "出生日期" in caught.value.message_zh


def test_id_number_birth_date_too_early() -> None:
    with pytest.raises(InvalidInput):
        validate_id_number(_id_with_check("11010518500101002"))


def test_id_number_birth_date_in_the_future() -> None:
    number = _id_with_check("33010620300101002")
    with pytest.raises(InvalidInput):
        validate_id_number(number, on=date(2025, 6, 1))
    assert validate_id_number(number, on=date(2030, 1, 1)) == number


def test_id_number_unknown_province_prefix() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_id_number(_id_with_check("00010519491231002"))
    assert "省级" in caught.value.message_zh


def test_id_number_demo_region_and_old_county_codes_are_accepted() -> None:
    assert validate_id_number(_id_with_check("99010219800101002"))
    # 330103 下城区 was abolished in 2021; numbers issued there stay valid.
    assert validate_id_number(_id_with_check("33010319800101002"))


# ---------------------------------------------------------------- masking


def test_masking() -> None:
    assert mask_id_number("330106199001011234") == "330***********1234"
    assert mask_name("张三丰") == "张**"
    assert mask_name("李四") == "李*"
    assert mask_name("") == ""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("138-1234-5678") == "138****5678"
    assert mask_phone("123") == "***"


# ---------------------------------------------------------------- regions


def test_region_list_contents(regions: Regions) -> None:
    provinces = [r for r in regions if r.level is RegionLevel.PROVINCE and not r.demo]
    assert len(provinces) == 34
    assert {"110000", "330000", "320000", "710000", "810000", "820000"} <= {
        r.code for r in provinces
    }
    zj_cities = [r for r in regions if r.parent == "330000"]
    js_cities = [r for r in regions if r.parent == "320000"]
    assert len(zj_cities) == 11
    assert len(js_cities) == 13
    zj_counties = [r for r in regions if r.parent and r.parent in {c.code for c in zj_cities}]
    js_counties = [r for r in regions if r.parent and r.parent in {c.code for c in js_cities}]
    assert len(zj_counties) == 90
    assert len(js_counties) == 95
    for r in regions:
        assert (r.parent is None) == (r.level is RegionLevel.PROVINCE)


def test_region_names_and_hierarchy(regions: Regions) -> None:
    assert regions.name("330106") == "西湖区"
    assert regions.parent("330106") == "330100"
    assert regions.parent("330000") is None
    assert regions.full_name("330106") == "浙江省杭州市西湖区"
    assert regions.full_name("320583") == "江苏省苏州市昆山市"
    assert regions.ancestors("330106") == ("330100", "330000")
    assert "330113" in regions.children("330100")  # 临平区 (2021)
    with pytest.raises(NotFound):
        regions.name("330103")  # 下城区, abolished 2021


def test_region_contains(regions: Regions) -> None:
    assert regions.contains("330100", "330106")  # a city covers its districts
    assert regions.contains("330000", "330106")
    assert regions.contains("330106", "330106")
    assert not regions.contains("330106", "330100")
    assert not regions.contains("320000", "330106")
    assert not regions.contains("330100", "999999")


def test_demo_region_is_marked_and_cannot_clash(regions: Regions) -> None:
    demo = [r for r in regions if r.demo]
    assert {r.code for r in demo} == {"990000", "990100", "990102", "990103", "990121"}
    assert all(r.code.startswith("99") and "示例" in r.name for r in demo)
    assert regions.contains("990100", "990103")


def test_validate_region_code(regions: Regions) -> None:
    assert validate_region_code(" 330106 ", regions) == "330106"
    for bad in ("33010", "33O106", "330101", "330103"):
        with pytest.raises(InvalidInput) as caught:
            validate_region_code(bad, regions)
        assert caught.value.violations[0].field == "region_code"


# ---------------------------------------------------------------- entities


def test_credential_refuses_end_before_start() -> None:
    with pytest.raises(InvalidInput) as caught:
        Credential(
            number="X1",
            officer_id="o1",
            fields=frozenset({Field.TRANSPORT}),
            region_codes=frozenset({"330106"}),
            valid_from=date(2025, 1, 2),
            valid_to=date(2025, 1, 1),
        )
    assert [v.field for v in caught.value.violations] == ["valid_to"]


def test_credential_status_on() -> None:
    cred = Credential(
        number="X1",
        officer_id="o1",
        fields=frozenset({Field.TRANSPORT}),
        region_codes=frozenset({"330106"}),
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    assert cred.status_on(date(2025, 12, 31)) is CredentialStatus.VALID
    assert cred.status_on(date(2026, 1, 1)) is CredentialStatus.EXPIRED
    assert not cred.in_force_on(date(2024, 12, 31))
    suspended = Credential(**{**cred.__dict__, "status": CredentialStatus.SUSPENDED})
    assert suspended.status_on(date(2026, 1, 1)) is CredentialStatus.SUSPENDED


def test_entrusted_body_needs_entrusting_body_and_scope() -> None:
    with pytest.raises(InvalidInput) as caught:
        Body(
            id="b9",
            name="某街道综合执法队",
            uscc=GOOD_USCC,
            region_code="330106",
            level=BodyLevel.TOWNSHIP,
            legal_status=LegalStatus.ENTRUSTED,
            fields=frozenset({Field.URBAN_MANAGEMENT}),
        )
    assert {v.field for v in caught.value.violations} == {"entrusting_body_id", "entrusted_scope"}


def test_body_checks_uscc_and_statutory_body_has_no_entrustment() -> None:
    with pytest.raises(InvalidInput):
        Body("b1", "某局", "91110000600037341M", "330106", BodyLevel.COUNTY,
             LegalStatus.STATUTORY, frozenset({Field.TRANSPORT}))  # fmt: skip
    with pytest.raises(InvalidInput):
        Body("b1", "某局", GOOD_USCC, "330106", BodyLevel.COUNTY, LegalStatus.STATUTORY,
             frozenset({Field.TRANSPORT}), entrusting_body_id="b0")  # fmt: skip


def test_officer_validates_id_number() -> None:
    with pytest.raises(InvalidInput):
        Officer("o1", "张三", GOOD_ID[:-1] + "1", "b1", OfficerKind.OFFICER)
    officer = Officer("o1", "张三", GOOD_ID.lower(), "b1", OfficerKind.AUXILIARY)
    assert officer.id_number == GOOD_ID
    assert officer.kind.label_zh == "辅助人员"


def test_enum_labels() -> None:
    assert LegalStatus.ENTRUSTED.label_zh == "受委托组织"
    assert OfficerKind.GRID_WORKER.label_zh == "网格员"
    assert CredentialStatus.REVOKED.label_zh == "注销"
    assert BodyLevel.TOWNSHIP.label_zh.startswith("乡镇")
    assert all(f.label_zh for f in Field)
    assert Field("market_regulation").label_zh == "市场监管"
