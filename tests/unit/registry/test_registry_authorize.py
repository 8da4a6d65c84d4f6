"""authorize: one refused and one lawful case for every refusal reason, and the check order."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from zhifa.catalog.loader import load_catalog
from zhifa.kernel.errors import Forbidden, InvalidInput
from zhifa.registry.authorize import Authorization, NotAuthorized, Refusal, authorize
from zhifa.registry.model import (
    Body,
    BodyLevel,
    BodyStatus,
    Credential,
    CredentialStatus,
    Field,
    LegalStatus,
    Officer,
    OfficerKind,
    Regions,
)

USCC = "91110000600037341L"
ID_NUMBER = "11010519491231002X"
ON = date(2025, 6, 2)
FROM = date(2024, 1, 1)
TO = date(2026, 12, 31)


@dataclass(frozen=True)
class FakeMatter:
    code: str = "MR-FOOD-124-01"
    name: str = "生产经营超过食品安全标准限量的食品"
    field: Field = Field.MARKET_REGULATION
    kind: str = "penalty"


@pytest.fixture(scope="module")
def regions() -> Regions:
    return Regions.load()


def _facts() -> dict[str, Any]:
    """A lawful baseline: a 西湖区 market-regulation officer acting in 西湖区."""
    body = Body(
        id="b1",
        name="杭州市西湖区市场监督管理局",
        uscc=USCC,
        region_code="330106",
        level=BodyLevel.COUNTY,
        legal_status=LegalStatus.STATUTORY,
        fields=frozenset({Field.MARKET_REGULATION}),
    )
    officer = Officer(
        id="o1",
        name="张三",
        id_number=ID_NUMBER,
        body_id="b1",
        kind=OfficerKind.OFFICER,
    )
    credential = Credential(
        number="浙A330106001",
        officer_id="o1",
        fields=frozenset({Field.MARKET_REGULATION}),
        region_codes=frozenset({"330106"}),
        valid_from=FROM,
        valid_to=TO,
    )
    return {
        "officer": officer,
        "credential": credential,
        "body": body,
        "matter": FakeMatter(),
        "region_code": "330106",
        "at": ON,
    }


def _with(**changes: Callable[[Any], Any] | Any) -> dict[str, Any]:
    facts = _facts()
    for name, change in changes.items():
        facts[name] = change(facts[name]) if callable(change) else change
    return facts


def _repl(**kw: Any) -> Callable[[Any], Any]:
    return lambda obj: dataclasses.replace(obj, **kw)


_ENTRUSTED = {
    "legal_status": LegalStatus.ENTRUSTED,
    "entrusting_body_id": "b0",
}

# reason → (refused facts, lawful facts: the same situation put right as the hint says)
CASES: dict[Refusal, tuple[dict[str, Any], dict[str, Any]]] = {
    Refusal.NON_OFFICER_KIND: (
        _with(officer=_repl(kind=OfficerKind.AUXILIARY)),
        _with(officer=_repl(kind=OfficerKind.OFFICER)),
    ),
    Refusal.OFFICER_INACTIVE: (
        _with(officer=_repl(active=False)),
        _with(officer=_repl(active=True)),
    ),
    Refusal.NO_CREDENTIAL: (_with(credential=None), _with()),
    Refusal.CREDENTIAL_NOT_HOLDERS: (
        _with(credential=_repl(officer_id="o2")),
        _with(credential=_repl(officer_id="o1")),
    ),
    Refusal.CREDENTIAL_REVOKED: (
        _with(credential=_repl(status=CredentialStatus.REVOKED)),
        _with(credential=_repl(status=CredentialStatus.VALID)),
    ),
    Refusal.CREDENTIAL_SUSPENDED: (
        _with(credential=_repl(status=CredentialStatus.SUSPENDED)),
        _with(credential=_repl(status=CredentialStatus.VALID)),
    ),
    Refusal.CREDENTIAL_EXPIRED: (
        _with(at=TO + timedelta(days=1)),
        _with(at=TO),  # the last day of validity still counts
    ),
    Refusal.CREDENTIAL_NOT_YET_VALID: (
        _with(at=FROM - timedelta(days=1)),
        _with(at=FROM),
    ),
    Refusal.BODY_DISSOLVED: (
        _with(body=_repl(status=BodyStatus.DISSOLVED)),
        _with(body=_repl(status=BodyStatus.ACTIVE)),
    ),
    Refusal.OFFICER_NOT_OF_BODY: (
        _with(officer=_repl(body_id="b2")),
        _with(officer=_repl(body_id="b1")),
    ),
    Refusal.ENTRUSTMENT_EXCEEDED: (
        _with(body=_repl(**_ENTRUSTED, entrusted_scope=frozenset({"MR-FOOD-126-03"}))),
        _with(
            body=_repl(
                **_ENTRUSTED, entrusted_scope=frozenset({"MR-FOOD-126-03", "MR-FOOD-124-01"})
            )
        ),
    ),
    Refusal.BODY_LACKS_POWER: (
        _with(body=_repl(fields=frozenset({Field.URBAN_MANAGEMENT}))),
        _with(body=_repl(fields=frozenset({Field.URBAN_MANAGEMENT, Field.MARKET_REGULATION}))),
    ),
    Refusal.OUT_OF_BODY_REGION: (
        _with(credential=_repl(region_codes=frozenset({"330100"})), region_code="330105"),
        _with(
            credential=_repl(region_codes=frozenset({"330100"})),
            body=_repl(region_code="330100", level=BodyLevel.CITY),
            region_code="330105",
        ),
    ),
    Refusal.FIELD_NOT_COVERED: (
        _with(credential=_repl(fields=frozenset({Field.URBAN_MANAGEMENT}))),
        _with(
            credential=_repl(fields=frozenset({Field.URBAN_MANAGEMENT, Field.MARKET_REGULATION}))
        ),
    ),
    Refusal.REGION_NOT_COVERED: (
        _with(
            body=_repl(region_code="330100", level=BodyLevel.CITY),
            credential=_repl(region_codes=frozenset({"330105"})),
        ),
        # A credential for the city covers its districts.
        _with(
            body=_repl(region_code="330100", level=BodyLevel.CITY),
            credential=_repl(region_codes=frozenset({"330100"})),
        ),
    ),
}


def test_every_refusal_reason_has_a_case() -> None:
    assert set(CASES) == set(Refusal)


@pytest.mark.parametrize("reason", list(Refusal), ids=str)
def test_refused(reason: Refusal, regions: Regions) -> None:
    refused, _ = CASES[reason]
    with pytest.raises(NotAuthorized) as caught:
        authorize(**refused, regions=regions)
    err = caught.value
    assert err.reason is reason
    assert err.code == "not_authorized"
    assert err.http_status == 403
    assert err.article == 1
    assert isinstance(err, Forbidden)
    assert err.basis.startswith("《")
    assert err.hint_zh
    assert "MR-FOOD-124-01" in err.message_zh
    assert err.diagnostics()["reason"] == reason.value


@pytest.mark.parametrize("reason", list(Refusal), ids=str)
def test_allowed_when_put_right(reason: Refusal, regions: Regions) -> None:
    _, lawful = CASES[reason]
    result = authorize(**lawful, regions=regions)
    assert isinstance(result, Authorization)
    assert result.allowed
    assert result.officer_id == "o1"
    assert result.matter_code == "MR-FOOD-124-01"
    assert result.region_code == lawful["region_code"]
    assert "第四十二条" in result.basis


def test_message_names_officer_credential_and_matter(regions: Regions) -> None:
    with pytest.raises(NotAuthorized) as caught:
        authorize(**CASES[Refusal.CREDENTIAL_SUSPENDED][0], regions=regions)
    msg = caught.value.message_zh
    assert "张三" in msg
    assert "浙A330106001" in msg
    assert "生产经营超过食品安全标准限量的食品" in msg
    assert "暂扣" in msg


def test_non_officer_cites_the_2024_opinion_and_article_42(regions: Regions) -> None:
    with pytest.raises(NotAuthorized) as caught:
        authorize(**_with(officer=_repl(kind=OfficerKind.GRID_WORKER)), regions=regions)
    assert "国办发〔2024〕54号" in caught.value.basis
    assert "行政处罚法》第四十二条" in caught.value.basis
    assert "网格员" in caught.value.message_zh


def test_non_officer_coercion_cites_coercion_law_article_17(regions: Regions) -> None:
    facts = _with(
        officer=_repl(kind=OfficerKind.THIRD_PARTY),
        matter=FakeMatter(code="MR-FOOD-110-04", name="查封、扣押", kind="coercion"),
    )
    with pytest.raises(NotAuthorized) as caught:
        authorize(**facts, regions=regions)
    assert "行政强制法》第十七条" in caught.value.basis


def test_entrusted_organisation_may_not_take_coercive_measures(regions: Regions) -> None:
    matter = FakeMatter(code="MR-FOOD-110-04", name="查封、扣押", kind="coercion")
    scope = frozenset({"MR-FOOD-110-04"})
    facts = _with(body=_repl(**_ENTRUSTED, entrusted_scope=scope), matter=matter)
    with pytest.raises(NotAuthorized) as caught:
        authorize(**facts, regions=regions)
    assert caught.value.reason is Refusal.ENTRUSTMENT_EXCEEDED
    assert "行政强制法》第十七条第一款" in caught.value.basis
    # The statutory body itself may.
    assert authorize(**_with(matter=matter), regions=regions).allowed


def test_kind_is_checked_before_credential(regions: Regions) -> None:
    facts = _with(officer=_repl(kind=OfficerKind.TEMPORARY), credential=None)
    with pytest.raises(NotAuthorized) as caught:
        authorize(**facts, regions=regions)
    assert caught.value.reason is Refusal.NON_OFFICER_KIND


def test_credential_status_is_checked_before_coverage(regions: Regions) -> None:
    facts = _with(credential=_repl(fields=frozenset({Field.TRANSPORT})), at=TO + timedelta(days=30))
    with pytest.raises(NotAuthorized) as caught:
        authorize(**facts, regions=regions)
    assert caught.value.reason is Refusal.CREDENTIAL_EXPIRED


def test_unknown_region_is_an_input_error_not_a_refusal(regions: Regions) -> None:
    with pytest.raises(InvalidInput) as caught:
        authorize(**_with(region_code="330199"), regions=regions)
    assert not isinstance(caught.value, NotAuthorized)
    assert caught.value.violations[0].field == "region_code"


def test_a_catalog_matter_is_accepted_as_is(regions: Regions) -> None:
    matter = load_catalog().get("MR-FOOD-124-01")
    result = authorize(**_with(matter=matter), regions=regions)
    assert result.matter_code == matter.code


def test_demo_region_works_like_a_real_one(regions: Regions) -> None:
    facts = _with(
        body=_repl(region_code="990100", level=BodyLevel.CITY),
        credential=_repl(region_codes=frozenset({"990100"})),
        region_code="990121",
    )
    assert authorize(**facts, regions=regions).region_code == "990121"
