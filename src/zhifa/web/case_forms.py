"""The officer workbench's step forms: one declared form per case event, and its parsing.

A form is a list of fields named like the event's own fields, so a guard's refusal that
names a field (``Violation.field``) lands next to the input the officer typed it in. Each
form parses what was typed into the event — amounts typed in yuan become integer 分, dates
default to today in 北京时间, party details become commitments in ``record_steps`` — and
reports every unreadable field at once, never only the first. Whether the step is lawful
is not decided here: ``zhifa.cases.services.record_steps`` runs the guards.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import InvalidOperation
from typing import Any

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from zhifa.access.model import Principal
from zhifa.cases import events as ev
from zhifa.cases.model import CaseState, Stage
from zhifa.catalog.model import PenaltyKind, Tier
from zhifa.kernel.clock import CHINA_TZ
from zhifa.kernel.errors import InvalidInput, Violation
from zhifa.kernel.money import Money
from zhifa.registry.model import mask_name

Options = Sequence[tuple[str, str]]
Raw = str | list[str]


@dataclass
class FormContext:
    """What a form needs to know to offer choices and defaults (no database access)."""

    principal: Principal
    today: date
    now: datetime
    body_id: str
    state: CaseState | None = None
    officers: Options = ()  # the body's roster: (officer id, "name（kind）")
    approvers: Options = ()  # the body's heads: ("user:<id>", username)
    matters: Options = ()  # the body's penalty matters: (code, "code name")
    regions: Options = ()  # the body's region and the regions inside it
    timeline: Sequence[tuple[int, ev.CaseEvent]] = ()
    matter_kinds: Options = ()  # the case matter's penalty kinds
    self_approve: bool = False  # the signed-in user is the body's head
    default_duration: int = 30


@dataclass(frozen=True)
class Field:
    """One input. ``name`` is the event field it fills (or a helper input for composites)."""

    name: str
    label: str
    kind: str = "text"
    required: bool = True
    options: Options | Callable[[FormContext], Options] = ()
    default: Callable[[FormContext], Raw] | None = None
    help: str = ""
    maxlength: int = 500

    def choices(self, fc: FormContext) -> Options:
        return self.options(fc) if callable(self.options) else self.options


@dataclass(frozen=True)
class StepForm:
    """The form for one step: which event, which fields, where it is usually offered."""

    key: str  # the event's TYPE
    title: str
    group: str
    event: type[ev.CaseEvent]
    fields: tuple[Field, ...]
    stages: frozenset[Stage] = frozenset()
    note: str = ""
    action: str = "case.record"  # case.review: the legal reviewer's own route


# ------------------------------------------------------------------ choices


SOURCES = (
    ("complaint", "投诉举报"),
    ("inspection", "监督检查发现"),
    ("transfer", "其他机关移送"),
    ("assignment", "上级交办"),
    ("other", "其他"),
)
PARTY_KINDS = (("organisation", "单位（法人或者其他组织、个体工商户）"), ("person", "自然人"))
EVIDENCE_KINDS = (
    ("document", "书证"),
    ("physical", "物证"),
    ("audio_visual", "视听资料"),
    ("electronic", "电子数据"),
    ("testimony", "证人证言、当事人陈述"),
    ("expert", "鉴定意见"),
    ("record", "勘验笔录、现场笔录"),
)
TRANSCRIPT_KINDS = (("inquiry", "询问笔录"), ("inspection", "现场检查笔录"))
HANDLINGS = (
    ("returned", "解除保存、退还"),
    ("seized", "依法查封、扣押"),
    ("testing", "送检测、检验、检疫、鉴定"),
    ("confiscation_proposed", "拟予没收"),
    ("other", "其他依法处理"),
)
REQUESTERS = (("party", "当事人申请"), ("officer", "执法人员自行提出"))
EXCLUDED_REASONS = (
    ("hearing", "听证"),
    ("testing", "检测、检验、检疫"),
    ("appraisal", "鉴定"),
    ("announcement", "公告"),
)
REVIEW_OUTCOMES = (
    ("approve", "同意"),
    ("approve_with_changes", "修改后同意"),
    ("reject", "不同意（退回）"),
)
DOCUMENTS = (
    ("decision", "行政处罚决定书"),
    ("notice", "行政处罚事先告知书"),
    ("hearing_notice", "听证通知书"),
    ("seizure_decision", "查封（扣押）决定书"),
    ("other", "其他文书"),
)
METHODS = (
    ("direct", "直接送达"),
    ("left_at_residence", "留置送达"),
    ("post", "邮寄送达"),
    ("electronic", "电子送达（经当事人同意）"),
    ("entrusted", "委托送达"),
    ("announcement", "公告送达"),
)
CHANNELS = (("bank", "指定银行"), ("electronic", "电子支付系统"))
GROUNDS = (
    ("small_fine", "依法给予一百元以下罚款"),
    ("hard_to_enforce", "不当场收缴事后难以执行"),
    ("remote_area", "边远、水上、交通不便地区"),
)
MEASURE_KINDS = (("seal", "查封"), ("seize", "扣押"), ("freeze", "冻结"))
REMEDY_KINDS = (("reconsideration", "行政复议"), ("litigation", "行政诉讼"))
REMEDY_OUTCOMES = (
    ("upheld", "维持"),
    ("varied", "变更"),
    ("revoked", "撤销"),
    ("declared_unlawful", "确认违法"),
)
TRANSFER_TO = (("body", "其他行政机关"), ("judicial", "司法机关"))
YES_NO = (("yes", "是"), ("no", "否"))
INTERFERENCE_MANNERS = (
    ("request", "打招呼、说情"),
    ("pressure", "施压、干扰"),
    ("note", "批条子、递材料"),
    ("other", "其他"),
)
RELATIONS = (("kin", "近亲属"), ("financial", "经济往来"), ("other", "其他可能影响公正执法的关系"))
_BOOL_SELECTS = frozenset(
    {"granted", "first_offence", "harm_minor", "corrected_in_time", "no_fault"}
)
TIERS = tuple((t.value, t.label_zh) for t in Tier)
SUMMARY_KINDS = (("warning", "警告"), ("fine", "罚款"))
MEASURE_ROWS = 6


def _kinds(fc: FormContext) -> Options:
    return fc.matter_kinds or tuple((k.value, k.label_zh) for k in PenaltyKind)


def _case_officers(fc: FormContext) -> Options:
    on_case = set(fc.state.officer_ids) if fc.state else set()
    return [(oid, label) for oid, label in fc.officers if oid in on_case]


def _preservations(fc: FormContext) -> Options:
    if fc.state is None:
        return ()
    return [
        (pid, f"{pid}（{on.isoformat()}保存）")
        for pid, on, done in fc.state.preservations
        if not done
    ]


def _measures(fc: FormContext) -> Options:
    if fc.state is None:
        return ()
    return [
        (mid, f"{mid}（{m.imposed_on.isoformat()}起{m.duration_days}日）")
        for mid, m in fc.state.measures
        if m.released_on is None
    ]


def _remedies(fc: FormContext) -> Options:
    return sorted((r, r) for r in fc.state.remedies_pending) if fc.state else ()


def _entries(fc: FormContext) -> Options:
    return [
        (e.event_id, f"第{idx}号记录 · {STEP_NAMES.get(e.TYPE, e.TYPE)}")
        for idx, e in fc.timeline
        if not isinstance(e, ev.DeadlineMissed)
    ]


# ------------------------------------------------------------------ defaults


def _today(fc: FormContext) -> Raw:
    return fc.today.isoformat()


def _now(fc: FormContext) -> Raw:
    return fc.now.astimezone(CHINA_TZ).strftime("%Y-%m-%dT%H:%M")


def _me(fc: FormContext) -> Raw:
    return [fc.principal.officer_id] if fc.principal.officer_id else []


def _my_id(fc: FormContext) -> Raw:
    return fc.principal.officer_id or ""


def _case_team(fc: FormContext) -> Raw:
    return list(fc.state.officer_ids) if fc.state else _me(fc)


def _approver(fc: FormContext) -> Raw:
    if fc.self_approve:
        return fc.principal.actor
    return fc.approvers[0][0] if len(fc.approvers) == 1 else ""


def _lead_matter(fc: FormContext) -> Raw:
    return fc.state.matter_code if fc.state else ""


def _body_region(fc: FormContext) -> Raw:
    if fc.state and fc.state.region_code:
        return fc.state.region_code
    return fc.regions[0][0] if fc.regions else ""


def _seq(prefix: str, taken: Callable[[CaseState], Sequence[str]]) -> Callable[[FormContext], Raw]:
    def make(fc: FormContext) -> Raw:
        used = set(taken(fc.state)) if fc.state else set()
        n = len(used) + 1
        while f"{prefix}{n:03d}" in used:
            n += 1
        return f"{prefix}{n:03d}"

    return make


def _notice_kinds(fc: FormContext) -> Raw:
    return list(fc.state.notice_kinds) if fc.state else []


def _notice_fine(fc: FormContext) -> Raw:
    return _yuan_text(fc.state.notice_fine_fen) if fc.state else ""


def _notice_confiscation(fc: FormContext) -> Raw:
    return _yuan_text(fc.state.notice_confiscation_fen) if fc.state else "0"


def _unpaid(fc: FormContext) -> Raw:
    return _yuan_text(max(0, fc.state.fine_fen - fc.state.paid_fen)) if fc.state else ""


def _cash(fc: FormContext) -> Raw:
    if fc.state is None:
        return ""
    return _yuan_text(max(0, fc.state.collected_cash_fen - fc.state.handed_over_fen))


def _duration(fc: FormContext) -> Raw:
    return str(fc.default_duration)


def _yuan_text(fen: int) -> str:
    """An amount in 分 as the yuan an officer types (1234.50), without floats."""
    yuan, rest = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}{yuan}.{rest:02d}"


def _const(value: Raw) -> Callable[[FormContext], Raw]:
    return lambda _fc: value


# ------------------------------------------------------------------ field shorthands


def _date(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, "date", default=_today, **kw)


def _approval(name: str = "approved_by", label: str = "审批人（本机关负责人）") -> Field:
    return Field(
        name,
        label,
        "approver",
        options=lambda fc: fc.approvers,
        default=_approver,
        help="以负责人签批的审批表为准；负责人本人登录办理时即为本人审批。",
    )


def _officers(name: str = "officer_ids", label: str = "执法人员（至少两名）") -> Field:
    return Field(
        name,
        label,
        "officers",
        options=lambda fc: fc.officers,
        default=_case_team,
        help="须为持有效执法证的在编执法人员；辅助人员不得执法（准则第一条）。",
    )


PARTY = Field(
    "party",
    "当事人",
    "party",
    help="当事人的姓名、身份证件号码、住址和电话作为个人信息加密保存，列表中只显示单位名称或脱敏姓名。",
)
_WORKING = frozenset({Stage.INVESTIGATING, Stage.NOTIFIED})


# ------------------------------------------------------------------ the forms

FORMS: tuple[StepForm, ...] = (
    StepForm(
        "LeadRegistered",
        "登记案源（线索）",
        "案源与立案",
        ev.LeadRegistered,
        (
            Field("source", "案源类型", "select", options=SOURCES),
            _date("received_on", "收到日期"),
            Field(
                "matter_code",
                "涉及的执法事项",
                "select",
                required=False,
                options=lambda fc: fc.matters,
            ),
            Field(
                "summary",
                "案源摘要",
                "textarea",
                maxlength=2000,
                help="写明线索内容；不要写入举报人的个人信息。",
            ),
        ),
        note="收到案源之日起开始计算立案（核查）期限（行政处罚法第五十四条）。",
    ),
    StepForm(
        "CaseOpened",
        "立案",
        "案源与立案",
        ev.CaseOpened,
        (
            Field("number", "立案编号", maxlength=80),
            Field(
                "matter_code",
                "执法事项",
                "select",
                options=lambda fc: fc.matters,
                default=_lead_matter,
            ),
            Field(
                "region_code",
                "违法行为发生地",
                "select",
                options=lambda fc: fc.regions,
                default=_body_region,
            ),
            _date("opened_on", "立案日期"),
            _officers(),
            _approval(),
            PARTY,
            Field("summary", "案情摘要", "textarea", required=False, maxlength=2000),
            Field(
                "violation_on",
                "违法行为发生日期",
                "date",
                required=False,
                help="用于核对追责时效（行政处罚法第三十六条）",
            ),
            Field("violation_ended_on", "连续或者继续状态的终了日期", "date", required=False),
            Field(
                "limitation_extended",
                "涉及公民生命健康安全、金融安全且有危害后果（追责时效五年）",
                "bool",
                required=False,
            ),
        ),
        stages=frozenset({Stage.LEAD}),
        note="立案须经行政机关负责人批准，并指定两名以上执法人员办理（行政处罚法第四十二条、第五十四条）。",
    ),
    StepForm(
        "CaseDeclined",
        "不予立案",
        "案源与立案",
        ev.CaseDeclined,
        (
            _date("decided_on", "决定日期"),
            Field("reasons", "不予立案的理由", "textarea", maxlength=2000),
            _approval(),
        ),
        stages=frozenset({Stage.LEAD}),
    ),
    StepForm(
        "FilingExtended",
        "延长立案（核查）期限",
        "案源与立案",
        ev.FilingExtended,
        (_date("approved_on", "批准日期"), Field("reason", "延长理由", "textarea"), _approval()),
        stages=frozenset({Stage.LEAD}),
    ),
    StepForm(
        "SummaryDecisionIssued",
        "当场处罚（简易程序）",
        "简易程序",
        ev.SummaryDecisionIssued,
        (
            Field("number", "当场处罚决定书编号（预定格式、编有号码）", maxlength=80),
            Field("matter_code", "执法事项", "select", options=lambda fc: fc.matters),
            Field(
                "region_code",
                "违法行为发生地",
                "select",
                options=lambda fc: fc.regions,
                default=_body_region,
            ),
            _date("decided_on", "决定日期"),
            _officers(),
            Field(
                "credential_shown",
                "已向当事人出示执法证件",
                "bool",
                required=False,
                default=_const("on"),
            ),
            Field(
                "penalty_kinds",
                "处罚种类",
                "checks",
                options=SUMMARY_KINDS,
                default=_const(["fine"]),
            ),
            Field("fine_fen", "罚款金额（元）", "yuan", required=False, default=_const("0")),
            Field("facts", "违法事实", "textarea", maxlength=2000),
            Field("place", "地点", maxlength=200),
            PARTY,
            Field(
                "collected_on_spot_fen",
                "当场收缴金额（元）",
                "yuan",
                required=False,
                default=_const("0"),
            ),
            Field(
                "collection_ground", "当场收缴的法定情形", "select", required=False, options=GROUNDS
            ),
            Field("receipt_number", "罚款专用票据号码", required=False, maxlength=80),
        ),
        note="违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告的，可以当场作出（行政处罚法第五十一条）。",
    ),
    StepForm(
        "EvidenceCollected",
        "登记证据",
        "调查取证",
        ev.EvidenceCollected,
        (
            Field(
                "evidence_id",
                "证据编号",
                default=_seq("E", lambda s: sorted(s.evidence_ids)),
                maxlength=40,
            ),
            Field("kind", "证据种类", "select", options=EVIDENCE_KINDS),
            Field(
                "digest",
                "证据文件",
                "digest",
                help="上传证据文件（系统计算 SHA-256 并保存原件），或填写已有文件的 SHA-256。",
            ),
            Field("description", "证据说明", "textarea", maxlength=1000),
            _officers("collected_by", "取证人员（至少两名）"),
            Field("collected_at", "取证时间", "datetime", default=_now),
            Field("place", "取证地点", maxlength=200),
        ),
        stages=_WORKING,
    ),
    StepForm(
        "TranscriptRecorded",
        "制作笔录",
        "调查取证",
        ev.TranscriptRecorded,
        (
            Field(
                "evidence_id",
                "笔录编号",
                default=_seq("T", lambda s: sorted(s.evidence_ids)),
                maxlength=40,
            ),
            Field("kind", "笔录种类", "select", options=TRANSCRIPT_KINDS),
            _officers(),
            Field("taken_at", "制作时间", "datetime", default=_now),
            Field("ended_at", "结束时间", "datetime", required=False),
            Field(
                "recorder_id",
                "记录人",
                "select",
                required=False,
                options=lambda fc: fc.officers,
            ),
            Field("place", "地点", maxlength=200),
            Field("credentials_shown", "已向被询问（检查）人出示执法证件", "bool", required=False),
            Field("recusal_informed", "已告知申请回避的权利", "bool", required=False),
            Field("interviewee_name", "被询问人/在场人姓名", required=False, maxlength=60),
            Field("interviewee_id_number", "被询问人/在场人身份证号", required=False, maxlength=18),
            Field(
                "interviewee_relation",
                "与当事人的关系",
                required=False,
                maxlength=40,
                help="如：当事人本人、法定代表人、员工、证人",
            ),
            Field(
                "utterances",
                "笔录内容",
                "utterances",
                maxlength=20000,
                help="每行一句，格式为“说话人：内容”，如“问：……”“答：……”；不带冒号的行接续上一句。",
            ),
        ),
        stages=_WORKING,
        note="保存前可先检查执法用语（准则第六条）；检查结果只作提醒，不影响保存。",
    ),
    StepForm(
        "EvidencePreserved",
        "先行登记保存",
        "调查取证",
        ev.EvidencePreserved,
        (
            Field(
                "preservation_id",
                "保存编号",
                default=_seq("P", lambda s: [p[0] for p in s.preservations]),
                maxlength=40,
            ),
            Field("items", "物品清单（每行一项）", "lines", maxlength=4000),
            _date("preserved_on", "保存日期"),
            _officers(),
            _approval(),
        ),
        stages=_WORKING,
        note="应当在七个工作日内作出处理决定（行政处罚法第五十六条）。",
    ),
    StepForm(
        "PreservationHandled",
        "先行登记保存处理决定",
        "调查取证",
        ev.PreservationHandled,
        (
            Field("preservation_id", "保存编号", "select", options=_preservations),
            _date("handled_on", "处理日期"),
            Field("handling", "处理方式", "select", options=HANDLINGS),
        ),
        stages=_WORKING,
    ),
    StepForm(
        "RecusalDecided",
        "回避决定",
        "调查取证",
        ev.RecusalDecided,
        (
            Field("officer_id", "被申请回避的执法人员", "select", options=_case_officers),
            Field("requested_by", "提出方式", "select", options=REQUESTERS),
            Field("granted", "决定回避", "select", options=YES_NO),
            Field(
                "replacement_id",
                "更换的执法人员",
                "select",
                required=False,
                options=lambda fc: fc.officers,
            ),
            _date("decided_on", "决定日期"),
            Field("reason", "理由", "textarea"),
            _approval("decided_by", "决定人（本机关负责人）"),
        ),
        stages=_WORKING | {Stage.DECIDED},
    ),
    StepForm(
        "TimeExcluded",
        "不计入办案期限的期间",
        "调查取证",
        ev.TimeExcluded,
        (
            Field("reason", "事由", "select", options=EXCLUDED_REASONS),
            _date("from_on", "起始日期"),
            _date("to_on", "截止日期"),
        ),
        stages=_WORKING,
    ),
    StepForm(
        "DecisionDeadlineExtended",
        "延长办案期限",
        "调查取证",
        ev.DecisionDeadlineExtended,
        (
            _date("approved_on", "批准日期"),
            Field("reason", "延长理由", "textarea"),
            Field("collective", "经集体讨论决定", "bool", required=False),
            _approval(),
        ),
        stages=_WORKING,
    ),
    StepForm(
        "RightsNotified",
        "行政处罚事先告知",
        "告知与听证",
        ev.RightsNotified,
        (
            Field("document_number", "告知书编号", maxlength=80),
            _date("notified_on", "告知日期"),
            Field("penalty_kinds", "拟作出的处罚种类", "checks", options=_kinds),
            Field("fine_fen", "拟罚款金额（元）", "yuan", required=False, default=_const("0")),
            Field(
                "confiscation_fen", "拟没收金额（元）", "yuan", required=False, default=_const("0")
            ),
            Field("facts", "违法事实", "textarea", maxlength=4000),
            Field("reasons", "理由", "textarea", maxlength=4000),
            Field("basis", "依据", "textarea", maxlength=2000),
            Field("hearing_right", "告知当事人有要求听证的权利", "bool", required=False),
            Field(
                "legal_review_required",
                "涉及重大公共利益或者法律关系复杂，须法制审核",
                "bool",
                required=False,
            ),
        ),
        stages=frozenset({Stage.INVESTIGATING}),
        note="告知拟作出的行政处罚内容及事实、理由、依据，并告知陈述、申辩、要求听证等权利（行政处罚法第四十四条）。",
    ),
    StepForm(
        "StatementReceived",
        "陈述、申辩",
        "告知与听证",
        ev.StatementReceived,
        (
            _date("received_on", "收到日期"),
            Field("content", "陈述、申辩内容", "textarea", maxlength=8000),
            Field("adopted", "理由成立，予以采纳", "bool", required=False),
        ),
        stages=frozenset({Stage.NOTIFIED}),
        note="不得因当事人陈述、申辩而给予更重的处罚（行政处罚法第四十五条）。",
    ),
    StepForm(
        "HearingRequested",
        "登记听证申请",
        "告知与听证",
        ev.HearingRequested,
        (_date("requested_on", "申请日期"),),
        stages=frozenset({Stage.NOTIFIED}),
    ),
    StepForm(
        "HearingNoticed",
        "听证通知",
        "告知与听证",
        ev.HearingNoticed,
        (
            _date("noticed_on", "通知日期"),
            Field("hearing_on", "听证日期", "date"),
            Field("place", "听证地点", maxlength=200),
            Field(
                "presider_id",
                "听证主持人（非本案调查人员）",
                "select",
                options=lambda fc: fc.officers,
            ),
        ),
        stages=frozenset({Stage.NOTIFIED}),
    ),
    StepForm(
        "HearingHeld",
        "举行听证",
        "告知与听证",
        ev.HearingHeld,
        (
            _date("held_on", "举行日期"),
            Field("presider_id", "听证主持人", "select", options=lambda fc: fc.officers),
            Field("record_digest", "听证笔录文件", "digest"),
        ),
        stages=frozenset({Stage.NOTIFIED}),
    ),
    StepForm(
        "LegalReviewCompleted",
        "法制审核",
        "审核与决定",
        ev.LegalReviewCompleted,
        (
            Field("reviewer_id", "审核人", "self_officer", default=_my_id),
            _date("reviewed_on", "审核日期"),
            Field("outcome", "审核结论", "select", options=REVIEW_OUTCOMES),
            Field("opinion", "审核意见", "textarea", maxlength=4000),
        ),
        stages=frozenset({Stage.NOTIFIED}),
        action="case.review",
        note="由本机关法制审核人员审核；本案调查人员不得审核本案（行政处罚法第五十八条）。",
    ),
    StepForm(
        "CollectiveDiscussionHeld",
        "负责人集体讨论",
        "审核与决定",
        ev.CollectiveDiscussionHeld,
        (
            _date("held_on", "讨论日期"),
            Field("participants", "参加人（每行一人，不少于三人）", "lines", maxlength=2000),
            Field("conclusion", "讨论结论", "textarea", maxlength=4000),
        ),
        stages=_WORKING,
    ),
    StepForm(
        "DecisionIssued",
        "作出行政处罚决定",
        "审核与决定",
        ev.DecisionIssued,
        (
            Field("number", "决定书编号", maxlength=80),
            _date("decided_on", "决定日期"),
            Field(
                "penalty_kinds",
                "处罚种类",
                "checks",
                required=False,
                options=_kinds,
                default=_notice_kinds,
            ),
            Field("fine_fen", "罚款金额（元）", "yuan", required=False, default=_notice_fine),
            Field(
                "confiscation_fen",
                "没收金额（元）",
                "yuan",
                required=False,
                default=_notice_confiscation,
            ),
            Field("tier", "裁量阶次", "select", options=TIERS, default=_const("standard")),
            Field("tier_reason", "适用裁量阶次的理由", "textarea", maxlength=2000),
            Field("facts", "违法事实", "textarea", maxlength=4000),
            Field("basis", "处罚依据", "textarea", maxlength=2000),
            Field(
                "payment_channel",
                "罚款的履行方式（指定银行或者电子支付系统）",
                required=False,
                maxlength=200,
                help="处以罚款的，写明缴款的指定银行或者电子支付系统（行政处罚法第五十九条、第六十七条）。",
            ),
            Field("reconsideration_body", "申请行政复议的机关", required=False, maxlength=200),
            Field("litigation_court", "提起行政诉讼的人民法院", required=False, maxlength=200),
            _approval(),
        ),
        stages=frozenset({Stage.NOTIFIED}),
    ),
    StepForm(
        "DocumentServed",
        "送达",
        "送达与执行",
        ev.DocumentServed,
        (
            Field(
                "document", "送达的文书", "select", options=DOCUMENTS, default=_const("decision")
            ),
            _date("served_on", "送达日期"),
            Field("method", "送达方式", "select", options=METHODS),
            Field("proof", "送达凭证", maxlength=300, help="如：送达回证（当事人签收）"),
        ),
        stages=frozenset({Stage.DECIDED}),
    ),
    StepForm(
        "PaymentReceived",
        "登记缴款",
        "送达与执行",
        ev.PaymentReceived,
        (
            _date("paid_on", "缴款日期"),
            Field("amount_fen", "金额（元）", "yuan", default=_unpaid),
            Field("channel", "缴款渠道", "select", options=CHANNELS),
            Field("reference", "缴款凭证号", maxlength=120),
        ),
        stages=frozenset({Stage.SERVED, Stage.DECIDED}),
        note="罚款缴至指定银行或者通过电子支付系统缴纳，执法人员不得自行收缴（当场收缴除外）。",
    ),
    StepForm(
        "CashHandedOver",
        "交回当场收缴的罚款",
        "送达与执行",
        ev.CashHandedOver,
        (
            Field(
                "officer_id",
                "交款执法人员",
                "select",
                options=lambda fc: fc.officers,
                default=_my_id,
            ),
            _date("handed_on", "交回日期"),
            Field("amount_fen", "金额（元）", "yuan", default=_cash),
        ),
        stages=frozenset({Stage.SERVED, Stage.DECIDED}),
    ),
    StepForm(
        "PaymentDeferred",
        "暂缓或者分期缴纳",
        "送达与执行",
        ev.PaymentDeferred,
        (
            _date("approved_on", "批准日期"),
            Field("due_on", "缴纳期限", "date"),
            Field("instalments", "分期数", "int", default=_const("1")),
            Field("reason", "经济困难的理由", "textarea"),
            _approval(),
        ),
        stages=frozenset({Stage.SERVED}),
    ),
    StepForm(
        "ExecutionDemanded",
        "催告",
        "送达与执行",
        ev.ExecutionDemanded,
        (_date("demanded_on", "催告日期"),),
        stages=frozenset({Stage.SERVED}),
    ),
    StepForm(
        "CourtEnforcementApplied",
        "申请人民法院强制执行",
        "送达与执行",
        ev.CourtEnforcementApplied,
        (_date("applied_on", "申请日期"), Field("court", "人民法院", maxlength=200)),
        stages=frozenset({Stage.SERVED}),
    ),
    StepForm(
        "MeasureImposed",
        "查封、扣押、冻结",
        "行政强制措施",
        ev.MeasureImposed,
        (
            Field(
                "measure_id",
                "措施编号",
                default=_seq("M", lambda s: [m[0] for m in s.measures]),
                maxlength=40,
            ),
            Field("kind", "措施种类", "select", options=MEASURE_KINDS),
            Field("items", "清单", "items"),
            _date("imposed_on", "实施日期"),
            Field("duration_days", "期限（日）", "int", default=_duration),
            _officers(),
            _date("approved_on", "批准日期"),
            Field("emergency", "情况紧急，当场实施后补办批准手续", "bool", required=False),
            _approval(),
        ),
        stages=_WORKING,
    ),
    StepForm(
        "MeasureExtended",
        "延长查封、扣押期限",
        "行政强制措施",
        ev.MeasureExtended,
        (
            Field("measure_id", "措施", "select", options=_measures),
            Field("extra_days", "延长日数", "int", default=_duration),
            _date("notified_on", "书面告知当事人的日期"),
            _approval(),
        ),
        stages=_WORKING | {Stage.DECIDED, Stage.SERVED},
    ),
    StepForm(
        "MeasureReleased",
        "解除强制措施",
        "行政强制措施",
        ev.MeasureReleased,
        (
            Field("measure_id", "措施", "select", options=_measures),
            _date("released_on", "解除日期"),
            Field("reason", "解除理由", "textarea"),
        ),
        stages=_WORKING | {Stage.DECIDED, Stage.SERVED},
    ),
    StepForm(
        "RemedyFiled",
        "登记行政复议、行政诉讼",
        "救济",
        ev.RemedyFiled,
        (
            Field(
                "remedy_id",
                "编号",
                default=_seq("R", lambda s: sorted(s.remedies_pending)),
                maxlength=40,
            ),
            Field("kind", "种类", "select", options=REMEDY_KINDS),
            _date("filed_on", "申请（起诉）日期"),
            Field("organ", "复议机关或者人民法院", maxlength=200),
        ),
        stages=frozenset({Stage.DECIDED, Stage.SERVED}),
    ),
    StepForm(
        "RemedyDecided",
        "复议决定、裁判结果",
        "救济",
        ev.RemedyDecided,
        (
            Field("remedy_id", "复议或者诉讼", "select", options=_remedies),
            _date("decided_on", "决定（裁判）日期"),
            Field("outcome", "结果", "select", options=REMEDY_OUTCOMES),
            Field("new_fine_fen", "变更后的罚款（元）", "yuan", required=False),
        ),
        stages=frozenset({Stage.DECIDED, Stage.SERVED}),
    ),
    StepForm(
        "CaseTransferred",
        "移送",
        "结案与其他",
        ev.CaseTransferred,
        (
            _date("transferred_on", "移送日期"),
            Field("to_kind", "接收机关类别", "select", options=TRANSFER_TO),
            Field("to_name", "接收机关名称", maxlength=200),
            Field("reason", "移送理由", "textarea"),
        ),
        stages=frozenset({Stage.LEAD}) | _WORKING,
    ),
    StepForm(
        "CaseWithdrawn",
        "撤销立案",
        "结案与其他",
        ev.CaseWithdrawn,
        (_date("withdrawn_on", "撤销日期"), Field("reason", "理由", "textarea"), _approval()),
        stages=_WORKING,
    ),
    StepForm(
        "CaseClosed",
        "结案",
        "结案与其他",
        ev.CaseClosed,
        (
            _date("closed_on", "结案日期"),
            Field("summary", "结案报告摘要", "textarea", maxlength=2000),
            _approval(),
        ),
        stages=frozenset({Stage.SERVED}),
    ),
    StepForm(
        "CaseArchived",
        "归档",
        "结案与其他",
        ev.CaseArchived,
        (_date("archived_on", "归档日期"),),
        stages=frozenset({Stage.CLOSED, Stage.DECLINED, Stage.WITHDRAWN, Stage.TRANSFERRED}),
    ),
    StepForm(
        "CaseCorrected",
        "更正记录",
        "结案与其他",
        ev.CaseCorrected,
        (
            Field("corrects", "被更正的记录", "select", options=_entries),
            Field("field", "更正的内容项", maxlength=80),
            Field("value", "更正为", "textarea", maxlength=2000),
            Field("reason", "更正理由", "textarea"),
        ),
        note="更正不修改原记录，而是新增一条指向原记录的更正记录（准则第九条）。",
    ),
    StepForm(
        "RecusalRequested",
        "回避申请",
        "调查取证",
        ev.RecusalRequested,
        (
            Field("officer_id", "被申请回避的执法人员", "select", options=_case_officers),
            Field("requested_by", "提出方式", "select", options=REQUESTERS),
            _date("requested_on", "申请日期"),
            Field("reason", "申请理由", "textarea"),
        ),
        stages=_WORKING | {Stage.DECIDED},
        note="回避申请须由本机关负责人及时决定（行政处罚法第四十三条）；未决定的，监督页会提示。",
    ),
    StepForm(
        "CircumstancesAssessed",
        "情节认定",
        "调查取证",
        ev.CircumstancesAssessed,
        (
            _date("assessed_on", "认定日期"),
            _officers("officer_ids", "认定的执法人员"),
            Field("first_offence", "初次违法", "select", options=YES_NO),
            Field("harm_minor", "危害后果轻微", "select", options=YES_NO),
            Field("corrected_in_time", "及时改正", "select", options=YES_NO),
            Field("no_fault", "有证据足以证明没有主观过错", "select", options=YES_NO),
            Field("exemption_item", "适用的免罚清单事项（如有）", required=False, maxlength=200),
            Field("aggravating", "从重情节（每行一项）", "lines", required=False, maxlength=2000),
            Field(
                "mitigating", "从轻、减轻情节（每行一项）", "lines", required=False, maxlength=2000
            ),
        ),
        stages=_WORKING,
        note="情节决定裁量档次；符合行政处罚法第三十三条或免罚清单的，依法不予处罚（准则第四条、第七条）。",
    ),
    StepForm(
        "InterferenceReported",
        "记录干预、插手案件情况",
        "结案与其他",
        ev.InterferenceReported,
        (
            _date("reported_on", "记录日期"),
            Field("reported_by", "记录人", "select", options=lambda fc: fc.officers),
            Field("interferer_position", "干预人员的职务或身份", maxlength=100),
            Field("manner", "方式", "select", options=INTERFERENCE_MANNERS),
            Field("interferer_name", "干预人员姓名", maxlength=60),
            Field("description", "经过（时间、地点、说了什么）", "textarea", maxlength=4000),
        ),
        note="记录一经保存不能修改，直接送达执法监督机构（准则第八条）。姓名和经过加密保存。",
    ),
    StepForm(
        "RelationDeclared",
        "申报利害关系",
        "结案与其他",
        ev.RelationDeclared,
        (
            Field("officer_id", "申报人", "select", options=lambda fc: fc.officers),
            _date("declared_on", "申报日期"),
            Field("relation", "与当事人的关系", "select", options=RELATIONS),
        ),
        note="与当事人有直接利害关系或其他关系可能影响公正执法的，应当回避（行政处罚法第四十三条）。",
    ),
)
FORM_BY_KEY = {f.key: f for f in FORMS}
# The steps a stage usually moves on with, shown first as buttons; every other step stays a
# tap away (the guards, not the page, decide what is lawful).
PRIMARY: dict[Stage, tuple[str, ...]] = {
    Stage.LEAD: ("CaseOpened", "CaseDeclined", "FilingExtended"),
    Stage.INVESTIGATING: ("EvidenceCollected", "TranscriptRecorded", "RightsNotified"),
    Stage.NOTIFIED: (
        "StatementReceived",
        "HearingRequested",
        "HearingNoticed",
        "HearingHeld",
        "LegalReviewCompleted",
        "DecisionIssued",
    ),
    Stage.DECIDED: ("DocumentServed", "PaymentReceived", "CashHandedOver"),
    Stage.SERVED: ("PaymentReceived", "CashHandedOver", "ExecutionDemanded", "CaseClosed"),
    Stage.CLOSED: ("CaseArchived",),
    Stage.DECLINED: ("CaseArchived",),
    Stage.WITHDRAWN: ("CaseArchived",),
    Stage.TRANSFERRED: ("CaseArchived",),
}
# Steps that start an aggregate have their own pages (a lead, an on-the-spot decision).
STARTERS = frozenset({"LeadRegistered", "SummaryDecisionIssued"})

STEP_NAMES: dict[str, str] = {f.key: f.title for f in FORMS} | {
    "DocumentIssued": "出具文书",
    "DeadlineMissed": "超期预警",
    "LanguageFlagged": "执法用语检查发现问题",
    "DossierChecked": "案卷要素检查",
}
GROUPS = (
    "案源与立案",
    "调查取证",
    "告知与听证",
    "审核与决定",
    "送达与执行",
    "行政强制措施",
    "救济",
    "结案与其他",
)


# ------------------------------------------------------------------ reading what was typed


@dataclass
class Parsed:
    """A step read from a form: the event (when every field could be read), the raw values
    to show again, and the uploaded files to store once the step is recorded."""

    values: dict[str, Raw]
    kwargs: dict[str, Any] = field(default_factory=dict)
    problems: list[Violation] = field(default_factory=list)
    uploads: list[tuple[bytes, str]] = field(default_factory=list)

    def bad(self, name: str, zh: str, en: str) -> None:
        self.problems.append(Violation(name, zh, en))


Upload = tuple[bytes, str, str]  # data, media type, file name


def raw_values(
    form: StepForm, data: Mapping[str, Any], getlist: Callable[[str], list[Any]]
) -> dict[str, Raw]:
    """The text typed into each input (what the form shows again if the step is refused)."""
    out: dict[str, Raw] = {}
    for f in form.fields:
        if f.kind in ("officers", "checks"):
            out[f.name] = [str(v) for v in getlist(f.name)]
        elif f.kind == "party":
            for sub in (
                "party_kind",
                "party_name",
                "party_id_number",
                "party_address",
                "party_phone",
            ):
                out[sub] = str(data.get(sub, "") or "").strip()
        elif f.kind == "items":
            for i in range(MEASURE_ROWS):
                for sub in ("name", "quantity", "unit", "place", "linked"):
                    key = f"items-{i}-{sub}"
                    out[key] = str(data.get(key, "") or "").strip()
        elif f.kind == "bool":
            out[f.name] = "on" if data.get(f.name) else ""
        elif f.kind == "digest":
            out[f.name] = str(data.get(f.name, "") or "").strip().lower()
        else:
            value = data.get(f.name, "")
            out[f.name] = str(value if isinstance(value, str) else "").strip()
    return out


def defaults(form: StepForm, fc: FormContext) -> dict[str, Raw]:
    """The values a fresh form starts with."""
    out: dict[str, Raw] = {}
    for f in form.fields:
        if f.kind == "party":
            out["party_kind"] = "organisation"
        elif f.default is not None:
            out[f.name] = f.default(fc)
        elif f.kind in ("officers", "checks"):
            out[f.name] = []
    return out


def parse(
    form: StepForm, values: dict[str, Raw], fc: FormContext, uploads: Mapping[str, Upload]
) -> Parsed:
    """Turn the typed values into the event's fields; every unreadable field is reported."""
    p = Parsed(values=values)
    for f in form.fields:
        _parse_field(f, p, fc, uploads)
    return p


def _text(p: Parsed, name: str) -> str:
    v = p.values.get(name, "")
    return v if isinstance(v, str) else ""


def _parse_field(f: Field, p: Parsed, fc: FormContext, uploads: Mapping[str, Upload]) -> None:
    name = f.name
    text = _text(p, name)
    missing = f"请填写“{f.label}”"
    if f.kind in ("text", "textarea"):
        if not text and f.required:
            p.bad(name, missing, f"{name} is required")
        elif len(text) > f.maxlength:
            p.bad(name, f"“{f.label}”不得超过{f.maxlength}字", f"{name} too long")
        p.kwargs[name] = text
    elif f.kind == "date":
        p.kwargs[name] = _date_of(p, f, text) if text or f.required else None
    elif f.kind == "datetime":
        p.kwargs[name] = _datetime_of(p, f, text) if text or f.required else None
    elif f.kind == "yuan":
        if not text:
            if f.required:
                p.bad(name, missing, f"{name} is required")
            p.kwargs[name] = None if name == "new_fine_fen" else 0
            return
        try:
            fen = Money.yuan(text.replace(",", "").replace("，", "").replace("¥", "")).fen
        except (InvalidOperation, ValueError, InvalidInput):
            p.bad(name, f"“{f.label}”应为金额（元），如 1234.50", f"{name}: not an amount")
            return
        if fen < 0:
            p.bad(name, f"“{f.label}”不能为负数", f"{name} negative")
        p.kwargs[name] = fen
    elif f.kind == "int":
        if not re.fullmatch(r"\d{1,6}", text):
            p.bad(name, f"“{f.label}”应为非负整数", f"{name}: not an integer")
            return
        p.kwargs[name] = int(text)
    elif f.kind == "bool":
        p.kwargs[name] = bool(text)
    elif f.kind == "self_officer":
        # 法制审核 is signed by the reviewer who is signed in, never chosen from a list.
        p.values[name] = fc.principal.officer_id or ""
        if not fc.principal.officer_id:
            p.bad(name, "您的账号未关联执法人员记录，不能署名审核", f"{name}: no officer record")
        p.kwargs[name] = fc.principal.officer_id or ""
    elif f.kind == "select":
        choices = {v for v, _ in f.choices(fc)}
        if not text:
            if f.required:
                p.bad(name, f"请选择“{f.label}”", f"{name} is required")
            p.kwargs[name] = None if not f.required else ""
        elif text not in choices:
            p.bad(name, f"“{f.label}”不是可选项之一", f"{name}: not a choice")
        else:
            p.kwargs[name] = text
        if name in _BOOL_SELECTS:
            p.kwargs[name] = text == "yes"
        if name == "collection_ground" and not text:
            p.kwargs[name] = None
    elif f.kind == "approver":
        if fc.self_approve:
            p.values[name] = text = fc.principal.actor
        if not text:
            p.bad(name, f"请选择“{f.label}”", f"{name} is required")
        p.kwargs[name] = text
    elif f.kind in ("officers", "checks"):
        raw = p.values.get(name, [])
        chosen = tuple(dict.fromkeys(raw if isinstance(raw, list) else [raw]))
        known = {v for v, _ in f.choices(fc)}
        stray = [c for c in chosen if c not in known]
        if stray:
            p.bad(name, f"“{f.label}”中有不可选的项", f"{name}: unknown choice")
        if not chosen and f.required:
            p.bad(name, f"请选择“{f.label}”", f"{name} is required")
        p.kwargs[name] = chosen
    elif f.kind == "lines":
        lines = tuple(ln.strip() for ln in text.splitlines() if ln.strip())
        if not lines and f.required:
            p.bad(name, missing, f"{name} is required")
        p.kwargs[name] = lines
    elif f.kind == "digest":
        _parse_digest(f, p, text, uploads)
    elif f.kind == "utterances":
        _parse_utterances(f, p, text)
    elif f.kind == "items":
        _parse_items(f, p)
    elif f.kind == "party":
        _parse_party(p)
    else:  # pragma: no cover - a declaration error
        raise ValueError(f"unknown field kind {f.kind}")


def _date_of(p: Parsed, f: Field, text: str) -> date | None:
    if not text:
        p.bad(f.name, f"请填写“{f.label}”", f"{f.name} is required")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        p.bad(f.name, f"“{f.label}”应为日期，格式 YYYY-MM-DD", f"{f.name}: not a date")
        return None


def _datetime_of(p: Parsed, f: Field, text: str) -> datetime | None:
    if not text:
        p.bad(f.name, f"请填写“{f.label}”", f"{f.name} is required")
        return None
    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        p.bad(
            f.name, f"“{f.label}”应为日期和时间，格式 YYYY-MM-DD HH:MM", f"{f.name}: not a datetime"
        )
        return None
    # What an officer types is 北京时间.
    return local.replace(tzinfo=CHINA_TZ) if local.tzinfo is None else local


_HEX = re.compile(r"[0-9a-f]{64}")


def _parse_digest(f: Field, p: Parsed, text: str, uploads: Mapping[str, Upload]) -> None:
    upload = uploads.get(f.name)
    if upload is not None and upload[0]:
        data, media_type, _name = upload
        digest = hashlib.sha256(data).hexdigest()
        p.uploads.append((data, media_type or "application/octet-stream"))
        p.values[f.name] = digest
        p.kwargs[f.name] = digest
        return
    if not text:
        p.bad(f.name, f"请上传“{f.label}”或填写其 SHA-256", f"{f.name} is required")
    elif not _HEX.fullmatch(text):
        p.bad(f.name, "SHA-256 应为64位十六进制数字", f"{f.name}: not a SHA-256 hex digest")
    p.kwargs[f.name] = text


_SPEAKER = re.compile(r"^\s*([^：:]{1,12})[：:]\s*(.*)$")


def utterances_of(text: str) -> list[dict[str, str]]:
    """``说话人：内容`` lines as utterances; a line without a speaker continues the last one."""
    out: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _SPEAKER.match(line)
        if m:
            out.append({"speaker": m.group(1).strip(), "text": m.group(2).strip()})
        elif out:
            out[-1]["text"] = (out[-1]["text"] + "\n" + line.strip()).strip()
        else:
            out.append({"speaker": "", "text": line.strip()})
    return out


def _parse_utterances(f: Field, p: Parsed, text: str) -> None:
    if len(text) > f.maxlength:
        p.bad(f.name, f"“{f.label}”不得超过{f.maxlength}字", f"{f.name} too long")
    turns = utterances_of(text)
    if not turns:
        p.bad(f.name, "笔录内容不能为空", "transcript is empty")
    elif any(not t["speaker"] for t in turns):
        p.bad(f.name, "第一行应写明说话人，格式为“说话人：内容”", "first line has no speaker")
    p.kwargs[f.name] = turns
    p.kwargs["speakers"] = tuple(dict.fromkeys(t["speaker"] for t in turns))


def _parse_items(f: Field, p: Parsed) -> None:
    items: list[dict[str, Any]] = []
    for i in range(MEASURE_ROWS):
        name = _text(p, f"items-{i}-name")
        quantity = _text(p, f"items-{i}-quantity")
        unit = _text(p, f"items-{i}-unit")
        if not (name or quantity or unit):
            continue
        if not name:
            p.bad(
                f"items[{len(items)}]", f"清单第{i + 1}行缺少物品名称", f"item row {i + 1}: no name"
            )
        item: dict[str, Any] = {
            "name": name,
            "quantity": quantity,
            "unit": unit,
            "linked": bool(_text(p, f"items-{i}-linked")),
        }
        place = _text(p, f"items-{i}-place")
        if place:
            item["place"] = place  # 存放地点（行政强制法第二十四条清单）
        items.append(item)
    if not items:
        p.bad("items", "清单至少填写一项物品", "inventory empty")
    p.kwargs["items"] = tuple(items)


def _parse_party(p: Parsed) -> None:
    kind = _text(p, "party_kind")
    name = _text(p, "party_name")
    number = _text(p, "party_id_number").upper().replace(" ", "")
    address = _text(p, "party_address")
    phone = _text(p, "party_phone").replace(" ", "").replace("-", "")
    if kind not in ("person", "organisation"):
        p.bad("party_kind", "请选择当事人类型", "party_kind missing")
    if not name:
        p.bad("party_name", "请填写当事人名称或姓名", "party name missing")
    elif len(name) > 200:
        p.bad("party_name", "当事人名称不得超过200字", "party name too long")
    if number:
        try:
            if kind == "person":
                ric.validate(number)
            elif kind == "organisation":
                uscc.validate(number)
        except ValidationError:
            what = "公民身份号码" if kind == "person" else "统一社会信用代码"
            p.bad("party_id_number", f"{what}无效（位数或校验码不符）", "party id number invalid")
    elif kind == "organisation":
        p.bad("party_id_number", "请填写单位的统一社会信用代码", "uscc missing")
    if phone and not re.fullmatch(r"\+?\d{7,15}", phone):
        p.bad("party_phone", "联系电话应为7至15位数字", "phone invalid")
    if len(address) > 300:
        p.bad("party_address", "地址不得超过300字", "address too long")
    person = kind == "person"
    p.kwargs.update(
        party_kind=kind,
        party_label=mask_name(name) if person else name,
        party_uscc=None if person else (number or None),
        party_name=name,
        party_id_number=(number or None) if person else None,
        party_address=address or None,
        party_phone=phone or None,
    )


def build_event(
    form: StepForm, p: Parsed, *, fc: FormContext, case_id: str, body_id: str
) -> ev.CaseEvent:
    """The event, once ``parse`` found nothing wrong (raises ``InvalidInput`` otherwise)."""
    if p.problems:
        raise InvalidInput(
            "表单有误：" + "；".join(v.reason_zh for v in p.problems),
            "form input invalid: " + ", ".join(v.field for v in p.problems),
            violations=list(p.problems),
        )
    kwargs = dict(p.kwargs)
    return form.event(
        actor=fc.principal.actor,
        occurred_at=fc.now,
        case_id=case_id,
        body_id=body_id,
        **kwargs,
    )


def field_names(form: StepForm) -> set[str]:
    """The names a violation may carry for this form's inputs (composites expanded)."""
    out: set[str] = set()
    for f in form.fields:
        if f.kind == "party":
            out |= {
                "party_kind",
                "party_label",
                "party_name",
                "party_id_number",
                "party_address",
                "party_phone",
                "party_uscc",
            }
        elif f.kind == "utterances":
            out |= {"utterances", "speakers"}
        else:
            out.add(f.name)
    return out
