"""Signing in and out, and the signed-in user's own account."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhifa.access.model import Principal
from zhifa.access.services import (
    LoginThrottle,
    Throttled,
    authenticate,
    change_password,
    constant_time_equals,
    end_session,
    start_session,
    verify_password,
)
from zhifa.kernel.errors import DomainError
from zhifa.web.auth import SESSION_COOKIE, Allow, csrf_token_for
from zhifa.web.deps import ContextDep
from zhifa.web.render import render

router = APIRouter(tags=["账号"])
LOGIN_CSRF_COOKIE = "zhifa_login_csrf"
THROTTLE = "login_throttle"

Session = Annotated[Principal, Depends(Allow("session.manage"))]
Account = Annotated[Principal, Depends(Allow("account.read"))]


def _throttle(request: Request) -> LoginThrottle:
    app_state = request.app.state
    if not hasattr(app_state, THROTTLE):
        setattr(app_state, THROTTLE, LoginThrottle())
    throttle: LoginThrottle = getattr(app_state, THROTTLE)
    return throttle


def _safe_next(target: str) -> str:
    # Only same-site paths: never an open redirect.
    return target if target.startswith("/") and not target.startswith("//") else "/workbench"


def _login_page(
    request: Request, *, error: str = "", username: str = "", next_: str = "/", status: int = 200
) -> HTMLResponse:
    # Keep the token a browser already has: several tabs, or a retry after a typo.
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        {"title": "登录", "error": error, "username": username, "next": next_, "csrf": token},
        status_code=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", max_age=1800, path="/login"
    )
    return response


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, _: Session, next: str = "/workbench") -> HTMLResponse:
    return _login_page(request, next_=_safe_next(next))


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    ctx: ContextDep,
    _: Session,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    totp: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=300)] = "/workbench",
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not constant_time_equals(cookie, csrf_token):
        return _login_page(
            request, error="页面已过期，请重新登录。", username=username, next_=next, status=403
        )
    client = request.client.host if request.client else "unknown"
    try:
        principal = authenticate(
            ctx,
            _throttle(request),
            username=username,
            password=password,
            totp_code=totp,
            client=client,
        )
    except DomainError as exc:
        status = 429 if isinstance(exc, Throttled) else 401
        return _login_page(
            request, error=exc.message_zh, username=username, next_=next, status=status
        )
    new = start_session(ctx, principal)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        new.token,
        httponly=True,
        secure=ctx.settings.mode == "production",
        samesite="lax",
        max_age=int((new.expires_at - ctx.clock.now()).total_seconds()),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, ctx: ContextDep, _: Account) -> Response:
    if token := request.cookies.get(SESSION_COOKIE):
        end_session(ctx, token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/api/me", summary="当前登录账号（含本会话的 CSRF 令牌，供页面脚本提交时使用）")
def me(request: Request, principal: Account) -> dict[str, Any]:
    return {
        "csrf_token": csrf_token_for(request),
        "user_id": principal.user_id,
        "username": principal.display,
        "role": principal.role.value,
        "role_label": principal.role.label_zh,
        "body_id": principal.body_id,
        "region_code": principal.region_code,
    }


ManageAccount = Annotated[Principal, Depends(Allow("account.manage"))]


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_page(request: Request, principal: ManageAccount) -> HTMLResponse:
    return render(
        request,
        "account.html",
        {
            "title": "我的账号",
            "csrf": csrf_token_for(request),
            "done": request.query_params.get("done"),
        },
    )


@router.post("/account/password", include_in_schema=False)
def change_own_password(
    request: Request,
    ctx: ContextDep,
    principal: ManageAccount,
    current: Annotated[str, Form(max_length=200)],
    new: Annotated[str, Form(max_length=200)],
    repeat: Annotated[str, Form(max_length=200)],
) -> Response:
    """A user changes their own password: the current one is checked first."""
    error = ""
    if new != repeat:
        error = "两次输入的新密码不一致。"
    elif not verify_password(ctx, principal.user_id, current):
        error = "当前密码不正确。"
    if not error:
        try:
            with ctx.uow() as uow:
                change_password(uow, principal.actor, principal.user_id, new)
                uow.commit()
        except DomainError as exc:
            error = exc.message_zh
    if error:
        return render(
            request,
            "account.html",
            {"title": "我的账号", "csrf": csrf_token_for(request), "error": error},
            status_code=400,
        )
    return RedirectResponse("/account?done=1", status_code=303)
