"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import text

from zhifa import __version__
from zhifa.ledger.tables import LedgerState
from zhifa.store.engine import backend_name
from zhifa.web.auth import Allow
from zhifa.web.deps import ContextDep

router = APIRouter(tags=["health"], dependencies=[Depends(Allow("health.read"))])


@router.get("/healthz", summary="服务健康状态")
def healthz(ctx: ContextDep) -> dict[str, Any]:
    """``{"status": "ok", "database": "sqlite"|"postgresql", ...}``; 503 if the database is down."""
    with ctx.read() as session:
        session.execute(text("SELECT 1"))
        state = session.get(LedgerState, 1)
    return {
        "status": "ok",
        "database": backend_name(ctx.engine),
        "version": __version__,
        "mode": ctx.settings.mode,
        "ledger": {
            "size": state.size if state else 0,
            "algorithm": state.algorithm if state else None,
        },
    }
