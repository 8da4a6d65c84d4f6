"""May this person, holding this credential, for this body, do this matter here today?

``authorize`` answers with an ``Authorization`` or refuses with ``NotAuthorized`` naming
the reason, the statute and what would make the step lawful (准则第一条: 依法履职,
持证上岗, 不越权执法).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import ClassVar, Protocol

from zhifa.kernel.errors import Forbidden
from zhifa.registry.model import (
    Body,
    Credential,
    CredentialStatus,
    Field,
    LegalStatus,
    Officer,
    OfficerKind,
    Regions,
    validate_region_code,
)

# The statutes, written once.
_CFL = "《中华人民共和国行政处罚法》"
_CCL = "《中华人民共和国行政强制法》"
_GB54 = "《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）"
_CREDENTIAL_RULES = "本省行政执法证件管理办法"

_COERCION = "coercion"
_INSPECTION = "inspection"


class MatterRef(Protocol):
    """What ``authorize`` needs to know about a matter; ``zhifa.catalog.Matter`` is one."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def field(self) -> Field: ...

    @property
    def kind(self) -> str: ...


class Refusal(StrEnum):
    """Why a step was refused, in the order ``authorize`` checks."""

    NON_OFFICER_KIND = "non_officer_kind"
    OFFICER_INACTIVE = "officer_inactive"
    NO_CREDENTIAL = "no_credential"
    CREDENTIAL_NOT_HOLDERS = "credential_not_holders"
    CREDENTIAL_REVOKED = "credential_revoked"
    CREDENTIAL_SUSPENDED = "credential_suspended"
    CREDENTIAL_EXPIRED = "credential_expired"
    CREDENTIAL_NOT_YET_VALID = "credential_not_yet_valid"
    BODY_DISSOLVED = "body_dissolved"
    OFFICER_NOT_OF_BODY = "officer_not_of_body"
    ENTRUSTMENT_EXCEEDED = "entrustment_exceeded"
    BODY_LACKS_POWER = "body_lacks_power"
    OUT_OF_BODY_REGION = "out_of_body_region"
    FIELD_NOT_COVERED = "field_not_covered"
    REGION_NOT_COVERED = "region_not_covered"

    @property
    def label_zh(self) -> str:
        return _REFUSAL_ZH[self]


_REFUSAL_ZH = {
    Refusal.NON_OFFICER_KIND: "非执法人员不得执法",
    Refusal.OFFICER_INACTIVE: "人员已离岗或调离",
    Refusal.NO_CREDENTIAL: "未持执法证",
    Refusal.CREDENTIAL_NOT_HOLDERS: "执法证不属于本人",
    Refusal.CREDENTIAL_REVOKED: "执法证已注销",
    Refusal.CREDENTIAL_SUSPENDED: "执法证已暂扣",
    Refusal.CREDENTIAL_EXPIRED: "执法证已过期",
    Refusal.CREDENTIAL_NOT_YET_VALID: "执法证尚未生效",
    Refusal.BODY_DISSOLVED: "执法主体已撤销",
    Refusal.OFFICER_NOT_OF_BODY: "人员不属于该执法主体",
    Refusal.ENTRUSTMENT_EXCEEDED: "超出委托范围",
    Refusal.BODY_LACKS_POWER: "执法主体无此职权",
    Refusal.OUT_OF_BODY_REGION: "超出执法主体管辖区域",
    Refusal.FIELD_NOT_COVERED: "执法证未载明该执法领域",
    Refusal.REGION_NOT_COVERED: "执法证未载明该执法区域",
}


@dataclass
class NotAuthorized(Forbidden):
    """The person may not take this step; ``reason`` says why (准则第一条)."""

    article: int | None = 1
    reason: Refusal = field(kw_only=True)

    code: ClassVar[str] = "not_authorized"
    http_status: ClassVar[int] = 403

    def diagnostics(self) -> dict[str, object]:
        out = dict(super().diagnostics())
        out["reason"] = str(self.reason)
        return out


@dataclass(frozen=True)
class Authorization:
    """A lawful go-ahead: who acts, for which body, under which credential, where and when."""

    officer_id: str
    body_id: str
    credential_number: str
    matter_code: str
    region_code: str
    on: date
    basis: str
    allowed: bool = True


def authorize(
    officer: Officer,
    credential: Credential | None,
    body: Body,
    matter: MatterRef,
    region_code: str,
    at: date,
    regions: Regions,
) -> Authorization:
    """Allow ``officer`` to carry out ``matter`` for ``body`` in ``region_code`` on ``at``,
    or raise ``NotAuthorized``.

    Order: who the person is (kind, still in post), the credential they show (present,
    theirs, status, dates), the body they act for (exists, theirs, has the power, within
    its entrustment and territory), then whether the credential covers the field and place.
    An unknown ``region_code`` is an input error (``InvalidInput``), not a refusal.
    """
    region_code = validate_region_code(region_code, regions)
    place = regions.full_name(region_code)
    who = f"{officer.name}（{officer.kind.label_zh}）"
    what = f"“{matter.name}”（{matter.code}）"
    coercion = str(matter.kind) == _COERCION

    def refuse(reason: Refusal, zh: str, en: str, basis: str, hint: str) -> NotAuthorized:
        return NotAuthorized(zh, en, basis=basis, hint_zh=hint, reason=reason)

    # 1. The person.
    if officer.kind is not OfficerKind.OFFICER:
        basis = f"{_CFL}第四十二条；{_GB54}"
        if coercion:
            basis = f"{_CCL}第十七条第三款；{basis}"
        elif str(matter.kind) == _INSPECTION:
            basis = f"{_GB54}；{_CFL}第四十二条"
        raise refuse(
            Refusal.NON_OFFICER_KIND,
            f"{who}不具有行政执法资格，不得实施{what}。",
            f"{officer.kind} {officer.id} may not act as an enforcement officer",
            basis,
            "改由本机关持有效执法证的执法人员实施；辅助人员、网格员、临时工和第三方人员"
            "只能在执法人员指导下从事宣传、信息采集等辅助性工作，不得作出执法决定。",
        )
    if not officer.active:
        raise refuse(
            Refusal.OFFICER_INACTIVE,
            f"{who}已不在执法岗位，不得实施{what}。",
            f"officer {officer.id} is no longer in post",
            f"{_CFL}第四十二条；{_CREDENTIAL_RULES}",
            "改由在岗且持有效执法证的执法人员实施。",
        )

    # 2. The credential shown.
    if credential is None:
        raise refuse(
            Refusal.NO_CREDENTIAL,
            f"{who}未持有行政执法证件，不得实施{what}。",
            f"officer {officer.id} holds no credential",
            f"{_CFL}第四十二条、第五十五条",
            "须取得行政执法证件（经培训考试合格并申领）后方可执法；执法时应主动出示。",
        )
    card = f"执法证 {credential.number}"
    if credential.officer_id != officer.id:
        raise refuse(
            Refusal.CREDENTIAL_NOT_HOLDERS,
            f"{card}不是{officer.name}本人的证件，不得借用他人执法证实施{what}。",
            f"credential {credential.number} belongs to another officer",
            f"{_CFL}第四十二条、第五十五条；{_CREDENTIAL_RULES}",
            "由执法证持有人本人实施，或使用本人有效执法证。",
        )
    status = credential.status_on(at)
    if status is CredentialStatus.REVOKED:
        raise refuse(
            Refusal.CREDENTIAL_REVOKED,
            f"{officer.name}的{card}已注销，不得实施{what}。",
            f"credential {credential.number} is revoked",
            f"{_CFL}第四十二条；{_CREDENTIAL_RULES}",
            "注销的执法证不能恢复；须重新取得执法资格并申领新证。",
        )
    if status is CredentialStatus.SUSPENDED:
        raise refuse(
            Refusal.CREDENTIAL_SUSPENDED,
            f"{officer.name}的{card}已被暂扣，暂扣期间不得实施{what}。",
            f"credential {credential.number} is suspended",
            f"{_CFL}第四十二条；{_CREDENTIAL_RULES}",
            "待发证机关解除暂扣、发还证件后方可执法。",
        )
    if status is CredentialStatus.EXPIRED:
        raise refuse(
            Refusal.CREDENTIAL_EXPIRED,
            f"{officer.name}的{card}已于 {credential.valid_to.isoformat()} 到期，不得实施{what}。",
            f"credential {credential.number} expired on {credential.valid_to.isoformat()}",
            f"{_CFL}第四十二条；{_CREDENTIAL_RULES}",
            "须办理执法证换发（年审）手续，取得有效证件后方可执法。",
        )
    if at < credential.valid_from:
        raise refuse(
            Refusal.CREDENTIAL_NOT_YET_VALID,
            f"{officer.name}的{card}自 {credential.valid_from.isoformat()} 起生效，"
            f"此前不得实施{what}。",
            f"credential {credential.number} is valid only from "
            f"{credential.valid_from.isoformat()}",
            f"{_CFL}第四十二条；{_CREDENTIAL_RULES}",
            "待执法证生效后再实施。",
        )

    # 3. The body acted for.
    if not body.active:
        raise refuse(
            Refusal.BODY_DISSOLVED,
            f"执法主体“{body.name}”已撤销，不能以其名义实施{what}。",
            f"body {body.id} is dissolved",
            f"{_CFL}第十七条",
            "以承接其职权的执法主体名义实施。",
        )
    if officer.body_id != body.id:
        raise refuse(
            Refusal.OFFICER_NOT_OF_BODY,
            f"{officer.name}不是“{body.name}”的执法人员，不能以其名义实施{what}。",
            f"officer {officer.id} does not belong to body {body.id}",
            f"{_CFL}第十七条、第四十二条",
            "由该执法主体自己的执法人员实施；需要其他机关协助的，依行政处罚法第二十六条"
            "提出协助请求。",
        )
    if body.legal_status is LegalStatus.ENTRUSTED:
        if coercion:
            raise refuse(
                Refusal.ENTRUSTMENT_EXCEEDED,
                f"“{body.name}”是受委托组织，行政强制措施权不得委托，不能实施{what}。",
                f"entrusted body {body.id} may not take coercive measures",
                f"{_CCL}第十七条第一款",
                "由委托机关（有法定职权的行政机关）的执法人员实施。",
            )
        if matter.code not in body.entrusted_scope:
            raise refuse(
                Refusal.ENTRUSTMENT_EXCEEDED,
                f"“{body.name}”受委托的事项不包括{what}。",
                f"matter {matter.code} is outside body {body.id}'s entrustment",
                f"{_CFL}第二十条",
                "由委托机关实施，或由委托机关以书面形式扩大委托范围并向社会公布后实施。",
            )
    if matter.field not in body.fields:
        article = {
            LegalStatus.STATUTORY: "第十七条、第十八条",
            LegalStatus.AUTHORIZED: "第十九条",
            LegalStatus.ENTRUSTED: "第二十条",
        }[body.legal_status]
        raise refuse(
            Refusal.BODY_LACKS_POWER,
            f"“{body.name}”没有{matter.field.label_zh}领域的执法职权，不能实施{what}。",
            f"body {body.id} has no power in {matter.field}",
            f"{_CFL}{article}" + (f"；{_CCL}第十七条第一款" if coercion else ""),
            f"移送有{matter.field.label_zh}执法职权的机关处理。",
        )
    if not regions.contains(body.region_code, region_code):
        raise refuse(
            Refusal.OUT_OF_BODY_REGION,
            f"{place}不在“{body.name}”的管辖区域（{regions.full_name(body.region_code)}）内，"
            f"不得跨区域实施{what}。",
            f"{region_code} is outside body {body.id}'s territory {body.region_code}",
            f"{_CFL}第二十二条",
            "移送违法行为发生地有管辖权的机关处理，或依行政处罚法第二十六条请求其协助。",
        )

    # 4. What the credential covers.
    if matter.field not in credential.fields:
        covered = "、".join(sorted(f.label_zh for f in credential.fields))
        raise refuse(
            Refusal.FIELD_NOT_COVERED,
            f"{officer.name}的{card}载明的执法领域为{covered}，不包括{matter.field.label_zh}，"
            f"不得实施{what}。",
            f"credential {credential.number} does not cover {matter.field}",
            f"{_CFL}第四十二条；{_CREDENTIAL_RULES}",
            f"改由执法证载有{matter.field.label_zh}领域的执法人员实施，或依规办理执法领域增加手续。",
        )
    if not any(regions.contains(r, region_code) for r in credential.region_codes):
        covered = "、".join(
            sorted(regions.full_name(r) if r in regions else r for r in credential.region_codes)
        )
        raise refuse(
            Refusal.REGION_NOT_COVERED,
            f"{officer.name}的{card}载明的执法区域为{covered}，不包括{place}，不得实施{what}。",
            f"credential {credential.number} does not cover region {region_code}",
            f"{_CFL}第二十二条、第四十二条；{_CREDENTIAL_RULES}",
            "改由执法证覆盖该区域的执法人员实施，或依行政处罚法第二十六条请求当地机关协助。",
        )

    basis = f"{_CFL}第十七条、第四十二条"
    if coercion:
        basis = f"{_CCL}第十七条；{basis}"
    return Authorization(
        officer_id=officer.id,
        body_id=body.id,
        credential_number=credential.number,
        matter_code=matter.code,
        region_code=region_code,
        on=at,
        basis=basis,
    )
