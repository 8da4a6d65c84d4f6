"""The case lifecycle on a real database: a full 普通程序 path with hearing and legal review,
a summary decision, coercive measures, and refusals that write nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from zhifa.app_context import Context
from zhifa.cases import events as ev
from zhifa.cases.model import Stage
from zhifa.cases.services import case_events, load_state, record_steps
from zhifa.cases.tables import CaseRow
from zhifa.demo import _id, load_demo
from zhifa.kernel.errors import DomainError
from zhifa.ledger.tables import LedgerEntry

BODY = _id("body", 1)
WANG, LI, CHEN, ZHAO = (_id("offi", n) for n in (1, 2, 3, 4))
HEAD = "user:" + _id("user", 3)
MATTER = "MR-AD-59-01"  # 广告法第五十八条第一款: 罚款 ≤ 10万元
CASE = "case0000000000000000000000000001"


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 2, 0, tzinfo=UTC)


def step(cls: type[ev.CaseEvent], case_id: str = CASE, **kw: Any) -> ev.CaseEvent:
    kw.setdefault("actor", "user:test")
    kw.setdefault("occurred_at", at(date(2026, 3, 2)))
    return cls(case_id=case_id, body_id=BODY, **kw)


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_demo(ctx)
    return ctx


def record(ctx: Context, *steps: ev.CaseEvent) -> None:
    with ctx.uow() as uow:
        record_steps(uow, steps)
        uow.commit()


def entries(ctx: Context) -> int:
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(LedgerEntry)) or 0


def opened(case_id: str = CASE, **over: Any) -> list[ev.CaseEvent]:
    kw: dict[str, Any] = {
        "number": "示市监立〔2026〕1号",
        "matter_code": MATTER,
        "region_code": "990102",
        "opened_on": date(2026, 3, 3),
        "officer_ids": (WANG, LI),
        "approved_by": HEAD,
        "party_kind": "organisation",
        "party_label": "示例市味美餐饮管理有限公司",
        "party_uscc": None,
        "party_name": "示例市味美餐饮管理有限公司",
        "party_address": "示例市东城区幸福路1号",
    }
    kw.update(over)
    return [
        step(
            ev.LeadRegistered,
            case_id,
            source="complaint",
            received_on=date(2026, 3, 2),
            summary="投诉：店内广告宣称“全市第一”",
            matter_code=MATTER,
        ),
        step(ev.CaseOpened, case_id, **kw),
    ]


def evidence(case_id: str = CASE, n: int = 1) -> ev.CaseEvent:
    return step(
        ev.EvidenceCollected,
        case_id,
        evidence_id=f"ev{n}",
        kind="audio_visual",
        digest="a" * 64,
        description="现场拍摄广告牌照片",
        collected_by=(WANG, LI),
        collected_at=at(date(2026, 3, 4)),
        place="示例市东城区幸福路1号",
    )


def notice(fine_yuan: int = 100000, **over: Any) -> ev.CaseEvent:
    kw: dict[str, Any] = {
        "notified_on": date(2026, 3, 10),
        "penalty_kinds": ("fine",),
        "fine_fen": fine_yuan * 100,
        "confiscation_fen": 0,
        "facts": "当事人在店内发布含有“全市第一”用语的广告。",
        "reasons": "违反广告法第八条。",
        "basis": "《中华人民共和国广告法》第五十九条第一款第（一）项",
        "hearing_right": True,
        "document_number": "示市监告〔2026〕1号",
    }
    kw.update(over)
    return step(ev.RightsNotified, **kw)


def test_full_general_procedure_with_hearing_and_review(demo: Context) -> None:
    record(demo, *opened(), evidence())
    record(
        demo,
        step(
            ev.TranscriptRecorded,
            evidence_id="tr1",
            kind="inquiry",
            officer_ids=(WANG, LI),
            taken_at=at(date(2026, 3, 5)),
            place="示例市东城区市场监督管理所",
            speakers=("officer", "party"),
            utterances=[
                {
                    "speaker": "officer",
                    "text": "我们是示例市市场监督管理局执法人员，这是我们的执法证件。",
                },
                {"speaker": "party", "text": "看到了。"},
            ],
        ),
        notice(),
    )
    # 第六十四条: request within 5 working days of 2026-03-10 (Tue) → by 2026-03-17.
    record(demo, step(ev.HearingRequested, requested_on=date(2026, 3, 13)))
    with pytest.raises(DomainError) as refused:
        record(
            demo,
            step(
                ev.HearingNoticed,
                noticed_on=date(2026, 3, 16),
                hearing_on=date(2026, 3, 20),
                place="第一听证室",
                presider_id=CHEN,
            ),
        )
    assert refused.value.article == 5
    assert "七个工作日" in refused.value.message_zh
    record(
        demo,
        step(
            ev.HearingNoticed,
            noticed_on=date(2026, 3, 16),
            hearing_on=date(2026, 3, 26),
            place="第一听证室",
            presider_id=CHEN,
        ),
        step(ev.HearingHeld, held_on=date(2026, 3, 26), presider_id=CHEN, record_digest="b" * 64),
    )
    decision = step(
        ev.DecisionIssued,
        number="示市监罚〔2026〕1号",
        decided_on=date(2026, 4, 1),
        penalty_kinds=("fine",),
        fine_fen=8000000,
        confiscation_fen=0,
        tier="standard",
        tier_reason="无从轻、从重情节",
        facts="同告知书",
        basis="《中华人民共和国广告法》第五十九条第一款第（一）项",
        approved_by=HEAD,
        payment_channel="示例银行",
        reconsideration_body="示例市人民政府",
        litigation_court="示例市东城区人民法院",
    )
    with pytest.raises(DomainError) as no_review:
        record(demo, decision)
    assert "法制审核" in no_review.value.message_zh
    record(
        demo,
        step(
            ev.LegalReviewCompleted,
            reviewer_id=CHEN,
            reviewed_on=date(2026, 3, 30),
            outcome="approve",
            opinion="事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。",
        ),
        decision,
        step(
            ev.DocumentServed,
            document="decision",
            served_on=date(2026, 4, 2),
            method="direct",
            proof="送达回证（当事人签收）",
        ),
        step(
            ev.PaymentReceived,
            paid_on=date(2026, 4, 10),
            amount_fen=8000000,
            channel="bank",
            reference="BANK-1",
        ),
        step(ev.CaseClosed, closed_on=date(2026, 4, 15), approved_by=HEAD, summary="罚款已缴清"),
        step(ev.CaseArchived, archived_on=date(2026, 4, 20)),
    )
    with demo.read() as s:
        state = load_state(s, CASE)
        assert state is not None
        assert state.stage is Stage.ARCHIVED
        row = s.get_one(CaseRow, CASE)
        assert row.paid_fen == 8000000
        assert row.next_step == "—"
        timeline = case_events(s, CASE)
        assert [type(e).__name__ for _, e in timeline][:3] == [
            "LeadRegistered",
            "CaseOpened",
            "EvidenceCollected",
        ]
        opened_event = next(e for _, e in timeline if isinstance(e, ev.CaseOpened))
        assert isinstance(opened_event.party_address, dict)  # a commitment, not the address


def test_refused_step_writes_nothing(demo: Context) -> None:
    record(demo, *opened(), evidence())
    before = entries(demo)
    # A heavier penalty than notified (第四十五条) inside a batch: the whole batch is refused.
    with pytest.raises(DomainError):
        record(
            demo,
            notice(fine_yuan=1000, hearing_right=False),
            step(
                ev.DecisionIssued,
                number="N1",
                decided_on=date(2026, 3, 20),
                penalty_kinds=("fine",),
                fine_fen=200000,
                confiscation_fen=0,
                tier="standard",
                tier_reason="一般",
                facts="f",
                basis="b",
                approved_by=HEAD,
                payment_channel="示例银行",
                reconsideration_body="示例市人民政府",
                litigation_court="示例市东城区人民法院",
            ),
        )
    assert entries(demo) == before


@pytest.mark.parametrize(
    ("override", "article", "needle"),
    [
        ({"officer_ids": (WANG,)}, 1, "不得少于2人"),
        ({"officer_ids": (WANG, ZHAO)}, 1, "不具有行政执法资格"),
        ({"approved_by": WANG + "x"}, 5, "审批人"),
        ({"opened_on": date(2026, 3, 1)}, 9, "早于"),
    ],
)
def test_opening_guards(demo: Context, override: dict[str, Any], article: int, needle: str) -> None:
    with pytest.raises(DomainError) as refused:
        record(demo, *opened(**override))
    assert refused.value.article == article
    assert needle in refused.value.message_zh + refused.value.message_en


def test_fine_above_range_refused(demo: Context) -> None:
    record(demo, *opened(), evidence())
    with pytest.raises(DomainError) as refused:
        record(demo, notice(fine_yuan=100001))
    assert refused.value.article == 3
    assert "上限" in refused.value.message_zh


def test_delivery_before_decision_refused(demo: Context) -> None:
    record(demo, *opened(), evidence(), notice(fine_yuan=1000, hearing_right=False))
    record(
        demo,
        step(
            ev.DecisionIssued,
            number="示市监罚〔2026〕2号",
            decided_on=date(2026, 3, 20),
            penalty_kinds=("fine",),
            fine_fen=100000,
            confiscation_fen=0,
            tier="standard",
            tier_reason="一般",
            facts="f",
            basis="b",
            approved_by=HEAD,
            payment_channel="示例银行",
            reconsideration_body="示例市人民政府",
            litigation_court="示例市东城区人民法院",
        ),
    )
    with pytest.raises(DomainError) as refused:
        record(
            demo,
            step(
                ev.DocumentServed,
                document="decision",
                served_on=date(2026, 3, 19),
                method="direct",
                proof="回证",
            ),
        )
    assert refused.value.article == 9


def test_summary_procedure_limits(demo: Context) -> None:
    base: dict[str, Any] = {
        "number": "示市监当〔2026〕0001",
        "matter_code": "MR-AD-59-01",
        "region_code": "990102",
        "decided_on": date(2026, 3, 2),
        "officer_ids": (WANG, LI),
        "credential_shown": True,
        "penalty_kinds": ("fine",),
        "facts": "店外广告牌用语不准确",
        "place": "示例市东城区幸福路1号",
        "party_kind": "person",
        "party_label": "示例·张某",
        "party_uscc": None,
        "party_name": "示例·张三",
    }
    with pytest.raises(DomainError) as refused:
        record(demo, step(ev.SummaryDecisionIssued, case_id="s1", fine_fen=20100, **base))
    assert refused.value.article == 5
    assert "当场罚款" in refused.value.message_zh
    record(
        demo,
        step(
            ev.SummaryDecisionIssued,
            case_id="s2",
            fine_fen=5000,
            collected_on_spot_fen=5000,
            collection_ground="small_fine",
            receipt_number="财政票据0001",
            **base,
        ),
    )
    with pytest.raises(DomainError) as unpaid:
        record(
            demo,
            step(
                ev.CaseClosed,
                case_id="s2",
                closed_on=date(2026, 3, 3),
                approved_by=HEAD,
                summary="x",
            ),
        )
    assert "交回" in unpaid.value.message_zh
    record(
        demo,
        step(
            ev.CashHandedOver,
            case_id="s2",
            officer_id=WANG,
            handed_on=date(2026, 3, 3),
            amount_fen=5000,
        ),
        step(
            ev.CaseClosed, case_id="s2", closed_on=date(2026, 3, 3), approved_by=HEAD, summary="x"
        ),
    )


def test_saved_transcript_with_uncivil_language_is_flagged(demo: Context) -> None:
    """准则第六条: the check runs on what is saved; the supervisor sees it; no words copied."""
    from zhifa.cases.tables import CaseFindingRow

    record(demo, *opened(), evidence())
    record(
        demo,
        step(
            ev.TranscriptRecorded,
            evidence_id="tr9",
            kind="inquiry",
            officer_ids=(WANG, LI),
            taken_at=at(date(2026, 3, 5)),
            place="询问室",
            speakers=("officer", "party"),
            utterances=[
                {"speaker": "party", "text": "你们这是乱罚款，一群废物！"},  # the party's words
                {"speaker": "officer", "text": "你这店还想不想开了？"},
            ],
        ),
        step(
            ev.TranscriptRecorded,
            evidence_id="tr10",
            kind="inquiry",
            officer_ids=(WANG, LI),
            taken_at=at(date(2026, 3, 5)),
            place="询问室",
            speakers=("officer", "party"),
            utterances=[{"speaker": "officer", "text": "请您核对笔录，无误后签字。"}],
        ),
    )
    with demo.read() as s:
        found = s.scalars(select(CaseFindingRow)).all()
        assert [(f.article, f.kind, f.detail) for f in found] == [(6, "language", ["threatening"])]
        flagged = [e for _, e in case_events(s, CASE) if isinstance(e, ev.LanguageFlagged)]
        assert len(flagged) == 1
        assert flagged[0].findings[0]["utterance"] == 1
        body = s.scalar(select(LedgerEntry.body).where(LedgerEntry.event_id == flagged[0].event_id))
        assert body is not None
        assert "还想不想开".encode() not in body
