"""The ledger's public read API: a third party checks any entry with RFC 9162 and these answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import PlainTextResponse

from zhifa.ledger import services
from zhifa.web.auth import Allow
from zhifa.web.deps import SessionDep
from zhifa.web.ratelimit import BrowseLimited

router = APIRouter(
    prefix="/api/ledger",
    tags=["执法全过程记录（账本）"],
    dependencies=[Depends(Allow("ledger.read")), BrowseLimited],
)


@router.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    summary="最新签名树头（C2SP signed note）",
)
def checkpoint(session: SessionDep) -> PlainTextResponse:
    """Origin line, tree size, base64 root hash, ``hash:`` line, blank line, signature lines."""
    row = services.latest_checkpoint(session)
    return PlainTextResponse(row.note, media_type="text/plain; charset=utf-8")


@router.get("/entries/{index}", summary="账本记录的公开字段及其叶哈希")
def entry(
    session: SessionDep, index: Annotated[int, Path(ge=0, description="记录序号，从 0 起")]
) -> dict[str, Any]:
    return services.public_entry(session, index)


@router.get("/proof/inclusion", summary="包含性证明（RFC 9162 §2.1.3）")
def inclusion(
    session: SessionDep,
    index: Annotated[int, Query(ge=0, description="记录序号")],
    size: Annotated[int | None, Query(ge=1, description="树大小；缺省为当前规模")] = None,
) -> dict[str, Any]:
    """``{"index", "size", "algorithm", "leaf_hash", "path"}``; path is base64, leaf to root."""
    return services.inclusion_proof(session, index, size)


@router.get("/proof/consistency", summary="一致性证明（RFC 9162 §2.1.4）")
def consistency(
    session: SessionDep,
    first: Annotated[int, Query(ge=1, description="较早的树大小")],
    second: Annotated[int, Query(ge=1, description="较晚的树大小")],
) -> dict[str, Any]:
    return services.consistency_proof(session, first, second)
