"""What an inspection record must be before it is recorded (pure).

The record is refused only when it is not a true record of an inspection that could have
happened lawfully as to *who* did it (准则第一条: two authorised officers, never auxiliary
staff) or when it is malformed. Whether it had a published item, a plan and an approval, and
how often the enterprise was inspected, are judged afterwards by the conduct rules: refusing
to record an inspection that took place would hide it."""

from __future__ import annotations

from datetime import date

from stdnum.cn import uscc

from zhifa.cases.model import Env, refuse
from zhifa.inspections.events import KINDS, OUTCOMES, InspectionConducted
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import InvalidInput, NotFound, Violation

_CFL = "《中华人民共和国行政处罚法》"


def _published(env: Env, code: str) -> bool:
    """Whether ``code`` is a matter of the published catalog (事前公示)."""
    if not code:
        return False
    try:
        env.matter(code)
    except NotFound:
        return False
    return True


def check(e: InspectionConducted, env: Env) -> None:
    problems: list[Violation] = []

    def bad(field: str, zh: str, en: str) -> None:
        problems.append(Violation(field, zh, en))

    if e.kind not in KINDS:
        bad("kind", "检查类别不是可选值之一", f"kind must be one of {KINDS}")
    if e.outcome not in OUTCOMES:
        bad("outcome", "检查结果不是可选值之一", f"outcome must be one of {OUTCOMES}")
    if not uscc.is_valid(e.enterprise_uscc):
        bad("enterprise_uscc", "统一社会信用代码校验不通过", "invalid USCC")
    if not e.enterprise_name.strip():
        bad("enterprise_name", "请填写被检查企业名称", "enterprise name required")
    if e.ended_at < e.started_at:
        bad("ended_at", "检查结束时间早于开始时间", "ended before it started")
    if bool(e.approved_by) != (e.approved_on is not None):
        bad("approved_on", "审批人和审批日期应同时填写", "approver and approval date go together")
    if e.body_id in e.joint_with:
        bad("joint_with", "联合检查的其他部门不应包含本机关", "joint_with lists the body itself")
    if problems:
        raise InvalidInput("检查记录有误", "inspection record invalid", violations=problems)
    on: date = legal_date(e.started_at)
    need = env.param("penalty.min_officers", on)
    distinct = tuple(dict.fromkeys(e.officer_ids))
    if len(distinct) != len(e.officer_ids):
        raise InvalidInput(
            "执法人员重复",
            "officer listed twice",
            violations=[Violation("officer_ids", "执法人员重复", "officer listed twice")],
        )
    published = _published(env, e.item_code)
    for oid in distinct:
        if published:
            env.authorize(oid, e.body_id, e.item_code, e.region_code, on)
        else:
            info = env.officer(oid)
            if info.kind != "officer" or not info.active or info.body_id != e.body_id:
                raise refuse(
                    f"{info.name}不是本机关在岗的行政执法人员，不得实施行政检查",
                    f"{oid} may not inspect for {e.body_id}",
                    article=1,
                    basis=f"{_CFL}第四十二条",
                    field_="officer_ids",
                )
    if len(distinct) < need.number():
        raise refuse(
            f"执法人员不得少于{need.number()}人，本次只有{len(distinct)}人",
            f"at least {need.number()} officers required, got {len(distinct)}",
            article=1,
            basis=need.citation,
            hint="行政检查应由两名以上持有效执法证的执法人员实施。",
            field_="officer_ids",
        )
