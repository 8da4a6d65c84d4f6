"""Injected misconduct for the demonstration jurisdiction: for each detector and analysis of
the 准则, at least one story on the demo bodies that it finds, so the supervisor's dashboard
shows every rule at work.

Each story starts from a lawful history of ``zhifa.cases.synthetic`` and changes what the
rule is about (a step left out, a date moved, a fact added), then goes through the same
services as the workbench: the case model's guards still refuse what the law forbids
outright, so what is injected is what guards cannot stop. Loaded once.

Not injected, on purpose, because the system's own services make them impossible and faking
them would make the demo's record false: a failed ledger verification (`zhifa verify` shows
the rule at work on a database altered by hand), personal data in a published decision (the
publication service refuses it), and a document dated before its step (documents are
composed from the recorded step, date included). These rules are for data that reaches
zhifa by import or by hand; their YAML cases and scenario tests show them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from zhifa.app_context import Context
from zhifa.cases import events as ev
from zhifa.kernel.clock import CHINA_TZ, legal_date

SEED = "zhifa-demo-misconduct"
ACTOR = "system:demo"


def _at(d: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=CHINA_TZ)


def _cut(steps: list[ev.CaseEvent], last: type[ev.CaseEvent]) -> list[ev.CaseEvent]:
    """The history up to and including its first ``last`` step."""
    out = []
    for s in steps:
        out.append(s)
        if isinstance(s, last):
            return out
    raise ValueError(f"no {last.TYPE} in the history")


def _without(steps: list[ev.CaseEvent], *kinds: type[ev.CaseEvent]) -> list[ev.CaseEvent]:
    return [s for s in steps if not isinstance(s, kinds)]


def _after(
    steps: list[ev.CaseEvent],
    kind: type[ev.CaseEvent],
    make: Callable[[ev.CaseEvent], ev.CaseEvent],
) -> list[ev.CaseEvent]:
    """Insert ``make(step)`` right after the first step of ``kind``."""
    out: list[ev.CaseEvent] = []
    done = False
    for s in steps:
        out.append(s)
        if not done and isinstance(s, kind):
            out.append(make(s))
            done = True
    return out


def _change(
    steps: list[ev.CaseEvent], kind: type[ev.CaseEvent], **changes: Any
) -> list[ev.CaseEvent]:
    out = []
    done = False
    for s in steps:
        if not done and isinstance(s, kind):
            s = dataclasses.replace(s, **changes)
            done = True
        out.append(s)
    return out


def _served_decision(s: ev.CaseEvent) -> bool:
    return isinstance(s, ev.DocumentServed) and s.document == "decision"


def _change_where(
    steps: list[ev.CaseEvent], match: Callable[[ev.CaseEvent], bool], **changes: Any
) -> list[ev.CaseEvent]:
    return [dataclasses.replace(s, **changes) if match(s) else s for s in steps]


def _closed(steps: list[ev.CaseEvent]) -> list[ev.CaseEvent]:
    """The whole history but the 归档 (a dossier check of documents never issued here)."""
    return _without(steps, ev.CaseArchived)


def _fined(steps: list[ev.CaseEvent], fen: int, **decision: Any) -> list[ev.CaseEvent]:
    """The same history with another fine, notified, decided and paid."""
    steps = _change(steps, ev.RightsNotified, fine_fen=fen)
    steps = _change(steps, ev.DecisionIssued, fine_fen=fen, **decision)
    return _change(steps, ev.PaymentReceived, amount_fen=fen)


def _step(like: ev.CaseEvent, cls: type[ev.CaseEvent], on: date, **kw: Any) -> ev.CaseEvent:
    """A new step on the case of ``like``, done on ``on``."""
    return cls(
        actor=like.actor,
        occurred_at=_at(on, 11),
        event_id=f"{like.event_id[:20]}{cls.TYPE[:6]}{on:%m%d}"[:32],
        case_id=like.case_id,
        body_id=like.body_id,
        **kw,
    )


def _first(steps: Sequence[ev.CaseEvent], kind: type[ev.CaseEvent]) -> Any:
    return next(s for s in steps if isinstance(s, kind))


def load_demo_misconduct(ctx: Context) -> str:
    """Record the stories (once); returns a one-line summary in Chinese."""
    from zhifa.cases.services import DbEnv, record_steps
    from zhifa.cases.synthetic import Generator
    from zhifa.cases.tables import CaseRow
    from zhifa.demo import demo_casts

    today = legal_date(ctx.clock.now())
    casts = demo_casts()
    market, env_body = casts[0], casts[2]
    stories: dict[str, list[ev.CaseEvent]] = {}
    with ctx.uow() as uow:
        s = uow.session
        env = DbEnv(s)
        gm = Generator(env, market, seed=SEED)
        ge = Generator(env, env_body, seed=SEED)
        probe = gm.history(101, "closed", today - timedelta(days=40))  # the first story's case
        if s.get(CaseRow, probe[0].case_id) is not None:
            return "示例违规情形已载入，无需重复载入。"

        def day(back: int) -> date:
            d = today - timedelta(days=back)
            while not gm._working(d):  # a lead is received on a working day
                d += timedelta(days=1)
            return d

        # Odd case numbers use the cast's second matter, MR-PRICE-42-01 (fines up to 5,000
        # 元: no hearing, no legal review), so each story changes one thing only.
        # 第二条: a lead never decided; a case opened and left; (unpaid fines come from the
        # generated year itself).
        stories["有案不立"] = _cut(gm.history(101, "closed", day(45)), ev.LeadRegistered)
        stories["超期办案、压案不办"] = _cut(
            gm.history(103, "closed", day(140)), ev.TranscriptRecorded
        )
        # 第三条: a seizure never released; cash kept by the officer.
        stories["查封扣押超期"] = _cut(gm.history(105, "measure", day(60)), ev.MeasureImposed)
        n = 301
        while True:
            h = gm.history(n, "summary", day(10))
            first = h[0]
            if isinstance(first, ev.SummaryDecisionIssued) and first.collected_on_spot_fen:
                break
            n += 2
        stories["当场收缴罚款未交回"] = [first]
        # 第五条: a seizure with no video; a recusal request never decided; a decision the
        # day after the notice, with no statement and the period still running.
        stories["扣押无音像记录"] = _without(
            _cut(gm.history(109, "measure", day(20)), ev.MeasureImposed), ev.EvidenceCollected
        )
        h = _closed(gm.history(111, "closed", day(50)))
        stories["回避申请未决定"] = _after(
            h,
            ev.TranscriptRecorded,
            lambda t: _step(
                t,
                ev.RecusalRequested,
                legal_date(t.occurred_at),
                officer_id=market.investigators[1],
                requested_by="party",
                requested_on=legal_date(t.occurred_at),
                reason="当事人称执法人员与其有经济纠纷",
            ),
        )
        h = _closed(gm.history(113, "closed", day(50)))
        notified = _first(h, ev.RightsNotified).notified_on
        quick = gm.wd(notified, 1)
        h = _without(h, ev.StatementReceived)
        h = _change(h, ev.DecisionIssued, decided_on=quick, occurred_at=_at(quick))
        stories["未待陈述申辩期满即作决定"] = _change_where(
            h, _served_decision, served_on=quick, occurred_at=_at(quick, 15)
        )
        # 第四条: a fine at the statutory maximum on an ordinary case; a standard fine where
        # only mitigating facts were recorded.
        n = 401  # an organisation: 5,000 元 is below its hearing threshold
        while _first(h := gm.history(n, "closed", day(45)), ev.CaseOpened).party_kind != (
            "organisation"
        ):
            n += 2
        top = next(m for m in market.matters if m[0] == "MR-PRICE-42-01")[1]
        stories["顶格罚款无从重情节"] = _fined(_closed(h), top)
        h = _closed(gm.history(117, "closed", day(45)))
        stories["从轻情节却一般处罚"] = _after(
            h,
            ev.TranscriptRecorded,
            lambda t: _step(
                t,
                ev.CircumstancesAssessed,
                legal_date(t.occurred_at),
                assessed_on=legal_date(t.occurred_at),
                officer_ids=market.investigators,
                first_offence=False,
                harm_minor=False,
                corrected_in_time=True,
                mitigating=("主动消除违法行为危害后果",),
            ),
        )
        # 第六条: a 告知书 whose reasons insult the party (the words are checked on recording).
        stories["告知书用语不文明"] = _change(
            _closed(gm.history(133, "closed", day(30))),
            ev.RightsNotified,
            reasons="当事人态度恶劣，像个泼妇一样撒泼，其行为违反了相关法律规定。",
        )
        # 第七条: a first offence, minor and corrected at once, fined with no word on why.
        h = _closed(gm.history(119, "closed", day(40)))
        stories["首违不罚情形仍处罚"] = _after(
            h,
            ev.TranscriptRecorded,
            lambda t: _step(
                t,
                ev.CircumstancesAssessed,
                legal_date(t.occurred_at),
                assessed_on=legal_date(t.occurred_at),
                officer_ids=market.investigators,
                first_offence=True,
                harm_minor=True,
                corrected_in_time=True,
            ),
        )
        # 第八条: an interference recorded; an officer related to the party goes on.
        h = _cut(gm.history(121, "closed", day(30)), ev.TranscriptRecorded)
        stories["干预案件记录"] = _after(
            h,
            ev.CaseOpened,
            lambda o: _step(
                o,
                ev.InterferenceReported,
                legal_date(o.occurred_at),
                reported_by=market.investigators[0],
                reported_on=legal_date(o.occurred_at),
                interferer_position="示例市某部门负责人",
                manner="request",
                interferer_name="示例·某某",
                description="电话要求对当事人“高抬贵手”，不要罚款",
            ),
        )
        h = _cut(gm.history(123, "closed", day(30)), ev.TranscriptRecorded)
        stories["利害关系人员未回避"] = _after(
            h,
            ev.CaseOpened,
            lambda o: _step(
                o,
                ev.RelationDeclared,
                legal_date(o.occurred_at),
                officer_id=market.investigators[1],
                declared_on=legal_date(o.occurred_at),
                relation="kin",
            ),
        )
        # 第九条: evidence entered ten days after it was taken; a case archived with none of
        # its documents issued in the system.
        h = _cut(gm.history(125, "closed", day(35)), ev.TranscriptRecorded)
        taken = _first(h, ev.EvidenceCollected)
        stories["补录证据"] = _change(
            h, ev.EvidenceCollected, occurred_at=taken.occurred_at + timedelta(days=10)
        )
        stories["案卷缺少文书"] = gm.history(127, "closed", day(120))
        # 第一条: one officer's name on two records at two places ten minutes apart.
        a = _cut(gm.history(129, "closed", day(25)), ev.EvidenceCollected)
        b = _cut(gm.history(131, "closed", day(25)), ev.EvidenceCollected)
        ta = _first(a, ev.EvidenceCollected).collected_at
        tb = _first(b, ev.EvidenceCollected).collected_at
        later = max(ta, tb) + timedelta(minutes=10)  # after both cases were opened
        a = _change(
            a,
            ev.EvidenceCollected,
            place="示例市示例大道1号（当事人经营场所）",
            **({} if ta >= tb else {"collected_at": later}),
        )
        b = _change(
            b,
            ev.EvidenceCollected,
            place="示例市东城区和平路200号（当事人经营场所）",
            **({"collected_at": later} if ta >= tb else {}),
        )
        stories["借证执法"] = a + b
        # 第三条, 趋利性执法: last year, a few small fines paid in the month a year ago; this
        # year's generated fines then stand far above them.
        old = []
        for k in (201, 203, 205):
            h = ge.history(k, "closed", day(460))
            old += _without(h, ev.CaseArchived)
        stories["罚没收入同比大幅增长"] = old

        # 第四条, analyses over a year of one body's PRICE cases against organisations: five
        # lenient fines from 200 to 800 元 (类案不同罚), and five of 1,000 元 under three
        # different tiers (机械套用基准); one standard fine above the benchmark's band.
        orgs: list[list[ev.CaseEvent]] = []
        n = 501
        # All in one calendar year (the analyses compare a body's cases year by year).
        last = today - timedelta(days=150)
        if (last - timedelta(days=60)).year != last.year:
            last = date(last.year - 1, 12, 15)
        while len(orgs) < 11:
            h = gm.history(n, "closed", day((today - last).days + 5 * (10 - len(orgs))))
            if _first(h, ev.CaseOpened).party_kind == "organisation":
                orgs.append(_closed(h))
            n += 2
        plan = [
            (20_000, "lenient"),
            (30_000, "lenient"),
            (50_000, "lenient"),
            (70_000, "lenient"),
            (80_000, "lenient"),
            (100_000, "lenient"),
            (100_000, "lenient"),
            (100_000, "standard"),
            (100_000, "standard"),
            (100_000, "mitigated"),
            (400_000, "standard"),
        ]
        for k, (h, (fen, tier)) in enumerate(zip(orgs, plan, strict=True)):
            stories[f"裁量{k + 1}"] = _fined(
                h, fen, tier=tier, tier_reason="综合考虑违法情节确定罚款数额。"
            )

        recorded = 0
        for steps in stories.values():
            recorded += len(record_steps(uow, steps, env))
        # 第三条、第七条: inspections of one enterprise, unplanned, unapproved, repeated.
        inspections = _inspections(uow, env, casts, today)
        # 第二条、第六条: complaints; 第十条: reads and probes.
        complaints = _complaints(uow, today)
        reads = _reads_and_probes(uow)
        uow.commit()
    return (
        f"已载入示例违规情形 {len(stories)} 类（{recorded} 条执法记录）、涉企检查 {inspections} 次、"
        f"投诉举报 {complaints} 件、个人信息查看与越权访问记录 {reads} 条，供监督页展示各条规则的发现。"
    )


def _inspections(uow: Any, env: Any, casts: list[Any], today: date) -> int:
    from stdnum.cn import uscc

    from zhifa.inspections.events import InspectionConducted
    from zhifa.inspections.services import record_inspection

    market, city = casts[0], casts[1]
    base = "91990102MA0DEMX01"
    enterprise = base + uscc.calc_check_digit(base)
    n = 0

    def inspect(
        cast: Any,
        back: int,
        *,
        item: str = "MR-FOOD-110-01",
        approved: bool = True,
        region: str | None = None,
        kind: str = "routine",
        planned: bool = True,
    ) -> None:
        nonlocal n
        n += 1
        on = today - timedelta(days=back)
        start = _at(on, 9, 30)
        record_inspection(
            uow,
            InspectionConducted(
                actor=f"officer:{cast.investigators[0]}",
                occurred_at=start + timedelta(hours=2),
                event_id=f"{SEED[:12]}insp{n:04d}",
                inspection_id=f"demo-insp-{n:04d}",
                body_id=cast.body_id,
                region_code=region or cast.region_code,
                enterprise_uscc=enterprise,
                enterprise_name="示例市示例食品有限公司",
                kind=kind,
                item_code=item,
                plan_id=f"示例年度检查计划{on.year}" if planned and kind != "case" else "",
                approved_by=cast.head if approved else "",
                approved_on=on if approved else None,
                started_at=start,
                ended_at=start + timedelta(hours=1),
                place="示例市示例大道88号（企业生产经营场所）",
                officer_ids=cast.investigators[:2],
                outcome="no_problem",
            ),
            env,
        )

    # The market regulator inspects the same enterprise three times this year (cap: 2),
    # once without the head's approval; the city administrator comes five days later on
    # its own, under no published item; and once the market regulator inspects outside its
    # district with no co-operating body.
    year_start = date(today.year, 1, 1)
    spread = max(12, (today - year_start).days)
    inspect(market, spread - 2)
    inspect(market, spread // 2)
    inspect(market, 12, approved=False)
    inspect(city, 7, item="")
    # 示例市东城区市场监管局 inspects in 西城区, alone and with nothing published to go by.
    from types import SimpleNamespace

    from zhifa.demo import _id

    east = SimpleNamespace(
        body_id=_id("body", 5),
        region_code="990102",
        head="",
        investigators=(_id("offi", 15), _id("offi", 16)),
    )
    inspect(east, 4, item="", approved=False, region="990103", planned=False)
    return n


def _complaints(uow: Any, today: date) -> int:
    """A complaint about an officer's rude words, handled and upheld; another, received
    twenty days ago by telephone and entered, never answered."""
    from zhifa.complaints import services as complaints
    from zhifa.complaints.events import ComplaintReceived
    from zhifa.complaints.model import ComplaintInput, code_digest
    from zhifa.demo import _id
    from zhifa.kernel.ids import new_id

    body = _id("body", 1)
    sub = complaints.submit_complaint(
        uow,
        ComplaintInput(
            body_id=body,
            topic="conduct",
            text="执法人员检查时说“你这店还想不想开了”，态度粗暴。",
            occurred_on=(today - timedelta(days=3)).isoformat(),
            place="示例市示例大道",
            credential_number="9901202400001",
            case_number="",
            contact_name="示例·投诉人",
            contact_phone="13800009999",
        ),
    )
    complaints.accept(uow, ACTOR, sub.complaint_id)
    complaints.assign(uow, ACTOR, sub.complaint_id, _id("offi", 2))
    complaints.reply(uow, ACTOR, sub.complaint_id, "经核查，反映的问题属实，已对执法人员批评教育。")
    complaints.close(uow, ACTOR, sub.complaint_id, "substantiated", "反映的问题属实，已处理。")
    received = today - timedelta(days=20)
    cid = new_id()
    uow.record(
        [
            ComplaintReceived(
                actor=ACTOR,
                occurred_at=_at(received),
                complaint_id=cid,
                body_id=body,
                code_digest=code_digest(f"DEMO-{cid}"),
                region_code="990102",
                received_on=received,
                channel="phone",
                topic="procedure",
                occurred_on=None,
                credential_number=None,
                case_number=None,
                anonymous=True,
                contact_mask="（匿名）",
                language_flags=(),
                text=uow.protect(cid, "text", "电话反映：举报的无证经营问题一直没有人处理。"),
            )
        ]
    )
    return 2


def _reads_and_probes(uow: Any) -> int:
    """One account reads the parties of more cases in a day than the threshold; another
    keeps opening records of bodies outside its scope."""
    from zhifa.access.events import AccessDenied
    from zhifa.access.services import principal_of, reveal_recorded
    from zhifa.access.tables import UserRow
    from zhifa.catalog.parameters import Parameters
    from zhifa.ledger.personal import PersonalValue

    s = uow.session
    head = s.scalar(select(UserRow).where(UserRow.username == "head.market"))
    officer = s.scalar(select(UserRow).where(UserRow.username == "wangjianguo"))
    if head is None or officer is None:
        return 0
    today = legal_date(uow.clock.now())
    params = Parameters.load()
    reads = params.get("conduct.personal_reads.daily", today).number() + 1
    probes = params.get("conduct.scope_denials.daily", today).number() + 1
    refs = list(
        s.scalars(
            select(PersonalValue.ref)
            .where(PersonalValue.field == "party_name", PersonalValue.erased.is_(False))
            .order_by(PersonalValue.ref)
            .limit(reads)
        )
    )
    who = principal_of(head)
    for ref in refs:
        reveal_recorded(uow, who, ref=ref, purpose="批量核对当事人身份（示例）")
    uow.record(
        [
            AccessDenied(
                actor=f"user:{officer.id}",
                occurred_at=uow.clock.now(),
                user_id=officer.id,
                role=officer.role,
                action="case.read",
                route="/workbench/cases/{case_id}",
                reason="scope",
            )
            for _ in range(probes)
        ]
    )
    return len(refs) + probes
