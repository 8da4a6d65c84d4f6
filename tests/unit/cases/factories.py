"""Builders for the case-model tests: events with lawful defaults, and states folded from them.

Every fixture state is reached by folding events through ``check`` then ``evolve``, so a
state a test starts from is one the guards themselves allowed. The defaults describe one
普通程序 case at 杭州市西湖区市场监督管理局 in March 2026 (no holiday nearby); a ``Plan``
moves its dates next to a holiday when a row needs one.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from zhifa.cases import events as ev
from zhifa.cases.model import CaseState, Env, check, evolve
from zhifa.documents.model import content_digest

BODY = "body-xihu-amr"
OTHER_BODY = "body-gongshu-amr"
REGION = "330106"  # 浙江省杭州市西湖区
OTHER_REGION = "330105"  # 浙江省杭州市拱墅区

# The roster (see conftest.MemoryEnv): who may do what.
WANG = "offi-wang"  # officer, valid credential
LI = "offi-li"  # officer, valid credential
ZHOU = "offi-zhou"  # officer, valid credential (a replacement)
CHEN = "offi-chen"  # officer, never investigates: presides hearings
SUN = "offi-sun"  # legal reviewer with 法律职业资格 (also holds a credential)
QIAN = "offi-qian"  # legal reviewer without 法律职业资格
ZHAO = "offi-zhao"  # officer whose credential expired on 2025-12-31
WU = "offi-wu"  # officer who holds no credential
LIU = "aux-liu"  # auxiliary staff (辅助人员)
XU = "offi-xu"  # officer of the other body
XU2 = "offi-xu2"  # another officer of the other body
MA = "offi-ma"  # officer whose credential covers only 城市管理 (not 市场监管)
QIN = "offi-qin"  # officer of BODY whose credential covers only 拱墅区 (OTHER_REGION)
HE = "offi-he"  # officer of the entrusted organisation
HE2 = "offi-he2"  # another officer of the entrusted organisation
ENTRUSTED_BODY = "body-xihu-entrusted"  # 受委托组织 of BODY, entrusted with MATTER only
ENTRUSTED_HEAD = "user:head-entrusted"
HEAD = "user:head"  # the body's head
OTHER_HEAD = "user:head-gongshu"  # the other body's head
CLERK = "user:clerk"  # a user who is not the head

CASE = "case-0001"
SUMMARY_CASE = "case-summary-0001"

MATTER = "MR-FOOD-126-03"  # 食品安全法第一百二十六条: 警告；5,000–50,000 元；停产停业；吊销
SUMMARY_MATTER = "MR-PRICE-42-01"  # 价格法第四十二条: 没收；5,000 元以下罚款
COERCION_MATTER = "MR-FOOD-110-04"  # a 查封、扣押 matter: not a penalty

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples" / "documents"


def sample_document(kind: str) -> dict[str, Any]:
    """A complete document of ``kind`` (the shipped samples pass the element check)."""
    data: dict[str, Any] = json.loads((SAMPLES / f"{kind}.json").read_text("utf-8"))
    return data


SAMPLE_DECISION = sample_document("penalty_decision")

BEIJING = timezone(timedelta(hours=8))
DIGEST = "a" * 64


def yuan(n: int) -> int:
    """Yuan to 分."""
    return n * 100


def moment(d: date, hour: int = 10) -> datetime:
    """A Beijing-time instant on ``d``."""
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=BEIJING)


D = date
_DEFAULTS: dict[type[ev.CaseEvent], dict[str, Any]] = {
    ev.LeadRegistered: {
        "source": "complaint",
        "received_on": D(2026, 3, 2),
        "summary": "投诉：餐饮店进货未查验许可证和相关证明文件",
        "matter_code": MATTER,
    },
    ev.CaseDeclined: {
        "decided_on": D(2026, 3, 4),
        "reasons": "经核查，违法事实不成立",
        "approved_by": HEAD,
    },
    ev.FilingExtended: {
        "approved_by": HEAD,
        "approved_on": D(2026, 3, 9),
        "reason": "需向外地调取进货凭证",
    },
    ev.CaseOpened: {
        "number": "杭西市监立〔2026〕1号",
        "matter_code": MATTER,
        "region_code": REGION,
        "opened_on": D(2026, 3, 3),
        "officer_ids": (WANG, LI),
        "approved_by": HEAD,
        "party_kind": "organisation",
        "party_label": "杭州示例餐饮管理有限公司",
        "party_uscc": None,
        "party_name": "杭州示例餐饮管理有限公司",
    },
    ev.SummaryDecisionIssued: {
        "number": "杭西市监简〔2026〕0001号",
        "matter_code": SUMMARY_MATTER,
        "region_code": REGION,
        "decided_on": D(2026, 3, 2),
        "officer_ids": (WANG, LI),
        "credential_shown": True,
        "penalty_kinds": ("fine",),
        "fine_fen": yuan(100),
        "facts": "商品未按规定明码标价",
        "place": "杭州市西湖区示例路1号",
        "party_kind": "person",
        "party_label": "张某",
        "party_uscc": None,
        "party_name": "张某",
    },
    ev.EvidenceCollected: {
        "evidence_id": "ev1",
        "kind": "document",
        "digest": DIGEST,
        "description": "进货单据复印件",
        "collected_by": (WANG, LI),
        "collected_at": moment(D(2026, 3, 4)),
        "place": "杭州市西湖区示例路1号",
    },
    ev.TranscriptRecorded: {
        "evidence_id": "tr1",
        "kind": "inquiry",
        "officer_ids": (WANG, LI),
        "taken_at": moment(D(2026, 3, 5)),
        "place": "西湖区市场监督管理局询问室",
        "speakers": ("officer", "party"),
        "utterances": [
            {"speaker": "officer", "text": "我们是西湖区市场监督管理局执法人员，请看执法证件。"},
            {"speaker": "party", "text": "看到了。"},
        ],
    },
    ev.EvidencePreserved: {
        "preservation_id": "p1",
        "items": ("进货台账2本",),
        "preserved_on": D(2026, 3, 5),
        "approved_by": HEAD,
        "officer_ids": (WANG, LI),
    },
    ev.PreservationHandled: {
        "preservation_id": "p1",
        "handled_on": D(2026, 3, 9),
        "handling": "returned",
    },
    ev.RecusalRequested: {
        "officer_id": LI,
        "requested_by": "party",
        "requested_on": D(2026, 3, 5),
        "reason": "执法人员与当事人是近亲属",
    },
    ev.CircumstancesAssessed: {
        "assessed_on": D(2026, 3, 6),
        "officer_ids": (WANG, LI),
        "first_offence": False,
        "harm_minor": False,
        "corrected_in_time": False,
    },
    ev.InterferenceReported: {
        "reported_by": WANG,
        "reported_on": D(2026, 3, 6),
        "interferer_position": "区里某部门负责人",
        "manner": "request",
        "interferer_name": "某某",
        "description": "电话要求对当事人从轻处理",
    },
    ev.RelationDeclared: {
        "officer_id": LI,
        "declared_on": D(2026, 3, 5),
        "relation": "kin",
    },
    ev.RecusalDecided: {
        "officer_id": LI,
        "requested_by": "party",
        "granted": True,
        "decided_by": HEAD,
        "decided_on": D(2026, 3, 6),
        "reason": "与当事人有利害关系",
        "replacement_id": ZHOU,
    },
    ev.TimeExcluded: {
        "reason": "testing",
        "from_on": D(2026, 3, 10),
        "to_on": D(2026, 3, 19),
    },
    ev.DecisionDeadlineExtended: {
        "approved_by": HEAD,
        "approved_on": D(2026, 5, 20),
        "reason": "案情复杂",
    },
    ev.RightsNotified: {
        "notified_on": D(2026, 3, 10),
        "penalty_kinds": ("fine",),
        "fine_fen": yuan(10_000),
        "confiscation_fen": 0,
        "facts": "当事人进货时未查验供货者的许可证和食品合格证明文件。",
        "reasons": "违反食品安全法第五十三条第一款。",
        "basis": "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项",
        "hearing_right": False,
        "document_number": "杭西市监告〔2026〕1号",
    },
    ev.StatementReceived: {
        "received_on": D(2026, 3, 11),
        "adopted": False,
        "content": "当事人称系初次经营，请求从轻处理。",
    },
    ev.HearingRequested: {"requested_on": D(2026, 3, 12)},
    ev.HearingNoticed: {
        "noticed_on": D(2026, 3, 13),
        "hearing_on": D(2026, 3, 25),
        "place": "第一听证室",
        "presider_id": CHEN,
    },
    ev.HearingHeld: {"held_on": D(2026, 3, 25), "presider_id": CHEN, "record_digest": "b" * 64},
    ev.LegalReviewCompleted: {
        "reviewer_id": SUN,
        "reviewed_on": D(2026, 3, 26),
        "outcome": "approve",
        "opinion": "事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。",
    },
    ev.CollectiveDiscussionHeld: {
        "held_on": D(2026, 3, 27),
        "participants": (HEAD, "user:deputy-1", "user:deputy-2"),
        "conclusion": "同意拟处罚意见",
    },
    ev.DecisionIssued: {
        "number": "杭西市监罚〔2026〕1号",
        "decided_on": D(2026, 3, 30),
        "penalty_kinds": ("fine",),
        "fine_fen": yuan(10_000),
        "confiscation_fen": 0,
        "tier": "standard",
        "tier_reason": "无从轻、从重情节",
        "facts": "同告知书",
        "basis": "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项",
        "approved_by": HEAD,
        "payment_channel": "中国工商银行杭州西湖支行（非税收入代收）或者电子支付系统",
        "reconsideration_body": "杭州市西湖区人民政府",
        "litigation_court": "杭州市西湖区人民法院",
    },
    ev.DocumentIssued: {
        "document_id": "doc1",
        "kind": "penalty_decision",
        "number": "杭西市监罚〔2026〕1号",
        "digest": content_digest(SAMPLE_DECISION),
        "pdf_digest": "c" * 64,
        "issued_on": D(2026, 3, 30),
        "verify_url": "/verify/document/doc1",
        "content": SAMPLE_DECISION,
    },
    ev.DocumentServed: {
        "document": "decision",
        "served_on": D(2026, 3, 31),
        "method": "direct",
        "proof": "送达回证（当事人签收）",
    },
    ev.PaymentReceived: {
        "paid_on": D(2026, 4, 10),
        "amount_fen": yuan(10_000),
        "channel": "bank",
        "reference": "BANK-0001",
    },
    ev.CashHandedOver: {"officer_id": WANG, "handed_on": D(2026, 3, 3), "amount_fen": yuan(100)},
    ev.PaymentDeferred: {
        "approved_by": HEAD,
        "approved_on": D(2026, 4, 8),
        "due_on": D(2026, 6, 30),
        "instalments": 3,
        "reason": "当事人经营困难，申请分期缴纳",
    },
    ev.ExecutionDemanded: {"demanded_on": D(2026, 4, 16)},
    ev.CourtEnforcementApplied: {"applied_on": D(2026, 7, 20), "court": "杭州市西湖区人民法院"},
    ev.MeasureImposed: {
        "measure_id": "m1",
        "kind": "seize",
        "items": ({"name": "涉案食品", "quantity": 10, "unit": "箱", "linked": True},),
        "imposed_on": D(2026, 3, 5),
        "duration_days": 30,
        "officer_ids": (WANG, LI),
        "approved_by": HEAD,
        "approved_on": D(2026, 3, 5),
    },
    ev.MeasureExtended: {
        "measure_id": "m1",
        "extra_days": 30,
        "approved_by": HEAD,
        "notified_on": D(2026, 4, 1),
    },
    ev.MeasureReleased: {"measure_id": "m1", "released_on": D(2026, 3, 20), "reason": "检测合格"},
    ev.RemedyFiled: {
        "remedy_id": "r1",
        "kind": "reconsideration",
        "filed_on": D(2026, 4, 5),
        "organ": "杭州市西湖区人民政府",
    },
    ev.RemedyDecided: {"remedy_id": "r1", "decided_on": D(2026, 5, 10), "outcome": "upheld"},
    ev.CaseTransferred: {
        "transferred_on": D(2026, 3, 6),
        "to_kind": "judicial",
        "to_name": "杭州市公安局西湖区分局",
        "reason": "涉嫌生产、销售不符合安全标准的食品罪",
    },
    ev.CaseWithdrawn: {
        "withdrawn_on": D(2026, 3, 6),
        "reason": "违法行为已过追责期限",
        "approved_by": HEAD,
    },
    ev.CaseClosed: {"closed_on": D(2026, 4, 20), "approved_by": HEAD, "summary": "罚款已缴清"},
    ev.CaseArchived: {"archived_on": D(2026, 4, 25)},
    ev.CaseCorrected: {
        "corrects": "evt-000001",
        "field": "place",
        "value": "杭州市西湖区示例路2号",
        "reason": "门牌号笔误",
    },
    ev.DeadlineMissed: {
        "clock": "case.decision.deadline",
        "label": "办案期限（作出决定）",
        "due": D(2026, 6, 1),
        "detected_on": D(2026, 6, 2),
        "basis": "《中华人民共和国行政处罚法》第六十条",
    },
    ev.LanguageFlagged: {
        "evidence_id": "ev1",
        "transcript_event_id": "t" * 32,
        "officer_ids": (),
        "findings": ({"category": "threatening", "utterance": 1, "start": 0, "end": 9},),
        "found_on": D(2026, 3, 5),
    },
    ev.WordingFlagged: {
        "step_event_id": "n" * 32,
        "step": "RightsNotified",
        "officer_ids": (),
        "findings": ({"field": "reasons", "category": "insulting", "start": 10, "end": 12},),
        "found_on": D(2026, 3, 10),
    },
    ev.DossierChecked: {
        "archive_event_id": "a" * 32,
        "documents": 0,
        "findings": (),
        "checked_on": D(2026, 3, 20),
    },
}

T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


def make(cls: type[ev.CaseEvent], case_id: str = CASE, /, **over: Any) -> ev.CaseEvent:
    """An event of ``cls`` with the lawful defaults, ``over`` replacing some of them."""
    kw: dict[str, Any] = {"body_id": BODY, **_DEFAULTS[cls], **over}
    return cls(actor="user:test", occurred_at=T0, case_id=case_id, **kw)


def has_defaults(cls: type[ev.CaseEvent]) -> bool:
    return cls in _DEFAULTS


@dataclass
class Story:
    """A case told event by event; each step passes ``check`` before ``evolve`` folds it in."""

    env: Env
    case_id: str = CASE
    state: CaseState | None = None

    def then(self, cls: type[ev.CaseEvent], **over: Any) -> Story:
        e = make(cls, self.case_id, **over)
        check(self.state, e, self.env)
        self.state = evolve(self.state, e)
        return self

    @property
    def s(self) -> CaseState:
        assert self.state is not None
        return self.state


@dataclass(frozen=True)
class Plan:
    """The dates and intended penalty of one 普通程序 case."""

    case_id: str = CASE
    matter: str = MATTER
    party_kind: str = "organisation"
    received: date = date(2026, 3, 2)
    opened: date = date(2026, 3, 3)
    evidence: date = date(2026, 3, 4)
    notified: date = date(2026, 3, 10)
    kinds: tuple[str, ...] = ("fine",)
    fine_fen: int = yuan(10_000)
    hearing_right: bool = False
    review_flagged: bool = False
    decided: date = date(2026, 3, 30)
    served: date = date(2026, 3, 31)
    collected_by: tuple[str, ...] = (WANG, LI)


PLAN = Plan()


def plan(**changes: Any) -> Plan:
    return dataclasses.replace(PLAN, **changes)


def lead(env: Env, p: Plan = PLAN) -> Story:
    return Story(env, p.case_id).then(
        ev.LeadRegistered, received_on=p.received, matter_code=p.matter
    )


def opened(env: Env, p: Plan = PLAN) -> Story:
    """立案 done, no evidence yet."""
    party = {"party_kind": p.party_kind}
    if p.party_kind == "person":
        party |= {"party_label": "张某（个体工商户）", "party_name": "张某"}
    return lead(env, p).then(ev.CaseOpened, opened_on=p.opened, matter_code=p.matter, **party)


def investigating(env: Env, p: Plan = PLAN) -> Story:
    """立案 and one item of evidence: ready to notify."""
    return opened(env, p).then(
        ev.EvidenceCollected, collected_at=moment(p.evidence), collected_by=p.collected_by
    )


def notified(env: Env, p: Plan = PLAN) -> Story:
    return investigating(env, p).then(
        ev.RightsNotified,
        notified_on=p.notified,
        penalty_kinds=p.kinds,
        fine_fen=p.fine_fen,
        hearing_right=p.hearing_right,
        legal_review_required=p.review_flagged,
    )


def decided(env: Env, p: Plan = PLAN) -> Story:
    """Decided as notified (the plan must need neither hearing nor review)."""
    return notified(env, p).then(
        ev.DecisionIssued, decided_on=p.decided, penalty_kinds=p.kinds, fine_fen=p.fine_fen
    )


def served(env: Env, p: Plan = PLAN) -> Story:
    return decided(env, p).then(ev.DocumentServed, served_on=p.served)


def summary(env: Env, **over: Any) -> Story:
    """A 简易程序 case: the whole case in one ``SummaryDecisionIssued``."""
    return Story(env, SUMMARY_CASE).then(ev.SummaryDecisionIssued, **over)


def with_measure(env: Env, p: Plan = PLAN, **over: Any) -> Story:
    """Under investigation with one seizure in force."""
    return investigating(env, p).then(ev.MeasureImposed, **over)
