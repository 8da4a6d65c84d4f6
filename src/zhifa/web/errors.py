"""One place that turns errors into responses: JSON under /api, a Chinese page elsewhere."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhifa.kernel.errors import DomainError, Violation
from zhifa.web.render import render

log = logging.getLogger("zhifa.web")

_STATUS_ZH = {
    400: "请求有误",
    401: "请先登录",
    403: "无权访问",
    404: "未找到",
    405: "不支持此操作方式",
    409: "操作与当前状态冲突",
    422: "输入不符合要求",
    429: "请求过于频繁，请稍后再试",
    500: "系统内部错误",
}

_FIELD_ERRORS_ZH = {
    "missing": "缺少必填项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "string_pattern_mismatch": "格式不正确",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "bool_parsing": "应为是或否",
    "enum": "不是可选值之一",
    "literal_error": "不是可选值之一",
    "json_invalid": "JSON 格式错误",
}


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in ("/healthz", "/openapi.json")


def _respond(request: Request, status: int, body: dict[str, Any]) -> Response:
    if _wants_json(request):
        return JSONResponse(body, status_code=status)
    return render(
        request,
        "error.html",
        {"status": status, "title": _STATUS_ZH.get(status, "出错了"), "error": body},
        status_code=status,
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        # Logs carry the English message only: Chinese messages may quote user input.
        log.info("refused %s %s: %s", request.method, request.url.path, exc.code)
        return _respond(request, exc.http_status, {"error": exc.diagnostics()})

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        violations = []
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
            field = ".".join(loc) or "请求"
            reason = _FIELD_ERRORS_ZH.get(str(err.get("type")), "不符合要求")
            violations.append(Violation(field, f"{field}：{reason}", str(err.get("msg", ""))))
        error = DomainError(
            "输入不符合要求：" + "；".join(v.reason_zh for v in violations),
            "request validation failed",
            violations=violations,
        )
        body = error.diagnostics()
        body["code"] = "invalid_request"
        return _respond(request, 400, {"error": body})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        title = _STATUS_ZH.get(exc.status_code, "出错了")
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else title
        if exc.status_code == 404:
            detail = "您要找的页面或记录不存在。"
        response = _respond(
            request,
            exc.status_code,
            {"error": {"code": f"http_{exc.status_code}", "message": detail}},
        )
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _respond(
            request,
            500,
            {"error": {"code": "internal", "message": "系统内部错误，已记录，请稍后重试。"}},
        )
