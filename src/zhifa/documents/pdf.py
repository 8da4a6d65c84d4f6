"""文书 as PDF: Chinese text with no font to install, a verification QR code on every page.

The text is set in Adobe's ``STSong-Light`` through reportlab's ``UnicodeCIDFont``: the PDF
names the font and its CMap (UniGB-UCS2-H) and the viewer supplies the glyphs, so neither the
server nor the intranet needs a Chinese font file, and the text layer stays searchable and
extractable. Lines are broken with reportlab's CJK wrapping (``wordWrap="CJK"``), which may
break between any two Han characters and keeps closing punctuation off the start of a line.

Every page carries, at its foot, a QR code to the public verification page
(``/verify/document/{id}``) with the caption 扫码核验文书真伪, the page number and the
document's content digest (SHA-256 of its canonical JSON, ``content_digest``), so a citizen
can check a paper copy against the ledger. Output is reproducible: reportlab's invariant mode
fixes the dates and the file id, so the same document renders to the same bytes.

The PDF is served to the party and holds their clear personal data; nothing here logs it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from zhifa.catalog.model import PenaltyKind
from zhifa.catalog.parameters import Parameters
from zhifa.documents.model import (
    Approval,
    ClosingApproval,
    DocumentBase,
    FilingApproval,
    HearingNotice,
    InquiryRecord,
    InspectionRecord,
    InventoryItem,
    NonFilingDecision,
    OfficerRef,
    Party,
    PartyKind,
    Penalty,
    PenaltyDecision,
    Person,
    PriorNotice,
    Remedy,
    SeizureDecision,
    SeizureInventory,
    SeizureMeasure,
    ServiceReceipt,
    Signature,
    SpeakerRole,
    SummaryDecision,
    content_digest,
    from_json,
)
from zhifa.kernel.clock import format_date_zh, format_datetime_zh
from zhifa.kernel.errors import InvalidInput, chinese_ordinal
from zhifa.kernel.money import Money, format_capital, format_yuan

FONT = "STSong-Light"
QR_CAPTION = "扫码核验文书真伪"
SEAL_RED = colors.Color(0.75, 0.05, 0.05)

_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    f = _font()
    base = ParagraphStyle(
        "body",
        fontName=f,
        fontSize=12,
        leading=21,
        wordWrap="CJK",
        alignment=TA_JUSTIFY,
        firstLineIndent=24,
    )
    return {
        "body": base,
        "plain": ParagraphStyle("plain", parent=base, firstLineIndent=0, alignment=TA_LEFT),
        "issuer": ParagraphStyle(
            "issuer", parent=base, fontSize=18, leading=26, alignment=TA_CENTER, firstLineIndent=0
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontSize=22,
            leading=32,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=4,
        ),
        "number": ParagraphStyle(
            "number", parent=base, alignment=TA_RIGHT, firstLineIndent=0, spaceAfter=8
        ),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
        "cell": ParagraphStyle(
            "cell", parent=base, fontSize=10.5, leading=15, firstLineIndent=0, alignment=TA_LEFT
        ),
        "cellhead": ParagraphStyle(
            "cellhead",
            parent=base,
            fontSize=10.5,
            leading=15,
            firstLineIndent=0,
            alignment=TA_CENTER,
        ),
        "seal": ParagraphStyle(
            "seal",
            parent=base,
            fontSize=10.5,
            leading=14,
            firstLineIndent=0,
            alignment=TA_CENTER,
            textColor=SEAL_RED,
        ),
        "small": ParagraphStyle(
            "small", parent=base, fontSize=9, leading=13, firstLineIndent=0, alignment=TA_LEFT
        ),
    }


# ------------------------------------------------------------------------------ text helpers


def _t(value: object) -> str:
    """Escape a value for reportlab's paragraph markup; missing values print as nothing."""
    if value is None:
        return ""
    return escape(str(value))


def _num(n: int | None) -> str:
    """15 → 十五, 60 → 六十 (the way a document writes a period)."""
    if n is None:
        return ""
    return chinese_ordinal(n)


def _date(d: dt.date | None) -> str:
    return format_date_zh(d) if d else ""


def _when(t: dt.datetime | None) -> str:
    return format_datetime_zh(t) if t else ""


def _money(fen: int | None) -> str:
    if fen is None:
        return ""
    m = Money(fen)
    return f"人民币{format_capital(m)}（{format_yuan(m)}）"


def _join(parts: Iterable[str | None], sep: str = "、") -> str:
    return sep.join(p for p in parts if p)


def _officers(officers: Iterable[OfficerRef]) -> str:
    return "、".join(f"{o.name or ''}（执法证号：{o.credential_number or ''}）" for o in officers)


def _penalty_line(p: Penalty) -> str:
    """罚款人民币陆万伍仟元整（¥65,000.00）; other kinds by their description, with the amount
    where they carry one."""
    if p.kind is PenaltyKind.FINE:
        extra = f"（{p.description}）" if p.description else ""
        return f"罚款{_money(p.amount_fen)}{extra}"
    text = p.description or (p.kind.label_zh if p.kind else "")
    if p.amount_fen is not None:
        text += f"（金额：{_money(p.amount_fen)}）"
    return text


def _remedy_text(r: Remedy | None, *, of: str) -> str:
    if r is None:
        return ""
    return (
        f"如不服本{of}，可以在收到本{of}书之日起{_num(r.reconsideration_days)}日内"
        f"向{r.reconsideration_body or ''}申请行政复议，也可以在{_num(r.litigation_months)}个月内"
        f"依法向{r.litigation_court or ''}提起行政诉讼。"
    )


def _party_rows(party: Party | None) -> list[tuple[str, str]]:
    if party is None:
        return [("当事人", "")]
    rows = [("当事人", party.name or "")]
    if party.id_number:
        label = party.id_kind.label_zh if party.id_kind else "证件号码"
        rows.append((label, party.id_number))
    if party.representative:
        role = "经营者" if party.kind is PartyKind.INDIVIDUAL_BUSINESS else "法定代表人（负责人）"
        rows.append((role, party.representative))
    if party.address:
        rows.append(("地址", party.address))
    if party.phone:
        rows.append(("联系电话", party.phone))
    return rows


def _person_rows(person: Person | None, role: str) -> list[tuple[str, str]]:
    if person is None:
        return [(role, "")]
    rows = [(role, person.name or "")]
    if person.relation:
        rows.append(("身份", person.relation))
    if person.id_number:
        label = person.id_kind.label_zh if person.id_kind else "证件号码"
        rows.append((label, person.id_number))
    if person.address:
        rows.append(("住址", person.address))
    if person.phone:
        rows.append(("联系电话", person.phone))
    return rows


def _salutation(party: Party | None) -> str:
    return f"{_t(party.name if party else '')}："


def _you(party: Party | None) -> str:
    return "你" if party and party.kind is PartyKind.NATURAL_PERSON else "你（单位）"


def _signature_line(s: Signature) -> str:
    role = s.role.label_zh if s.role else "签名人"
    if s.signed:
        return f"{role}（签名）：{_t(s.name)}　{_date(s.date)}"
    reason = f"，理由：{_t(s.refusal_reason)}" if s.refusal_reason else ""
    return f"{role}：{_t(s.name)}（未签名{reason}）"


# ------------------------------------------------------------------------------ the builder


class _Page:
    """The flowables of one document, with the styles and a few layout helpers."""

    def __init__(self, doc: DocumentBase, params: Parameters) -> None:
        self.doc = doc
        self.params = params
        self.s = _styles()
        self.story: list[Flowable] = []

    def add(self, f: Flowable) -> None:
        self.story.append(f)

    def p(self, markup: str, style: str = "body") -> None:
        self.add(Paragraph(markup, self.s[style]))

    def para(self, text: str | None, style: str = "body") -> None:
        """User text, escaped; blank lines start new paragraphs."""
        for chunk in (text or "").split("\n"):
            if chunk.strip():
                self.p(_t(chunk.strip()), style)

    def gap(self, h: float = 4) -> None:
        self.add(Spacer(1, h * mm))

    def heading(self, title: str) -> None:
        body = self.doc.body.name if self.doc.body and self.doc.body.name else ""
        if body:
            self.p(_t(body), "issuer")
        self.p(_t(title), "title")
        if self.doc.number:
            self.p(_t(self.doc.number), "number")
        else:
            self.gap(3)

    def labelled(self, rows: list[tuple[str, str]]) -> None:
        for label, value in rows:
            self.p(f"{_t(label)}：{_t(value)}", "plain")

    def form(self, rows: list[tuple[str, str]], widths: tuple[float, float] = (34, 122)) -> None:
        """A two-column grid, as approval forms are laid out."""
        data = [
            [Paragraph(_t(k), self.s["cellhead"]), Paragraph(_t(v), self.s["cell"])]
            for k, v in rows
        ]
        table = Table(data, colWidths=[widths[0] * mm, widths[1] * mm])
        table.setStyle(_GRID)
        self.add(table)

    def grid(self, head: list[str], rows: list[list[str]], widths: list[float]) -> None:
        data = [[Paragraph(_t(h), self.s["cellhead"]) for h in head]]
        data += [[Paragraph(_t(c), self.s["cell"]) for c in r] for r in rows]
        table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(_GRID)
        self.add(table)

    def items(self, items: list[InventoryItem]) -> None:
        rows = [
            [
                str(i + 1),
                it.name or "",
                it.spec or "",
                it.quantity or "",
                it.unit or "",
                it.place or "",
                it.note or "",
            ]
            for i, it in enumerate(items)
        ]
        self.grid(
            ["序号", "名称", "规格", "数量", "单位", "存放地点", "备注"],
            rows,
            [12, 30, 22, 16, 14, 40, 22],
        )

    def approval(self, a: Approval | None, label: str = "负责人审批意见") -> tuple[str, str]:
        if a is None:
            return (label, "")
        return (label, _join([a.opinion, f"审批人：{a.approver or ''}", _date(a.date)], "　"))

    def issuer_block(self) -> None:
        """The body's name and the date at the right, with the seal where it is affixed."""
        d = self.doc
        lines = [Spacer(1, 6 * mm)]
        seal = d.seal
        if seal is not None and seal.affixed:
            ref = f"<br/>{_t(seal.reference)}" if seal.reference else ""
            stamp = Table(
                [[Paragraph(f"（印章）{_t(seal.name or '')}{ref}", self.s["seal"])]],
                colWidths=[62 * mm],
            )
            stamp.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 1.2, SEAL_RED),
                        ("TOPPADDING", (0, 0), (-1, -1), 4),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ]
                )
            )
            stamp.hAlign = "RIGHT"
            lines.append(stamp)
            lines.append(Spacer(1, 2 * mm))
        lines.append(Paragraph(_t(d.body.name if d.body else ""), self.s["right"]))
        lines.append(Paragraph(_t(_date(d.date)), self.s["right"]))
        self.add(KeepTogether(lines))

    def signatures(self, sigs: list[Signature]) -> None:
        if not sigs:
            return
        self.gap(3)
        for s in sigs:
            self.p(_signature_line(s), "plain")


_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
)


# ------------------------------------------------------------------------------ per kind


def _filing(pg: _Page, d: FilingApproval) -> None:
    pg.heading(d.title_zh)
    rows = [
        ("案件来源", d.source.label_zh if d.source else ""),
        ("发现线索日期", _date(d.lead_date)),
        *_party_rows(d.party),
        ("案由", d.matter or ""),
        ("案情摘要", d.summary or ""),
        ("涉嫌违反的规定", "；".join(d.basis)),
        ("承办人", _officers(d.handlers)),
        ("承办人意见", d.handler_opinion or ""),
        pg.approval(d.approval),
    ]
    pg.form(rows)
    pg.issuer_block()


def _non_filing(pg: _Page, d: NonFilingDecision) -> None:
    pg.heading(d.title_zh)
    rows = [
        ("案件来源", d.source.label_zh if d.source else ""),
        ("发现线索日期", _date(d.lead_date)),
        *(_party_rows(d.party) if d.party else []),
        ("线索反映的事项", d.matter or ""),
        ("不予立案的理由", d.reasons or ""),
        ("依据", "；".join(d.basis)),
        ("核查人", _officers(d.handlers)),
        pg.approval(d.approval),
    ]
    pg.form(rows)
    pg.issuer_block()


def _record_head(pg: _Page, d: InquiryRecord | InspectionRecord, what: str) -> None:
    end = d.end_time
    span = _when(d.start_time)
    if end is not None:
        same_day = d.start_time is not None and _date(d.start_time.date()) == _date(end.date())
        span += f" 至 {format_datetime_zh(end)[-5:] if same_day else _when(end)}"
    pg.labelled(
        [
            (f"{what}时间", span),
            (f"{what}地点", d.place or ""),
            (f"{what}人", _officers(d.officers)),
            ("记录人", d.recorder or ""),
        ]
    )


def _transcript(pg: _Page, d: InquiryRecord | InspectionRecord) -> None:
    labels = {
        SpeakerRole.OFFICER: "问",
        SpeakerRole.PARTY: "答",
        SpeakerRole.WITNESS: "答",
        SpeakerRole.INTERPRETER: "译",
    }
    for u in d.speakers:
        label = labels.get(u.speaker, u.name or "") if u.speaker else u.name or ""
        pg.p(f"{_t(label)}：{_t(u.text)}", "plain")


def _inquiry(pg: _Page, d: InquiryRecord) -> None:
    pg.heading(d.title_zh)
    _record_head(pg, d, "询问")
    pg.labelled(_person_rows(d.interviewee, "被询问人"))
    pg.gap(2)
    if d.credentials_shown:
        pg.p("执法人员已向被询问人出示执法证件。", "plain")
    if d.recusal_informed:
        pg.p("执法人员已告知被询问人有申请执法人员回避的权利。", "plain")
    _transcript(pg, d)
    if d.read_back:
        pg.p("以上笔录已交被询问人核对（或者已向其宣读），被询问人确认与其所述一致。", "plain")
    pg.signatures(d.signatures)


def _inspection(pg: _Page, d: InspectionRecord) -> None:
    pg.heading(d.title_zh)
    _record_head(pg, d, "检查")
    pg.labelled(_party_rows(d.party) + _person_rows(d.present_person, "在场人"))
    pg.gap(2)
    if d.credentials_shown:
        pg.p("执法人员已向当事人（在场人）出示执法证件。", "plain")
    pg.p("检查情况：", "plain")
    pg.para(d.observations)
    _transcript(pg, d)
    if d.read_back:
        pg.p("以上笔录已交当事人（在场人）核对（或者已向其宣读），确认与现场情况一致。", "plain")
    pg.signatures(d.signatures)


def _list_block(pg: _Page, items: list[str]) -> None:
    for i, text in enumerate(items):
        pg.p(f"{i + 1}．{_t(text)}", "body")


def _prior_notice(pg: _Page, d: PriorNotice) -> None:
    pg.heading(d.title_zh)
    pg.p(_salutation(d.party), "plain")
    pg.para(d.facts)
    pg.para(d.reasons)
    basis = "、".join(d.basis)
    pg.p(
        f"依据{_t(basis)}的规定，本机关拟对{_you(d.party)}作出如下行政处罚：",
        "body",
    )
    _list_block(pg, [_penalty_line(p) for p in d.intended_penalties])
    if d.intended_total_fen:
        pg.p(f"以上罚没款合计{_t(_money(d.intended_total_fen))}。", "body")
    you = _you(d.party)
    pg.p(
        f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{you}有权进行陈述和申辩，"
        f"可以自收到本告知书之日起{_num(d.statement_days)}日内向本机关提出陈述、申辩意见。",
        "body",
    )
    if d.hearing_triggered:
        pg.p(
            f"根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，{you}有权要求听证；"
            f"要求听证的，应当自收到本告知书之日起{_num(d.hearing_request_days)}日内提出。",
            "body",
        )
    pg.p("逾期未提出的，视为放弃上述权利。", "body")
    if d.contact:
        pg.p(f"联系人及联系方式：{_t(d.contact)}", "body")
    pg.issuer_block()


def _hearing_notice(pg: _Page, d: HearingNotice) -> None:
    pg.heading(d.title_zh)
    pg.p(_salutation(d.party), "plain")
    openness = "公开" if d.public else "依法不公开"
    clerk = f"，{_t(d.clerk)}担任书记员" if d.clerk else ""
    pg.p(
        f"根据{_you(d.party)}的申请，依照《中华人民共和国行政处罚法》第六十四条的规定，本机关定于"
        f"{_t(_when(d.hearing_time))}在{_t(d.place)}就{_t(d.matter)}举行听证，由{_t(d.presider)}"
        f"担任主持人{clerk}。听证{openness}举行。",
        "body",
    )
    if d.recusal_informed:
        pg.p(
            f"{_you(d.party)}认为主持人与本案有直接利害关系的，有权申请回避；可以亲自参加听证，"
            "也可以委托一至二人代理。",
            "body",
        )
    pg.p(
        "请准时出席。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利"
        "（《中华人民共和国行政处罚法》第六十四条第（八）项）。",
        "body",
    )
    pg.issuer_block()


def _late_fee_sentence(pg: _Page, on: dt.date | None) -> str:
    rate = pg.params.get("late_fee.daily_rate", on=on or dt.date.max).number()
    return (
        "到期不缴纳罚款的，本机关将依照《中华人民共和国行政处罚法》第七十二条的规定，"
        f"每日按罚款数额的百分之{_num(rate)}加处罚款，加处罚款的数额不超出罚款的数额。"
    )


def _penalty_decision(pg: _Page, d: PenaltyDecision) -> None:
    pg.heading(d.title_zh)
    pg.labelled(_party_rows(d.party))
    pg.gap(2)
    pg.para(d.facts)
    if d.evidence:
        pg.p("以上事实有下列证据证明：", "body")
        _list_block(pg, d.evidence)
    if d.violated:
        pg.p(f"当事人的上述行为违反了{_t('、'.join(d.violated))}的规定。", "body")
    if d.statements:
        pg.para(d.statements)
    if d.discretion:
        pg.para(d.discretion)
    pg.p(f"依据{_t('、'.join(d.basis))}的规定，本机关决定对当事人作出如下行政处罚：", "body")
    _list_block(pg, [_penalty_line(p) for p in d.penalties])
    if d.total_fen:
        pg.p(f"以上罚没款合计{_t(_money(d.total_fen))}。", "body")
        if d.payment:
            pg.p(
                f"当事人应当自收到本决定书之日起{_num(d.payment.deadline_days)}日内，"
                f"{_t(d.payment.manner)}。缴款渠道：{_t(d.payment.channel)}。"
                + _late_fee_sentence(pg, d.date),
                "body",
            )
    pg.p(_t(_remedy_text(d.remedy, of="决定")), "body")
    pg.issuer_block()


def _summary_decision(pg: _Page, d: SummaryDecision) -> None:
    pg.heading(d.title_zh)
    pg.labelled(_party_rows(d.party))
    pg.gap(2)
    pg.p(f"违法行为：{_t(d.facts)}", "body")
    if d.violated:
        pg.p(f"当事人的上述行为违反了{_t('、'.join(d.violated))}的规定。", "body")
    kind = d.penalty_kind.label_zh if d.penalty_kind else ""
    penalty = f"罚款{_money(d.fine_fen)}" if d.fine_fen is not None else kind
    pg.p(f"依据{_t('、'.join(d.basis))}的规定，当场作出如下行政处罚：{_t(penalty)}。", "body")
    if d.collected_on_spot:
        pg.p(f"罚款已当场收缴，罚款专用票据编号：{_t(d.receipt_number)}。", "body")
    elif d.fine_fen is not None and d.payment is not None:
        pg.p(
            f"当事人应当自收到本决定书之日起{_num(d.payment.deadline_days)}日内，"
            f"{_t(d.payment.manner)}。缴款渠道：{_t(d.payment.channel)}。"
            + _late_fee_sentence(pg, d.date),
            "body",
        )
    pg.p(_t(_remedy_text(d.remedy, of="决定")), "body")
    pg.labelled(
        [
            ("处罚时间", _when(d.time)),
            ("处罚地点", d.place or ""),
            ("执法人员", _officers(d.officers) + ("（已签名）" if d.officers_signed else "")),
        ]
    )
    pg.p("当事人签收：", "plain")
    pg.issuer_block()


def _service_receipt(pg: _Page, d: ServiceReceipt) -> None:
    pg.heading(d.title_zh)
    sd = d.served_document
    served = _join([sd.title, sd.number], " ") if sd else ""
    receiver = d.receiver.name if d.receiver else ""
    if d.receiver_signed:
        sign = f"{receiver or ''}（已签收）"
    else:
        sign = f"未签收{('，' + (d.refusal_reason or '')) if d.refusal_reason else ''}"
    rows = [
        ("送达文书名称及文号", served),
        ("受送达人", receiver or ""),
        ("送达地点", d.place or ""),
        ("送达方式", d.method.label_zh if d.method else ""),
        ("送达时间", _when(d.served_at)),
        ("受送达人签名", sign),
        ("送达人", _officers(d.servers)),
    ]
    if d.witness is not None:
        rows.append(("见证人", d.witness.name or ""))
    if d.tracking_number:
        rows.append(("邮件单号", d.tracking_number))
    if d.electronic_address:
        rows.append(("电子送达地址", d.electronic_address))
    if d.announcement:
        rows.append(("公告情况", d.announcement))
    pg.form(rows, widths=(40, 116))
    pg.issuer_block()


def _seizure_title(measure: SeizureMeasure | None, what: str) -> str:
    return f"{measure.label_zh if measure else '查封（扣押）'}{what}"


def _seizure_decision(pg: _Page, d: SeizureDecision) -> None:
    measure = d.measure.label_zh if d.measure else "查封（扣押）"
    pg.heading(_seizure_title(d.measure, "决定书"))
    pg.p(_salutation(d.party), "plain")
    pg.para(d.reasons)
    pg.p(
        f"依据{_t('、'.join(d.basis))}的规定，经本机关负责人批准，本机关决定对下列场所、设施或者财物"
        f"予以{measure}，期限为{_num(d.duration_days)}日（自{_date(d.start_date)}起）。",
        "body",
    )
    pg.items(d.items)
    pg.gap(2)
    pg.p(f"{measure}场所（存放地点）：{_t(d.place)}。", "body")
    pg.p(
        f"{measure}期间，本机关将及时查清事实，在期限内作出处理决定；检测、检验、检疫或者技术鉴定的期间"
        "不计入期限，本机关将书面告知。",
        "body",
    )
    pg.p(_t(_remedy_text(d.remedy, of="决定")), "body")
    pg.issuer_block()


def _seizure_inventory(pg: _Page, d: SeizureInventory) -> None:
    pg.heading(_seizure_title(d.measure, "财物清单"))
    pg.labelled(
        [
            ("决定书文号", d.decision_number or ""),
            ("当事人", d.party.name if d.party and d.party.name else ""),
            ("执法人员", _officers(d.officers)),
        ]
    )
    pg.gap(2)
    pg.items(d.items)
    pg.gap(2)
    pg.p("本清单一式二份，由当事人和行政机关分别保存。", "plain")
    pg.signatures(d.signatures)
    pg.issuer_block()


def _closing(pg: _Page, d: ClosingApproval) -> None:
    pg.heading(d.title_zh)
    rows = [
        *_party_rows(d.party),
        ("立案日期", _date(d.filing_date)),
        ("案情摘要", d.summary or ""),
        ("处理结果", d.disposition or ""),
        ("执行情况", d.execution or ""),
        ("承办人", _officers(d.handlers)),
        pg.approval(d.approval),
    ]
    pg.form(rows)
    pg.issuer_block()


_LAYOUT: dict[type[Any], Callable[[_Page, Any], None]] = {
    FilingApproval: _filing,
    NonFilingDecision: _non_filing,
    InquiryRecord: _inquiry,
    InspectionRecord: _inspection,
    PriorNotice: _prior_notice,
    HearingNotice: _hearing_notice,
    PenaltyDecision: _penalty_decision,
    SummaryDecision: _summary_decision,
    ServiceReceipt: _service_receipt,
    SeizureDecision: _seizure_decision,
    SeizureInventory: _seizure_inventory,
    ClosingApproval: _closing,
}


# ------------------------------------------------------------------------------ the page frame


def qr_png(url: str) -> bytes:
    """The verification QR code as a PNG (a regular QR code, error correction M)."""
    out = io.BytesIO()
    segno.make_qr(url, error="m", boost_error=False).save(out, kind="png", scale=4, border=4)
    return out.getvalue()


def _frame(verify_url: str, digest: str, number: str, draft: bool) -> Callable[[Any, Any], None]:
    qr = ImageReader(io.BytesIO(qr_png(verify_url)))
    size = 22 * mm

    def on_page(canvas: Any, doc: Any) -> None:
        width, _height = A4
        canvas.saveState()
        x = width - doc.rightMargin - size
        y = 8 * mm
        canvas.drawImage(qr, x, y + 5 * mm, width=size, height=size)
        canvas.setFont(FONT, 7.5)
        canvas.drawCentredString(x + size / 2, y + 1.5 * mm, QR_CAPTION)
        canvas.setFont(FONT, 7)
        left = doc.leftMargin
        canvas.drawString(left, y + 19 * mm, f"{number}　第{doc.page}页")
        canvas.drawString(left, y + 14 * mm, f"核验地址：{verify_url}")
        canvas.drawString(left, y + 9 * mm, f"内容摘要（SHA-256）：{digest}")
        if draft:
            canvas.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.35))
            canvas.setFont(FONT, 64)
            canvas.translate(width / 2, A4[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, "草稿　不得送达")
        canvas.restoreState()

    return on_page


def render_pdf(
    doc: DocumentBase | Mapping[str, Any],
    *,
    verify_url: str,
    draft: bool = False,
    params: Parameters | None = None,
) -> bytes:
    """The document as an A4 PDF with a verification QR code to ``verify_url`` on each page.

    ``draft`` stamps every page 草稿 不得送达 (for a document whose elements are not yet
    complete). The same document and URL always give the same bytes.
    """
    model = doc if isinstance(doc, DocumentBase) else from_json(doc)
    if not verify_url.strip():
        raise InvalidInput("缺少核验地址", "verify_url is empty")
    params = params or Parameters.load()
    page = _Page(model, params)
    _LAYOUT[type(model)](page, model)
    buf = io.BytesIO()
    title = f"{model.title_zh} {model.number or ''}".strip()
    template = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=40 * mm,
        title=title,
        author=model.body.name if model.body and model.body.name else "",
        creator="zhifa",
        producer="zhifa",
        subject="",
        invariant=1,
    )
    frame = _frame(verify_url, content_digest(model), model.number or "", draft)
    template.build(page.story, onFirstPage=frame, onLaterPages=frame)
    return buf.getvalue()


__all__ = ["QR_CAPTION", "qr_png", "render_pdf"]
