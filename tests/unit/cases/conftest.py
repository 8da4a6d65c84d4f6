"""An in-memory ``Env`` for the case model: the shipped parameters, calendar and catalog, and
a small roster whose authorisation is decided by the registry's own pure guard."""

from __future__ import annotations

from datetime import date

import pytest
from tests.unit.cases.factories import (
    BODY,
    CHEN,
    ENTRUSTED_BODY,
    ENTRUSTED_HEAD,
    HE,
    HE2,
    HEAD,
    LI,
    LIU,
    MA,
    MATTER,
    OTHER_BODY,
    OTHER_HEAD,
    OTHER_REGION,
    QIAN,
    QIN,
    REGION,
    SUN,
    WANG,
    WU,
    XU,
    XU2,
    ZHAO,
    ZHOU,
)

from zhifa.cases.model import Env, OfficerInfo
from zhifa.catalog.loader import matter_definitions, matter_from_definition
from zhifa.catalog.model import Matter
from zhifa.catalog.parameters import Parameter, Parameters
from zhifa.deadlines.calendar import WorkingCalendar
from zhifa.kernel.errors import NotFound
from zhifa.registry.authorize import authorize
from zhifa.registry.model import (
    Body,
    BodyLevel,
    Credential,
    CredentialStatus,
    Field,
    LegalStatus,
    Officer,
    OfficerKind,
    Regions,
)

_MR = frozenset({Field.MARKET_REGULATION})


def _body(id_: str, name: str, uscc: str, region: str, **kw: object) -> Body:
    return Body(
        id=id_,
        name=name,
        uscc=uscc,
        region_code=region,
        level=BodyLevel.COUNTY,
        legal_status=kw.pop("legal_status", LegalStatus.STATUTORY),  # type: ignore[arg-type]
        fields=_MR,
        **kw,  # type: ignore[arg-type]
    )


def _officer(
    id_: str,
    name: str,
    *,
    body: str = BODY,
    kind: OfficerKind = OfficerKind.OFFICER,
    reviewer: bool = False,
    qualified: bool = False,
) -> Officer:
    return Officer(
        id=id_,
        name=name,
        id_number=None,
        body_id=body,
        kind=kind,
        legal_qualification=qualified,
        is_legal_reviewer=reviewer,
    )


def _card(
    officer_id: str,
    number: str,
    region: str = REGION,
    to: date = date(2028, 12, 31),
    fields: frozenset[Field] = _MR,
) -> Credential:
    return Credential(
        number=number,
        officer_id=officer_id,
        fields=fields,
        region_codes=frozenset({region}),
        valid_from=date(2024, 1, 1),
        valid_to=to,
        status=CredentialStatus.VALID,
    )


class MemoryEnv:
    """``zhifa.cases.model.Env`` answered from memory.

    * parameters: the shipped ``legal_parameters.yaml``;
    * calendar: the ``chinesecalendar`` package plus the shipped ``holidays.yaml`` (years up
      to 2026 — 2027 is deliberately missing);
    * matters: the shipped catalog, rebuilt from its definitions as the ledger does;
    * people: the roster below; ``authorize`` is the registry's pure ``authorize``.
    """

    def __init__(self) -> None:
        self.params = Parameters.load()
        self.calendar = WorkingCalendar.load()
        self.regions = Regions.load()
        self.matters: dict[str, Matter] = {
            d["code"]: matter_from_definition(d) for d in matter_definitions()
        }
        self.bodies = {
            BODY: _body(BODY, "杭州市西湖区市场监督管理局", "91110000600037341L", REGION),
            OTHER_BODY: _body(
                OTHER_BODY, "杭州市拱墅区市场监督管理局", "91110000600037341L", OTHER_REGION
            ),
            ENTRUSTED_BODY: _body(
                ENTRUSTED_BODY,
                "杭州市西湖区某街道综合执法队（受委托）",
                "91110000600037341L",
                REGION,
                legal_status=LegalStatus.ENTRUSTED,
                entrusting_body_id=BODY,
                entrusted_scope=frozenset({MATTER}),
            ),
        }
        people = [
            _officer(WANG, "王某"),
            _officer(LI, "李某"),
            _officer(ZHOU, "周某"),
            _officer(CHEN, "陈某"),
            _officer(SUN, "孙某", reviewer=True, qualified=True),
            _officer(QIAN, "钱某", reviewer=True, qualified=False),
            _officer(ZHAO, "赵某"),
            _officer(WU, "吴某"),
            _officer(LIU, "刘某", kind=OfficerKind.AUXILIARY),
            _officer(XU, "徐某", body=OTHER_BODY),
            _officer(XU2, "许某", body=OTHER_BODY),
            _officer(MA, "马某"),
            _officer(QIN, "秦某"),
            _officer(HE, "何某", body=ENTRUSTED_BODY),
            _officer(HE2, "贺某", body=ENTRUSTED_BODY),
        ]
        self.people = {p.id: p for p in people}
        self.cards: dict[str, list[Credential]] = {
            WANG: [_card(WANG, "浙A330106001")],
            LI: [_card(LI, "浙A330106002")],
            ZHOU: [_card(ZHOU, "浙A330106003")],
            CHEN: [_card(CHEN, "浙A330106004")],
            SUN: [_card(SUN, "浙A330106005")],
            QIAN: [_card(QIAN, "浙A330106006")],
            ZHAO: [_card(ZHAO, "浙A330106007", to=date(2025, 12, 31))],
            WU: [],
            # An auxiliary may even carry some card: the kind is what refuses them.
            LIU: [_card(LIU, "浙A330106900")],
            XU: [_card(XU, "浙A330105001", region=OTHER_REGION)],
            XU2: [_card(XU2, "浙A330105002", region=OTHER_REGION)],
            MA: [_card(MA, "浙A330106008", fields=frozenset({Field.URBAN_MANAGEMENT}))],
            QIN: [_card(QIN, "浙A330106009", region=OTHER_REGION)],
            HE: [_card(HE, "浙A330106101")],
            HE2: [_card(HE2, "浙A330106102")],
        }
        self.heads = {HEAD: BODY, OTHER_HEAD: OTHER_BODY, ENTRUSTED_HEAD: ENTRUSTED_BODY}

    # -- Env ------------------------------------------------------------------------

    def matter(self, code: str) -> Matter:
        try:
            return self.matters[code]
        except KeyError:
            raise NotFound(f"执法事项 {code} 不存在", f"matter {code} not found") from None

    def param(self, key: str, on: date) -> Parameter:
        return self.params.get(key, on=on)

    def officer(self, officer_id: str) -> OfficerInfo:
        p = self._person(officer_id)
        return OfficerInfo(
            officer_id=p.id,
            name=p.name,
            body_id=p.body_id,
            kind=str(p.kind),
            active=p.active,
            legal_qualification=p.legal_qualification,
            is_legal_reviewer=p.is_legal_reviewer,
        )

    def authorize(
        self, officer_id: str, body_id: str, matter_code: str, region: str, on: date
    ) -> None:
        """As ``DbEnv.authorize``: any one credential that passes the registry guard will do;
        otherwise the refusal for the newest credential (or for having none) is raised."""
        person = self._person(officer_id)
        body = self.bodies[body_id]
        matter = self.matter(matter_code)
        newest_first = sorted(self.cards[officer_id], key=lambda c: c.valid_to, reverse=True)
        candidates: list[Credential | None] = [*newest_first] or [None]
        first: Exception | None = None
        for card in candidates:
            try:
                authorize(person, card, body, matter, region, on, self.regions)
            except Exception as exc:
                first = first or exc
                continue
            return
        assert first is not None
        raise first

    def may_approve(self, approver: str, body_id: str) -> bool:
        """The body's head, or (as ``DbEnv``) an active officer on the body's roster."""
        if approver.startswith("user:"):
            return self.heads.get(approver) == body_id
        p = self.people.get(approver)
        return p is not None and p.body_id == body_id and p.active and p.kind is OfficerKind.OFFICER

    def add_working_days(self, start: date, days: int) -> date:
        return self.calendar.add_working_days(start, days)

    def add_days(self, start: date, days: int) -> date:
        return self.calendar.add_calendar_days(start, days)

    def add_months(self, start: date, months: int) -> date:
        return self.calendar.add_months(start, months)

    def _person(self, officer_id: str) -> Officer:
        try:
            return self.people[officer_id]
        except KeyError:
            raise NotFound(
                f"执法人员 {officer_id} 不存在", f"officer {officer_id} not found"
            ) from None


@pytest.fixture(scope="session")
def env() -> Env:
    built: Env = MemoryEnv()  # mypy checks MemoryEnv against the protocol here
    return built
