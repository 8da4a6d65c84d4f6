"""准则第六条 文明执法: 不得使用侮辱性、挑衅性、威胁性、歧视性、敷衍性语言，不得推诿扯皮、
态度粗暴.

Nothing here is refused beforehand: the civility check (``zhifa.civility``) warns an officer
before a transcript is saved but never blocks saving (a record must be kept as it was). What
it found in a saved transcript is recorded by the case engine as ``LanguageFlagged`` — the
categories and positions only, never the words — and a complaint about an officer's conduct,
once handled, says whether it was true. Both become findings here.

The words an officer writes into a step (a 告知书's facts and reasons, a decision's facts and
tier reason, the reasons of a 不予立案 or an extension, a closing summary) are checked when the
step is recorded and flagged as ``WordingFlagged`` (``zhifa.cases.derived``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from zhifa.cases import events as cev
from zhifa.civility.model import Category
from zhifa.complaints import events as cpe
from zhifa.complaints.model import Outcome, Topic
from zhifa.conduct.engine import Hit
from zhifa.conduct.model import RULES, Finding, Severity, rule
from zhifa.registry import events as rge

ART = 6
CONDUCT = "《行政执法人员行为准则》第六条"

# Words that wound (insult, threat, discrimination) weigh more than provocation or
# perfunctory replies; both are findings.
_GRAVE = frozenset({Category.INSULTING, Category.THREATENING, Category.DISCRIMINATORY})


def _category_zh(value: str) -> str:
    try:
        return Category(value).label_zh
    except ValueError:
        return value


@rule(
    id="R6.uncivil_language",
    article=ART,
    kind="detector",
    title="笔录中执法人员使用不文明用语",
    basis=f"{CONDUCT}（不得使用侮辱性、挑衅性、威胁性、歧视性、敷衍性语言）；《中华人民共和国行政处罚法》第五条",
    severity="medium",
    on=("LanguageFlagged",),
    explain="案件{subject}于{taken}制作的笔录（证据编号{record}）中，执法人员的发言有{count}处不文明用语（{categories}）；在场执法人员：{officers}。",
    action="由执法主体调取笔录和执法音像核实具体发言人，对其批评教育或者依规处理，并组织文明执法用语培训。",
)
def uncivil_language(h: Hit) -> Iterator[Finding]:
    """One finding per flagged transcript. The subject is the case, not an officer: the
    transcript marks a turn as the officers' side (``执法人员：``/``问：``) but not which of the
    officers present spoke it, so naming one would accuse a colleague who may have kept
    silent. The officers present are listed for the body to establish who spoke; the
    evidence is the flag and the transcript it was derived from. Insulting, threatening or
    discriminatory words make the finding high."""
    e, t = h.event, h.track
    assert isinstance(e, cev.LanguageFlagged)
    if t is None or not e.findings:
        return
    counts: dict[str, int] = {}
    for f in e.findings:
        c = str(f.get("category", ""))
        counts[c] = counts.get(c, 0) + 1
    grave = any(c in {str(g) for g in _GRAVE} for c in counts)
    ctx = h.ctx
    yield RULES["R6.uncivil_language"].finding(
        ctx.case(t.case_id),
        [*t.marked(f"TranscriptRecorded:{e.evidence_id}"), h.index],
        h.on,
        body_id=t.body_id,
        case_id=t.case_id,
        discriminator=e.evidence_id,
        severity=Severity.HIGH if grave else None,
        taken=e.found_on.isoformat(),
        record=e.evidence_id,
        count=len(e.findings),
        categories="、".join(f"{_category_zh(c)}{n}处" for c, n in sorted(counts.items())),
        officers="、".join(ctx.officer_name(o) for o in e.officer_ids) or "（未记录）",
    )


_STEP_ZH = {
    "RightsNotified": "行政处罚事先告知（事实、理由）",
    "DecisionIssued": "行政处罚决定（事实、裁量理由）",
    "CaseDeclined": "不予立案理由",
    "FilingExtended": "延长立案期限理由",
    "DecisionDeadlineExtended": "延长办案期限理由",
    "CaseWithdrawn": "撤销立案理由",
    "CaseTransferred": "移送理由",
    "CaseClosed": "结案报告",
}


@rule(
    id="R6.uncivil_wording",
    article=ART,
    kind="detector",
    title="告知书、决定书等执法文书或办案记录中使用不文明用语",
    basis=f"{CONDUCT}（不得使用侮辱性、挑衅性、威胁性、歧视性、敷衍性语言）；《中华人民共和国行政处罚法》第五条",
    severity="medium",
    on=("WordingFlagged",),
    explain="案件{subject}的“{step}”中有{count}处不文明用语（{categories}），记录于{found}。",
    action="由执法主体责令承办人员更正文书表述（以更正记录说明），对其批评教育，并检查同类文书的用语。",
)
def uncivil_wording(h: Hit) -> Iterator[Finding]:
    """One finding per flagged step: the words an officer wrote into a notice, a decision or a
    record of the case. The subject is the case; the evidence is the flag and the step it was
    derived from. Insulting, threatening or discriminatory words make the finding high."""
    e, t = h.event, h.track
    assert isinstance(e, cev.WordingFlagged)
    if t is None or not e.findings:
        return
    counts: dict[str, int] = {}
    for f in e.findings:
        c = str(f.get("category", ""))
        counts[c] = counts.get(c, 0) + 1
    grave = any(c in {str(g) for g in _GRAVE} for c in counts)
    yield RULES["R6.uncivil_wording"].finding(
        h.ctx.case(t.case_id),
        [*t.marked(e.step), h.index],
        h.on,
        body_id=t.body_id,
        case_id=t.case_id,
        discriminator=e.step_event_id,
        severity=Severity.HIGH if grave else None,
        step=_STEP_ZH.get(e.step, e.step),
        count=len(e.findings),
        categories="、".join(f"{_category_zh(c)}{n}处" for c, n in sorted(counts.items())),
        found=e.found_on.isoformat(),
    )


def _topic_zh(value: str) -> str:
    try:
        return Topic(value).label_zh
    except ValueError:
        return value


def _card(number: str | None) -> str:
    """A credential number as typed by a complainant or issued by the registry, compared
    without spaces and case."""
    return "".join((number or "").split()).upper()


_FOUND = frozenset({str(Outcome.SUBSTANTIATED), str(Outcome.PARTLY)})


@rule(
    id="R6.conduct_complaint_upheld",
    article=ART,
    kind="detector",
    title="投诉执法人员态度粗暴、用语不文明经查属实",
    basis=f"{CONDUCT}；《市场监督管理投诉举报处理暂行办法》；国办发〔2018〕118号（投诉举报作为执法监督的来源）",
    severity="medium",
    on=("CredentialIssued", "ComplaintReceived", "ComplaintClosed"),
    explain="投诉举报（{received}收到）反映{about}，{who}；执法主体于{closed}办结，结论为“{outcome}”。",
    action="督促执法主体对相关执法人员批评教育或者依规处理，向投诉举报人说明处理结果，并将整改情况报执法监督机构。",
)
def conduct_complaint_upheld(h: Hit) -> Iterator[Finding]:
    """A complaint about an officer's conduct or language — its topic is ``conduct``, or the
    complainant quoted uncivil words (``language_flags``) — closed as 属实 or 部分属实.

    The subject is the officer when the complaint gives a credential number the registry
    knows (the credential events are read for that), else the body: the body then has to
    find out who it was. The complaint's text and the complainant are never quoted."""
    mem = h.memory("R6.conduct_complaint_upheld")
    e = h.event
    if isinstance(e, rge.CredentialIssued):
        mem.setdefault("credentials", {})[_card(e.number)] = e.officer_id
        return
    complaints: dict[str, dict[str, Any]] = mem.setdefault("complaints", {})
    if isinstance(e, cpe.ComplaintReceived):
        flags = tuple(e.language_flags)
        if e.topic != str(Topic.CONDUCT) and not flags:
            return
        complaints[e.complaint_id] = {
            "received": e.received_on,
            "credential": e.credential_number,
            "case_number": e.case_number,
            "flags": flags,
            "topic": e.topic,
            "entry": h.index,
        }
        return
    assert isinstance(e, cpe.ComplaintClosed)
    c = complaints.get(e.complaint_id)
    if c is None or e.outcome not in _FOUND:
        return
    ctx = h.ctx
    officer = mem.get("credentials", {}).get(_card(c["credential"]))
    subject = ctx.officer(officer) if officer else ctx.body(e.body_id)
    about = f"“{_topic_zh(c['topic'])}”方面的问题"
    if c["flags"]:
        about += "，所述内容含有" + "、".join(_category_zh(f) for f in c["flags"])
    case_id = next(
        (
            cid
            for cid, number in ctx.case_numbers.items()
            if c["case_number"] and number == c["case_number"]
        ),
        None,
    )
    yield RULES["R6.conduct_complaint_upheld"].finding(
        subject,
        [c["entry"], h.index],
        h.on,
        body_id=e.body_id,
        case_id=case_id,
        discriminator=e.complaint_id,
        received=c["received"].isoformat(),
        about=about,
        who=f"涉及执法人员{ctx.officer_name(officer)}（执法证号{c['credential']}）"
        if officer
        else "未能确定涉及的执法人员",
        closed=e.closed_on.isoformat(),
        outcome=Outcome(e.outcome).label_zh,
    )
