"""Every guard of the case model, table-driven: for each event type at least one step the law
refuses (error class, 准则 article, a key word of the Chinese message, the field) and one it
allows. Row ids name the statute the row enforces:

CFL 行政处罚法 · CCL 行政强制法 · ARL 行政复议法 · ZZ 行政执法人员行为准则 · GB54 国办发〔2024〕54号.

States are built by folding lawful events (``factories``); dates near holidays are taken from
the shipped 2025/2026 calendars (国办发明电〔2024〕12号 and the 2026 notice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from tests.unit.cases.factories import (
    BODY,
    CHEN,
    CLERK,
    COERCION_MATTER,
    HEAD,
    LI,
    LIU,
    OTHER_BODY,
    PLAN,
    QIAN,
    SUMMARY_CASE,
    SUN,
    WANG,
    WU,
    XU,
    ZHAO,
    ZHOU,
    Plan,
    Story,
    decided,
    investigating,
    lead,
    make,
    moment,
    notified,
    opened,
    plan,
    sample_document,
    served,
    summary,
    with_measure,
    yuan,
)

from zhifa.cases import events as ev
from zhifa.cases import model
from zhifa.cases.model import CaseState, Env, Stage, check, evolve
from zhifa.documents.model import content_digest
from zhifa.kernel.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from zhifa.registry.authorize import NotAuthorized

D = date
Given = Callable[[Env], CaseState | None]
Step = tuple[type[ev.CaseEvent], dict[str, Any]]


def step(cls: type[ev.CaseEvent], **kw: Any) -> Step:
    return (cls, kw)


def at(builder: Callable[[Env, Plan], Story], p: Plan = PLAN, *steps: Step) -> Given:
    """The state ``builder`` reaches for plan ``p``, then ``steps`` folded on top."""

    def build(env: Env) -> CaseState:
        story = builder(env, p)
        for cls, kw in steps:
            story.then(cls, **kw)
        return story.s

    return build


def at_summary(*steps: Step, **over: Any) -> Given:
    def build(env: Env) -> CaseState:
        story = summary(env, **over)
        for cls, kw in steps:
            story.then(cls, **kw)
        return story.s

    return build


def nothing(env: Env) -> None:
    return None


@dataclass(frozen=True)
class Row:
    label: str
    given: Given
    event: ev.CaseEvent
    error: type[DomainError] | None = None
    article: int | None = None
    word: str = ""
    field: str = ""  # the first violation's field; "" when the refusal carries none
    stage: Stage | None = None  # an allowed row: the stage after the step

    @property
    def id(self) -> str:
        return f"{self.event.TYPE}-{'refused' if self.error else 'allowed'}-{self.label}"


def no(
    label: str,
    given: Given,
    event: ev.CaseEvent,
    error: type[DomainError],
    article: int | None,
    word: str,
    field: str = "",
) -> Row:
    return Row(label, given, event, error, article, word, field)


def ok(label: str, given: Given, event: ev.CaseEvent, stage: Stage | None = None) -> Row:
    return Row(label, given, event, stage=stage)


IT = IllegalTransition
BAD = InvalidInput

# ------------------------------------------------------------------ plans

# A natural person's fine of 20,000 yuan: 较大数额 (≥ 5,000 yuan) → hearing right, review.
HEARING = plan(party_kind="person", fine_fen=yuan(20_000), hearing_right=True)
# Notified on Thursday 2026-04-30, the eve of 劳动节 (05-01…05-05; Saturday 05-09 worked).
MAYDAY = plan(
    received=D(2026, 3, 31),
    opened=D(2026, 4, 1),
    evidence=D(2026, 4, 2),
    notified=D(2026, 4, 30),
    party_kind="person",
    fine_fen=yuan(20_000),
    hearing_right=True,
)
# Notified on Thursday 2025-09-25: Sunday 09-28 worked, 国庆 10-01…10-08.
NATIONAL_2025 = plan(
    received=D(2025, 9, 1),
    opened=D(2025, 9, 2),
    evidence=D(2025, 9, 3),
    notified=D(2025, 9, 25),
    party_kind="person",
    fine_fen=yuan(20_000),
    hearing_right=True,
)
# Notified 2026-02-05, before 春节 (02-15…02-23; Saturdays 02-14 and 02-28 worked).
SPRING_2026 = plan(
    received=D(2026, 1, 19),
    opened=D(2026, 1, 20),
    evidence=D(2026, 1, 21),
    notified=D(2026, 2, 5),
    party_kind="person",
    fine_fen=yuan(20_000),
    hearing_right=True,
)
# Decided on Friday 2025-09-26: served by the 7th working day after, across 国庆 2025.
DELIVERY_2025 = plan(
    received=D(2025, 8, 1),
    opened=D(2025, 8, 4),
    evidence=D(2025, 8, 5),
    notified=D(2025, 9, 10),
    decided=D(2025, 9, 26),
)
# Served on Thursday 2026-04-16: 15 days end on 05-01 (劳动节) → payment due 2026-05-06.
LATE_PAY = plan(decided=D(2026, 4, 15), served=D(2026, 4, 16))
# Opened Monday 2026-02-02: day 90 is Sunday 05-03 (劳动节) → decision due 2026-05-06.
FEB_OPENED = plan(
    received=D(2026, 1, 30), opened=D(2026, 2, 2), evidence=D(2026, 2, 3), notified=D(2026, 3, 10)
)
# Received Tuesday 2026-02-10: 15 working days across 春节 → filing due 2026-03-09.
FEB_LEAD = plan(received=D(2026, 2, 10))
# Opened 2026-09-01: a seizure on 09-05 for 30 days ends 10-05 (国庆) → 2026-10-08.
SEPT_2026 = plan(received=D(2026, 8, 31), opened=D(2026, 9, 1), evidence=D(2026, 9, 2))
SEPT_MEASURE = {"imposed_on": D(2026, 9, 5), "approved_on": D(2026, 9, 5)}
SERIOUS = plan(kinds=("fine", "suspension_order"), hearing_right=True)
REVIEW = step(ev.LegalReviewCompleted, reviewed_on=D(2026, 3, 12))

LEAD = at(lead)
OPENED = at(opened)
INVESTIGATING = at(investigating)
NOTIFIED = at(notified)
DECIDED = at(decided)
SERVED = at(served)


def closed_with_measure(env: Env) -> CaseState:
    """Served and paid in full, while the seizure imposed during investigation is in force."""
    story = with_measure(env)
    story.then(ev.RightsNotified).then(ev.DecisionIssued).then(ev.DocumentServed)
    return story.then(ev.PaymentReceived).s


def sept_measure(env: Env) -> CaseState:
    """A seizure imposed 2026-09-05 for 30 days: day 30 is 2026-10-05, inside 国庆."""
    return with_measure(env, SEPT_2026, **SEPT_MEASURE).s


def incomplete_decision() -> ev.CaseEvent:
    """A 决定书 without its facts (第五十九条第一款第（二）项), its digest honest."""
    content = {k: v for k, v in sample_document("penalty_decision").items() if k != "facts"}
    return make(ev.DocumentIssued, content=content, digest=content_digest(content))


def m(cls: type[ev.CaseEvent], **over: Any) -> ev.CaseEvent:
    return make(cls, **over)


def sm(cls: type[ev.CaseEvent], **over: Any) -> ev.CaseEvent:
    return make(cls, SUMMARY_CASE, **over)


# ------------------------------------------------------------------ the table

# fmt: off
ROWS: list[Row] = [
    # ---------------------------------------------------------------- 案源
    ok("CFL54-lead-registered", nothing, m(ev.LeadRegistered), Stage.LEAD),
    ok("CFL54-lead-without-matter", nothing, m(ev.LeadRegistered, matter_code=None), Stage.LEAD),
    no("CFL54-id-reused", LEAD, m(ev.LeadRegistered), BAD, None, "已被使用", "case_id"),
    no("CFL54-unknown-source", nothing, m(ev.LeadRegistered, source="rumour"), BAD, None, "未知的案源类型", "source"),
    no("CFL54-empty-summary", nothing, m(ev.LeadRegistered, summary="  "), BAD, None, "案源摘要不能为空", "summary"),
    no("CFL54-unknown-matter", nothing, m(ev.LeadRegistered, matter_code="XX-0"), NotFound, None, "不存在"),
    # ---------------------------------------------------------------- 不予立案
    ok("CFL54-declined-with-reasons", LEAD, m(ev.CaseDeclined), Stage.DECLINED),
    no("ZZ2-CFL54-declined-without-reasons", LEAD, m(ev.CaseDeclined, reasons=" "), IT, 2, "不予立案必须写明理由", "reasons"),
    no("ZZ9-CFL54-declined-before-lead", LEAD, m(ev.CaseDeclined, decided_on=D(2026, 3, 1)), IT, 9, "早于2026-03-02", "decided_on"),
    no("ZZ5-CFL54-declined-approver-not-head", LEAD, m(ev.CaseDeclined, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("ZZ5-CFL54-declined-no-case", nothing, m(ev.CaseDeclined), IT, 5, "不存在", "case_id"),
    # ---------------------------------------------------------------- 立案期限延长 (15 working days across 春节 2026)
    ok("ZZ2-CFL54-extended-on-last-day-2026-03-09", at(lead, FEB_LEAD), m(ev.FilingExtended, approved_on=D(2026, 3, 9))),
    no("ZZ2-CFL54-extended-after-2026-03-09", at(lead, FEB_LEAD), m(ev.FilingExtended, approved_on=D(2026, 3, 10)), IT, 2, "已于2026-03-09届满", "approved_on"),
    no("ZZ2-filing-extended-twice", at(lead, FEB_LEAD, step(ev.FilingExtended, approved_on=D(2026, 3, 2))), m(ev.FilingExtended), IT, 2, "只能延长一次", "type"),
    no("ZZ5-filing-extension-approver-not-head", LEAD, m(ev.FilingExtended, approved_on=D(2026, 3, 5), approved_by=LIU), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("ZZ5-filing-extension-after-opening", OPENED, m(ev.FilingExtended, approved_on=D(2026, 3, 5)), IT, 5, "不能延长立案核查期限", "type"),
    # ---------------------------------------------------------------- 立案 (officers: CFL42, ZZ1)
    ok("CFL42-opened-two-officers", LEAD, m(ev.CaseOpened), Stage.INVESTIGATING),
    ok("CFL42-opened-three-officers", LEAD, m(ev.CaseOpened, officer_ids=(WANG, LI, ZHOU)), Stage.INVESTIGATING),
    no("ZZ1-CFL42-one-officer", LEAD, m(ev.CaseOpened, officer_ids=(WANG,)), IT, 1, "执法人员不得少于2人，本次只有1人", "officer_ids"),
    no("ZZ1-CFL42-GB54-auxiliary-second-officer", LEAD, m(ev.CaseOpened, officer_ids=(WANG, LIU)), NotAuthorized, 1, "辅助人员）不具有行政执法资格"),
    no("ZZ1-CFL42-GB54-auxiliary-third-officer", LEAD, m(ev.CaseOpened, officer_ids=(WANG, LI, LIU)), NotAuthorized, 1, "辅助人员）不具有行政执法资格"),
    no("ZZ1-CFL42-credential-expired", LEAD, m(ev.CaseOpened, officer_ids=(WANG, ZHAO)), NotAuthorized, 1, "已于 2025-12-31 到期"),
    no("ZZ1-CFL42-no-credential", LEAD, m(ev.CaseOpened, officer_ids=(WANG, WU)), NotAuthorized, 1, "未持有行政执法证件"),
    no("ZZ1-CFL17-officer-of-other-body", LEAD, m(ev.CaseOpened, officer_ids=(WANG, XU)), NotAuthorized, 1, "不是“杭州市西湖区市场监督管理局”的执法人员"),
    no("CFL42-officer-listed-twice", LEAD, m(ev.CaseOpened, officer_ids=(WANG, WANG)), BAD, None, "执法人员重复", "officer_ids"),
    no("ZZ5-CFL54-approver-not-head", LEAD, m(ev.CaseOpened, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("ZZ5-CFL54-approver-auxiliary", LEAD, m(ev.CaseOpened, approved_by=LIU), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("ZZ5-CFL54-approver-head-of-other-body", LEAD, m(ev.CaseOpened, approved_by="user:head-gongshu"), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("ZZ9-CFL54-opened-before-lead", LEAD, m(ev.CaseOpened, opened_on=D(2026, 3, 1)), IT, 9, "立案日期（2026-03-01）早于2026-03-02", "opened_on"),
    no("CFL54-coercion-matter-is-not-a-penalty", LEAD, m(ev.CaseOpened, matter_code=COERCION_MATTER), BAD, None, "不是行政处罚事项", "matter_code"),
    no("CFL54-empty-number", LEAD, m(ev.CaseOpened, number=" "), BAD, None, "立案编号不能为空", "number"),
    no("CFL59-bad-party-kind", LEAD, m(ev.CaseOpened, party_kind="robot"), BAD, None, "当事人类型", "party_kind"),
    no("ZZ5-opened-twice", OPENED, m(ev.CaseOpened), IT, 5, "不能立案", "type"),
    no("ZZ5-opened-without-lead", nothing, m(ev.CaseOpened), IT, 5, "不存在", "case_id"),
    no("ZZ8-CFL22-other-body-case", LEAD, m(ev.CaseOpened, body_id=OTHER_BODY), IT, 8, "案件不属于该执法机关", "body_id"),
    # ---------------------------------------------------------------- 简易程序 (CFL51, 52, 68–70)
    ok("CFL51-person-fine-200-yuan", nothing, sm(ev.SummaryDecisionIssued, fine_fen=yuan(200)), Stage.DECIDED),
    no("ZZ5-CFL51-person-fine-201-yuan", nothing, sm(ev.SummaryDecisionIssued, fine_fen=yuan(201)), IT, 5, "当场罚款不得超过¥200.00", "fine_fen"),
    ok("CFL51-organisation-fine-3000-yuan", nothing, sm(ev.SummaryDecisionIssued, party_kind="organisation", party_label="示例商行", fine_fen=yuan(3000)), Stage.DECIDED),
    no("ZZ5-CFL51-organisation-fine-3001-yuan", nothing, sm(ev.SummaryDecisionIssued, party_kind="organisation", party_label="示例商行", fine_fen=yuan(3001)), IT, 5, "当场罚款不得超过¥3,000.00", "fine_fen"),
    ok("CFL51-warning-only", nothing, sm(ev.SummaryDecisionIssued, matter_code="MR-FOOD-126-03", penalty_kinds=("warning",), fine_fen=0), Stage.SERVED),
    no("ZZ5-CFL51-confiscation-not-summary", nothing, sm(ev.SummaryDecisionIssued, penalty_kinds=("fine", "confiscation")), IT, 5, "简易程序只能当场给予警告或者罚款", "penalty_kinds"),
    no("ZZ3-CFL4-warning-not-provided-for-matter", nothing, sm(ev.SummaryDecisionIssued, penalty_kinds=("warning",), fine_fen=0), IT, 3, "不得处以警告", "penalty_kinds"),
    no("ZZ1-CFL52-credential-not-shown", nothing, sm(ev.SummaryDecisionIssued, credential_shown=False), IT, 1, "出示执法证件", "credential_shown"),
    no("ZZ9-CFL52-no-numbered-form", nothing, sm(ev.SummaryDecisionIssued, number=""), IT, 9, "编有号码", "number"),
    no("ZZ1-CFL42-summary-one-officer", nothing, sm(ev.SummaryDecisionIssued, officer_ids=(WANG,)), IT, 1, "执法人员不得少于2人", "officer_ids"),
    no("ZZ1-CFL42-summary-auxiliary", nothing, sm(ev.SummaryDecisionIssued, officer_ids=(WANG, LIU)), NotAuthorized, 1, "不具有行政执法资格"),
    no("CFL52-fine-kind-without-amount", nothing, sm(ev.SummaryDecisionIssued, fine_fen=0), BAD, None, "罚款种类与金额不一致", "fine_fen"),
    no("CFL51-summary-case-id-reused", at_summary(), sm(ev.SummaryDecisionIssued), BAD, None, "已被使用", "case_id"),
    ok("CFL68-on-the-spot-100-yuan", nothing, sm(ev.SummaryDecisionIssued, collected_on_spot_fen=yuan(100), collection_ground="small_fine", receipt_number="财政票据0001"), Stage.SERVED),
    no("ZZ3-CFL68-on-the-spot-101-yuan", nothing, sm(ev.SummaryDecisionIssued, fine_fen=yuan(101), collected_on_spot_fen=yuan(101), collection_ground="small_fine", receipt_number="财政票据0001"), IT, 3, "罚款不得超过¥100.00", "collected_on_spot_fen"),
    ok("CFL68-on-the-spot-hard-to-enforce-150-yuan", nothing, sm(ev.SummaryDecisionIssued, fine_fen=yuan(150), collected_on_spot_fen=yuan(150), collection_ground="hard_to_enforce", receipt_number="财政票据0002"), Stage.SERVED),
    no("ZZ3-CFL68-69-on-the-spot-without-ground", nothing, sm(ev.SummaryDecisionIssued, collected_on_spot_fen=yuan(100), receipt_number="财政票据0001"), IT, 3, "须符合法定情形", "collection_ground"),
    no("ZZ3-CFL70-on-the-spot-without-receipt", nothing, sm(ev.SummaryDecisionIssued, collected_on_spot_fen=yuan(100), collection_ground="small_fine"), IT, 3, "专用票据", "receipt_number"),
    no("CFL68-collected-differs-from-fine", nothing, sm(ev.SummaryDecisionIssued, collected_on_spot_fen=yuan(50), collection_ground="small_fine", receipt_number="财政票据0001"), BAD, None, "当场收缴金额应当等于罚款金额", "collected_on_spot_fen"),
    # ---------------------------------------------------------------- 调查取证 (CFL42, 55)
    ok("CFL42-55-evidence-two-collectors", OPENED, m(ev.EvidenceCollected)),
    no("ZZ1-CFL42-evidence-one-collector", OPENED, m(ev.EvidenceCollected, collected_by=(WANG,)), IT, 1, "执法人员不得少于2人", "collected_by"),
    no("ZZ1-CFL42-evidence-auxiliary", OPENED, m(ev.EvidenceCollected, collected_by=(WANG, LIU)), NotAuthorized, 1, "不具有行政执法资格"),
    no("ZZ9-CFL55-evidence-before-opening", OPENED, m(ev.EvidenceCollected, collected_at=moment(D(2026, 3, 2))), IT, 9, "取证时间（2026-03-02）早于2026-03-03", "collected_at"),
    no("CFL47-evidence-digest-not-sha256", OPENED, m(ev.EvidenceCollected, digest="abc"), BAD, None, "SHA-256", "digest"),
    no("CFL47-evidence-unknown-kind", OPENED, m(ev.EvidenceCollected, kind="hearsay"), BAD, None, "未知的证据种类", "kind"),
    no("CFL47-evidence-id-reused", INVESTIGATING, m(ev.EvidenceCollected), BAD, None, "证据编号重复", "evidence_id"),
    no("ZZ5-evidence-before-opening-stage", LEAD, m(ev.EvidenceCollected), IT, 5, "不能调查取证", "type"),
    ok("CFL55-transcript", OPENED, m(ev.TranscriptRecorded)),
    no("ZZ1-CFL42-transcript-one-officer", OPENED, m(ev.TranscriptRecorded, officer_ids=(LI,)), IT, 1, "执法人员不得少于2人", "officer_ids"),
    no("CFL55-transcript-empty", OPENED, m(ev.TranscriptRecorded, utterances=[]), BAD, None, "笔录内容不能为空", "utterances"),
    no("ZZ9-CFL55-transcript-before-opening", OPENED, m(ev.TranscriptRecorded, taken_at=moment(D(2026, 3, 1))), IT, 9, "早于2026-03-03", "taken_at"),
    # ---------------------------------------------------------------- 先行登记保存 (CFL56)
    ok("CFL56-preserved", OPENED, m(ev.EvidencePreserved)),
    no("CFL56-preserved-without-items", OPENED, m(ev.EvidencePreserved, items=()), BAD, None, "物品清单不能为空", "items"),
    no("ZZ5-CFL56-preserved-approver-not-head", OPENED, m(ev.EvidencePreserved, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("ZZ1-CFL42-preserved-by-auxiliary", OPENED, m(ev.EvidencePreserved, officer_ids=(LIU, WANG)), NotAuthorized, 1, "不具有行政执法资格"),
    ok("CFL56-handled", at(opened, PLAN, step(ev.EvidencePreserved)), m(ev.PreservationHandled)),
    no("ZZ9-CFL56-handled-before-preserved", at(opened, PLAN, step(ev.EvidencePreserved)), m(ev.PreservationHandled, handled_on=D(2026, 3, 4)), IT, 9, "处理决定日期（2026-03-04）早于2026-03-05", "handled_on"),
    no("CFL56-handled-twice", at(opened, PLAN, step(ev.EvidencePreserved), step(ev.PreservationHandled)), m(ev.PreservationHandled), BAD, None, "已作出处理决定", "preservation_id"),
    no("CFL56-handled-unknown", OPENED, m(ev.PreservationHandled), BAD, None, "没有该先行登记保存记录", "preservation_id"),
    # ---------------------------------------------------------------- 回避 (CFL43)
    ok("CFL43-recusal-granted-with-replacement", INVESTIGATING, m(ev.RecusalDecided), Stage.INVESTIGATING),
    ok("CFL43-recusal-refused", INVESTIGATING, m(ev.RecusalDecided, granted=False, replacement_id=None)),
    no("ZZ5-CFL43-recusal-decided-by-recused", INVESTIGATING, m(ev.RecusalDecided, decided_by=LI), IT, 5, "不能由被申请回避的人员自己决定", "decided_by"),
    no("ZZ5-CFL43-recusal-not-by-head", INVESTIGATING, m(ev.RecusalDecided, decided_by=CLERK), IT, 5, "审批人不是本机关负责人", "decided_by"),
    no("ZZ1-CFL42-recusal-leaves-one-officer", INVESTIGATING, m(ev.RecusalDecided, replacement_id=None), IT, 1, "执法人员不得少于2人", "officer_ids"),
    no("ZZ1-CFL42-recusal-replaced-by-auxiliary", INVESTIGATING, m(ev.RecusalDecided, replacement_id=LIU), NotAuthorized, 1, "不具有行政执法资格"),
    no("CFL43-recusal-of-stranger", INVESTIGATING, m(ev.RecusalDecided, officer_id=CHEN), BAD, None, "不是本案执法人员", "officer_id"),
    no("ZZ5-CFL43-recusal-on-lead", LEAD, m(ev.RecusalDecided), IT, 5, "不能决定回避", "type"),
    ok("CFL43-recusal-requested-by-party", INVESTIGATING, m(ev.RecusalRequested)),
    no("CFL43-recusal-requested-of-stranger", INVESTIGATING, m(ev.RecusalRequested, officer_id=CHEN), BAD, None, "不是本案执法人员", "officer_id"),
    no("CFL43-recusal-requested-without-reason", INVESTIGATING, m(ev.RecusalRequested, reason=" "), BAD, None, "请写明申请回避的理由", "reason"),
    ok("CFL43-relation-declared", INVESTIGATING, m(ev.RelationDeclared)),
    no("CFL43-relation-declared-by-other-body", INVESTIGATING, m(ev.RelationDeclared, officer_id=XU), BAD, None, "申报人应为本机关人员", "officer_id"),
    # ---------------------------------------------------------------- 情节认定 (CFL33, 准则第四、七条)
    ok("CFL33-circumstances-assessed", INVESTIGATING, m(ev.CircumstancesAssessed)),
    no("CFL33-circumstances-by-stranger", INVESTIGATING, m(ev.CircumstancesAssessed, officer_ids=(WANG, CHEN)), BAD, None, "应由本案执法人员作出", "officer_ids"),
    no("CFL33-circumstances-after-decision", DECIDED, m(ev.CircumstancesAssessed), IT, 5, "不能认定情节", "type"),
    # ---------------------------------------------------------------- 干预记录 (准则第八条)
    ok("ZZ8-interference-recorded-at-any-stage", DECIDED, m(ev.InterferenceReported)),
    no("ZZ8-interference-by-other-body", INVESTIGATING, m(ev.InterferenceReported, reported_by=XU), BAD, None, "登记人应为本机关在岗人员", "reported_by"),
    no("ZZ8-interference-without-position", INVESTIGATING, m(ev.InterferenceReported, interferer_position=" "), BAD, None, "请写明干预人员的职务或身份", "interferer_position"),
    # ---------------------------------------------------------------- 不计入办案期限 (CFL60)
    ok("CFL60-testing-excluded", INVESTIGATING, m(ev.TimeExcluded)),
    no("CFL60-unknown-exclusion-reason", INVESTIGATING, m(ev.TimeExcluded, reason="holiday"), BAD, None, "不计入办案期限的事由", "reason"),
    no("CFL60-exclusion-ends-before-start", INVESTIGATING, m(ev.TimeExcluded, to_on=D(2026, 3, 9)), BAD, None, "结束日期早于开始日期", "to_on"),
    no("ZZ9-CFL60-exclusion-before-opening", INVESTIGATING, m(ev.TimeExcluded, from_on=D(2026, 3, 1)), IT, 9, "扣除期间（2026-03-01）早于2026-03-03", "from_on"),
    no("ZZ5-CFL60-exclusion-after-decision", DECIDED, m(ev.TimeExcluded), IT, 5, "不能扣除办案期限", "type"),
    # ---------------------------------------------------------------- 延长办案期限 (CFL60: 90 days from 2026-03-03 → 2026-06-01)
    ok("CFL60-extended-on-last-day-2026-06-01", INVESTIGATING, m(ev.DecisionDeadlineExtended, approved_on=D(2026, 6, 1))),
    no("ZZ2-CFL60-extended-after-2026-06-01", INVESTIGATING, m(ev.DecisionDeadlineExtended, approved_on=D(2026, 6, 2)), IT, 2, "办案期限已于2026-06-01届满，不能事后延长", "approved_on"),
    no("ZZ2-second-extension-without-collective", at(investigating, PLAN, step(ev.DecisionDeadlineExtended)), m(ev.DecisionDeadlineExtended, approved_on=D(2026, 6, 20)), IT, 2, "再次延长办案期限须经集体讨论决定", "collective"),
    ok("ZZ2-second-extension-by-collective", at(investigating, PLAN, step(ev.DecisionDeadlineExtended)), m(ev.DecisionDeadlineExtended, approved_on=D(2026, 6, 20), collective=True)),
    no("ZZ5-extension-approver-not-head", INVESTIGATING, m(ev.DecisionDeadlineExtended, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    # ---------------------------------------------------------------- 告知 (CFL40, 44, 63)
    ok("CFL44-notified", INVESTIGATING, m(ev.RightsNotified), Stage.NOTIFIED),
    no("ZZ3-CFL40-notified-without-evidence", OPENED, m(ev.RightsNotified), IT, 3, "尚无证据", "type"),
    no("ZZ5-CFL44-notice-without-facts", INVESTIGATING, m(ev.RightsNotified, facts=""), IT, 5, "事实、理由和依据", "facts"),
    no("ZZ5-CFL44-notice-without-basis", INVESTIGATING, m(ev.RightsNotified, basis=" "), IT, 5, "事实、理由和依据", "basis"),
    no("ZZ9-CFL44-notified-before-opening", INVESTIGATING, m(ev.RightsNotified, notified_on=D(2026, 3, 2)), IT, 9, "告知日期（2026-03-02）早于2026-03-03", "notified_on"),
    no("ZZ3-FSL126-fine-above-50000-yuan", INVESTIGATING, m(ev.RightsNotified, fine_fen=yuan(50_001)), IT, 3, "罚款¥50,001.00超过法定上限¥50,000.00", "fine_fen"),
    ok("FSL126-fine-at-50000-yuan-organisation-no-hearing", INVESTIGATING, m(ev.RightsNotified, fine_fen=yuan(50_000)), Stage.NOTIFIED),
    ok("CFL32-notice-may-propose-mitigated-fine", INVESTIGATING, m(ev.RightsNotified, fine_fen=yuan(3_000)), Stage.NOTIFIED),
    no("ZZ3-CFL4-confiscation-not-provided", INVESTIGATING, m(ev.RightsNotified, penalty_kinds=("fine", "confiscation"), confiscation_fen=yuan(100)), IT, 3, "不得处以没收违法所得、没收非法财物", "penalty_kinds"),
    no("CFL9-unknown-penalty-kind", INVESTIGATING, m(ev.RightsNotified, penalty_kinds=("flogging",)), BAD, None, "未知的处罚种类", "penalty_kinds"),
    no("ZZ5-CFL63-revocation-needs-hearing-right", INVESTIGATING, m(ev.RightsNotified, penalty_kinds=("fine", "revocation")), IT, 5, "必须告知当事人有要求听证的权利", "hearing_right"),
    no("ZZ5-CFL63-suspension-order-needs-hearing-right", INVESTIGATING, m(ev.RightsNotified, penalty_kinds=("suspension_order",), fine_fen=0), IT, 5, "必须告知当事人有要求听证的权利", "hearing_right"),
    ok("CFL63-revocation-with-hearing-right", INVESTIGATING, m(ev.RightsNotified, penalty_kinds=("fine", "revocation"), hearing_right=True), Stage.NOTIFIED),
    no("ZZ5-CFL63-person-fine-5000-yuan-large-amount", at(investigating, plan(party_kind="person")), m(ev.RightsNotified, fine_fen=yuan(5_000)), IT, 5, "听证的权利", "hearing_right"),
    ok("CFL63-person-fine-4999-yuan-below-large-amount", at(investigating, plan(party_kind="person")), m(ev.RightsNotified, fine_fen=yuan(4_999)), Stage.NOTIFIED),
    no("ZZ5-notified-on-lead", LEAD, m(ev.RightsNotified), IT, 5, "不能告知拟处罚", "type"),
    # ---------------------------------------------------------------- 陈述申辩 (CFL45)
    ok("CFL45-statement", NOTIFIED, m(ev.StatementReceived)),
    no("ZZ9-CFL45-statement-before-notice", NOTIFIED, m(ev.StatementReceived, received_on=D(2026, 3, 9)), IT, 9, "陈述申辩日期（2026-03-09）早于2026-03-10", "received_on"),
    no("ZZ5-CFL45-statement-before-notice-stage", INVESTIGATING, m(ev.StatementReceived), IT, 5, "不能记录陈述申辩", "type"),
    # ---------------------------------------------------------------- 听证申请 (CFL64: 5 working days)
    ok("CFL64-request-2026-05-11-after-labour-day", at(notified, MAYDAY), m(ev.HearingRequested, requested_on=D(2026, 5, 11))),
    no("ZZ5-CFL64-request-2026-05-12-too-late", at(notified, MAYDAY), m(ev.HearingRequested, requested_on=D(2026, 5, 12)), IT, 5, "五个工作日内（2026-05-11前）", "requested_on"),
    ok("CFL64-request-2025-10-09-after-national-day", at(notified, NATIONAL_2025), m(ev.HearingRequested, requested_on=D(2025, 10, 9))),
    no("ZZ5-CFL64-request-2025-10-10-too-late", at(notified, NATIONAL_2025), m(ev.HearingRequested, requested_on=D(2025, 10, 10)), IT, 5, "（2025-10-09前）", "requested_on"),
    no("ZZ5-CFL63-no-hearing-right", NOTIFIED, m(ev.HearingRequested), IT, 5, "不属于听证范围", "type"),
    no("CFL64-requested-twice", at(notified, HEARING, step(ev.HearingRequested)), m(ev.HearingRequested), BAD, None, "已登记听证申请", "type"),
    no("ZZ9-CFL64-request-before-notice", at(notified, HEARING), m(ev.HearingRequested, requested_on=D(2026, 3, 9)), IT, 9, "听证申请日期（2026-03-09）早于2026-03-10", "requested_on"),
    # ---------------------------------------------------------------- 听证通知 (CFL64: 7 working days ahead, across 春节 2026)
    ok("CFL64-hearing-2026-02-28-noticed-2026-02-11", at(notified, SPRING_2026, step(ev.HearingRequested, requested_on=D(2026, 2, 9))), m(ev.HearingNoticed, noticed_on=D(2026, 2, 11), hearing_on=D(2026, 2, 28))),
    no("ZZ5-CFL64-hearing-2026-02-27-too-soon", at(notified, SPRING_2026, step(ev.HearingRequested, requested_on=D(2026, 2, 9))), m(ev.HearingNoticed, noticed_on=D(2026, 2, 11), hearing_on=D(2026, 2, 27)), IT, 5, "七个工作日前通知", "hearing_on"),
    no("ZZ5-CFL64-hearing-noticed-without-request", at(notified, HEARING), m(ev.HearingNoticed), IT, 5, "当事人未申请听证", "type"),
    no("ZZ5-CFL64-presider-investigated", at(notified, HEARING, step(ev.HearingRequested)), m(ev.HearingNoticed, presider_id=WANG), IT, 5, "听证主持人不得由本案调查人员担任", "presider_id"),
    no("CFL64-presider-of-other-body", at(notified, HEARING, step(ev.HearingRequested)), m(ev.HearingNoticed, presider_id=XU), BAD, None, "不是本机关在岗人员", "presider_id"),
    no("ZZ9-CFL64-noticed-before-request", at(notified, HEARING, step(ev.HearingRequested)), m(ev.HearingNoticed, noticed_on=D(2026, 3, 11)), IT, 9, "听证通知日期（2026-03-11）早于2026-03-12", "noticed_on"),
    # ---------------------------------------------------------------- 听证 (CFL64)
    ok("CFL64-hearing-held", at(notified, HEARING, step(ev.HearingRequested), step(ev.HearingNoticed)), m(ev.HearingHeld)),
    no("ZZ5-CFL64-held-before-noticed-day", at(notified, HEARING, step(ev.HearingRequested), step(ev.HearingNoticed)), m(ev.HearingHeld, held_on=D(2026, 3, 24)), IT, 5, "听证不得早于通知的日期举行", "held_on"),
    no("ZZ5-CFL64-held-by-investigator", at(notified, HEARING, step(ev.HearingRequested), step(ev.HearingNoticed)), m(ev.HearingHeld, presider_id=LI), IT, 5, "听证主持人不得由本案调查人员担任", "presider_id"),
    no("ZZ5-CFL64-held-without-notice", at(notified, HEARING, step(ev.HearingRequested)), m(ev.HearingHeld), IT, 5, "尚未通知听证", "type"),
    # ---------------------------------------------------------------- 法制审核 (CFL58)
    ok("CFL58-reviewed-by-qualified-reviewer", at(notified, HEARING), m(ev.LegalReviewCompleted)),
    no("ZZ5-CFL58-reviewer-not-legal-reviewer", at(notified, HEARING), m(ev.LegalReviewCompleted, reviewer_id=CHEN), IT, 5, "不是本机关的法制审核人员", "reviewer_id"),
    no("ZZ5-CFL58-reviewer-without-qualification", at(notified, HEARING), m(ev.LegalReviewCompleted, reviewer_id=QIAN), IT, 5, "法律职业资格", "reviewer_id"),
    no("ZZ4-CFL58-reviewer-investigated", at(notified, plan(collected_by=(WANG, SUN))), m(ev.LegalReviewCompleted), IT, 4, "本案调查人员不得审核本案", "reviewer_id"),
    no("CFL58-unknown-outcome", at(notified, HEARING), m(ev.LegalReviewCompleted, outcome="maybe"), BAD, None, "审核结论应为", "outcome"),
    no("CFL58-empty-opinion", at(notified, HEARING), m(ev.LegalReviewCompleted, opinion=""), BAD, None, "审核意见不能为空", "opinion"),
    no("ZZ9-CFL58-reviewed-before-notice", at(notified, HEARING), m(ev.LegalReviewCompleted, reviewed_on=D(2026, 3, 9)), IT, 9, "审核日期（2026-03-09）早于2026-03-10", "reviewed_on"),
    no("ZZ5-CFL58-review-before-notice-stage", INVESTIGATING, m(ev.LegalReviewCompleted), IT, 5, "不能法制审核", "type"),
    # ---------------------------------------------------------------- 集体讨论 (CFL57)
    ok("CFL57-collective-three-participants", at(notified, SERIOUS), m(ev.CollectiveDiscussionHeld)),
    no("CFL57-collective-two-participants", at(notified, SERIOUS), m(ev.CollectiveDiscussionHeld, participants=(HEAD, "user:deputy-1")), BAD, None, "不得少于三人", "participants"),
    no("ZZ5-CFL57-collective-on-lead", LEAD, m(ev.CollectiveDiscussionHeld), IT, 5, "不能集体讨论", "type"),
    # ---------------------------------------------------------------- 决定 (CFL4, 32, 45, 57, 58, 60, 63–65)
    ok("CFL57-decided-as-notified", NOTIFIED, m(ev.DecisionIssued), Stage.DECIDED),
    ok("CFL45-decided-lighter-than-notified", NOTIFIED, m(ev.DecisionIssued, fine_fen=yuan(8_000), tier="lenient", tier_reason="初次违法，积极配合"), Stage.DECIDED),
    no("ZZ5-CFL45-fine-heavier-than-notified", NOTIFIED, m(ev.DecisionIssued, fine_fen=yuan(20_000)), IT, 5, "处罚决定重于告知的拟处罚", "fine_fen"),
    no("ZZ5-CFL45-kind-added-after-notice", NOTIFIED, m(ev.DecisionIssued, penalty_kinds=("warning", "fine")), IT, 5, "重于告知的拟处罚", "fine_fen"),
    no("ZZ3-FSL126-decided-fine-above-range", at(notified, plan(fine_fen=yuan(50_000))), m(ev.DecisionIssued, fine_fen=yuan(50_001)), IT, 3, "超过法定上限¥50,000.00", "fine_fen"),
    no("ZZ4-CFL32-below-range-without-mitigation", at(notified, plan(fine_fen=yuan(3_000))), m(ev.DecisionIssued, fine_fen=yuan(3_000)), IT, 4, "低于法定下限¥5,000.00，且未适用减轻处罚", "fine_fen"),
    ok("CFL32-below-range-mitigated", at(notified, plan(fine_fen=yuan(3_000))), m(ev.DecisionIssued, fine_fen=yuan(3_000), tier="mitigated", tier_reason="主动消除违法后果"), Stage.DECIDED),
    no("ZZ3-CFL4-decided-kind-not-provided", NOTIFIED, m(ev.DecisionIssued, penalty_kinds=("fine", "confiscation"), confiscation_fen=yuan(10)), IT, 3, "不得处以没收", "penalty_kinds"),
    no("ZZ4-GB2022-27-tier-without-reason", NOTIFIED, m(ev.DecisionIssued, tier_reason=""), IT, 4, "裁量阶次的理由", "tier_reason"),
    no("ZZ5-CFL59-decision-without-reconsideration-route", NOTIFIED, m(ev.DecisionIssued, reconsideration_body=""), IT, 5, "申请行政复议、提起行政诉讼的途径和期限", "reconsideration_body"),
    no("ZZ5-CFL59-decision-without-litigation-route", NOTIFIED, m(ev.DecisionIssued, litigation_court=" "), IT, 5, "途径和期限", "litigation_court"),
    no("ZZ3-CFL59-67-decision-without-payment-channel", NOTIFIED, m(ev.DecisionIssued, payment_channel=""), IT, 3, "罚款的履行方式", "payment_channel"),
    ok("CFL33-no-penalty-needs-no-routes", NOTIFIED, m(ev.DecisionIssued, penalty_kinds=(), fine_fen=0, tier="no_penalty", tier_reason="违法行为轻微并及时改正，没有造成危害后果", reconsideration_body="", litigation_court="", payment_channel=""), Stage.DECIDED),
    no("GB2022-27-unknown-tier", NOTIFIED, m(ev.DecisionIssued, tier="harsh"), BAD, None, "未知的裁量阶次", "tier"),
    no("CFL59-fine-kind-without-amount", NOTIFIED, m(ev.DecisionIssued, fine_fen=0), BAD, None, "罚款种类与金额不一致", "fine_fen"),
    no("ZZ9-CFL44-decided-before-notice", NOTIFIED, m(ev.DecisionIssued, decided_on=D(2026, 3, 9)), IT, 9, "决定日期（2026-03-09）早于2026-03-10", "decided_on"),
    no("ZZ5-CFL44-decided-without-notice", INVESTIGATING, m(ev.DecisionIssued), IT, 5, "不能作出处罚决定", "type"),
    no("ZZ5-CFL57-decision-approver-not-head", NOTIFIED, m(ev.DecisionIssued, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    # hearing: the request period (to 2026-03-17), a requested hearing not yet held
    no("ZZ5-CFL64-decided-within-request-period-2026-03-17", at(notified, HEARING, REVIEW), m(ev.DecisionIssued, decided_on=D(2026, 3, 17), fine_fen=yuan(20_000)), IT, 5, "听证申请期限（至2026-03-17）未届满", "decided_on"),
    ok("CFL64-decided-after-request-period-2026-03-18", at(notified, HEARING, REVIEW), m(ev.DecisionIssued, decided_on=D(2026, 3, 18), fine_fen=yuan(20_000)), Stage.DECIDED),
    no("ZZ5-CFL65-decided-before-requested-hearing", at(notified, HEARING, REVIEW, step(ev.HearingRequested), step(ev.HearingNoticed)), m(ev.DecisionIssued, fine_fen=yuan(20_000)), IT, 5, "听证结束前不得作出决定", "type"),
    ok("CFL65-decided-after-hearing", at(notified, HEARING, REVIEW, step(ev.HearingRequested), step(ev.HearingNoticed), step(ev.HearingHeld)), m(ev.DecisionIssued, fine_fen=yuan(20_000)), Stage.DECIDED),
    # legal review
    no("ZZ5-CFL58-decided-without-review-after-hearing-right", at(notified, HEARING), m(ev.DecisionIssued, decided_on=D(2026, 3, 18), fine_fen=yuan(20_000)), IT, 5, "须经法制审核", "type"),
    no("ZZ5-CFL58-decided-without-review-flagged", at(notified, plan(review_flagged=True)), m(ev.DecisionIssued), IT, 5, "未经法制审核或者审核未通过的，不得作出决定", "type"),
    no("ZZ5-CFL58-decided-after-review-rejected", at(notified, plan(review_flagged=True), step(ev.LegalReviewCompleted, outcome="reject")), m(ev.DecisionIssued), IT, 5, "须经法制审核", "type"),
    ok("CFL58-decided-after-review-with-changes", at(notified, plan(review_flagged=True), step(ev.LegalReviewCompleted, outcome="approve_with_changes")), m(ev.DecisionIssued), Stage.DECIDED),
    # collective discussion for 停产停业 / 吊销
    no("ZZ5-CFL57-suspension-without-collective", at(notified, SERIOUS, REVIEW), m(ev.DecisionIssued, decided_on=D(2026, 3, 18), penalty_kinds=("fine", "suspension_order")), IT, 5, "集体讨论决定", "type"),
    no("ZZ5-CFL57-revocation-without-collective", at(notified, plan(kinds=("fine", "revocation"), hearing_right=True), REVIEW), m(ev.DecisionIssued, decided_on=D(2026, 3, 18), penalty_kinds=("fine", "revocation")), IT, 5, "集体讨论决定", "type"),
    ok("CFL57-suspension-after-collective", at(notified, SERIOUS, REVIEW, step(ev.CollectiveDiscussionHeld, held_on=D(2026, 3, 16))), m(ev.DecisionIssued, decided_on=D(2026, 3, 18), penalty_kinds=("fine", "suspension_order")), Stage.DECIDED),
    # the 90-day deadline (opened 2026-03-03 → 2026-06-01), extended (→ 2026-07-01), with a
    # 10-day testing period excluded (→ 2026-06-11), and opened 2026-02-02 (day 90 is in 劳动节)
    ok("CFL60-decided-on-day-90-2026-06-01", NOTIFIED, m(ev.DecisionIssued, decided_on=D(2026, 6, 1)), Stage.DECIDED),
    no("ZZ2-CFL60-decided-on-day-91-2026-06-02", NOTIFIED, m(ev.DecisionIssued, decided_on=D(2026, 6, 2)), IT, 2, "办案期限已于2026-06-01届满（超期办案）", "decided_on"),
    ok("CFL60-extended-decided-2026-07-01", at(notified, PLAN, step(ev.DecisionDeadlineExtended)), m(ev.DecisionIssued, decided_on=D(2026, 7, 1)), Stage.DECIDED),
    no("ZZ2-CFL60-extended-decided-2026-07-02", at(notified, PLAN, step(ev.DecisionDeadlineExtended)), m(ev.DecisionIssued, decided_on=D(2026, 7, 2)), IT, 2, "办案期限已于2026-07-01届满", "decided_on"),
    ok("CFL60-testing-excluded-decided-2026-06-11", at(notified, PLAN, step(ev.TimeExcluded)), m(ev.DecisionIssued, decided_on=D(2026, 6, 11)), Stage.DECIDED),
    no("ZZ2-CFL60-testing-excluded-decided-2026-06-12", at(notified, PLAN, step(ev.TimeExcluded)), m(ev.DecisionIssued, decided_on=D(2026, 6, 12)), IT, 2, "办案期限已于2026-06-11届满", "decided_on"),
    ok("CFL60-MinFa203-day-90-in-labour-day-decided-2026-05-06", at(notified, FEB_OPENED), m(ev.DecisionIssued, decided_on=D(2026, 5, 6)), Stage.DECIDED),
    no("ZZ2-CFL60-MinFa203-decided-2026-05-07", at(notified, FEB_OPENED), m(ev.DecisionIssued, decided_on=D(2026, 5, 7)), IT, 2, "办案期限已于2026-05-06届满", "decided_on"),
    # ---------------------------------------------------------------- 文书 (CFL47)
    ok("ZZ9-CFL59-decision-document-issued", DECIDED, m(ev.DocumentIssued)),
    no("ZZ9-document-id-reused", at(decided, PLAN, step(ev.DocumentIssued)), m(ev.DocumentIssued), BAD, None, "文书编号重复", "document_id"),
    no("ZZ9-document-digest-not-sha256", DECIDED, m(ev.DocumentIssued, digest="00"), BAD, None, "SHA-256", "digest"),
    no("ZZ9-pdf-digest-uppercase", DECIDED, m(ev.DocumentIssued, pdf_digest="C" * 64), BAD, None, "小写十六进制", "pdf_digest"),
    no("ZZ9-content-does-not-match-digest", DECIDED, m(ev.DocumentIssued, digest="d" * 64), IT, 9, "文书内容与登记的摘要不一致", "digest"),
    no("ZZ9-content-of-another-kind", DECIDED, m(ev.DocumentIssued, kind="prior_notice"), BAD, None, "文书内容的种类与登记的种类不一致", "content"),
    no("ZZ9-CFL59-decision-without-facts", DECIDED, incomplete_decision(), IT, 9, "文书要素不全或者表述不准确", "content"),
    no("ZZ5-document-for-no-case", nothing, m(ev.DocumentIssued), IT, 5, "不存在", "case_id"),
    # ---------------------------------------------------------------- 送达 (CFL61: 7 working days, across 国庆 2025)
    ok("CFL61-served-2025-10-13-after-national-day", at(decided, DELIVERY_2025), m(ev.DocumentServed, served_on=D(2025, 10, 13)), Stage.SERVED),
    no("ZZ5-CFL61-served-2025-10-14-too-late", at(decided, DELIVERY_2025), m(ev.DocumentServed, served_on=D(2025, 10, 14)), IT, 5, "七个工作日内（2025-10-13前）", "served_on"),
    ok("CFL61-served-on-the-spot", DECIDED, m(ev.DocumentServed, served_on=D(2026, 3, 30)), Stage.SERVED),
    no("ZZ9-CFL61-served-before-decision", DECIDED, m(ev.DocumentServed, served_on=D(2026, 3, 29)), IT, 9, "送达日期（2026-03-29）早于2026-03-30", "served_on"),
    no("ZZ9-CFL61-served-without-proof", DECIDED, m(ev.DocumentServed, proof=""), IT, 9, "送达回证", "proof"),
    no("CFL61-unknown-method", DECIDED, m(ev.DocumentServed, method="pigeon"), BAD, None, "未知的送达方式", "method"),
    no("ZZ5-CFL61-decision-served-before-decided", NOTIFIED, m(ev.DocumentServed), IT, 5, "不能送达处罚决定书", "type"),
    ok("CFL44-notice-served-while-notified", NOTIFIED, m(ev.DocumentServed, document="notice", served_on=D(2026, 3, 10)), Stage.NOTIFIED),
    no("ZZ5-notice-served-on-lead", LEAD, m(ev.DocumentServed, document="notice"), IT, 5, "不能送达文书", "type"),
    # ---------------------------------------------------------------- 缴款 (CFL67)
    ok("CFL67-paid-at-bank", SERVED, m(ev.PaymentReceived)),
    ok("CFL67-paid-electronically", SERVED, m(ev.PaymentReceived, channel="electronic")),
    ok("CFL67-summary-paid-at-bank", at_summary(), sm(ev.PaymentReceived, amount_fen=yuan(100), paid_on=D(2026, 3, 5)), Stage.DECIDED),
    no("ZZ3-CFL67-paid-to-officer-in-cash", SERVED, m(ev.PaymentReceived, channel="cash"), IT, 3, "执法人员不得自行收缴", "channel"),
    no("ZZ3-CFL67-on-the-spot-outside-summary", SERVED, m(ev.PaymentReceived, channel="on_the_spot"), IT, 3, "指定银行", "channel"),
    no("CFL67-zero-payment", SERVED, m(ev.PaymentReceived, amount_fen=0), BAD, None, "缴款金额应大于零", "amount_fen"),
    no("CFL72-payment-above-fine-plus-late-fee", SERVED, m(ev.PaymentReceived, amount_fen=yuan(20_001)), BAD, None, "超过应缴罚款与加处罚款之和", "amount_fen"),
    ok("CFL72-payment-with-late-fee-at-cap", SERVED, m(ev.PaymentReceived, amount_fen=yuan(20_000))),
    no("ZZ9-CFL67-paid-before-decision", DECIDED, m(ev.PaymentReceived, paid_on=D(2026, 3, 29)), IT, 9, "缴款日期（2026-03-29）早于2026-03-30", "paid_on"),
    no("ZZ5-CFL67-paid-before-decision-stage", NOTIFIED, m(ev.PaymentReceived), IT, 5, "不能登记缴款", "type"),
    # ---------------------------------------------------------------- 当场收缴交回 (CFL71)
    ok("CFL71-cash-handed-over", at_summary(collected_on_spot_fen=yuan(100), collection_ground="small_fine", receipt_number="票据1"), sm(ev.CashHandedOver)),
    no("CFL71-hand-over-more-than-collected", at_summary(collected_on_spot_fen=yuan(100), collection_ground="small_fine", receipt_number="票据1"), sm(ev.CashHandedOver, amount_fen=yuan(101)), BAD, None, "交回金额与当场收缴金额不符", "amount_fen"),
    no("CFL71-hand-over-without-collection", at_summary(), sm(ev.CashHandedOver), BAD, None, "交回金额与当场收缴金额不符", "amount_fen"),
    no("ZZ9-CFL71-handed-over-before-decision", at_summary(collected_on_spot_fen=yuan(100), collection_ground="small_fine", receipt_number="票据1"), sm(ev.CashHandedOver, handed_on=D(2026, 3, 1)), IT, 9, "交回日期（2026-03-01）早于2026-03-02", "handed_on"),
    # ---------------------------------------------------------------- 暂缓、分期 (CFL66)
    ok("CFL66-deferred-with-approval", SERVED, m(ev.PaymentDeferred)),
    no("CFL66-deferred-without-reason", SERVED, m(ev.PaymentDeferred, reason=""), BAD, None, "经济困难的理由", "reason"),
    no("CFL66-zero-instalments", SERVED, m(ev.PaymentDeferred, instalments=0), BAD, None, "分期数至少为一", "instalments"),
    no("ZZ9-CFL66-due-before-approval", SERVED, m(ev.PaymentDeferred, due_on=D(2026, 4, 7)), IT, 9, "缴纳期限（2026-04-07）早于2026-04-08", "due_on"),
    no("ZZ5-CFL66-deferral-not-by-head", SERVED, m(ev.PaymentDeferred, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("ZZ5-CFL66-deferred-before-service", DECIDED, m(ev.PaymentDeferred), IT, 5, "不能批准暂缓或者分期缴纳", "type"),
    # ---------------------------------------------------------------- 催告 (CCL35; payment due 2026-05-06 across 劳动节)
    ok("CCL35-demand-2026-05-07-after-payment-due", at(served, LATE_PAY), m(ev.ExecutionDemanded, demanded_on=D(2026, 5, 7))),
    no("ZZ3-CCL35-demand-2026-05-06-before-payment-due", at(served, LATE_PAY), m(ev.ExecutionDemanded, demanded_on=D(2026, 5, 6)), IT, 3, "缴款期限（2026-05-06）届满前不得催告", "demanded_on"),
    no("ZZ3-CCL35-demand-within-deferral", at(served, PLAN, step(ev.PaymentDeferred)), m(ev.ExecutionDemanded, demanded_on=D(2026, 6, 30)), IT, 3, "缴款期限（2026-06-30）届满前不得催告", "demanded_on"),
    ok("CCL35-demand-after-deferral", at(served, PLAN, step(ev.PaymentDeferred)), m(ev.ExecutionDemanded, demanded_on=D(2026, 7, 1))),
    no("ZZ5-CCL35-demand-before-service", DECIDED, m(ev.ExecutionDemanded), IT, 5, "不能催告", "type"),
    # ---------------------------------------------------------------- 申请法院强制执行 (CCL53, 54)
    ok("CCL53-54-court-after-demand", at(served, PLAN, step(ev.ExecutionDemanded)), m(ev.CourtEnforcementApplied)),
    no("ZZ5-CCL54-court-without-demand", SERVED, m(ev.CourtEnforcementApplied), IT, 5, "应当催告当事人履行义务", "type"),
    no("ZZ5-CCL53-court-while-remedy-pending", at(served, PLAN, step(ev.ExecutionDemanded), step(ev.RemedyFiled, filed_on=D(2026, 4, 20))), m(ev.CourtEnforcementApplied), IT, 5, "行政复议或者行政诉讼期间不得申请强制执行", "type"),
    ok("CCL53-court-after-remedy-upheld", at(served, PLAN, step(ev.ExecutionDemanded), step(ev.RemedyFiled, filed_on=D(2026, 4, 20)), step(ev.RemedyDecided)), m(ev.CourtEnforcementApplied)),
    # ---------------------------------------------------------------- 查封、扣押 (CCL18, 19, 23, 25)
    ok("CCL18-seizure-approved-in-advance", INVESTIGATING, m(ev.MeasureImposed)),
    ok("CCL19-emergency-approved-next-day", INVESTIGATING, m(ev.MeasureImposed, emergency=True, approved_on=D(2026, 3, 6))),
    no("ZZ5-CCL19-emergency-approved-after-24-hours", INVESTIGATING, m(ev.MeasureImposed, emergency=True, approved_on=D(2026, 3, 7)), IT, 5, "二十四小时内", "approved_on"),
    no("ZZ5-CCL19-emergency-approved-before-imposed", INVESTIGATING, m(ev.MeasureImposed, emergency=True, approved_on=D(2026, 3, 4)), IT, 5, "二十四小时内", "approved_on"),
    no("ZZ5-CCL18-imposed-before-approval", INVESTIGATING, m(ev.MeasureImposed, approved_on=D(2026, 3, 6)), IT, 5, "须向行政机关负责人报告并经批准", "approved_on"),
    no("ZZ3-CCL23-item-not-linked", INVESTIGATING, m(ev.MeasureImposed, items=({"name": "家用冰箱", "quantity": 1, "unit": "台", "linked": False},)), IT, 3, "清单第1项“家用冰箱”与违法行为无关", "items[0]"),
    no("ZZ3-CCL23-second-item-not-linked", INVESTIGATING, m(ev.MeasureImposed, items=({"name": "涉案食品", "linked": True}, {"name": "口粮", "linked": False})), IT, 3, "清单第2项“口粮”", "items[1]"),
    no("ZZ3-CCL25-31-days", INVESTIGATING, m(ev.MeasureImposed, duration_days=31), IT, 3, "不得超过30日", "duration_days"),
    no("ZZ1-CCL18-one-officer", INVESTIGATING, m(ev.MeasureImposed, officer_ids=(WANG,)), IT, 1, "执法人员不得少于2人", "officer_ids"),
    no("ZZ1-CCL17-auxiliary-officer", INVESTIGATING, m(ev.MeasureImposed, officer_ids=(WANG, LIU)), NotAuthorized, 1, "不具有行政执法资格"),
    no("ZZ5-CCL18-approver-not-head", INVESTIGATING, m(ev.MeasureImposed, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("CCL24-empty-inventory", INVESTIGATING, m(ev.MeasureImposed, items=()), BAD, None, "应当有清单", "items"),
    no("CCL9-unknown-measure-kind", INVESTIGATING, m(ev.MeasureImposed, kind="demolish"), BAD, None, "强制措施种类", "kind"),
    no("CCL24-measure-id-reused", at(with_measure), m(ev.MeasureImposed), BAD, None, "强制措施编号重复", "measure_id"),
    no("ZZ5-CCL18-measure-on-lead", LEAD, m(ev.MeasureImposed), IT, 5, "不能采取行政强制措施", "type"),
    # extension: imposed 2026-09-05 for 30 days → ends 2026-10-05 (国庆) → 2026-10-08
    ok("CCL25-extended-2026-10-08-last-day", sept_measure, m(ev.MeasureExtended, notified_on=D(2026, 10, 8))),
    no("ZZ3-CCL25-extended-2026-10-09-after-expiry", sept_measure, m(ev.MeasureExtended, notified_on=D(2026, 10, 9)), IT, 3, "原期限已于2026-10-08届满", "notified_on"),
    no("ZZ3-CCL25-extended-31-days", at(with_measure), m(ev.MeasureExtended, extra_days=31), IT, 3, "延长期限不得超过30日", "extra_days"),
    no("ZZ3-CCL25-extended-twice", lambda env: with_measure(env).then(ev.MeasureExtended).s, m(ev.MeasureExtended, notified_on=D(2026, 4, 2), extra_days=1), IT, 3, "只能延长一次", "type"),
    no("ZZ5-CCL25-extension-not-by-head", at(with_measure), m(ev.MeasureExtended, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("CCL25-extend-unknown-measure", INVESTIGATING, m(ev.MeasureExtended), BAD, None, "没有该项有效的强制措施", "measure_id"),
    no("CCL25-extend-released-measure", lambda env: with_measure(env).then(ev.MeasureReleased).s, m(ev.MeasureExtended), BAD, None, "没有该项有效的强制措施", "measure_id"),
    ok("CCL28-released", at(with_measure), m(ev.MeasureReleased)),
    no("ZZ9-CCL28-released-before-imposed", at(with_measure), m(ev.MeasureReleased, released_on=D(2026, 3, 4)), IT, 9, "解除日期（2026-03-04）早于2026-03-05", "released_on"),
    no("CCL28-released-twice", lambda env: with_measure(env).then(ev.MeasureReleased).s, m(ev.MeasureReleased), BAD, None, "没有该项有效的强制措施", "measure_id"),
    # ---------------------------------------------------------------- 复议、诉讼 (ARL20, ALL46, CFL73)
    ok("ARL20-reconsideration-filed", SERVED, m(ev.RemedyFiled)),
    ok("ALL46-litigation-filed", SERVED, m(ev.RemedyFiled, kind="litigation")),
    no("ARL20-remedy-without-decision", INVESTIGATING, m(ev.RemedyFiled), BAD, None, "尚无处罚决定", "type"),
    no("ARL20-unknown-remedy-kind", SERVED, m(ev.RemedyFiled, kind="petition"), BAD, None, "救济种类应为", "kind"),
    no("ZZ9-ARL20-filed-before-decision", SERVED, m(ev.RemedyFiled, filed_on=D(2026, 3, 29)), IT, 9, "申请日期（2026-03-29）早于2026-03-30", "filed_on"),
    no("ARL20-remedy-id-reused-while-pending", at(served, PLAN, step(ev.RemedyFiled)), m(ev.RemedyFiled), BAD, None, "救济编号重复", "remedy_id"),
    ok("ARL-upheld", at(served, PLAN, step(ev.RemedyFiled)), m(ev.RemedyDecided)),
    ok("ARL64-varied-with-new-fine", at(served, PLAN, step(ev.RemedyFiled)), m(ev.RemedyDecided, outcome="varied", new_fine_fen=yuan(6_000))),
    ok("ARL64-revoked", at(served, PLAN, step(ev.RemedyFiled)), m(ev.RemedyDecided, outcome="revoked")),
    no("ARL64-varied-without-new-fine", at(served, PLAN, step(ev.RemedyFiled)), m(ev.RemedyDecided, outcome="varied"), BAD, None, "变更决定应写明变更后的罚款", "new_fine_fen"),
    no("ARL-unknown-outcome", at(served, PLAN, step(ev.RemedyFiled)), m(ev.RemedyDecided, outcome="dismissed-ish"), BAD, None, "结论应为", "outcome"),
    no("ARL-decided-unknown-remedy", SERVED, m(ev.RemedyDecided), BAD, None, "没有该项未决的复议或者诉讼", "remedy_id"),
    # ---------------------------------------------------------------- 移送、撤销立案
    ok("CFL27-transferred-to-judicial-organ", INVESTIGATING, m(ev.CaseTransferred), Stage.TRANSFERRED),
    ok("CFL57-lead-transferred-to-body", LEAD, m(ev.CaseTransferred, to_kind="body", to_name="杭州市西湖区卫生健康局", reason="不属本机关管辖"), Stage.TRANSFERRED),
    no("CFL27-transfer-without-reason", INVESTIGATING, m(ev.CaseTransferred, reason=""), BAD, None, "移送应写明接收机关", "to_name"),
    no("CFL27-transfer-to-unknown-kind", INVESTIGATING, m(ev.CaseTransferred, to_kind="media"), BAD, None, "移送应写明接收机关", "to_name"),
    no("ZZ5-transfer-after-decision", DECIDED, m(ev.CaseTransferred), IT, 5, "不能移送", "type"),
    ok("CFL57-withdrawn", INVESTIGATING, m(ev.CaseWithdrawn), Stage.WITHDRAWN),
    no("ZZ2-CFL57-withdrawn-without-reason", INVESTIGATING, m(ev.CaseWithdrawn, reason=""), IT, 2, "撤销立案应当写明理由", "reason"),
    no("ZZ5-withdrawal-not-by-head", INVESTIGATING, m(ev.CaseWithdrawn, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("ZZ5-withdraw-a-lead", LEAD, m(ev.CaseWithdrawn), IT, 5, "不能撤销立案", "type"),
    # ---------------------------------------------------------------- 结案
    ok("CFL67-closed-after-full-payment", at(served, PLAN, step(ev.PaymentReceived)), m(ev.CaseClosed), Stage.CLOSED),
    no("ZZ2-CFL72-closed-with-fine-unpaid", SERVED, m(ev.CaseClosed), IT, 2, "罚款尚有¥10,000.00未缴纳", "type"),
    no("ZZ2-CFL72-closed-with-fine-part-paid", at(served, PLAN, step(ev.PaymentReceived, amount_fen=yuan(4_000))), m(ev.CaseClosed), IT, 2, "罚款尚有¥6,000.00未缴纳", "type"),
    ok("CCL53-closed-after-court-application", at(served, PLAN, step(ev.ExecutionDemanded), step(ev.CourtEnforcementApplied)), m(ev.CaseClosed, closed_on=D(2026, 7, 21)), Stage.CLOSED),
    ok("ARL-closed-after-decision-revoked", at(served, PLAN, step(ev.RemedyFiled), step(ev.RemedyDecided, outcome="revoked")), m(ev.CaseClosed, closed_on=D(2026, 5, 11)), Stage.CLOSED),
    no("ZZ2-closed-after-varied-fine-unpaid", at(served, PLAN, step(ev.RemedyFiled), step(ev.RemedyDecided, outcome="varied", new_fine_fen=yuan(6_000))), m(ev.CaseClosed), IT, 2, "罚款尚有¥6,000.00未缴纳", "type"),
    ok("ARL-closed-after-varied-fine-paid", at(served, PLAN, step(ev.RemedyFiled), step(ev.RemedyDecided, outcome="varied", new_fine_fen=yuan(6_000)), step(ev.PaymentReceived, amount_fen=yuan(6_000), paid_on=D(2026, 5, 12))), m(ev.CaseClosed, closed_on=D(2026, 5, 13)), Stage.CLOSED),
    no("ZZ3-CFL71-closed-cash-not-handed-over", at_summary(collected_on_spot_fen=yuan(100), collection_ground="small_fine", receipt_number="票据1"), sm(ev.CaseClosed), IT, 3, "当场收缴的罚款尚未交回行政机关", "type"),
    ok("CFL71-closed-after-cash-handed-over", at_summary(step(ev.CashHandedOver), collected_on_spot_fen=yuan(100), collection_ground="small_fine", receipt_number="票据1"), sm(ev.CaseClosed), Stage.CLOSED),
    ok("CFL67-summary-closed-after-bank-payment", at_summary(step(ev.PaymentReceived, amount_fen=yuan(100), paid_on=D(2026, 3, 5))), sm(ev.CaseClosed), Stage.CLOSED),
    no("ZZ3-CCL27-closed-with-measure-in-force", closed_with_measure, m(ev.CaseClosed), IT, 3, "尚有未解除或者未处理的查封、扣押", "type"),
    no("ZZ5-CFL61-closed-before-service", DECIDED, m(ev.CaseClosed), IT, 5, "处罚决定书尚未送达，不能结案", "type"),
    no("ZZ5-closure-not-by-head", at(served, PLAN, step(ev.PaymentReceived)), m(ev.CaseClosed, approved_by=CLERK), IT, 5, "审批人不是本机关负责人", "approved_by"),
    no("ZZ5-closed-while-notified", NOTIFIED, m(ev.CaseClosed), IT, 5, "不能结案", "type"),
    # ---------------------------------------------------------------- 归档
    ok("CFL47-archived-after-close", at(served, PLAN, step(ev.PaymentReceived), step(ev.CaseClosed)), m(ev.CaseArchived), Stage.ARCHIVED),
    ok("CFL47-archived-after-decline", at(lead, PLAN, step(ev.CaseDeclined)), m(ev.CaseArchived), Stage.ARCHIVED),
    ok("CFL47-archived-after-withdrawal", at(investigating, PLAN, step(ev.CaseWithdrawn)), m(ev.CaseArchived), Stage.ARCHIVED),
    ok("CFL47-archived-after-transfer", at(investigating, PLAN, step(ev.CaseTransferred)), m(ev.CaseArchived), Stage.ARCHIVED),
    no("ZZ5-archived-while-served", SERVED, m(ev.CaseArchived), IT, 5, "不能归档", "type"),
    no("ZZ5-archived-twice", at(lead, PLAN, step(ev.CaseDeclined), step(ev.CaseArchived)), m(ev.CaseArchived), IT, 5, "不能归档", "type"),
    # ---------------------------------------------------------------- 更正 (ZZ9)
    ok("ZZ9-correction-with-reason", SERVED, m(ev.CaseCorrected)),
    no("ZZ9-correction-without-reason", SERVED, m(ev.CaseCorrected, reason=" "), IT, 9, "更正应当指明被更正的记录并写明理由", "reason"),
    no("ZZ9-correction-pointing-nowhere", SERVED, m(ev.CaseCorrected, corrects=""), IT, 9, "不得随意修改案卷材料", "reason"),
    no("ZZ5-correction-of-no-case", nothing, m(ev.CaseCorrected), IT, 5, "不存在", "case_id"),
    # ---------------------------------------------------------------- 超期提醒 (ZZ2)
    ok("ZZ2-deadline-missed-recorded", NOTIFIED, m(ev.DeadlineMissed)),
    no("ZZ5-deadline-missed-for-no-case", nothing, m(ev.DeadlineMissed), IT, 5, "不存在", "case_id"),
    # ---------------------------------------------------------------- 追责时效 (ZZ3, 第三十六条)
    ok("CFL36-discovered-within-two-years", LEAD, m(ev.CaseOpened, violation_on=D(2024, 3, 3)), Stage.INVESTIGATING),
    no("ZZ3-CFL36-discovered-after-two-years", LEAD, m(ev.CaseOpened, violation_on=D(2023, 12, 1)), IT, 3, "追责时效", "violation_on"),
    ok("CFL36-continuing-act-counted-from-its-end", LEAD, m(ev.CaseOpened, violation_on=D(2023, 1, 1), violation_ended_on=D(2025, 1, 1)), Stage.INVESTIGATING),
    ok("CFL36-five-years-for-health-harm", LEAD, m(ev.CaseOpened, violation_on=D(2022, 6, 1), limitation_extended=True), Stage.INVESTIGATING),
    # ---------------------------------------------------------------- 检查发现 (ZZ6, ZZ9)
    ok("ZZ6-language-flagged-on-a-transcript", NOTIFIED, m(ev.LanguageFlagged)),
    ok("ZZ6-wording-flagged-on-a-notice", NOTIFIED, m(ev.WordingFlagged)),
    no("ZZ6-wording-flagged-with-no-findings", NOTIFIED, m(ev.WordingFlagged, findings=()), BAD, None, "没有检查发现的记录不必登记", "findings"),
    no("ZZ6-language-flagged-on-no-transcript", NOTIFIED, m(ev.LanguageFlagged, evidence_id="nope"), BAD, None, "没有该笔录", "evidence_id"),
    no("ZZ6-language-flagged-without-findings", NOTIFIED, m(ev.LanguageFlagged, findings=()), BAD, None, "不必登记", "findings"),
    ok("ZZ9-dossier-checked-when-archived", at(lead, PLAN, step(ev.CaseDeclined), step(ev.CaseArchived)), m(ev.DossierChecked)),
    no("ZZ9-dossier-checked-before-archiving", SERVED, m(ev.DossierChecked), BAD, None, "归档时", "type"),
]
# fmt: on


# ------------------------------------------------------------------ the tests


@pytest.mark.parametrize("row", [pytest.param(r, id=r.id) for r in ROWS])
def test_guard(row: Row, env: Env) -> None:
    state = row.given(env)
    if row.error is None:
        check(state, row.event, env)
        after = evolve(state, row.event)
        assert after.case_id == row.event.case_id
        if row.stage is not None:
            assert after.stage is row.stage
        return
    with pytest.raises(row.error) as caught:
        check(state, row.event, env)
    err = caught.value
    assert type(err) is row.error, f"{type(err).__name__}: {err.message_zh}"
    assert err.article == row.article, err.message_zh
    assert row.word in err.message_zh, err.message_zh
    if row.field:
        assert err.violations, err.message_zh
        assert err.violations[0].field == row.field
    else:
        assert err.violations == []
    if row.article is not None:
        assert err.basis.strip(), "a refusal names the statute it enforces"


def test_row_ids_are_unique() -> None:
    ids = [r.id for r in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_every_event_type_has_a_refused_and_an_allowed_row() -> None:
    refused = {type(r.event) for r in ROWS if r.error is not None}
    allowed = {type(r.event) for r in ROWS if r.error is None}
    missing = [
        f"{cls.TYPE}: {'refused ' if cls not in refused else ''}{'allowed' if cls not in allowed else ''}"
        for cls in ev.CASE_EVENTS
        if cls not in refused or cls not in allowed
    ]
    assert missing == []


def test_every_event_type_has_a_guard() -> None:
    assert set(ev.CASE_EVENTS) == set(model._GUARDS)


def test_refusal_writes_nothing(env: Env) -> None:
    """A refused step leaves the state as it was: the fold is never reached."""
    story = served(env)
    before = story.s
    with pytest.raises(IllegalTransition):
        story.then(ev.CaseClosed)
    assert story.s is before
    assert story.s.stage is Stage.SERVED


def test_approval_by_roster_officer_and_head(env: Env) -> None:
    """``may_approve``: the head and active officers of the body; nobody else."""
    assert env.may_approve(HEAD, BODY)
    assert env.may_approve(WANG, BODY)
    assert not env.may_approve(HEAD, OTHER_BODY)
    assert not env.may_approve(CLERK, BODY)
    assert not env.may_approve(LIU, BODY)
    assert not env.may_approve(XU, BODY)


def test_authorize_fake_uses_the_registry_guard(env: Env) -> None:
    from zhifa.registry.authorize import Refusal

    env.authorize(WANG, BODY, "MR-FOOD-126-03", "330106", D(2026, 3, 3))
    for who, reason in (
        (LIU, Refusal.NON_OFFICER_KIND),
        (WU, Refusal.NO_CREDENTIAL),
        (ZHAO, Refusal.CREDENTIAL_EXPIRED),
    ):
        with pytest.raises(NotAuthorized) as caught:
            env.authorize(who, BODY, "MR-FOOD-126-03", "330106", D(2026, 3, 3))
        assert caught.value.reason is reason
        assert caught.value.article == 1
    # ZHAO's card was valid until 2025-12-31: acting on that day is lawful.
    env.authorize(ZHAO, BODY, "MR-FOOD-126-03", "330106", D(2025, 12, 31))
