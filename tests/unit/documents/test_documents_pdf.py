"""文书 PDF: Chinese text in the text layer, reproducible bytes, a QR code that decodes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pypdf
import pytest
import zxingcpp

from zhifa.documents.model import DocumentKind, content_digest
from zhifa.documents.pdf import QR_CAPTION, render_pdf
from zhifa.kernel.errors import InvalidInput

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples" / "documents"
URL = "https://zhifa.example.invalid/verify/document/de30docu000000000000000000000012"


def sample(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{kind}.json").read_text("utf-8"))
    return data


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


# Strings each kind's PDF must show (beyond the header every kind shows).
KEY_STRINGS: dict[str, list[str]] = {
    "filing_approval": ["立案审批表", "案件来源", "监督检查发现", "同意立案", "示例·高明"],
    "non_filing_decision": ["不予立案审批表", "不予立案的理由", "投诉举报"],
    "inquiry_record": [
        "询问笔录",
        "问：",
        "答：",
        "被询问人（签名）：示例·李大勇",
        "9901202400002",
    ],
    "inspection_record": ["现场检查笔录", "检查情况", "在场人：示例·李大勇"],
    "prior_notice": ["行政处罚事先告知书", "陈述和申辩", "有权要求听证", "五日内", "陆万伍仟元整"],
    "hearing_notice": ["听证通知书", "示例·陈志远", "2026年4月8日 09:30", "视为放弃听证权利"],
    "penalty_decision": [
        "行政处罚决定书",
        "示市监罚〔2026〕12号",
        "示例市东城区老李面馆",
        "罚款人民币陆万伍仟元整（¥65,000.00）",
        "《中华人民共和国食品安全法》第一百二十二条第一款",
        "十五日内",
        "百分之三加处罚款",
        "收到本决定书之日起六十日内向示例市人民政府申请行政复议",
        "六个月内",
        "2026年4月20日",
        "印章",
    ],
    "summary_decision": ["当场行政处罚决定书", "No.9902202600000123", "贰佰元整", "9902202400005"],
    "service_receipt": ["送达回证", "行政处罚决定书 示市监罚〔2026〕12号", "直接送达", "已签收"],
    "seizure_decision": ["扣押决定书", "自制凉皮", "三十日", "存放地点"],
    "seizure_inventory": ["扣押财物清单", "一式二份", "食用植物油", "5升/桶"],
    "closing_approval": ["结案审批表", "执行情况", "同意结案"],
}


def test_every_kind_has_key_strings() -> None:
    assert set(KEY_STRINGS) == {k.value for k in DocumentKind}


@pytest.mark.parametrize("kind", sorted(KEY_STRINGS))
def test_pdf_text_layer_holds_the_document(kind: str) -> None:
    data = sample(kind)
    pdf = render_pdf(data, verify_url=URL)
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf).replace("\n", "")
    for s in [data["body"]["name"], data["number"], QR_CAPTION, *KEY_STRINGS[kind]]:
        assert s in text, (kind, s)
    assert content_digest(data) in text


@pytest.mark.parametrize("kind", ["penalty_decision", "inquiry_record", "seizure_inventory"])
def test_rendering_is_reproducible(kind: str) -> None:
    data = sample(kind)
    assert render_pdf(data, verify_url=URL) == render_pdf(data, verify_url=URL)
    other = render_pdf(data, verify_url=URL + "3")
    assert other != render_pdf(data, verify_url=URL)


def test_every_page_carries_a_qr_code_that_decodes_to_the_verify_url() -> None:
    pdf = render_pdf(sample("penalty_decision"), verify_url=URL)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        images = list(page.images)
        assert len(images) == 1
        decoded = [b.text for b in zxingcpp.read_barcodes(images[0].image)]
        assert decoded == [URL]
        assert QR_CAPTION in page.extract_text()


def test_no_font_is_embedded_the_viewer_supplies_it() -> None:
    pdf = render_pdf(sample("penalty_decision"), verify_url=URL)
    assert b"/STSong-Light" in pdf
    assert b"/FontFile" not in pdf


def test_markup_in_user_text_is_printed_not_interpreted() -> None:
    data = sample("penalty_decision")
    data["facts"] = "经查，当事人在门口标示<b>“今日特价”</b> & 其他字样。"
    text = text_of(render_pdf(data, verify_url=URL))
    assert "<b>“今日特价”</b> & 其他字样" in text


def test_draft_is_watermarked() -> None:
    data = sample("prior_notice")
    assert "草稿" not in text_of(render_pdf(data, verify_url=URL))
    assert "草稿　不得送达" in text_of(render_pdf(data, verify_url=URL, draft=True))


def test_an_incomplete_draft_still_renders() -> None:
    pdf = render_pdf({"kind": "penalty_decision"}, verify_url=URL, draft=True)
    assert "行政处罚决定书" in text_of(pdf)


def test_a_verify_url_is_required() -> None:
    with pytest.raises(InvalidInput):
        render_pdf(sample("service_receipt"), verify_url=" ")
