"""年度报告 pages: a body's or a region's annual enforcement data for staff, publication by the
body's head, and the published report on the public portal — HTML with inline SVG charts (each
with its table) and PDF."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from zhifa.access.model import POLICY, Principal, Scope, Target, roles_for
from zhifa.app_context import Context
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import DomainError, NotFound
from zhifa.registry.model import Regions
from zhifa.registry.tables import BodyRow
from zhifa.reports import services as reports
from zhifa.reports.charts import bar_svg, pie_svg
from zhifa.reports.model import digest
from zhifa.reports.pdf import render_report_pdf
from zhifa.reports.tables import AnnualReportRow
from zhifa.web.auth import Allow, csrf_token_for, require_within
from zhifa.web.deps import ContextDep, SessionDep
from zhifa.web.ratelimit import BrowseLimited
from zhifa.web.render import render
from zhifa.web.routes.registry_api import _visible_body_ids

router = APIRouter(include_in_schema=False)

Read = Annotated[Principal, Depends(Allow("report.read"))]
Publish = Annotated[Principal, Depends(Allow("report.publish"))]
Public = Annotated[Principal, Depends(Allow("public.read"))]
Fmt = Annotated[str, Query(alias="format", pattern="^(html|pdf)$")]


def charts(report: dict[str, Any]) -> dict[str, Markup]:
    """The report's charts as inline SVG (generated here; the numbers are escaped)."""
    p = report["penalty"]
    return {
        "categories": Markup(
            bar_svg(
                "各类行政执法行为数量",
                [[c["label"], c["total"]] for c in report["categories"]],
                chart_id="chart-categories",
            )
        ),
        "results": Markup(bar_svg("行政处罚办理结果", p["results"], chart_id="chart-results")),
        "kinds": Markup(pie_svg("行政处罚种类", p["kinds"], chart_id="chart-kinds")),
        "measures": Markup(
            bar_svg("行政强制措施", report["coercion"]["measures"], chart_id="chart-measures")
        ),
        "complaints": Markup(
            bar_svg("投诉举报", report["complaints"], chart_id="chart-complaints")
        ),
    }


def _pdf(report: dict[str, Any], name: str, published: dict[str, Any] | None = None) -> Response:
    data = render_report_pdf(report, published=published)
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="annual-report-{name}.pdf"'},
    )


def _year(ctx: Context, year: int | None) -> int:
    today = legal_date(ctx.clock.now())
    return reports.check_year(year if year is not None else today.year - 1, today)


YearQ = Annotated[int | None, Query(ge=1900, le=2999, description="报告年度")]


@router.get("/supervision/reports/annual", response_class=HTMLResponse, response_model=None)
def annual_report(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    principal: Read,
    year: YearQ = None,
    body: Annotated[str, Query(max_length=32)] = "",
    region: Annotated[str, Query(max_length=12)] = "",
    fmt: Fmt = "html",
) -> Response:
    """A body's report (``body``), a region's (``region``), or the index of both."""
    y = _year(ctx, year)
    today = legal_date(ctx.clock.now())
    if body.strip():
        row = session.get(BodyRow, body.strip())
        require_within(
            request,
            ctx,
            principal,
            Target(body_id=row.id, region_code=row.region_code) if row else None,
        )
        assert row is not None
        report = reports.body_report(session, row.id, y)
        published = session.get(AnnualReportRow, (row.id, y))
        if fmt == "pdf":
            return _pdf(report, f"{y}-{row.id}")
        return render(
            request,
            "reports/annual.html",
            {
                "active": "supervision",
                "title": f"{row.name}{y}年度行政执法数据",
                "r": report,
                "charts": charts(report),
                "year": y,
                "pdf_url": f"/supervision/reports/annual?year={y}&body={row.id}&format=pdf",
                "published": published,
                "changed": published is not None and published.digest != digest(report),
                "may_publish": principal.role in POLICY["report.publish"] and y < today.year,
                "body_id": row.id,
                "csrf": csrf_token_for(request),
            },
        )
    if region.strip():
        code = region.strip()
        require_within(request, ctx, principal, Target(region_code=code))
        report = reports.region_report(session, code, y)
        if fmt == "pdf":
            return _pdf(report, f"{y}-{code}")
        return render(
            request,
            "reports/annual.html",
            {
                "active": "supervision",
                "title": f"{report['scope']['name']}{y}年度行政执法数据",
                "r": report,
                "charts": charts(report),
                "year": y,
                "pdf_url": f"/supervision/reports/annual?year={y}&region={code}&format=pdf",
                "published": None,
                "changed": False,
                "may_publish": False,
                "body_id": None,
                "csrf": csrf_token_for(request),
            },
        )
    visible = _visible_body_ids(session, principal, "report.read")
    bodies = reports.reporting_bodies(session, visible)
    by_body = {
        r.body_id: r
        for r in session.scalars(select(AnnualReportRow).where(AnnualReportRow.year == y))
    }
    scope = roles_for("report.read")[principal.role]
    region_code = principal.region_code if scope is Scope.REGION else None
    return render(
        request,
        "reports/index.html",
        {
            "active": "supervision",
            "title": "年度行政执法数据",
            "year": y,
            "years": list(range(today.year, today.year - 6, -1)),
            "bodies": [(b, by_body.get(b.id)) for b in bodies],
            "reminders": reports.reminders(session, today, visible),
            "late": reports.late_reports(session, visible),
            "names": {b.id: b.name for b in session.scalars(select(BodyRow))},
            "region": region_code,
            "region_name": Regions.load().full_name(region_code) if region_code else "",
            "due": reports.due(y, today),
        },
    )


@router.post("/supervision/reports/annual/publish")
async def publish_report(
    request: Request,
    ctx: ContextDep,
    principal: Publish,
    year: Annotated[int, Form(ge=1900, le=2999)] = 0,
    body: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """The body's head publishes the report as it stands (a ledger event with its digest)."""

    def check_scope() -> None:
        with ctx.read() as session:
            row = session.get(BodyRow, body) if body else None
            target = Target(body_id=row.id, region_code=row.region_code) if row else None
        require_within(request, ctx, principal, target)

    await run_in_threadpool(check_scope)

    def publish() -> None:
        with ctx.uow() as uow:
            reports.publish_annual_report(uow, principal.actor, body, year)
            uow.commit()

    try:
        await run_in_threadpool(publish)
    except DomainError as exc:
        return render(
            request,
            "error.html",
            {"status": exc.http_status, "title": "未能公布", "error": {"error": exc.diagnostics()}},
            status_code=exc.http_status,
        )
    return RedirectResponse(f"/public/reports/{year}/{body}", status_code=303)


# ---------------------------------------------------------------------------- public


@router.get("/public/reports", response_class=HTMLResponse, dependencies=[BrowseLimited])
def public_reports(request: Request, session: SessionDep, _: Public) -> HTMLResponse:
    rows = session.execute(
        select(
            AnnualReportRow.year,
            AnnualReportRow.body_id,
            AnnualReportRow.published_on,
            BodyRow.name,
        )
        .join(BodyRow, BodyRow.id == AnnualReportRow.body_id)
        .order_by(AnnualReportRow.year.desc(), BodyRow.region_code, BodyRow.name)
    ).all()
    return render(
        request,
        "reports/public_index.html",
        {"active": "public", "title": "年度行政执法数据", "rows": rows},
    )


@router.get(
    "/public/reports/{year}/{body_id}",
    response_class=HTMLResponse,
    response_model=None,
    dependencies=[BrowseLimited],
)
def public_report(
    request: Request,
    session: SessionDep,
    _: Public,
    year: Annotated[int, Path(ge=1900, le=2999)],
    body_id: Annotated[str, Path(max_length=32)],
    fmt: Fmt = "html",
) -> Response:
    """A published report exactly as published, with its digest and its ledger entry."""
    row = session.get(AnnualReportRow, (body_id, year))
    if row is None:
        raise NotFound(
            f"该执法主体尚未公布 {year} 年度行政执法数据",
            "annual report not published",
            hint_zh="年度行政执法数据应在次年1月31日前公布（国办发〔2018〕118号）。",
        )
    report = dict(row.report)
    published = {"published_on": row.published_on.isoformat(), "entry": row.entry}
    if fmt == "pdf":
        return _pdf(report, f"{year}-{body_id}", published)
    return render(
        request,
        "reports/annual.html",
        {
            "active": "public",
            "title": f"{report['scope']['name']}{year}年度行政执法数据",
            "r": report,
            "charts": charts(report),
            "year": year,
            "pdf_url": f"/public/reports/{year}/{body_id}?format=pdf",
            "published": row,
            "changed": False,
            "may_publish": False,
            "body_id": body_id,
            "public": True,
            "csrf": None,
        },
    )
