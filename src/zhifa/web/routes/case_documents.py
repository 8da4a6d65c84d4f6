"""Issued documents: the staff's PDF, issuing one from a case, and the public check behind
the QR code (``/verify/document/{id}``) that tells a real 决定书 from a forged one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from zhifa.access.model import Principal, Target
from zhifa.cases.documents import ISSUABLE, document_pdf, issue_document
from zhifa.cases.tables import CaseDocumentRow, CaseRow
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.errors import NotFound
from zhifa.ledger.tables import LedgerEntry
from zhifa.registry.tables import BodyRow
from zhifa.web.auth import Allow, require_within
from zhifa.web.deps import ContextDep, SessionDep
from zhifa.web.proofs import check_entry
from zhifa.web.render import render

router = APIRouter(include_in_schema=False)

Public = Annotated[Principal, Depends(Allow("public.read"))]
ReadCase = Annotated[Principal, Depends(Allow("case.read"))]
RecordCase = Annotated[Principal, Depends(Allow("case.record"))]


def _case_target(session: Session, case_id: str) -> tuple[CaseRow, Target]:
    row = session.get(CaseRow, case_id)
    body = session.get(BodyRow, row.body_id) if row else None
    if row is None or body is None:
        raise NotFound("案件不存在", f"case {case_id} not found")
    return row, Target(body_id=body.id, region_code=body.region_code)


@router.get("/workbench/documents/{document_id}.pdf")
def staff_pdf(
    document_id: str, request: Request, ctx: ContextDep, session: SessionDep, principal: ReadCase
) -> Response:
    """The issued PDF (with the party's details in clear, as served to the party)."""
    row = session.get(CaseDocumentRow, document_id)
    if row is None:
        raise NotFound("文书不存在", f"document {document_id} not found")
    _, target = _case_target(session, row.case_id)
    require_within(request, ctx, principal, target)
    _, pdf = document_pdf(session, ctx.pii, document_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{document_id}.pdf"'},
    )


@router.post("/workbench/cases/{case_id}/documents")
def issue(
    case_id: str,
    request: Request,
    ctx: ContextDep,
    principal: RecordCase,
    kind: Annotated[str, Form(max_length=40)],
    ref: Annotated[str, Form(max_length=80)] = "",
) -> RedirectResponse:
    """出具文书: composed from the case, checked (准则第九条), rendered and recorded. ``ref``
    names the transcript, hearing notice, service or measure a per-item kind is made from."""
    with ctx.read() as s:
        _, target = _case_target(s, case_id)
    require_within(request, ctx, principal, target)
    with ctx.uow() as uow:
        issued = issue_document(
            uow,
            ctx.pii,
            case_id,
            kind,
            actor=principal.actor,
            base_url=ctx.settings.public_base_url,
            ref=ref.strip() or None,
        )
        uow.commit()
    return RedirectResponse(f"/workbench/documents/{issued.document_id}.pdf", status_code=303)


def _check(session: Session, ctx: ContextDep, row: CaseDocumentRow) -> dict[str, Any]:
    """Is the entry that records this document inside the latest signed checkpoint?"""
    facts = check_entry(
        session,
        ctx.settings,
        row.entry,
        lambda data: data.get("digest") == row.digest and data.get("document_id") == row.id,
    )
    return {**facts, "digest_ok": facts["content_ok"]}


@router.get("/verify/document/{document_id}", response_class=HTMLResponse)
def verify_document(
    document_id: str, request: Request, ctx: ContextDep, session: SessionDep, principal: Public
) -> HTMLResponse:
    """扫码核验: the document's public facts, and whether the ledger holds it."""
    row = session.get(CaseDocumentRow, document_id)
    if row is None:
        return render(
            request,
            "public/document_missing.html",
            {"active": "verify", "title": "文书核验", "document_id": document_id[:64]},
            status_code=404,
        )
    case = session.get_one(CaseRow, row.case_id)
    body = session.get_one(BodyRow, case.body_id)
    entry = parse_json(session.get_one(LedgerEntry, row.entry).body)
    return render(
        request,
        "public/document.html",
        {
            "active": "verify",
            "title": "文书核验",
            "doc": row,
            "title_zh": ISSUABLE.get(row.kind, row.kind),
            "body": body,
            "pdf_digest": entry["data"].get("pdf_digest", ""),
            "check": _check(session, ctx, row),
        },
    )
