"""A whole 普通程序 case folded purely — 立案, 调查取证, 先行登记保存, 告知, 陈述申辩, 听证,
法制审核, 决定, 送达, 缴款, 结案, 归档 — checking the stage and the next step after each step,
and that every statutory clock was met in time. Also a 简易程序 case with on-the-spot
collection, and a case with a seizure, each from start to archive."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.unit.cases.factories import (
    CASE,
    CHEN,
    HEAD,
    LI,
    SUMMARY_CASE,
    SUN,
    WANG,
    ZHOU,
    Story,
    moment,
    yuan,
)

from zhifa.cases import events as ev
from zhifa.cases.model import Env, Procedure, Stage, clocks, next_step, overdue, review_required

D = date


def test_general_procedure_with_hearing_and_legal_review(env: Env) -> None:
    story = Story(env, CASE)

    def step(cls: type[ev.CaseEvent], stage: Stage, next_zh: str, **kw: Any) -> None:
        story.then(cls, **kw)
        assert story.s.stage is stage, cls.TYPE
        assert next_step(story.s) == next_zh, cls.TYPE

    step(ev.LeadRegistered, Stage.LEAD, "核查并决定是否立案", received_on=D(2026, 3, 2))
    step(
        ev.CaseOpened,
        Stage.INVESTIGATING,
        "调查取证",
        opened_on=D(2026, 3, 3),
        party_kind="person",
        party_label="张某（个体工商户）",
        party_name="张某",
    )
    assert story.s.procedure is Procedure.GENERAL
    step(ev.EvidenceCollected, Stage.INVESTIGATING, "调查取证后告知拟处罚")
    step(ev.TranscriptRecorded, Stage.INVESTIGATING, "调查取证后告知拟处罚")
    step(ev.EvidencePreserved, Stage.INVESTIGATING, "调查取证后告知拟处罚")
    step(ev.PreservationHandled, Stage.INVESTIGATING, "调查取证后告知拟处罚")
    # 回避: 李某 steps aside, 周某 replaces him; investigation goes on (第四十三条).
    step(ev.RecusalDecided, Stage.INVESTIGATING, "调查取证后告知拟处罚", decided_on=D(2026, 3, 9))
    assert story.s.officer_ids == (WANG, ZHOU)
    assert {WANG, LI, ZHOU} <= story.s.investigators
    step(
        ev.EvidenceCollected,
        Stage.INVESTIGATING,
        "调查取证后告知拟处罚",
        evidence_id="ev2",
        collected_by=(WANG, ZHOU),
        collected_at=moment(D(2026, 3, 9)),
    )
    # 告知: 20,000 yuan on a natural person is 较大数额 → hearing right, legal review.
    step(
        ev.RightsNotified,
        Stage.NOTIFIED,
        "提交法制审核",
        fine_fen=yuan(20_000),
        hearing_right=True,
    )
    assert review_required(story.s)
    step(ev.StatementReceived, Stage.NOTIFIED, "提交法制审核")
    step(ev.HearingRequested, Stage.NOTIFIED, "组织听证", requested_on=D(2026, 3, 12))
    step(
        ev.HearingNoticed,
        Stage.NOTIFIED,
        "组织听证",
        noticed_on=D(2026, 3, 13),
        hearing_on=D(2026, 3, 25),
        presider_id=CHEN,
    )
    step(
        ev.TimeExcluded,
        Stage.NOTIFIED,
        "组织听证",
        reason="hearing",
        from_on=D(2026, 3, 13),
        to_on=D(2026, 3, 25),
    )
    step(ev.HearingHeld, Stage.NOTIFIED, "提交法制审核", held_on=D(2026, 3, 25))
    step(ev.LegalReviewCompleted, Stage.NOTIFIED, "作出处罚决定", reviewer_id=SUN)
    # After the hearing the fine is lowered (never raised: 第四十五条).
    step(
        ev.DecisionIssued,
        Stage.DECIDED,
        "送达处罚决定书",
        decided_on=D(2026, 3, 30),
        fine_fen=yuan(15_000),
        tier="lenient",
        tier_reason="听证中提出初次违法并已改正，采纳",
    )
    step(ev.DocumentIssued, Stage.DECIDED, "送达处罚决定书")
    step(ev.DocumentServed, Stage.SERVED, "督促缴纳罚款", served_on=D(2026, 3, 31))
    step(
        ev.PaymentReceived,
        Stage.SERVED,
        "结案",
        paid_on=D(2026, 4, 10),
        amount_fen=yuan(15_000),
    )
    step(ev.CaseClosed, Stage.CLOSED, "归档", closed_on=D(2026, 4, 13))

    s = story.s
    assert s.fine_fen == s.paid_fen == yuan(15_000)
    assert s.hearing_held
    assert s.review_outcome == "approve"
    assert s.documents == ("doc1",)
    assert {c.key: c.due for c in clocks(s, env)} == {
        # 15 working days from 2026-03-02
        "case.filing.deadline": D(2026, 3, 23),
        # 7 working days from 2026-03-05
        "evidence.preservation.decision": D(2026, 3, 16),
        # 5 working days from 2026-03-10
        "hearing.request.deadline": D(2026, 3, 17),
        # 90 days from 2026-03-03 (06-01), plus the 13 hearing days → 06-14 (Sunday) → 06-15
        "case.decision.deadline": D(2026, 6, 15),
        # 7 working days from 2026-03-30 across 清明 (04-04…04-06)
        "delivery.absent_party": D(2026, 4, 9),
    }
    met = {c.key: c.met_on for c in clocks(s, env)}
    assert met["case.filing.deadline"] == D(2026, 3, 3)
    assert met["hearing.request.deadline"] == D(2026, 3, 12)
    assert met["case.decision.deadline"] == D(2026, 3, 30)
    assert met["delivery.absent_party"] == D(2026, 3, 31)
    for c in clocks(s, env):
        assert c.due is not None, c.key
        assert c.met_on is not None, c.key
        assert c.met_on <= c.due, c.key
    assert overdue(s, env, D(2026, 12, 31)) == []

    step(ev.CaseArchived, Stage.ARCHIVED, "—", archived_on=D(2026, 4, 20))
    assert not story.s.is_open


def test_summary_procedure_with_on_the_spot_collection(env: Env) -> None:
    story = Story(env, SUMMARY_CASE).then(
        ev.SummaryDecisionIssued,
        decided_on=D(2025, 9, 26),
        fine_fen=yuan(50),
        collected_on_spot_fen=yuan(50),
        collection_ground="small_fine",
        receipt_number="浙财票（2025）000123",
    )
    s = story.s
    assert s.procedure is Procedure.SUMMARY
    assert s.stage is Stage.SERVED
    assert next_step(s) == "交回当场收缴的罚款"
    # 2 working days after Friday 2025-09-26: Sunday 09-28 is a working day → 09-29.
    assert [(c.key, c.due, c.met_on) for c in clocks(s, env)] == [
        ("collection.handover.officer", D(2025, 9, 29), None)
    ]
    assert [c.key for c in overdue(s, env, D(2025, 9, 30))] == ["collection.handover.officer"]
    story.then(ev.CashHandedOver, handed_on=D(2025, 9, 28), amount_fen=yuan(50))
    assert next_step(story.s) == "结案"
    assert overdue(story.s, env, D(2025, 9, 30)) == []
    story.then(ev.CaseClosed, closed_on=D(2025, 9, 29)).then(ev.CaseArchived)
    assert story.s.stage is Stage.ARCHIVED


def test_seizure_from_imposition_to_release_then_close(env: Env) -> None:
    story = Story(env, CASE).then(ev.LeadRegistered).then(ev.CaseOpened)
    story.then(ev.EvidenceCollected)
    story.then(ev.MeasureImposed, emergency=True, approved_on=D(2026, 3, 6))
    story.then(ev.MeasureExtended, notified_on=D(2026, 4, 1), extra_days=20)
    m = story.s.measure("m1")
    assert m is not None
    assert m.extended
    assert m.duration_days == 50
    # 50 days from 2026-03-05 → 2026-04-24 (Friday)
    assert [(c.due, c.met_on) for c in clocks(story.s, env) if c.key.startswith("coercion")] == [
        (D(2026, 4, 24), None)
    ]
    story.then(ev.RightsNotified).then(ev.DecisionIssued, approved_by=HEAD)
    story.then(ev.DocumentServed).then(ev.PaymentReceived)
    story.then(ev.MeasureReleased, released_on=D(2026, 4, 15), reason="结案前解除扣押")
    story.then(ev.CaseClosed).then(ev.CaseArchived)
    assert story.s.stage is Stage.ARCHIVED
    coercion = [c for c in clocks(story.s, env) if c.key.startswith("coercion")]
    assert [(c.due, c.met_on) for c in coercion] == [(D(2026, 4, 24), D(2026, 4, 15))]
