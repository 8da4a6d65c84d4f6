"""The four doors' landing pages: 公示, 核验, 工作台, 监督."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from zhifa.ledger.tables import LedgerCheckpoint, LedgerState
from zhifa.web.deps import SessionDep
from zhifa.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    state = session.get(LedgerState, 1)
    latest = (
        session.query(LedgerCheckpoint).order_by(LedgerCheckpoint.size.desc()).first()
        if state
        else None
    )
    return render(
        request,
        "home.html",
        {"active": "public", "title": "行政执法公示", "ledger": state, "checkpoint": latest},
    )


@router.get("/verify", response_class=HTMLResponse)
def verify_home(request: Request) -> HTMLResponse:
    return render(request, "verify.html", {"active": "verify", "title": "核验"})


@router.get("/workbench", response_class=HTMLResponse)
def workbench(request: Request) -> HTMLResponse:
    return render(request, "workbench.html", {"active": "workbench", "title": "执法工作台"})


@router.get("/supervision", response_class=HTMLResponse)
def supervision(request: Request) -> HTMLResponse:
    return render(request, "supervision.html", {"active": "supervision", "title": "执法监督"})
