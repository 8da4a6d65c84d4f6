"""Jinja2 templates with zhifa's filters: Chinese dates, money, masks."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from zhifa import __version__
from zhifa.kernel.clock import format_date_zh, format_datetime_zh
from zhifa.kernel.money import Money, format_yuan

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def _date_zh(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime_zh(value)
    return format_date_zh(value)


def _yuan(value: int | Money | None) -> str:
    if value is None:
        return ""
    return format_yuan(value if isinstance(value, Money) else Money(value))


templates.env.filters["date_zh"] = _date_zh
templates.env.filters["yuan"] = _yuan
templates.env.globals["version"] = __version__

NAV = [
    ("/", "公示", "public"),
    ("/verify", "核验", "verify"),
    ("/workbench", "工作台", "workbench"),
    ("/supervision", "监督", "supervision"),
]
templates.env.globals["nav"] = NAV


# Imported here, not at the top: zhifa.web.auth renders nothing but depends on the stack
# below the templates.
from zhifa.web.auth import csrf_token_for  # noqa: E402

templates.env.globals["csrf_token_for"] = csrf_token_for


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    data = dict(context or {})
    identity = getattr(request.state, "zhifa_identity", None)
    data.setdefault("principal", identity[0] if identity else None)
    return templates.TemplateResponse(request, name, data, status_code=status_code)
