"""准则第九条 规范案卷管理: 如实记录执法过程，案卷材料齐全、规范，按规定归档保存；严禁随意
修改、涂改案卷材料，严禁案卷造假.

Refused beforehand by the case model (declared as guards): a step dated before the step it
follows, a document added to an archived 案卷, a document whose content does not match its
registered digest, a service without its proof, a correction that does not say what it
corrects and why, an on-the-spot decision without its numbered form.

Found afterwards (detectors): an archived 案卷 whose element check (``DossierChecked``) found
documents missing or incomplete; a document dated before the step it records (倒签); a step
entered into the system long after it happened (事后补录).

Not found here: a ledger whose verification fails. ``zhifa verify`` prints its report and
exits 1 but records nothing on the ledger, so the engine, which reads only the ledger, has
nothing to react to (see the report to the lead: a ``LedgerVerified`` event with the
problems found would make it a detector with subject kind ``ledger``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from zhifa.cases import events as cev
from zhifa.conduct.articles.article_05 import threshold
from zhifa.conduct.engine import Hit
from zhifa.conduct.model import RULES, Finding, Subject, SubjectKind, guard, rule
from zhifa.documents.model import DocumentKind
from zhifa.kernel.clock import legal_date
from zhifa.ledger.events import LedgerVerified

ART = 9
CONDUCT = "《行政执法人员行为准则》第九条"
CFL = "《中华人民共和国行政处罚法》"
GUIDE_118 = (
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的"
    "指导意见》（国办发〔2018〕118号）"
)
MODEL = "zhifa.cases.model"


# ------------------------------------------------------------------ guards (refused before)

guard(
    id="R9.date_before_step",
    article=ART,
    title="记录的日期早于其所依据的步骤",
    basis=f"{CONDUCT}（如实记录）；{CFL}第五十四条至第六十一条",
    guard_ref=f"{MODEL}._not_before",
    explain="立案早于收到案源、取证早于立案、决定早于告知、送达早于决定、缴款早于决定等日期倒置的记录，系统拒绝记录。",
    action="按实际发生的日期如实记录；确有错误的，以更正记录说明。",
)

guard(
    id="R9.archived_dossier_sealed",
    article=ART,
    title="案卷归档后再出具文书",
    basis=f"{CONDUCT}（严禁随意修改案卷材料）",
    guard_ref=f"{MODEL}._document",
    explain="案件已归档的，系统拒绝再出具文书，归档案卷不得增补。",
    action="确需补正的，依规定办理案卷调阅和更正手续并记录理由。",
)

guard(
    id="R9.document_tampered",
    article=ART,
    title="文书内容与登记的摘要不一致",
    basis=f"{CONDUCT}（严禁案卷造假）",
    guard_ref=f"{MODEL}._document",
    explain="出具文书时，文书内容的摘要与登记的摘要不一致（内容被改动）的，系统拒绝记录。",
    action="由系统根据案件记录重新生成文书，不得手工改动文书内容。",
)

guard(
    id="R9.service_without_proof",
    article=ART,
    title="送达没有送达凭证",
    basis=f"{CFL}第六十一条；{CONDUCT}",
    guard_ref=f"{MODEL}._served",
    explain="没有送达回证、邮寄单号、电子送达记录或者公告等送达凭证的送达，系统拒绝记录。",
    action="取得送达凭证后再登记送达。",
)

guard(
    id="R9.correction_without_reason",
    article=ART,
    title="更正记录未指明被更正的记录或者未写明理由",
    basis=f"{CONDUCT}（严禁随意修改、涂改案卷材料）",
    guard_ref=f"{MODEL}._corrected",
    explain="更正必须指明被更正的记录并写明理由（原记录保留不变）；否则系统拒绝记录。",
    action="写明被更正的记录和更正理由。",
)

guard(
    id="R9.summary_form_unnumbered",
    article=ART,
    title="当场处罚决定书没有编号",
    basis=f"{CFL}第五十二条（预定格式、编有号码的行政处罚决定书）",
    guard_ref=f"{MODEL}._summary",
    explain="当场处罚未填写预定格式、编有号码的决定书编号的，系统拒绝记录。",
    action="使用编有号码的当场处罚决定书，并登记其编号。",
)


# ------------------------------------------------------------------ detectors


def _kind_zh(kind: str) -> str:
    try:
        return DocumentKind(kind).title_zh
    except ValueError:
        return kind or "（未注明种类的文书）"


@rule(
    id="R9.dossier_incomplete",
    article=ART,
    kind="detector",
    title="归档案卷文书缺失或者要素不全",
    basis=f"{CONDUCT}（案卷材料齐全、规范）；{GUIDE_118}",
    severity="medium",
    on=("DossierChecked",),
    explain="案件{subject}于{archived}归档，整卷检查{what}。",
    action="督促执法主体依规定调阅案卷，补齐或者补正缺失的文书和要素并记录理由；查明原因，防止再次发生。",
)
def dossier_incomplete(h: Hit) -> Iterator[Finding]:
    """The 案卷 was archived with documents missing or with elements missing in them, as the
    element check run at archiving (``DossierChecked``, ``zhifa.documents.check_dossier``)
    recorded. A 案卷 with no document issued in the system at all is also a finding: the
    check has nothing to look at, and that is itself what is wrong."""
    e, t = h.event, h.track
    assert isinstance(e, cev.DossierChecked)
    if t is None:
        return
    if e.findings:
        kinds: dict[str, int] = {}
        for f in e.findings:
            name = _kind_zh(str(f.get("document_kind") or ""))
            number = str(f.get("document_number") or "")
            label = f"{name}{number}" if number else name
            kinds[label] = kinds.get(label, 0) + 1
        what = (
            f"发现{len(e.findings)}处文书缺失或者要素问题（"
            + "；".join(f"{k}{n}处" for k, n in kinds.items())
            + "）"
        )
    elif e.documents == 0:
        what = "发现案卷中没有任何在系统中出具的文书"
    else:
        return
    yield RULES["R9.dossier_incomplete"].finding(
        h.ctx.case(t.case_id),
        [*t.marked("CaseArchived"), h.index],
        h.on,
        body_id=t.body_id,
        case_id=t.case_id,
        discriminator=e.archive_event_id,
        archived=e.checked_on.isoformat(),
        what=what,
    )


# A document and the step it records: the step's type, the date it happened, and (for steps
# of which a case has several) which ones count. Per-item documents (笔录、听证通知、送达回证、
# 查封扣押决定书) do not name their item on the ledger, so they are held against the earliest
# step of their kind: a document dated before every such step is certainly dated before its own.
_STEP_OF: dict[str, tuple[str, str]] = {
    "filing_approval": ("CaseOpened", "opened_on"),
    "non_filing_decision": ("CaseDeclined", "decided_on"),
    "inquiry_record": ("TranscriptRecorded:inquiry", "taken_at"),
    "inspection_record": ("TranscriptRecorded:inspection", "taken_at"),
    "prior_notice": ("RightsNotified", "notified_on"),
    "hearing_notice": ("HearingNoticed", "noticed_on"),
    "penalty_decision": ("DecisionIssued", "decided_on"),
    "summary_decision": ("SummaryDecisionIssued", "decided_on"),
    "service_receipt": ("DocumentServed", "served_on"),
    "seizure_decision": ("MeasureImposed:onsite", "imposed_on"),
    "seizure_inventory": ("MeasureImposed:onsite", "imposed_on"),
    "closing_approval": ("CaseClosed", "closed_on"),
}
_STEP_ZH = {
    "CaseOpened": "立案",
    "CaseDeclined": "决定不予立案",
    "TranscriptRecorded:inquiry": "询问",
    "TranscriptRecorded:inspection": "现场检查",
    "RightsNotified": "告知",
    "HearingNoticed": "通知听证",
    "DecisionIssued": "作出处罚决定",
    "SummaryDecisionIssued": "当场作出处罚决定",
    "DocumentServed": "送达",
    "MeasureImposed:onsite": "实施查封、扣押",
    "CaseClosed": "结案",
}


def _step_key(e: cev.CaseEvent) -> str | None:
    if isinstance(e, cev.TranscriptRecorded):
        return f"TranscriptRecorded:{e.kind}"
    if isinstance(e, cev.MeasureImposed):
        return None if e.kind == "freeze" else "MeasureImposed:onsite"
    return e.TYPE if e.TYPE in _STEP_ZH else None


def _day(v: date | datetime) -> date:
    return legal_date(v) if isinstance(v, datetime) else v


@rule(
    id="R9.document_predated",
    article=ART,
    kind="detector",
    title="文书落款日期早于其记载的执法步骤（倒签）",
    basis=f"{CONDUCT}（如实记录，严禁案卷造假）",
    severity="high",
    on=(
        "DocumentIssued",
        "CaseOpened",
        "CaseDeclined",
        "TranscriptRecorded",
        "RightsNotified",
        "HearingNoticed",
        "DecisionIssued",
        "SummaryDecisionIssued",
        "DocumentServed",
        "MeasureImposed",
        "CaseClosed",
    ),
    explain="案件{subject}的{document}（{number}）落款日期为{issued}，而其记载的{step}发生在{happened}，文书日期早于事实。",
    action="督促执法主体核查文书的实际制作时间和经办人员，依规定更正并说明理由；存在倒签、补做文书的，依法追究责任。",
)
def document_predated(h: Hit) -> Iterator[Finding]:
    """A document whose date (``DocumentIssued.issued_on``) is before the date of the step it
    records (the decision's ``decided_on`` for a 行政处罚决定书, and so on: ``_STEP_OF``). The
    document may be recorded before or after its step on the ledger; the check runs on
    whichever comes second. Documents are composed from the record with the step's own date,
    so a document dated earlier was made or dated by hand."""
    e, t = h.event, h.track
    assert isinstance(e, cev.CaseEvent)
    if t is None:
        return
    memo: dict[str, Any] = t.memo.setdefault("R9.document_predated", {"docs": [], "steps": {}})
    steps: dict[str, tuple[date, int]] = memo["steps"]
    if isinstance(e, cev.DocumentIssued):
        if e.kind not in _STEP_OF:
            return
        doc = (e.kind, e.issued_on, h.index, e.document_id, e.number)
        memo["docs"].append(doc)
        docs = [doc]
    else:
        key = _step_key(e)
        if key is None:
            return
        happened = _day(getattr(e, _FIELD[key]))
        if key not in steps or happened < steps[key][0]:
            steps[key] = (happened, h.index)
        docs = [d for d in memo["docs"] if _STEP_OF[d[0]][0] == key]
    for kind, issued, index, document_id, number in docs:
        step_key = _STEP_OF[kind][0]
        if step_key not in steps:
            continue
        happened, step_index = steps[step_key]
        if issued >= happened:
            continue
        yield RULES["R9.document_predated"].finding(
            h.ctx.case(t.case_id),
            [step_index, index],
            h.on,
            body_id=t.body_id,
            case_id=t.case_id,
            discriminator=document_id,
            document=_kind_zh(kind),
            number=number,
            issued=issued.isoformat(),
            step=_STEP_ZH[step_key],
            happened=happened.isoformat(),
        )


_FIELD: dict[str, str] = dict(_STEP_OF.values())


# The business date of each step an officer records: the day it happened, as the officer
# states it. Left out: the 案源's receipt (a letter may be registered some days after it
# arrived, and the filing clock counts from receipt anyway), payments (known from the bank's
# reconciliation), remedies (decided by other organs, known when they say so) and the
# system's own observations.
_HAPPENED: dict[str, str] = {
    "CaseOpened": "opened_on",
    "CaseDeclined": "decided_on",
    "FilingExtended": "approved_on",
    "SummaryDecisionIssued": "decided_on",
    "EvidenceCollected": "collected_at",
    "TranscriptRecorded": "taken_at",
    "EvidencePreserved": "preserved_on",
    "PreservationHandled": "handled_on",
    "RecusalDecided": "decided_on",
    "DecisionDeadlineExtended": "approved_on",
    "RightsNotified": "notified_on",
    "StatementReceived": "received_on",
    "HearingRequested": "requested_on",
    "HearingNoticed": "noticed_on",
    "HearingHeld": "held_on",
    "LegalReviewCompleted": "reviewed_on",
    "CollectiveDiscussionHeld": "held_on",
    "DecisionIssued": "decided_on",
    "DocumentIssued": "issued_on",
    "DocumentServed": "served_on",
    "CashHandedOver": "handed_on",
    "PaymentDeferred": "approved_on",
    "ExecutionDemanded": "demanded_on",
    "CourtEnforcementApplied": "applied_on",
    "MeasureImposed": "imposed_on",
    "MeasureExtended": "notified_on",
    "MeasureReleased": "released_on",
    "CaseTransferred": "transferred_on",
    "CaseWithdrawn": "withdrawn_on",
    "CaseClosed": "closed_on",
    "CaseArchived": "archived_on",
}
_WHAT_ZH: dict[str, str] = {
    "CaseOpened": "立案",
    "CaseDeclined": "不予立案",
    "FilingExtended": "延长立案期限的批准",
    "SummaryDecisionIssued": "当场处罚",
    "EvidenceCollected": "取证",
    "TranscriptRecorded": "笔录",
    "EvidencePreserved": "先行登记保存",
    "PreservationHandled": "先行登记保存的处理",
    "RecusalDecided": "回避决定",
    "DecisionDeadlineExtended": "延长办案期限的批准",
    "RightsNotified": "事先告知",
    "StatementReceived": "陈述、申辩",
    "HearingRequested": "听证申请",
    "HearingNoticed": "听证通知",
    "HearingHeld": "听证",
    "LegalReviewCompleted": "法制审核",
    "CollectiveDiscussionHeld": "集体讨论",
    "DecisionIssued": "处罚决定",
    "DocumentIssued": "文书",
    "DocumentServed": "送达",
    "CashHandedOver": "当场收缴罚款的交回",
    "PaymentDeferred": "暂缓、分期缴纳的批准",
    "ExecutionDemanded": "催告",
    "CourtEnforcementApplied": "申请强制执行",
    "MeasureImposed": "查封、扣押、冻结",
    "MeasureExtended": "强制措施延期",
    "MeasureReleased": "解除强制措施",
    "CaseTransferred": "移送",
    "CaseWithdrawn": "撤销立案",
    "CaseClosed": "结案",
    "CaseArchived": "归档",
}


@rule(
    id="R9.late_entry",
    article=ART,
    kind="detector",
    title="执法步骤事后补录",
    basis=f"{CONDUCT}（如实记录执法过程）；{GUIDE_118}（执法全过程记录）",
    severity="low",
    params=("conduct.late_entry.days",),
    on=tuple(_HAPPENED),
    explain="案件{subject}的{what}记载发生于{happened}，至{entered}才录入系统，相隔{days}日（超过{limit}日）。",
    action="督促执法主体说明补录原因，核对补录内容与纸质材料、执法音像是否一致；同一天补录的其他记录一并核对。",
)
def late_entry(h: Hit) -> Iterator[Finding]:
    """A step entered into the system more than ``conduct.late_entry.days`` after the day it
    says it happened.

    Which timestamps mean what: the step's own date field (``decided_on``, ``collected_at``
    …: ``_HAPPENED``) is when the officer says it happened; ``occurred_at`` is the instant
    the step was entered — the workbench sets it to the moment the officer saves the form,
    and an import carries the source system's own entry time. ``recorded_at``, the instant
    the ledger appended it, is not used: an import of last year's cases appends them all
    today, which says nothing about how they were kept. A document counts too: it bears the
    date of the step it records, so one issued days later was made afterwards (补做).

    One finding per case and day of entry (a case entered in bulk after the fact is one
    finding, not one per step); the evidence is the first step entered late that day."""
    e, t = h.event, h.track
    if t is None:
        return
    happened = _day(getattr(e, _HAPPENED[e.TYPE]))
    entered = h.on
    limit = threshold(h.ctx, "conduct.late_entry.days", entered)
    if limit is None or (entered - happened).days <= limit:
        return
    yield RULES["R9.late_entry"].finding(
        h.ctx.case(t.case_id),
        [h.index],
        h.on,
        body_id=t.body_id,
        case_id=t.case_id,
        discriminator=entered.isoformat(),
        what=_WHAT_ZH[e.TYPE],
        happened=happened.isoformat(),
        entered=entered.isoformat(),
        days=(entered - happened).days,
        limit=limit,
    )


# ------------------------------------------------------------------ the record itself

_PROBLEM_ZH = {
    "entry": "账本记录",
    "hash": "哈希",
    "checkpoint": "签名树头",
    "table": "数据表",
    "subject": "账本索引",
    "personal": "个人信息",
    "blob": "文件",
    "state": "账本状态",
}


@rule(
    id="R9.ledger_verification_failed",
    article=9,
    kind="detector",
    title="执法记录账本验证失败（记录或数据表被改动）",
    basis="《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）；《行政执法人员行为准则》第九条",
    severity="high",
    on=("LedgerVerified",),
    explain="{on}的账本验证发现{count}处改动：{kinds}。执法记录与账本不一致，说明有人绕过系统改动了记录。",
    action="立即保全数据库和日志，由执法监督机构会同技术部门查明改动的时间、人员和内容，依法追究责任；以账本为准恢复被改动的数据。",
)
def ledger_verification_failed(h: Hit) -> Iterator[Finding]:
    """``zhifa verify`` found the ledger or a table altered outside the system."""
    e = h.event
    assert isinstance(e, LedgerVerified)
    if e.ok:
        return
    kinds: dict[str, int] = {}
    for p in e.problems:
        kinds[p.get("kind", "")] = kinds.get(p.get("kind", ""), 0) + 1
    yield RULES["R9.ledger_verification_failed"].finding(
        Subject(SubjectKind.LEDGER, "ledger", "执法记录账本"),
        [h.index],
        h.on,
        discriminator=e.event_id,
        on=h.on.isoformat(),
        count=e.problem_count,
        kinds="、".join(f"{_PROBLEM_ZH.get(k, k)} {n} 处" for k, n in sorted(kinds.items())),
    )
