"""The annual report as an A4 PDF: Chinese in ``STSong-Light`` (no font to install), charts
drawn with reportlab.graphics, each chart followed by its numbers as a table.

Reproducible: reportlab's invariant mode fixes dates and the file id, so one report renders to
the same bytes (its digest is printed at the foot of every page).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhifa.reports.charts import PALETTE
from zhifa.reports.model import digest

FONT = "STSong-Light"
_registered = False
_WIDTH = A4[0] - 50 * mm


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    f = _font()
    body = ParagraphStyle("body", fontName=f, fontSize=11, leading=18, wordWrap="CJK")
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=30, alignment=1),
        "sub": ParagraphStyle("sub", parent=body, alignment=1, textColor=colors.grey),
        "h2": ParagraphStyle("h2", parent=body, fontSize=14, leading=22, spaceBefore=10),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=14),
        "note": ParagraphStyle("note", parent=body, fontSize=9, leading=13, textColor=colors.grey),
    }


def _colour(i: int) -> colors.Color:
    return colors.HexColor(PALETTE[i % len(PALETTE)])


def _table(
    head: Sequence[str], rows: Sequence[Sequence[Any]], st: dict[str, ParagraphStyle]
) -> Table:
    data = [[Paragraph(escape(str(h)), st["cell"]) for h in head]]
    data += [[Paragraph(escape(str(c)), st["cell"]) for c in row] for row in rows]
    t = Table(data, colWidths=[_WIDTH * 0.6, *[_WIDTH * 0.4 / (len(head) - 1)] * (len(head) - 1)])
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return t


def bar_drawing(rows: Sequence[Sequence[Any]]) -> Drawing:
    """Horizontal bars (label, count), labels in Chinese."""
    font = _font()
    items = [(str(r[0]), int(r[1])) for r in rows] or [("无数据", 0)]
    height = 24 + 22 * len(items)
    d = Drawing(_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 12
    chart.width, chart.height = _WIDTH - 190, height - 24
    # Top row first, as in the table below the chart.
    chart.data = [[v for _, v in reversed(items)]]
    chart.categoryAxis.categoryNames = [label for label, _ in reversed(items)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max(v for _, v in items)
    chart.valueAxis.valueMax = max(top, 1)
    chart.valueAxis.valueStep = max(1, -(-max(top, 1) // 5))
    chart.bars[0].fillColor = _colour(0)
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return d


def pie_drawing(rows: Sequence[Sequence[Any]]) -> Drawing:
    font = _font()
    items = [(str(r[0]), int(r[1])) for r in rows if int(r[1]) > 0]
    d = Drawing(_WIDTH, 150)
    if not items:
        d.add(String(10, 70, "无数据", fontName=font, fontSize=11))
        return d
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 10, 10, 130, 130
    pie.data = [v for _, v in items]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for i in range(len(items)):
        pie.slices[i].fillColor = _colour(i)
    d.add(pie)
    total = sum(v for _, v in items)
    for i, (label, value) in enumerate(items[:8]):
        y = 130 - i * 16
        d.add(
            String(
                160,
                y,
                f"■ {label}：{value}（{round(100 * value / total)}%）",
                fontName=font,
                fontSize=9,
                fillColor=_colour(i),
            )
        )
    return d


def _chart_block(
    title: str,
    drawing: Drawing,
    rows: Sequence[Sequence[Any]],
    head: Sequence[str],
    st: dict[str, ParagraphStyle],
) -> KeepTogether:
    return KeepTogether(
        [Paragraph(escape(title), st["h2"]), drawing, Spacer(1, 4), _table(head, rows, st)]
    )


def render_report_pdf(
    report: Mapping[str, Any], *, published: Mapping[str, Any] | None = None
) -> bytes:
    """The report document (``zhifa.reports.model.report_document``) as PDF bytes."""
    st = _styles()
    year = report["year"]
    scope = report["scope"]
    p, c, r = report["penalty"], report["coercion"], report["remedies"]
    story: list[Any] = [
        Paragraph(escape(scope["name"]), st["title"]),
        Paragraph(f"{year}年度行政执法数据", st["title"]),
        Paragraph(
            "依据《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）",
            st["sub"],
        ),
        Spacer(1, 6),
    ]
    if published:
        story.append(
            Paragraph(
                escape(
                    f"公布日期：{published['published_on']}　账本记录序号：{published['entry']}"
                ),
                st["sub"],
            )
        )
    cats = [
        [x["label"], x["total"] if x["recorded"] else f"0（{x['note']}）"]
        for x in report["categories"]
    ]
    story.append(
        _chart_block(
            "一、各类行政执法行为数量",
            bar_drawing([[x["label"], x["total"]] for x in report["categories"]]),
            cats,
            ["类别", "数量"],
            st,
        )
    )
    story.append(
        _chart_block(
            "二、行政处罚：办理结果", bar_drawing(p["results"]), p["results"], ["结果", "件数"], st
        )
    )
    if p["kinds"]:
        story.append(
            _chart_block(
                "三、行政处罚：处罚种类",
                pie_drawing(p["kinds"]),
                p["kinds"],
                ["种类", "决定数"],
                st,
            )
        )
    money = [
        ["罚款决定金额", p["fine"]],
        ["没收违法所得、非法财物金额", p["confiscation"]],
        ["年度内实际缴纳罚款", p["paid"]],
    ]
    story.append(
        KeepTogether([Paragraph("四、罚没金额", st["h2"]), _table(["项目", "金额"], money, st)])
    )
    procedure = [
        ["案源登记", p["leads"]],
        ["立案", p["opened"]],
        ["结案", p["closed"]],
        ["申请听证", p["hearings_requested"]],
        ["举行听证", p["hearings_held"]],
        ["法制审核", p["reviews_total"]],
        *[[f"法制审核：{k}", n] for k, n in p["reviews"]],
        ["集体讨论", p["collective"]],
        ["超期（计时扫描发现）", p["deadlines_missed"]],
    ]
    story.append(
        KeepTogether([Paragraph("五、办案程序", st["h2"]), _table(["项目", "数量"], procedure, st)])
    )
    coercion = [
        *c["measures"],
        ["延长期限", c["extended"]],
        ["解除", c["released"]],
        ["催告", c["demands"]],
        ["申请人民法院强制执行", c["court_applications"]],
    ]
    story.append(
        _chart_block("六、行政强制", bar_drawing(c["measures"]), coercion, ["项目", "数量"], st)
    )
    remedy = [
        *[[f"收到{k}", n] for k, n in r["filed"]],
        *[[f"{k}：{o}", n] for k, o, n in r["outcomes"]],
        ["被变更、撤销或确认违法", r["corrected"]],
    ]
    story.append(
        KeepTogether(
            [Paragraph("七、行政复议与行政诉讼", st["h2"]), _table(["项目", "件数"], remedy, st)]
        )
    )
    story.append(
        _chart_block(
            "八、投诉举报",
            bar_drawing(report["complaints"]),
            report["complaints"],
            ["项目", "件数"],
            st,
        )
    )
    if report.get("bodies"):
        head = ["执法主体", "处罚决定", "强制措施", "投诉举报"]
        rows = [[b["name"], b["penalty"], b["coercion"], b["complaints"]] for b in report["bodies"]]
        story.append(KeepTogether([Paragraph("九、各执法主体", st["h2"]), _table(head, rows, st)]))
    story.append(Spacer(1, 8))
    story.append(
        Paragraph(
            "说明：数据来自本系统的执法全过程记录（账本），按各行为的法定日期归属年度；"
            "标注“本系统尚未登记此类行为”的类别，本系统目前不登记，数量记为 0，不代表该类行为没有发生。",
            st["note"],
        )
    )
    report_digest = digest(report)

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(doc.leftMargin, 10 * mm, f"报告摘要（SHA-256）：{report_digest}")
        canvas.drawRightString(A4[0] - doc.rightMargin, 10 * mm, f"第{doc.page}页")
        canvas.restoreState()

    buf = io.BytesIO()
    template = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        title=f"{scope['name']}{year}年度行政执法数据",
        author=scope["name"] if scope.get("kind") == "body" else "",
        creator="zhifa",
        producer="zhifa",
        subject="",
        invariant=1,
    )
    template.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()
