"""Who is asking, and may they: every route depends on ``Allow(action)``.

The principal comes from a session cookie (browsers) or an ``Authorization: Bearer``
API token (system-to-system import); otherwise it is the public. ``Allow`` checks the
policy table (``zhifa.access.model.POLICY``); a refusal is recorded on the ledger and
answered 401 (not signed in) or 403, with a Chinese page or JSON, revealing nothing about
whether the object exists. Writes by cookie need the session's CSRF token.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from zhifa.access.model import POLICY, PUBLIC, Principal, Target, may, within
from zhifa.access.services import (
    SessionState,
    constant_time_equals,
    load_session,
    principal_for_token,
    record_denial,
)
from zhifa.kernel.errors import DomainError, Forbidden
from zhifa.registry.model import Regions
from zhifa.web.deps import ContextDep

SESSION_COOKIE = "zhifa_session"

# Routes the framework adds, with the policy that covers them: static files and the API's
# own description hold no data, so they are public (``public.read``).
INFRASTRUCTURE = {
    "/static": "public.read",
    "/static-offline-docs": "public.read",
    "/openapi.json": "public.read",
    "/docs": "public.read",
    "/docs/oauth2-redirect": "public.read",
}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class NotSignedIn(DomainError):
    code = "not_signed_in"
    http_status = 401


class RoleForbidden(Forbidden):
    """The role may not take this action at all."""

    code = "role_forbidden"


class OutOfScope(Forbidden):
    """The object is outside the principal's scope, or does not exist (never said which)."""

    code = "out_of_scope"


class CsrfRefused(Forbidden):
    code = "csrf_refused"


def _route_template(request: Request) -> str:
    route = request.scope.get("route")
    return route.path if isinstance(route, APIRoute) else request.url.path.split("?")[0]


def _identify(request: Request, ctx: ContextDep) -> tuple[Principal, str | None, str | None]:
    """(principal, csrf token of the session or None, why a presented credential failed)."""
    cached = getattr(request.state, "zhifa_identity", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    result: tuple[Principal, str | None, str | None] = (PUBLIC, None, None)
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        principal = principal_for_token(ctx, auth[7:].strip())
        result = (principal, None, None) if principal else (PUBLIC, None, "bad_token")
    elif token := request.cookies.get(SESSION_COOKIE):
        state = load_session(ctx, token)
        if isinstance(state, SessionState):
            result = (state.principal, state.csrf_token, None)
        else:
            result = (PUBLIC, None, state)
    request.state.zhifa_identity = result
    return result


def current_principal(request: Request, ctx: ContextDep) -> Principal:
    return _identify(request, ctx)[0]


def csrf_token_for(request: Request) -> str | None:
    identity = getattr(request.state, "zhifa_identity", None)
    return identity[1] if identity else None


class Allow:
    """The route-level policy check. ``Allow("registry.read")`` as a dependency."""

    def __init__(self, action: str) -> None:
        if action not in POLICY:
            raise KeyError(f"no policy for action {action!r}")
        self.action = action

    async def __call__(self, request: Request, ctx: ContextDep) -> Principal:
        if "authorization" in request.headers or SESSION_COOKIE in request.cookies:
            principal, csrf, failure = await run_in_threadpool(_identify, request, ctx)
        else:  # the public: nothing to look up, no thread needed
            principal, csrf, failure = PUBLIC, None, None
            request.state.zhifa_identity = (principal, csrf, failure)
        route = _route_template(request)
        if not may(principal, self.action):
            reason = failure or ("not_signed_in" if principal.anonymous else "role")
            await run_in_threadpool(
                record_denial, ctx, principal, action=self.action, route=route, reason=reason
            )
            if principal.anonymous:
                msg = {
                    "session_expired": "登录已过期，请重新登录。",
                    "bad_session": "登录状态无效，请重新登录。",
                    "bad_token": "接口令牌无效或已撤销。",
                }.get(failure or "", "请先登录。")
                raise NotSignedIn(msg, f"not signed in ({reason})", hint_zh="请登录后再试。")
            raise RoleForbidden(
                "无权访问：您的角色不能进行此项操作。",
                f"role {principal.role} may not {self.action}",
                article=10 if self.action.startswith(("personal", "party")) else 8,
            )
        if (
            request.method not in SAFE_METHODS
            and csrf is not None  # cookie sessions only; bearer tokens carry no ambient authority
        ):
            sent = request.headers.get(CSRF_HEADER)
            if sent is None and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")
            ):
                sent = str((await request.form()).get(CSRF_FIELD, ""))
            if not sent or not constant_time_equals(sent, csrf):
                await run_in_threadpool(
                    record_denial, ctx, principal, action=self.action, route=route, reason="csrf"
                )
                raise CsrfRefused(
                    "请求校验失败（表单已过期或来源不明），请刷新页面后重试。",
                    "CSRF token missing or wrong",
                )
        request.state.zhifa_action = self.action
        return principal


def require_within(
    request: Request, ctx: ContextDep, principal: Principal, target: Target | None
) -> None:
    """The object-level check: the target must lie inside the principal's scope.

    A target that does not exist (``None``) is refused exactly like one out of scope, so a
    refusal never tells whether the object exists.
    """
    action = getattr(request.state, "zhifa_action", "")
    regions = Regions.load()
    if target is None or not within(principal, action, target, regions.contains):
        record_denial(ctx, principal, action=action, route=_route_template(request), reason="scope")
        raise OutOfScope(
            "无权访问：该对象不在您的职责范围内，或对象不存在。",
            f"{action}: target out of scope or missing",
            article=8,
        )


PrincipalDep = Annotated[Principal, Depends(current_principal)]
