"""Issued documents: composed from the case, checked, recorded with their digests; the
staff's PDF; and the public check behind the QR code."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from tests.integration.test_access import csrf_of, login

from zhifa.app_context import Context
from zhifa.cases.documents import compose, document_pdf, issue_document
from zhifa.cases.tables import CaseDocumentRow
from zhifa.demo import load_demo, load_demo_cases
from zhifa.documents.model import content_digest
from zhifa.kernel.errors import DomainError
from zhifa.web.app import create_app


@pytest.fixture
def cases(ctx: Context) -> Context:
    load_demo(ctx)
    load_demo_cases(ctx, per_body=15)
    return ctx


@pytest.fixture
def client(cases: Context) -> Iterator[TestClient]:
    with TestClient(create_app(cases)) as c:
        yield c


def _served_case(ctx: Context) -> str:
    """A decided and served case of the market regulation bureau (the demo head's body)."""
    from datetime import date

    from tests.integration.test_case_lifecycle import (
        CASE,
        HEAD,
        evidence,
        notice,
        opened,
        record,
        step,
    )

    from zhifa.cases import events as ev

    record(ctx, *opened(), evidence(), notice(fine_yuan=1000, hearing_right=False))
    record(
        ctx,
        step(
            ev.DecisionIssued,
            number="示市监罚〔2026〕9号",
            decided_on=date(2026, 3, 20),
            penalty_kinds=("fine",),
            fine_fen=100000,
            confiscation_fen=0,
            tier="standard",
            tier_reason="违法事实、性质、情节和社会危害程度一般，适用一般处罚。",
            facts="当事人在店内发布含有“全市第一”用语的广告，违反广告法第八条。",
            basis="《中华人民共和国广告法》第五十九条第一款第（一）项",
            approved_by=HEAD,
            payment_channel="示例银行示例市分行",
            reconsideration_body="示例市人民政府",
            litigation_court="示例市东城区人民法院",
        ),
        step(
            ev.DocumentServed,
            document="decision",
            served_on=date(2026, 3, 23),
            method="direct",
            proof="送达回证",
        ),
    )
    return CASE


def test_demo_documents_are_recorded_with_their_digests(cases: Context) -> None:
    with cases.read() as s:
        rows = s.scalars(select(CaseDocumentRow)).all()
        assert {r.kind for r in rows} >= {"prior_notice", "penalty_decision", "summary_decision"}
        row = next(r for r in rows if r.kind == "penalty_decision")
        issued, pdf = document_pdf(s, cases.pii, row.id)
        assert issued.digest == row.digest
        assert hashlib.sha256(pdf).hexdigest() == issued.pdf_digest
        assert isinstance(issued.content, dict)  # a commitment: the content is personal data
        text = "".join(page.extract_text() for page in PdfReader(_bytes_io(pdf)).pages)
        assert "行政处罚决定书" in text
        assert row.number in text


def _bytes_io(data: bytes):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(data)


def test_an_incomplete_document_is_refused(cases: Context) -> None:
    case_id = _served_case(cases)
    with cases.read() as s:
        content = compose(s, cases.pii, case_id, "penalty_decision")
    assert content_digest(content)
    # A decision without the remedy route is refused by the element check (准则第九条).
    import zhifa.cases.documents as documents

    original = documents._COMPOSERS["penalty_decision"]

    def broken(c, env):  # type: ignore[no-untyped-def]
        doc = original(c, env)
        doc.pop("remedy")
        return doc

    documents._COMPOSERS["penalty_decision"] = broken
    try:
        with pytest.raises(DomainError) as refused, cases.uow() as uow:
            issue_document(
                uow, cases.pii, case_id, "penalty_decision", actor="t", base_url="http://x"
            )
        assert refused.value.article == 9
        assert "remedy" in refused.value.message_zh  # the element path named in the refusal
    finally:
        documents._COMPOSERS["penalty_decision"] = original


def test_verify_page_proves_a_real_document(client: TestClient, cases: Context) -> None:
    with cases.read() as s:
        row = s.scalars(
            select(CaseDocumentRow).where(CaseDocumentRow.kind == "penalty_decision")
        ).first()
        assert row is not None
    cases.checkpointer.flush()
    page = client.get(f"/verify/document/{row.id}")
    assert page.status_code == 200
    assert "真实" in page.text
    assert row.number in page.text
    assert "包含性证明" in page.text
    assert "通过（RFC 9162）" in page.text
    # Nothing personal on the public page.
    with cases.read() as s:
        content = compose(s, cases.pii, row.case_id, "penalty_decision")
    assert content["party"]["name"] not in page.text or content["party"]["kind"] != "natural_person"
    assert content["party"].get("address", "\x00") not in page.text


def test_verify_page_for_a_forged_document(client: TestClient) -> None:
    page = client.get("/verify/document/0123456789abcdef0123456789abcdef")
    assert page.status_code == 404
    assert "可能是伪造的" in page.text


def test_staff_issue_and_pdf(client: TestClient, cases: Context) -> None:
    case_id = _served_case(cases)
    anonymous = client.get(f"/workbench/documents/{'0' * 32}.pdf", follow_redirects=False)
    assert anonymous.status_code in (401, 303)
    login(client, "body_head")
    r = client.post(
        f"/workbench/cases/{case_id}/documents",
        data={"kind": "penalty_decision", "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    pdf = client.get(r.headers["location"])
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    document_id = re.search(r"/workbench/documents/(\w+)\.pdf", r.headers["location"])
    assert document_id
    with cases.read() as s:
        row = s.get(CaseDocumentRow, document_id.group(1))
        assert row is not None
        assert row.case_id == case_id
