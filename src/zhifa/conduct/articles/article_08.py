"""准则第八条 严格遵守纪律规定: 严禁以权谋私、故意刁难、吃拿卡要、弄虚作假、滥用职权、
玩忽职守、徇私枉法、打击报复；排除干预，依法回避."""

from __future__ import annotations

from collections.abc import Iterator

from zhifa.cases import events as cev
from zhifa.conduct.engine import Hit, _officers_of
from zhifa.conduct.model import RULES, Finding, rule
from zhifa.kernel.events import Event

ART = 8
_CFL = "《中华人民共和国行政处罚法》"
_MANNER_ZH = {
    "request": "打招呼、说情",
    "pressure": "施压、干扰",
    "note": "批条子、递材料",
    "other": "其他方式",
}


@rule(
    id="R8.interference_recorded",
    article=ART,
    kind="detector",
    title="干预、插手具体案件的记录",
    basis="《行政执法人员行为准则》第八条；《领导干部干预司法活动、插手具体案件处理的记录、通报和责任追究规定》（参照）",
    severity="high",
    on=("InterferenceReported",),
    explain="执法人员{reporter}记录：{position}以{manner}的方式干预案件{subject}的办理（姓名与经过已加密保存，监督机构可依职权查阅）。",
    action="执法监督机构核实干预情况，依照有关规定通报并追究责任；督促执法主体依法独立办理该案。",
)
def interference_recorded(h: Hit) -> Iterator[Finding]:
    """Every interference record goes straight to the supervisor as a finding: nobody at the
    body can hold it back, and the record itself can never be changed."""
    e = h.event
    assert isinstance(e, cev.InterferenceReported)
    yield RULES["R8.interference_recorded"].finding(
        h.ctx.case(e.case_id),
        [h.index],
        h.on,
        body_id=e.body_id,
        case_id=e.case_id,
        discriminator=e.event_id,
        reporter=h.ctx.officer_name(e.reported_by),
        position=e.interferer_position,
        manner=_MANNER_ZH.get(e.manner, e.manner),
    )


_RELATION_ZH = {"kin": "近亲属", "financial": "经济往来", "other": "其他利害"}
# The steps in which an officer acts on the case, with their names as the workbench shows them.
_ACTING: dict[type[Event], str] = {
    cev.EvidenceCollected: "调查取证",
    cev.TranscriptRecorded: "制作笔录",
    cev.EvidencePreserved: "先行登记保存",
    cev.MeasureImposed: "查封、扣押、冻结",
    cev.CircumstancesAssessed: "情节认定",
    cev.SummaryDecisionIssued: "当场处罚",
}


@rule(
    id="R8.related_officer_acting",
    article=ART,
    kind="detector",
    title="与当事人有利害关系的执法人员未回避",
    basis=f"{_CFL}第四十三条；《行政执法人员行为准则》第八条",
    severity="high",
    on=("RelationDeclared", "RecusalDecided", *(c.TYPE for c in _ACTING)),
    explain="执法人员{officer}已申报与案件{subject}当事人存在{relation}关系，但未经决定回避，仍参与了“{step}”。",
    action="由执法主体负责人立即决定其回避，并审查其参与取得的证据和作出的决定是否应当重新作出。",
)
def related_officer_acting(h: Hit) -> Iterator[Finding]:
    """An officer who declared a relation to the party keeps acting on the case without a
    granted recusal."""
    t = h.track
    if t is None:
        return
    e = h.event
    related: dict[str, tuple[int, str]] = t.memo.setdefault("related", {})
    if isinstance(e, cev.RelationDeclared):
        related[e.officer_id] = (h.index, e.relation)
        return
    if isinstance(e, cev.RecusalDecided):
        if e.granted:
            related.pop(e.officer_id, None)
        return
    if not related:
        return
    step = _ACTING.get(type(e))
    if step is None:
        return
    for oid in _officers_of(e):
        if oid not in related:
            continue
        idx, relation = related[oid]
        yield RULES["R8.related_officer_acting"].finding(
            h.ctx.case(t.case_id),
            [idx, h.index],
            h.on,
            body_id=t.body_id,
            case_id=t.case_id,
            discriminator=oid,
            officer=h.ctx.officer_name(oid),
            relation=_RELATION_ZH.get(relation, relation),
            step=step,
        )
