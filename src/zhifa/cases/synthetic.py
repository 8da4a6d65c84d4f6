"""Lawful case histories, generated: the demonstration's year of cases and the import bench.

Every generated event passes the guards: dates are counted on the working-day calendar the
guards use, fines lie in the matter's range, two authorised officers act, hearings are
noticed seven working days ahead and presided over by someone who did not investigate.
Histories are cut at ``until``, so cases end up in every state. Ids and choices come from
a seeded generator: the same arguments give the same events.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from zhifa.cases import events as ev
from zhifa.cases.model import Env
from zhifa.kernel.errors import ConfigurationError

_BEIJING_10AM = 2  # 10:00 北京时间 is 02:00 UTC
_BEYOND = date(9000, 1, 1)


def _at(d: date, hour: int = _BEIJING_10AM) -> datetime:
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Cast:
    """Who acts for one body in the generated cases."""

    body_id: str
    body_short: str  # 示市监
    investigators: tuple[str, ...]  # at least two officers with credentials for the matters
    reviewer: str | None  # a legal reviewer who does not investigate (None: no hearings)
    presider: str | None  # a hearing presider who does not investigate
    head: str  # "user:…" of the body's head
    region_code: str
    matters: tuple[tuple[str, int, str], ...]  # (code, max fine in 分, basis text)


OUTCOMES = (
    ("closed", 30),
    ("hearing", 8),
    ("declined", 6),
    ("withdrawn", 3),
    ("transferred", 3),
    ("measure", 6),
    ("remedy", 4),
    ("summary", 25),
    ("unpaid", 5),
)


def _id(seed: str, *parts: object) -> str:
    return hashlib.sha256("|".join([seed, *map(str, parts)]).encode()).hexdigest()[:32]


class Generator:
    def __init__(self, env: Env, cast: Cast, *, seed: str = "zhifa-demo") -> None:
        self.env = env
        self.cast = cast
        self.seed = seed
        self.rng = random.Random(seed + cast.body_id)

    def wd(self, d: date, n: int) -> date:
        """``n`` working days after ``d``; past the last published holiday calendar, a day
        far in the future (the history is cut at ``until`` long before it)."""
        if d >= _BEYOND:
            return d
        try:
            return self.env.add_working_days(d, n)
        except ConfigurationError:
            return _BEYOND

    def cases(self, count: int, start: date, until: date) -> Iterator[ev.CaseEvent]:
        span = max(1, (until - start).days)
        names = [o for o, _ in OUTCOMES]
        weights = [w for _, w in OUTCOMES]
        for n in range(count):
            received = start + timedelta(days=self.rng.randrange(span))
            while not self._working(received):
                received += timedelta(days=1)
            outcome = self.rng.choices(names, weights)[0]
            if outcome == "hearing" and self.cast.reviewer is None:
                outcome = "closed"
            for e in self._case(n, outcome, received):
                if e.occurred_at.date() > until:
                    break
                yield e

    def history(self, n: int, outcome: str, received: date) -> list[ev.CaseEvent]:
        """The whole history of case ``n`` with a chosen outcome (one of ``OUTCOMES``),
        its lead received on ``received`` (the demo's injected misconduct starts from these)."""
        return self._case(n, outcome, received)

    def _service(self, n: int) -> dict[str, str]:
        """How the decision reached the party, with the proof that method leaves."""
        method = self.rng.choice(["direct", "direct", "post"])
        proof = "送达回证（受送达人签收）" if method == "direct" else f"XA{n:09d}CN"
        return {"method": method, "proof": proof}

    def _working(self, d: date) -> bool:
        return self.wd(d - timedelta(days=1), 1) == d if d.weekday() < 5 else False

    # -------------------------------------------------------------- one case

    def _case(self, n: int, outcome: str, received: date) -> list[ev.CaseEvent]:
        c = self.cast
        case_id = _id(self.seed, c.body_id, n)
        steps: list[ev.CaseEvent] = []
        counter = iter(range(1000))

        def add(cls: type[ev.CaseEvent], on: date, **kw: Any) -> None:
            steps.append(
                cls(
                    actor=c.head if "approved_by" in kw else f"officer:{c.investigators[0]}",
                    occurred_at=_at(on),
                    event_id=_id(self.seed, case_id, next(counter)),
                    case_id=case_id,
                    body_id=c.body_id,
                    **kw,
                )
            )

        code, max_fen, basis = c.matters[n % len(c.matters)]
        organisation = self.rng.random() < 0.7
        party: dict[str, Any] = (
            {
                "party_kind": "organisation",
                "party_label": f"示例市第{n + 1}号商贸有限公司",
                "party_uscc": None,
                "party_name": f"示例市第{n + 1}号商贸有限公司",
                "party_address": f"示例市示例大道{n % 900 + 1}号",
            }
            if organisation
            else {
                "party_kind": "person",
                "party_label": "示例·某某",
                "party_uscc": None,
                "party_name": f"示例·当事人{n + 1}",
                "party_phone": f"1390000{n % 10000:04d}",
                "party_address": f"示例市示例路{n % 300 + 1}号{n % 9 + 1}单元{n % 30 + 101}室",
            }
        )
        officers = tuple(self.rng.sample(c.investigators, 2))
        who = "organisation" if organisation else "citizen"
        if outcome == "summary":
            cap = self.env.param(f"penalty.summary.max_fine.{who}", received).money().fen
            on_spot = self.env.param("collection.on_the_spot.max_fine", received).money().fen
            # Like cases, like fines (准则第四条): the amounts vary within a narrow band.
            fine = min(cap, max_fen) // 1000 * 1000 // (2 + self.rng.randrange(2)) // 100 * 100
            fine = max(fine, 100)
            small = fine <= on_spot
            add(
                ev.SummaryDecisionIssued,
                received,
                number=f"{c.body_short}当〔{received.year}〕{n + 1:05d}",
                matter_code=code,
                region_code=c.region_code,
                decided_on=received,
                officer_ids=officers,
                credential_shown=True,
                penalty_kinds=("fine",),
                fine_fen=fine,
                facts="现场检查发现违法行为，事实清楚，当事人无异议。",
                place="示例市示例大道",
                collected_on_spot_fen=fine if small else 0,
                collection_ground="small_fine" if small else None,
                receipt_number=f"财政票据{n + 1:07d}" if small else None,
                **party,
            )
            if small:
                add(
                    ev.CashHandedOver,
                    self.wd(received, 1),
                    officer_id=officers[0],
                    handed_on=self.wd(received, 1),
                    amount_fen=fine,
                )
            else:
                paid = received + timedelta(days=self.rng.randrange(1, 14))
                add(
                    ev.PaymentReceived,
                    paid,
                    paid_on=paid,
                    amount_fen=fine,
                    channel="electronic",
                    reference=f"EPAY{n:09d}",
                )
            closed = self.wd(steps[-1].occurred_at.date(), 2)
            add(
                ev.CaseClosed,
                closed,
                closed_on=closed,
                approved_by=c.head,
                summary="当场处罚已执行完毕",
            )
            add(ev.CaseArchived, self.wd(closed, 5), archived_on=self.wd(closed, 5))
            return steps

        add(
            ev.LeadRegistered,
            received,
            source=self.rng.choice(["complaint", "inspection", "transfer", "assignment"]),
            received_on=received,
            summary="群众投诉或者日常检查发现的违法线索",
            matter_code=code,
        )
        day = self.wd(received, self.rng.randrange(1, 10))
        if outcome == "declined":
            add(
                ev.CaseDeclined,
                day,
                decided_on=day,
                reasons="经核查，违法事实不能成立，不予立案。",
                approved_by=c.head,
            )
            add(ev.CaseArchived, self.wd(day, 3), archived_on=self.wd(day, 3))
            return steps
        add(
            ev.CaseOpened,
            day,
            number=f"{c.body_short}立〔{day.year}〕{n + 1:05d}",
            matter_code=code,
            region_code=c.region_code,
            opened_on=day,
            officer_ids=officers,
            approved_by=c.head,
            summary="经核查，符合立案条件。",
            **party,
        )
        day = self.wd(day, self.rng.randrange(1, 6))
        add(
            ev.EvidenceCollected,
            day,
            evidence_id="E1",
            kind=self.rng.choice(["audio_visual", "document", "physical", "electronic"]),
            digest=_id(self.seed, case_id, "evidence") * 2,
            description="现场照片、执法记录仪视频及相关票据",
            collected_by=officers,
            collected_at=_at(day, 1),
            place="当事人经营场所",
        )
        add(
            ev.TranscriptRecorded,
            day,
            evidence_id="T1",
            kind="inquiry",
            officer_ids=officers,
            taken_at=_at(day, 3),
            place="执法机关询问室",
            speakers=("officer", "party"),
            utterances=_utterances(n),
            ended_at=_at(day, 4),
            recorder_id=officers[1],
            credentials_shown=True,
            recusal_informed=True,
            interviewee_name=party["party_name"] if not organisation else f"示例·经办人{n + 1}",
            interviewee_relation="当事人本人" if not organisation else "员工",
        )
        if outcome == "measure":
            # 扣押现场全程音像记录 (国办发〔2018〕118号); drawn from no random number, so the
            # rest of the history is the same as without it.
            add(
                ev.EvidenceCollected,
                day,
                evidence_id="E2",
                kind="audio_visual",
                digest=_id(self.seed, case_id, "seizure-video") * 2,
                description="扣押现场执法记录仪全程录像",
                collected_by=officers,
                collected_at=_at(day, 5),
                place="当事人经营场所",
            )
            add(
                ev.MeasureImposed,
                day,
                measure_id="M1",
                kind="seize",
                items=(
                    {
                        "name": "涉案商品",
                        "quantity": 20,
                        "unit": "件",
                        "place": "执法机关涉案物品仓库",
                        "linked": True,
                    },
                ),
                imposed_on=day,
                duration_days=30,
                officer_ids=officers,
                approved_by=c.head,
                approved_on=day,
            )
            add(
                ev.DocumentServed,
                day,
                document="seizure_decision",
                served_on=day,
                method="direct",
                proof="送达回证（当事人现场签收）",
            )
        if outcome == "withdrawn":
            day = self.wd(day, 5)
            add(
                ev.CaseWithdrawn,
                day,
                withdrawn_on=day,
                reason="调查发现不属于本机关管辖，撤销立案后告知有权机关。",
                approved_by=c.head,
            )
            return steps
        if outcome == "transferred":
            day = self.wd(day, 5)
            add(
                ev.CaseTransferred,
                day,
                transferred_on=day,
                to_kind="judicial",
                to_name="示例市公安局",
                reason="涉嫌犯罪，依法移送司法机关。",
            )
            return steps
        hearing = outcome == "hearing"
        large = self.env.param(f"hearing.large_amount.{who}", received).money().fen
        # A hearing case is fined the threshold amount; where that is the statutory maximum
        # the case is heard anyway but fined below it (顶格 needs 从重 circumstances).
        if hearing and max_fen > large:
            fine = large
        else:
            hearing = False
            fine = max(100, (max_fen // 2) // 10000 * 10000) if max_fen < large else large // 2
        fine = min(fine, max_fen)
        day = self.wd(day, self.rng.randrange(3, 15))
        add(
            ev.RightsNotified,
            day,
            notified_on=day,
            penalty_kinds=("fine",),
            fine_fen=fine,
            confiscation_fen=0,
            facts="经查，当事人存在违法行为，有现场照片、询问笔录等证据为证。",
            reasons="当事人的行为违反了相关法律规定。",
            basis=basis,
            hearing_right=hearing,
            document_number=f"{c.body_short}告〔{day.year}〕{n + 1:05d}",
        )
        notified = day
        # The 告知书 handed over on the day (送达回证); drawn from no random number.
        add(
            ev.DocumentServed,
            notified,
            document="notice",
            served_on=notified,
            method="direct",
            proof="送达回证（受送达人签收）",
        )
        if hearing:
            assert c.presider is not None
            assert c.reviewer is not None
            req = self.wd(notified, 2)
            add(ev.HearingRequested, req, requested_on=req)
            noticed = self.wd(req, 1)
            held = self.wd(noticed, 8)
            add(
                ev.HearingNoticed,
                noticed,
                noticed_on=noticed,
                hearing_on=held,
                place="听证室",
                presider_id=c.presider,
            )
            add(
                ev.DocumentServed,
                noticed,
                document="hearing_notice",
                served_on=noticed,
                method="direct",
                proof="送达回证（受送达人签收）",
            )
            add(
                ev.HearingHeld,
                held,
                held_on=held,
                presider_id=c.presider,
                record_digest=_id(self.seed, case_id, "hearing") * 2,
            )
            day = self.wd(held, 2)
            add(
                ev.LegalReviewCompleted,
                day,
                reviewer_id=c.reviewer,
                reviewed_on=day,
                outcome="approve",
                opinion="事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。",
            )
        else:
            add(
                ev.StatementReceived,
                self.wd(notified, 1),
                received_on=self.wd(notified, 1),
                adopted=False,
                content="当事人表示对违法事实无异议，请求从轻处理。",
            )
        day = self.wd(day if hearing else notified, 6)
        add(
            ev.DecisionIssued,
            day,
            number=f"{c.body_short}罚〔{day.year}〕{n + 1:05d}",
            decided_on=day,
            penalty_kinds=("fine",),
            fine_fen=fine,
            confiscation_fen=0,
            tier="standard",
            tier_reason="违法事实、性质、情节和社会危害程度一般，适用一般处罚。",
            facts="同事先告知书认定的事实。",
            basis=basis,
            approved_by=c.head,
            payment_channel="示例银行示例市分行（非税收入电子缴款系统）",
            reconsideration_body="示例市人民政府",
            litigation_court="示例市东城区人民法院",
        )
        if outcome == "measure":
            add(
                ev.MeasureReleased,
                day,
                measure_id="M1",
                released_on=day,
                reason="已作出处理决定，解除扣押",
            )
        served = self.wd(day, self.rng.randrange(0, 5))
        add(
            ev.DocumentServed,
            served,
            document="decision",
            served_on=served,
            **self._service(n),
        )
        if outcome == "remedy":
            filed = served + timedelta(days=10)
            add(
                ev.RemedyFiled,
                filed,
                remedy_id="R1",
                kind="reconsideration",
                filed_on=filed,
                organ="示例市人民政府",
            )
            decided = filed + timedelta(days=55)
            add(ev.RemedyDecided, decided, remedy_id="R1", decided_on=decided, outcome="upheld")
            served = decided
        if outcome == "unpaid":
            return steps
        paid = served + timedelta(days=self.rng.randrange(1, 14))
        add(
            ev.PaymentReceived,
            paid,
            paid_on=paid,
            amount_fen=fine,
            channel=self.rng.choice(["bank", "electronic"]),
            reference=f"BANK{n:09d}",
        )
        closed = self.wd(paid, 3)
        add(
            ev.CaseClosed,
            closed,
            closed_on=closed,
            approved_by=c.head,
            summary="罚款已缴清，案件办结",
        )
        archived = self.wd(closed, 10)
        add(ev.CaseArchived, archived, archived_on=archived)
        return steps


def _utterances(n: int) -> list[dict[str, str]]:
    """A short 询问笔录. One case in seventeen has an officer who loses his temper, so the
    demo's supervisors have something to find (准则第六条)."""
    turns = [
        {"speaker": "officer", "text": "我们是执法人员，这是我们的执法证件，请您过目。"},
        {"speaker": "party", "text": "看过了，我配合调查。"},
    ]
    if n % 17 == 5:
        turns += [
            {"speaker": "party", "text": "这个事我真的不知道，能不能宽限几天？"},
            {"speaker": "officer", "text": "少废话，你这店还想不想开了？"},
        ]
    return turns
