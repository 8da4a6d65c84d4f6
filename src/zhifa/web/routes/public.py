"""事前公示 (bodies, officers, matters, published documents) and 亮证核验, as pages and JSON/CSV.

Nothing personal leaves here but an officer's name, which 事前公示 publishes by law
(国办发〔2018〕118号); ID numbers and phones are never read. Officers are listed only while
they may enforce: kind ``officer``, active, in an active body, holding a credential in force.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import math
import mimetypes
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import quote, urlencode

import segno
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from zhifa.catalog.model import FineRange, Matter, MatterKind, PenaltyKind
from zhifa.catalog.parameters import Parameters
from zhifa.catalog.services import get_matter
from zhifa.catalog.tables import MatterRow
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import InvalidInput, NotFound, Violation
from zhifa.registry.model import (
    BodyLevel,
    BodyStatus,
    CredentialStatus,
    Field,
    LegalStatus,
    OfficerKind,
    Regions,
)
from zhifa.registry.queries import PublicCredential, public_credential
from zhifa.registry.services import DOCUMENT_CATEGORIES
from zhifa.registry.tables import BodyDocumentRow, BodyRow, CredentialRow, OfficerRow
from zhifa.web.auth import Allow
from zhifa.web.deps import ContextDep, SessionDep
from zhifa.web.ratelimit import BrowseLimited, RateLimited
from zhifa.web.render import render

router = APIRouter(
    tags=["事前公示与亮证核验"], dependencies=[Depends(Allow("public.read")), BrowseLimited]
)

PAGE_SIZE = 50
SEARCH_LIMIT = 20
# Above this many bodies the officer filter takes a body from a link, not a drop-down.
BODY_SELECT_MAX = 300

E = TypeVar("E", bound=StrEnum)
AnySelect = Select[*tuple[Any, ...]]


# ---------------------------------------------------------------------------- filters


def _enum(
    kind: type[E], value: str, name: str, what_zh: str, label: Callable[[E], str]
) -> E | None:
    value = value.strip()
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        choices = "、".join(f"{m.value}（{label(m)}）" for m in kind)
        raise _invalid(
            name,
            f"{what_zh}“{value[:40]}”不是可选值，可选：{choices}",
            f"{name} {value[:40]!r} is not one of the choices",
        ) from None


def _field(value: str, name: str = "field") -> Field | None:
    return _enum(Field, value, name, "执法领域", lambda m: m.label_zh)


def _search(q: str) -> str:
    # NFKC: phone keyboards type full-width digits and letters (９９０１ → 9901).
    return unicodedata.normalize("NFKC", q).strip()


def _invalid(name: str, zh: str, en: str) -> InvalidInput:
    """A filter that cannot be applied (InvalidInput answers 400)."""
    return InvalidInput(zh, en, violations=[Violation(name, zh, en)])


QText = Annotated[str, Query(max_length=100, description="按名称等关键词搜索")]
PageNo = Annotated[int, Query(ge=1, le=100_000, description="页码，从 1 起")]
Format = Annotated[
    Literal["json", "csv"],
    Query(alias="format", description="json，或 csv（带 BOM，Excel 可直接打开）"),
]


@dataclass(frozen=True)
class BodyFilter:
    field: Field | None = None
    region: str | None = None
    legal_status: LegalStatus | None = None
    q: str = ""

    def params(self) -> dict[str, str]:
        out = {
            "field": self.field.value if self.field else "",
            "region": self.region or "",
            "legal_status": self.legal_status.value if self.legal_status else "",
            "q": self.q,
        }
        return {k: v for k, v in out.items() if v}


async def body_filter(
    field: Annotated[str, Query(max_length=40, description="执法领域，如 market_regulation")] = "",
    region: Annotated[str, Query(max_length=12, description="行政区划代码（含下级）")] = "",
    legal_status: Annotated[
        str, Query(max_length=40, description="statutory / authorized / entrusted")
    ] = "",
    q: QText = "",
) -> BodyFilter:
    code = region.strip()
    if code:
        if not (len(code) == 6 and code.isdigit()):
            raise _invalid(
                "region",
                f"地区“{code}”须为 6 位行政区划代码（GB/T 2260）",
                "region must be six digits",
            )
        if code not in Regions.load():
            raise _invalid(
                "region",
                f"行政区划代码“{code}”不在本系统的行政区划代码表中",
                f"unknown region {code}",
            )
    return BodyFilter(
        field=_field(field),
        region=code or None,
        legal_status=_enum(
            LegalStatus, legal_status, "legal_status", "主体资格", lambda m: m.label_zh
        ),
        q=_search(q),
    )


@dataclass(frozen=True)
class OfficerFilter:
    body: str | None = None
    field: Field | None = None
    q: str = ""

    def params(self) -> dict[str, str]:
        out = {
            "body": self.body or "",
            "field": self.field.value if self.field else "",
            "q": self.q,
        }
        return {k: v for k, v in out.items() if v}


async def officer_filter(
    session: SessionDep,
    body: Annotated[str, Query(max_length=32, description="执法主体编号")] = "",
    field: Annotated[str, Query(max_length=40, description="执法领域")] = "",
    q: Annotated[str, Query(max_length=100, description="姓名或执法证号")] = "",
) -> OfficerFilter:
    body_id = body.strip()
    if body_id and session.get(BodyRow, body_id) is None:
        raise _invalid("body", f"执法主体“{body_id}”不存在", f"unknown body {body_id}")
    return OfficerFilter(body=body_id or None, field=_field(field), q=_search(q))


@dataclass(frozen=True)
class MatterFilter:
    field: Field | None = None
    kind: MatterKind | None = None
    q: str = ""

    def params(self) -> dict[str, str]:
        out = {
            "field": self.field.value if self.field else "",
            "kind": self.kind.value if self.kind else "",
            "q": self.q,
        }
        return {k: v for k, v in out.items() if v}


async def matter_filter(
    field: Annotated[str, Query(max_length=40, description="执法领域")] = "",
    kind: Annotated[str, Query(max_length=40, description="职权类型，如 penalty")] = "",
    q: Annotated[str, Query(max_length=100, description="事项编码、名称或法律依据")] = "",
) -> MatterFilter:
    return MatterFilter(
        field=_field(field),
        kind=_enum(MatterKind, kind, "kind", "职权类型", lambda m: m.label_zh),
        q=_search(q),
    )


BodyFilterDep = Annotated[BodyFilter, Depends(body_filter)]
OfficerFilterDep = Annotated[OfficerFilter, Depends(officer_filter)]
MatterFilterDep = Annotated[MatterFilter, Depends(matter_filter)]


# ---------------------------------------------------------------------------- queries


def _json_has(column: Any, value: str) -> Any:
    """A JSON list column contains ``value`` — portable across SQLite and PostgreSQL.

    Only enum values reach here (no quote, %, or _ to escape): both back-ends store the
    list as text such as ``["market_regulation"]``.
    """
    return cast(column, String).like(f'%"{value}"%')


def _region_name(regions: Regions, code: str) -> str:
    try:
        return regions.full_name(code)
    except NotFound:
        return code


def _within(regions: Regions, code: str) -> list[str]:
    return [r.code for r in regions if regions.contains(code, r.code)]


def _bodies_stmt(f: BodyFilter) -> Select[BodyRow]:
    stmt = select(BodyRow)
    if f.field:
        stmt = stmt.where(_json_has(BodyRow.fields, f.field.value))
    if f.region:
        stmt = stmt.where(BodyRow.region_code.in_(_within(Regions.load(), f.region)))
    if f.legal_status:
        stmt = stmt.where(BodyRow.legal_status == f.legal_status.value)
    if f.q:
        stmt = stmt.where(
            or_(BodyRow.name.icontains(f.q, autoescape=True), BodyRow.uscc == f.q.upper())
        )
    return stmt.order_by(BodyRow.region_code, BodyRow.name, BodyRow.id)


def _officers_stmt(f: OfficerFilter, today: date) -> AnySelect:
    stmt = (
        select(
            OfficerRow.name, CredentialRow.number, CredentialRow.fields, BodyRow.id, BodyRow.name
        )
        .join(CredentialRow, CredentialRow.officer_id == OfficerRow.id)
        .join(BodyRow, BodyRow.id == OfficerRow.body_id)
        .where(
            OfficerRow.kind == OfficerKind.OFFICER.value,
            OfficerRow.active.is_(True),
            BodyRow.status == BodyStatus.ACTIVE.value,
            CredentialRow.status == CredentialStatus.VALID.value,
            CredentialRow.valid_from <= today,
            CredentialRow.valid_to >= today,
        )
    )
    if f.body:
        stmt = stmt.where(OfficerRow.body_id == f.body)
    if f.field:
        stmt = stmt.where(_json_has(CredentialRow.fields, f.field.value))
    if f.q:
        stmt = stmt.where(
            or_(
                OfficerRow.name.icontains(f.q, autoescape=True),
                CredentialRow.number.icontains(f.q, autoescape=True),
            )
        )
    return stmt.order_by(BodyRow.region_code, BodyRow.name, OfficerRow.name, CredentialRow.number)


def _matters_stmt(f: MatterFilter) -> AnySelect:
    stmt = select(
        MatterRow.code, MatterRow.name, MatterRow.kind, MatterRow.field, MatterRow.citations
    )
    if f.field:
        stmt = stmt.where(MatterRow.field == f.field.value)
    if f.kind:
        stmt = stmt.where(MatterRow.kind == f.kind.value)
    if f.q:
        stmt = stmt.where(
            or_(
                MatterRow.code.icontains(f.q, autoescape=True),
                MatterRow.name.icontains(f.q, autoescape=True),
                MatterRow.citations.icontains(f.q, autoescape=True),
            )
        )
    return stmt.order_by(MatterRow.code)


def _count(session: Session, stmt: AnySelect) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def _labels(kind: type[E], values: Iterable[str], label: Callable[[E], str]) -> list[str]:
    out = []
    for v in sorted(values):
        try:
            out.append(label(kind(v)))
        except ValueError:
            out.append(v)
    return out


def _field_labels(values: Iterable[str]) -> list[str]:
    return _labels(Field, values, lambda m: m.label_zh)


def _body_view(row: BodyRow, regions: Regions) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "uscc": row.uscc,
        "region_code": row.region_code,
        "region": _region_name(regions, row.region_code),
        "level": row.level,
        "level_label": BodyLevel(row.level).label_zh,
        "legal_status": row.legal_status,
        "legal_status_label": LegalStatus(row.legal_status).label_zh,
        "fields": sorted(row.fields),
        "field_labels": _field_labels(row.fields),
        "status": row.status,
        "status_label": BodyStatus(row.status).label_zh,
        "entrusting_body_id": row.entrusting_body_id,
        "entrusted_scope": sorted(row.entrusted_scope),
    }


def _officer_view(r: Any) -> dict[str, Any]:
    name, number, fields, body_id, body_name = r
    return {
        "name": name,
        "credential_number": number,
        "body_id": body_id,
        "body": body_name,
        "fields": sorted(fields),
        "field_labels": _field_labels(fields),
    }


def _matter_view(r: Any) -> dict[str, Any]:
    code, name, kind, field_, citations = r
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "kind_label": _labels(MatterKind, [kind], lambda m: m.label_zh)[0],
        "field": field_,
        "field_label": _field_labels([field_])[0],
        "citations": [c for c in citations.split("；") if c],
    }


def _bodies(session: Session, stmt: AnySelect) -> list[dict[str, Any]]:
    regions = Regions.load()
    return [_body_view(row, regions) for row in session.scalars(stmt)]


def _officers(session: Session, stmt: AnySelect) -> list[dict[str, Any]]:
    return [_officer_view(r) for r in session.execute(stmt)]


def _matters(session: Session, stmt: AnySelect) -> list[dict[str, Any]]:
    return [_matter_view(r) for r in session.execute(stmt)]


def _today(ctx: ContextDep) -> date:
    return legal_date(ctx.clock.now())


# ---------------------------------------------------------------------------- paging


@dataclass
class Page:
    """One page of a filtered list, with the links a pager needs."""

    items: list[dict[str, Any]]
    total: int
    number: int
    path: str
    params: dict[str, str]
    size: int = PAGE_SIZE
    pages: int = dc_field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, math.ceil(self.total / self.size))

    def _url(self, n: int) -> str:
        params = dict(self.params)
        if n > 1:
            params["page"] = str(n)
        return f"{self.path}?{urlencode(params)}" if params else self.path

    @property
    def prev_url(self) -> str | None:
        return self._url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self._url(self.number + 1) if self.number < self.pages else None

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * self.size + len(self.items)


def _page(
    session: Session,
    stmt: AnySelect,
    view: Callable[[Session, AnySelect], list[dict[str, Any]]],
    number: int,
    path: str,
    params: dict[str, str],
) -> Page:
    total = _count(session, stmt)
    items = view(session, stmt.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE))
    return Page(items, total, number, path, params)


def _export_urls(api: str, params: dict[str, str]) -> dict[str, str]:
    qs = urlencode(params)
    return {
        "csv": f"{api}?{urlencode({**params, 'format': 'csv'})}",
        "json": f"{api}?{qs}" if qs else api,
    }


# ---------------------------------------------------------------------------- export

_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "、".join(value) if isinstance(value, list | tuple) else str(value)
    # A cell that starts like a formula is run by spreadsheets (CSV injection): quote it.
    return "'" + text if text.startswith(_CSV_FORMULA) else text


def _csv(
    name_zh: str, name_ascii: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Response:
    buf = io.StringIO()
    buf.write("\ufeff")  # the BOM tells Excel the file is UTF-8
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    disposition = (
        f"attachment; filename=\"{name_ascii}.csv\"; filename*=UTF-8''{quote(name_zh)}.csv"
    )
    return Response(
        buf.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


def _json_list(items: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"total": len(items), "items": items})


# ---------------------------------------------------------------------------- options


def _field_options() -> list[tuple[str, str]]:
    return [(f.value, f.label_zh) for f in Field]


def _region_options(session: Session) -> list[tuple[str, str]]:
    """Regions that have bodies, and the regions above them."""
    regions = Regions.load()
    codes: set[str] = set()
    for code in session.scalars(select(BodyRow.region_code).distinct()):
        if code in regions:
            codes.add(code)
            codes.update(regions.ancestors(code))
    return [(c, regions.full_name(c)) for c in sorted(codes)]


def _body_options(session: Session) -> list[tuple[str, str]] | None:
    total = session.scalar(select(func.count()).select_from(BodyRow)) or 0
    if total > BODY_SELECT_MAX:
        return None
    rows = session.execute(
        select(BodyRow.id, BodyRow.name).order_by(BodyRow.region_code, BodyRow.name)
    )
    return [(i, n) for i, n in rows]


# ---------------------------------------------------------------------------- pages


@router.get("/public/bodies", response_class=HTMLResponse, include_in_schema=False)
def bodies_page(
    request: Request, session: SessionDep, f: BodyFilterDep, page: PageNo = 1
) -> HTMLResponse:
    params = f.params()
    return render(
        request,
        "public/bodies.html",
        {
            "active": "public",
            "title": "执法主体公示",
            "f": f,
            "page": _page(session, _bodies_stmt(f), _bodies, page, "/public/bodies", params),
            "field_options": _field_options(),
            "region_options": _region_options(session),
            "status_options": [(s.value, s.label_zh) for s in LegalStatus],
            "export": _export_urls("/api/public/bodies", params),
        },
    )


@router.get("/public/bodies/{body_id}", response_class=HTMLResponse, include_in_schema=False)
def body_page(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    body_id: Annotated[str, Path(max_length=64)],
) -> HTMLResponse:
    row = session.get(BodyRow, body_id)
    if row is None:
        raise NotFound(f"执法主体“{body_id[:32]}”不存在", f"body {body_id[:32]} not found")
    regions = Regions.load()
    body = _body_view(row, regions)
    entrusting = session.get(BodyRow, row.entrusting_body_id) if row.entrusting_body_id else None
    scope_names: dict[str, str] = dict(
        session.execute(
            select(MatterRow.code, MatterRow.name).where(MatterRow.code.in_(row.entrusted_scope))
        ).all()
    )
    officers_f = OfficerFilter(body=row.id)
    officers = _officers(session, _officers_stmt(officers_f, _today(ctx)))
    documents = session.scalars(
        select(BodyDocumentRow)
        .where(BodyDocumentRow.body_id == row.id)
        .order_by(BodyDocumentRow.entry)
    ).all()
    return render(
        request,
        "public/body.html",
        {
            "active": "public",
            "title": row.name,
            "body": body,
            "entrusting": _body_view(entrusting, regions) if entrusting else None,
            "scope": [(code, scope_names.get(code, "")) for code in sorted(row.entrusted_scope)],
            "officers": officers,
            "documents": [
                {
                    "id": d.id,
                    "title": d.title,
                    "category": DOCUMENT_CATEGORIES.get(d.category, d.category),
                    "size": d.size,
                    "media_type": d.media_type,
                    "sha256": d.sha256,
                }
                for d in documents
            ],
        },
    )


# Shown in the browser; anything else is downloaded, so a published file never runs as a page.
_INLINE_TYPES = ("application/pdf", "text/plain", "image/png", "image/jpeg")


@router.get("/public/documents/{document_id}", include_in_schema=False)
def document_file(
    ctx: ContextDep, session: SessionDep, document_id: Annotated[str, Path(max_length=64)]
) -> FileResponse:
    row = session.get(BodyDocumentRow, document_id)
    if row is None:
        raise NotFound("该公开文件不存在", f"document {document_id[:32]} not found")
    path = ctx.blobs.path(row.sha256)
    if not path.is_file():
        raise NotFound(
            "该公开文件暂时无法下载（文件未在本节点存储），请联系发布机关",
            f"blob {row.sha256} of document {row.id} is missing",
        )
    base_type = row.media_type.split(";", 1)[0].strip().lower()
    ext = ".txt" if base_type == "text/plain" else (mimetypes.guess_extension(base_type) or "")
    return FileResponse(
        path,
        media_type=row.media_type,
        filename=f"{row.title}{ext}",
        content_disposition_type="inline" if base_type in _INLINE_TYPES else "attachment",
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "X-Content-SHA256": row.sha256,
        },
    )


@router.get("/public/officers", response_class=HTMLResponse, include_in_schema=False)
def officers_page(
    request: Request, ctx: ContextDep, session: SessionDep, f: OfficerFilterDep, page: PageNo = 1
) -> HTMLResponse:
    params = f.params()
    body = session.get(BodyRow, f.body) if f.body else None
    return render(
        request,
        "public/officers.html",
        {
            "active": "public",
            "title": "执法人员公示",
            "f": f,
            "filter_body": body,
            "page": _page(
                session, _officers_stmt(f, _today(ctx)), _officers, page, "/public/officers", params
            ),
            "field_options": _field_options(),
            "body_options": _body_options(session),
            "export": _export_urls("/api/public/officers", params),
        },
    )


@router.get("/public/matters", response_class=HTMLResponse, include_in_schema=False)
def matters_page(
    request: Request, session: SessionDep, f: MatterFilterDep, page: PageNo = 1
) -> HTMLResponse:
    params = f.params()
    return render(
        request,
        "public/matters.html",
        {
            "active": "public",
            "title": "执法事项公示",
            "f": f,
            "page": _page(session, _matters_stmt(f), _matters, page, "/public/matters", params),
            "field_options": _field_options(),
            "kind_options": [(k.value, k.label_zh) for k in MatterKind],
            "export": _export_urls("/api/public/matters", params),
        },
    )


def _large_amounts(on: date) -> str:
    """较大数额 in force on ``on`` (legal parameters: a province may have set its own)."""
    try:
        params = Parameters.load()
        citizen = params.get("hearing.large_amount.citizen", on)
        org = params.get("hearing.large_amount.organisation", on)
    except NotFound:
        return ""
    return (
        f"较大数额标准：对公民 {citizen.money()}，对法人或者其他组织 {org.money()}；"
        f"依据{citizen.citation}"
    )


def _hearing_triggers(m: Matter, on: date) -> list[str]:
    order = list(PenaltyKind)
    kinds = sorted(m.hearing_penalty_kinds, key=order.index)
    out = [f"拟作出“{k.label_zh}”的" for k in kinds]
    if m.hearing_on_large_amount:
        amounts = _large_amounts(on)
        out.append(
            "拟处较大数额罚款、没收较大数额违法所得或者没收较大价值非法财物的"
            + (f"（{amounts}）" if amounts else "")
        )
    return out


@router.get("/public/matters/{code}", response_class=HTMLResponse, include_in_schema=False)
def matter_page(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    code: Annotated[str, Path(max_length=64)],
) -> HTMLResponse:
    m = get_matter(session, code)
    row = session.get_one(MatterRow, m.code)
    return render(
        request,
        "public/matter.html",
        {
            "active": "public",
            "title": m.name,
            "m": m,
            "published": row.effective,
            "hearing": _hearing_triggers(m, _today(ctx)),
        },
    )


@router.get("/public/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    q: Annotated[str, Query(max_length=100, description="关键词")] = "",
) -> HTMLResponse:
    text = _search(q)
    sections: list[dict[str, Any]] = []
    if text:
        stmts: list[tuple[str, str, AnySelect, Callable[..., list[dict[str, Any]]], str]] = [
            ("bodies", "执法主体", _bodies_stmt(BodyFilter(q=text)), _bodies, "/public/bodies"),
            (
                "officers",
                "执法人员",
                _officers_stmt(OfficerFilter(q=text), _today(ctx)),
                _officers,
                "/public/officers",
            ),
            (
                "matters",
                "执法事项",
                _matters_stmt(MatterFilter(q=text)),
                _matters,
                "/public/matters",
            ),
        ]
        for key, label, stmt, view, path in stmts:
            sections.append(
                {
                    "key": key,
                    "label": label,
                    "total": _count(session, stmt),
                    "rows": view(session, stmt.limit(SEARCH_LIMIT)),
                    "more": f"{path}?{urlencode({'q': text})}",
                }
            )
    return render(
        request,
        "public/search.html",
        {
            "active": "public",
            "title": f"搜索：{text}" if text else "搜索",
            "q": text,
            "sections": sections,
            "total": sum(s["total"] for s in sections),
            "limit": SEARCH_LIMIT,
            # A number-like query may be a credential number: offer 亮证核验 (which is rate-limited).
            "credential_like": bool(text) and len(text) <= 40 and text.isalnum() and text.isascii(),
            "credential_url": f"/verify/credential/{quote(text, safe='')}",
        },
    )


# ---------------------------------------------------------------------------- JSON / CSV


@router.get("/api/public/bodies", summary="执法主体公示（全部符合条件的记录；format=csv 导出表格）")
def bodies_api(session: SessionDep, f: BodyFilterDep, fmt: Format = "json") -> Response:
    items = _bodies(session, _bodies_stmt(f))
    if fmt == "csv":
        return _csv(
            "执法主体",
            "bodies",
            [
                "执法主体名称",
                "统一社会信用代码",
                "所在地区",
                "层级",
                "主体资格",
                "执法领域",
                "状态",
            ],
            (
                [
                    b["name"],
                    b["uscc"],
                    b["region"],
                    b["level_label"],
                    b["legal_status_label"],
                    b["field_labels"],
                    b["status_label"],
                ]
                for b in items
            ),
        )
    return _json_list(items)


@router.get(
    "/api/public/officers", summary="执法人员公示（持有效执法证的执法人员；format=csv 导出表格）"
)
def officers_api(
    ctx: ContextDep, session: SessionDep, f: OfficerFilterDep, fmt: Format = "json"
) -> Response:
    items = _officers(session, _officers_stmt(f, _today(ctx)))
    if fmt == "csv":
        return _csv(
            "执法人员",
            "officers",
            ["姓名", "执法证号", "执法主体", "执法领域"],
            ([o["name"], o["credential_number"], o["body"], o["field_labels"]] for o in items),
        )
    return _json_list(items)


@router.get("/api/public/matters", summary="执法事项公示（权责清单；format=csv 导出表格）")
def matters_api(session: SessionDep, f: MatterFilterDep, fmt: Format = "json") -> Response:
    items = _matters(session, _matters_stmt(f))
    if fmt == "csv":
        return _csv(
            "执法事项",
            "matters",
            ["事项编码", "事项名称", "职权类型", "执法领域", "法律依据"],
            (
                [m["code"], m["name"], m["kind_label"], m["field_label"], m["citations"]]
                for m in items
            ),
        )
    return _json_list(items)


def _fine_json(r: FineRange | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "description": r.describe_zh(),
        "min_fen": r.min.fen if r.min is not None else None,
        "max_fen": r.max.fen if r.max is not None else None,
        "base": r.base.value if r.base else None,
        "base_label": r.base.label_zh if r.base else None,
        "min_multiple": str(r.min_multiple) if r.min_multiple is not None else None,
        "max_multiple": str(r.max_multiple) if r.max_multiple is not None else None,
        "threshold_fen": r.threshold.fen if r.threshold is not None else None,
        "fallback_min_fen": r.fallback_min.fen if r.fallback_min is not None else None,
        "fallback_max_fen": r.fallback_max.fen if r.fallback_max is not None else None,
    }


def _kinds(kinds: Iterable[Any]) -> list[dict[str, str]]:
    return [{"kind": k.value, "label": k.label_zh} for k in sorted(kinds, key=lambda k: k.value)]


def matter_json(m: Matter, hearing: list[str]) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "kind": m.kind.value,
        "kind_label": m.kind.label_zh,
        "field": m.field.value,
        "field_label": m.field.label_zh,
        "version": m.version,
        "effective": m.effective.isoformat(),
        "bases": [
            {
                "citation": b.citation,
                "role": b.role.value,
                "role_label": b.role.label_zh,
                "law": b.law,
                "article": b.article,
                "paragraph": b.paragraph,
                "item": b.item,
            }
            for b in m.bases
        ],
        "penalty_kinds": _kinds(m.penalty_kinds),
        "fine_range": _fine_json(m.fine_range),
        "serious_fine_range": _fine_json(m.serious_fine_range),
        "tiers": [
            {
                "tier": t.tier.value,
                "label": t.tier.label_zh,
                "circumstances": t.circumstances,
                "fine_range": _fine_json(t.fine_range),
                "reason": t.reason,
                "penalty_kinds": _kinds(t.penalty_kinds),
            }
            for t in m.tiers
        ],
        "exemptions": [
            {
                "code": e.code,
                "kind": e.kind.value,
                "label": e.kind.label_zh,
                "conditions": list(e.conditions),
                "bases": [b.citation for b in e.bases],
                "measures": e.measures,
            }
            for e in m.exemptions
        ],
        "hearing_triggers": hearing,
        "major_criteria": list(m.major_criteria),
        "note": m.note,
    }


@router.get(
    "/api/public/matters/{code}", summary="执法事项详情：依据、罚款幅度、裁量基准、免罚清单"
)
def matter_api(
    ctx: ContextDep, session: SessionDep, code: Annotated[str, Path(max_length=64)]
) -> JSONResponse:
    m = get_matter(session, code)
    return JSONResponse(matter_json(m, _hearing_triggers(m, _today(ctx))))


# ---------------------------------------------------------------------------- 亮证核验


def clean_number(raw: str) -> str:
    """What was typed, as a credential number: full-width to half-width, spaces removed."""
    return "".join(unicodedata.normalize("NFKC", raw).split())


def verification_url(request: Request, number: str) -> str:
    """The absolute address of the verification page: what the QR code encodes."""
    return f"{request.base_url}verify/credential/{quote(number, safe='')}"


def qr_svg(url: str) -> bytes:
    """An SVG QR code (error correction M, white quiet zone) for ``url``."""
    qr = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        scale=4,
        border=4,
        dark="#000",
        light="#fff",
        title="执法证核验二维码",
        svgclass=None,
        lineclass=None,
    )
    return out.getvalue()


Number = Annotated[str, Path(max_length=200, description="执法证号")]


@router.get("/verify/credential", include_in_schema=False)
def verify_credential_form(
    number: Annotated[str, Query(max_length=200, description="执法证号")] = "",
) -> RedirectResponse:
    cleaned = clean_number(number)
    if not cleaned:
        return RedirectResponse("/verify#credential", status_code=303)
    return RedirectResponse(f"/verify/credential/{quote(cleaned, safe='')}", status_code=303)


def _badge(cred: PublicCredential) -> tuple[str, str]:
    """(CSS class, label): green only when the holder may enforce now."""
    if cred.may_enforce:
        return "ok", cred.status.label_zh
    if cred.status is CredentialStatus.VALID:
        # Valid on paper but not usable today: not yet in force, holder or body not active.
        return "bad", "暂不可执法"
    return "bad", cred.status.label_zh


@router.get(
    "/verify/credential/{number}",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[RateLimited],
)
def credential_page(
    request: Request, ctx: ContextDep, session: SessionDep, number: Number
) -> HTMLResponse:
    now = ctx.clock.now()
    try:
        cred = public_credential(session, number, legal_date(now))
    except NotFound as exc:
        return render(
            request,
            "public/credential_missing.html",
            {
                "active": "verify",
                "title": "未查到该执法证",
                "message": exc.message_zh,
                "number": number[:40],
            },
            status_code=404,
        )
    response = render(
        request,
        "public/credential.html",
        {
            "active": "verify",
            "title": f"亮证核验：{cred.number}",
            "c": cred,
            "badge": _badge(cred),
            "checked_at": now,
            "verify_url": verification_url(request, cred.number),
            "qr_src": f"/verify/credential/{quote(cred.number, safe='')}/qr.svg",
        },
    )
    # The status may change at any moment (暂扣, 注销): never show a stale answer.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get(
    "/verify/credential/{number}/qr.svg", include_in_schema=False, dependencies=[RateLimited]
)
def credential_qr(request: Request, session: SessionDep, number: Number) -> Response:
    row = session.get(CredentialRow, number) if len(number) <= 40 else None
    if row is None:
        raise NotFound(f"未查到执法证号“{number[:40]}”", "credential not found")
    return Response(
        qr_svg(verification_url(request, row.number)),
        media_type="image/svg+xml",
        headers={"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


@router.get(
    "/api/public/credentials/{number}",
    summary="亮证核验：执法证当前能否执法",
    dependencies=[RateLimited],
)
async def credential_api(request: Request, ctx: ContextDep, number: Number) -> Response:
    """``PublicCredential.as_json()``; 404 ``{"error": {"code": "not_found", …}}`` if unknown.

    Answers are kept for ``ZHIFA_PUBLIC_CACHE_SECONDS`` (default 1 s) per worker: a
    status change reaches every public check within that time, and a shopkeeper's repeated
    scans cost no database work. Unknown numbers are never cached.
    """
    today = legal_date(ctx.clock.now())
    cache = _credential_cache(request, ctx)
    key = f"{number}|{today.isoformat()}"
    body = cache.get(key)
    if body is None:
        # Single flight: when an entry expires under load, one lookup runs and every
        # request for the same number waits for it, instead of all of them at once.
        pending = cache.inflight.get(key)
        if pending is None:

            def lookup() -> bytes:
                with ctx.read() as session:
                    cred = public_credential(session, number, today)
                return json.dumps(
                    cred.as_json(), ensure_ascii=False, separators=(",", ":")
                ).encode()

            pending = asyncio.ensure_future(run_in_threadpool(lookup))
            cache.inflight[key] = pending
            try:
                body = await pending
                cache.put(key, body)
            finally:
                cache.inflight.pop(key, None)
        else:
            body = await asyncio.shield(pending)
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


class TtlCache:
    """A small per-process cache: entries live ``ttl`` seconds; at most ``size`` are kept."""

    def __init__(self, ttl: float, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._data: dict[str, tuple[float, bytes]] = {}
        self.inflight: dict[str, asyncio.Future[bytes]] = {}

    def get(self, key: str) -> bytes | None:
        hit = self._data.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def put(self, key: str, value: bytes) -> None:
        if self.ttl <= 0:
            return
        if len(self._data) >= self.size:
            self._data.clear()  # cheap and bounded; entries are a second old at most
        self._data[key] = (time.monotonic() + self.ttl, value)

    def clear(self) -> None:
        self._data.clear()


def _credential_cache(request: Request, ctx: ContextDep) -> TtlCache:
    cache = getattr(request.app.state, "credential_cache", None)
    if cache is None:
        cache = TtlCache(ctx.settings.public_cache_seconds)
        request.app.state.credential_cache = cache
    return cache
