"""Issued documents: the staff's PDF, issuing one from a case, and the public check behind
the QR code (``/verify/document/{id}``) that tells a real 决定书 from a forged one."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from zhifa.access.model import Principal, Target
from zhifa.cases.documents import document_pdf, issue_document
from zhifa.cases.tables import CaseDocumentRow, CaseRow
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.errors import NotFound
from zhifa.ledger import merkle
from zhifa.ledger.note import NoteError, open_checkpoint
from zhifa.ledger.services import inclusion_proof, latest_checkpoint, load_verifiers
from zhifa.ledger.tables import LedgerEntry, LedgerState
from zhifa.registry.tables import BodyRow
from zhifa.web.auth import Allow, require_within
from zhifa.web.deps import ContextDep, SessionDep
from zhifa.web.render import render

router = APIRouter(include_in_schema=False)

Public = Annotated[Principal, Depends(Allow("public.read"))]
ReadCase = Annotated[Principal, Depends(Allow("case.read"))]
RecordCase = Annotated[Principal, Depends(Allow("case.record"))]

_TITLES = {
    "prior_notice": "行政处罚事先告知书",
    "penalty_decision": "行政处罚决定书",
    "summary_decision": "当场行政处罚决定书",
}


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
    kind: Annotated[str, Form()],
) -> RedirectResponse:
    """出具文书: composed from the case, checked (准则第九条), rendered and recorded."""
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
        )
        uow.commit()
    return RedirectResponse(f"/workbench/documents/{issued.document_id}.pdf", status_code=303)


def _check(session: Session, ctx: ContextDep, row: CaseDocumentRow) -> dict[str, Any]:
    """Is the entry that records this document inside the latest signed checkpoint?"""
    entry = session.get_one(LedgerEntry, row.entry)
    state = session.get_one(LedgerState, 1)
    alg = merkle.get_algorithm(state.algorithm)
    record = parse_json(entry.body)
    data = record["data"]
    facts = {
        "leaf_ok": merkle.leaf_hash(alg, entry.body) == entry.leaf_hash,
        "digest_ok": data.get("digest") == row.digest and data.get("document_id") == row.id,
    }
    try:
        cp = latest_checkpoint(session)
    except NotFound:
        return {**facts, "status": "pending", "index": row.entry}
    try:
        opened, _names = open_checkpoint(cp.note, load_verifiers(ctx.settings))
        signed = opened.size == cp.size and opened.root_hash == cp.root_hash
    except NoteError:
        signed = False
    if row.entry >= cp.size:
        return {**facts, "status": "pending", "index": row.entry, "size": cp.size, "signed": signed}
    proof = inclusion_proof(session, row.entry, cp.size)
    path = [base64.b64decode(h) for h in proof["path"]]
    included = merkle.verify_inclusion(
        alg, row.entry, cp.size, merkle.leaf_hash(alg, entry.body), path, cp.root_hash
    )
    ok = included and signed and facts["leaf_ok"] and facts["digest_ok"]
    return {
        **facts,
        "status": "verified" if ok else "failed",
        "index": row.entry,
        "size": cp.size,
        "signed": signed,
        "included": included,
        "issued_at": cp.issued_at,
        "algorithm": state.algorithm,
    }


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
            "title_zh": _TITLES.get(row.kind, row.kind),
            "body": body,
            "pdf_digest": entry["data"].get("pdf_digest", ""),
            "check": _check(session, ctx, row),
        },
    )
