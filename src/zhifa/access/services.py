"""Access use cases: accounts, sign-in with throttling and TOTP, sessions, API tokens,
recorded reads of personal data, and refusals on the ledger."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from zhifa.access.events import (
    AccessDenied,
    ApiTokenIssued,
    PasswordChanged,
    PersonalDataRead,
    SignedIn,
    SignInRefused,
    UserRegistered,
)
from zhifa.access.model import Principal, Role
from zhifa.access.tables import ApiTokenRow, SessionRow, UserRow
from zhifa.app_context import Context
from zhifa.kernel.errors import DomainError, Forbidden, InvalidInput, Violation
from zhifa.kernel.ids import new_id
from zhifa.ledger.personal import PersonalValue, reveal
from zhifa.registry.tables import BodyRow, OfficerRow, PartyRow
from zhifa.store.engine import write_session
from zhifa.store.uow import UnitOfWork

_HASHER = PasswordHasher()
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 12
SESSION_IDLE = timedelta(minutes=30)
SESSION_MAX = timedelta(hours=12)


class SignInError(DomainError):
    """Sign-in refused. The message never says whether the username exists."""

    code = "sign_in_refused"
    http_status = 401


class Throttled(DomainError):
    code = "throttled"
    http_status = 429


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# ----------------------------------------------------------------------------- accounts


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD or password.isdigit() or password.isalpha():
        raise InvalidInput(
            f"密码至少 {MIN_PASSWORD} 位，且须同时包含字母和数字",
            "password too weak",
            violations=[Violation("password", "密码强度不足", "password too weak")],
        )


def create_user(
    uow: UnitOfWork,
    actor: str,
    *,
    username: str,
    password: str,
    role: str,
    name: str,
    body_id: str | None = None,
    region_code: str | None = None,
    officer_id: str | None = None,
    party_id: str | None = None,
    totp_secret: str | None = None,
    user_id: str | None = None,
) -> tuple[str, str | None]:
    """Create an account; returns (user id, TOTP secret for roles that need a second factor)."""
    r = Role(role)
    if r is Role.PUBLIC:
        raise InvalidInput("不能创建“公众”账号", "the public role has no accounts")
    problems = []
    if not USERNAME.match(username):
        problems.append(
            Violation("username", "用户名须为 3–64 位小写字母、数字或 . _ -", "bad username")
        )
    s = uow.session
    if s.scalar(select(UserRow.id).where(UserRow.username == username)):
        problems.append(Violation("username", "用户名已被使用", "username taken"))
    if r in (Role.OFFICER, Role.LEGAL_REVIEWER, Role.BODY_HEAD) and (
        not body_id or s.get(BodyRow, body_id) is None
    ):
        problems.append(Violation("body_id", "该角色须属于一个已登记的执法主体", "body required"))
    if r in (Role.OFFICER, Role.LEGAL_REVIEWER):
        officer = s.get(OfficerRow, officer_id) if officer_id else None
        if officer is None or officer.body_id != body_id:
            problems.append(
                Violation(
                    "officer_id", "执法人员账号须对应本主体在册的执法人员", "officer required"
                )
            )
    if r is Role.SUPERVISOR and not region_code:
        problems.append(Violation("region_code", "监督人员须指定监督的行政区域", "region required"))
    if r is Role.ENTERPRISE and (not party_id or s.get(PartyRow, party_id) is None):
        problems.append(Violation("party_id", "企业账号须对应已登记的当事人", "party required"))
    if not name.strip():
        problems.append(Violation("name", "姓名不能为空", "name empty"))
    if problems:
        raise InvalidInput("账号信息有误", "invalid account", violations=problems)
    _check_password(password)
    uid = user_id or new_id()
    secret = totp_secret or (pyotp.random_base32() if r.needs_second_factor else None)
    uow.record(
        [
            UserRegistered(
                actor=actor,
                occurred_at=uow.clock.now(),
                user_id=uid,
                username=username,
                role=r.value,
                name=uow.protect(uid, "name", name.strip()),
                password=uow.protect(uid, "password_hash", _HASHER.hash(password)),
                totp=uow.protect(uid, "totp_secret", secret) if secret else None,
                body_id=body_id,
                region_code=region_code,
                officer_id=officer_id,
                party_id=party_id,
            )
        ]
    )
    return uid, secret


def change_password(uow: UnitOfWork, actor: str, user_id: str, new_password: str) -> None:
    _check_password(new_password)
    uow.session.get_one(UserRow, user_id)
    uow.record(
        [
            PasswordChanged(
                actor=actor,
                occurred_at=uow.clock.now(),
                user_id=user_id,
                password=uow.protect(user_id, "password_hash", _HASHER.hash(new_password)),
            )
        ]
    )


def verify_password(ctx: Context, user_id: str, password: str) -> bool:
    with ctx.read() as s:
        row = s.get(UserRow, user_id)
        if row is None or not row.active:
            return False
        try:
            return _HASHER.verify(reveal(s, ctx.pii, row.password_ref), password)
        except (VerificationError, InvalidHashError):
            return False


def principal_of(row: UserRow) -> Principal:
    return Principal(
        user_id=row.id,
        role=Role(row.role),
        display=row.username,
        body_id=row.body_id,
        region_code=row.region_code,
        officer_id=row.officer_id,
        party_id=row.party_id,
    )


# ----------------------------------------------------------------------------- throttling


class LoginThrottle:
    """At most ``limit`` failed sign-ins per key (account, and client address) per window."""

    def __init__(self, limit: int = 5, window: float = 900.0, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._fails: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(
                len([t for t in self._fails.get(k, []) if now - t < self.window]) >= self.limit
                for k in keys
            )

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                times = [t for t in self._fails.pop(k, []) if now - t < self.window]
                self._fails[k] = [*times, now]
            while len(self._fails) > self.max_keys:
                self._fails.popitem(last=False)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)


# ----------------------------------------------------------------------------- sign-in


def authenticate(
    ctx: Context,
    throttle: LoginThrottle,
    *,
    username: str,
    password: str,
    totp_code: str,
    client: str,
) -> Principal:
    """Check a username, password and (for supervisors and administrators) TOTP code.

    Every refusal says the same thing to the user and is recorded on the ledger with the
    account's id if it exists (never the text typed as a username).
    """
    account_key = "u:" + _sha256(username.strip().lower())
    client_key = "c:" + client
    with ctx.uow() as uow:
        row = uow.session.scalars(
            select(UserRow).where(UserRow.username == username.strip().lower())
        ).first()

        def refuse(reason: str, zh: str) -> DomainError:
            uow.record(
                [
                    SignInRefused(
                        actor="public",
                        occurred_at=uow.clock.now(),
                        user_id=row.id if row else None,
                        reason=reason,
                    )
                ]
            )
            uow.commit()
            cls = Throttled if reason == "throttled" else SignInError
            return cls(zh, f"sign-in refused: {reason}")

        if throttle.blocked(account_key, client_key):
            raise refuse("throttled", "登录失败次数过多，请 15 分钟后再试。")
        ok = False
        if row is not None and row.active:
            try:
                ok = _HASHER.verify(reveal(uow.session, uow.pii, row.password_ref), password)
            except (VerificationError, InvalidHashError):
                ok = False
        if not ok or row is None:
            throttle.failed(account_key, client_key)
            raise refuse(
                "bad_credentials" if row is None or row.active else "inactive",
                "用户名或密码不正确。",
            )
        method = "password"
        if Role(row.role).needs_second_factor:
            secret = reveal(uow.session, uow.pii, row.totp_ref) if row.totp_ref else None
            if not secret or not pyotp.TOTP(secret).verify(
                totp_code.strip(), for_time=uow.clock.now(), valid_window=1
            ):
                throttle.failed(account_key, client_key)
                raise refuse("bad_totp", "动态验证码不正确（监督人员和管理员须输入动态验证码）。")
            method = "password+totp"
        throttle.succeeded(account_key)
        uow.record(
            [
                SignedIn(
                    actor=f"user:{row.id}",
                    occurred_at=uow.clock.now(),
                    user_id=row.id,
                    method=method,
                )
            ]
        )
        uow.commit()
        return principal_of(row)


@dataclass(frozen=True)
class NewSession:
    token: str
    csrf_token: str
    expires_at: datetime


def start_session(ctx: Context, principal: Principal) -> NewSession:
    now = ctx.clock.now()
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now + SESSION_MAX
    with write_session(ctx.session_factory) as s:
        s.execute(delete(SessionRow).where(SessionRow.expires_at < now))  # tidy expired ones
        s.add(
            SessionRow(
                token_sha256=_sha256(token),
                user_id=principal.user_id,
                csrf_token=csrf,
                created_at=now,
                last_seen=now,
                expires_at=expires,
            )
        )
    return NewSession(token, csrf, expires)


@dataclass(frozen=True)
class SessionState:
    principal: Principal
    csrf_token: str


def load_session(ctx: Context, token: str) -> SessionState | str:
    """The session's principal, or why there is none: "bad_session" or "session_expired".

    Reads without the write lock; only an expired session's removal or a stale
    ``last_seen`` (refreshed at most once a minute) takes a short write.
    """
    now = ctx.clock.now()
    key = _sha256(token)
    with ctx.read() as s:
        row = s.get(SessionRow, key)
        if row is None:
            return "bad_session"
        user = s.get(UserRow, row.user_id)
        expired = now >= row.expires_at or now - row.last_seen > SESSION_IDLE
        gone = user is None or not user.active
        stale = now - row.last_seen > timedelta(minutes=1)
        result: SessionState | str = (
            "session_expired"
            if expired
            else "bad_session"
            if gone or user is None
            else SessionState(principal_of(user), row.csrf_token)
        )
    if expired or gone:
        with write_session(ctx.session_factory) as w:
            w.execute(delete(SessionRow).where(SessionRow.token_sha256 == key))
    elif stale:
        with write_session(ctx.session_factory) as w:
            target = w.get(SessionRow, key)
            if target is not None:
                target.last_seen = now
    return result


def end_session(ctx: Context, token: str) -> None:
    with write_session(ctx.session_factory) as s:
        s.execute(delete(SessionRow).where(SessionRow.token_sha256 == _sha256(token)))


# ----------------------------------------------------------------------------- API tokens


def issue_api_token(uow: UnitOfWork, actor: str, user_id: str, label: str) -> str:
    """A new token for system-to-system calls; shown once, only its hash is kept."""
    user = uow.session.get(UserRow, user_id)
    if user is None:
        raise InvalidInput("账号不存在", f"user {user_id} not found")
    token = "zf_" + secrets.token_urlsafe(32)
    uow.record(
        [
            ApiTokenIssued(
                actor=actor,
                occurred_at=uow.clock.now(),
                token_id=new_id(),
                user_id=user_id,
                label=label.strip() or "接口令牌",
                token_sha256=_sha256(token),
            )
        ]
    )
    return token


def principal_for_token(ctx: Context, token: str) -> Principal | None:
    with ctx.read() as s:
        row = s.scalars(
            select(ApiTokenRow).where(ApiTokenRow.token_sha256 == _sha256(token))
        ).first()
        if row is None or not row.active:
            return None
        user = s.get(UserRow, row.user_id)
        if user is None or not user.active:
            return None
        return principal_of(user)


# ----------------------------------------------------------------------------- audit


def record_denial(
    ctx: Context, principal: Principal, *, action: str, route: str, reason: str
) -> None:
    with ctx.uow() as uow:
        uow.record(
            [
                AccessDenied(
                    actor=principal.actor,
                    occurred_at=uow.clock.now(),
                    user_id=principal.user_id or None,
                    role=principal.role.value,
                    action=action,
                    route=route,
                    reason=reason,
                )
            ]
        )
        uow.commit()


def reveal_recorded(
    uow: UnitOfWork, principal: Principal, *, ref: str, purpose: str
) -> tuple[PersonalValue, str]:
    """Decrypt one personal value for a principal and record the read, with its purpose."""
    if len(purpose.strip()) < 4:
        raise InvalidInput(
            "查看个人信息须写明用途（至少 4 个字，如“送达文书核对身份”）",
            "a purpose of at least 4 characters is required",
            violations=[Violation("purpose", "缺少用途说明", "purpose missing")],
        )
    row = uow.session.get(PersonalValue, ref)
    if row is None:
        raise Forbidden("无权访问或对象不存在", "no such personal value", article=10)
    value = reveal(uow.session, uow.pii, ref)
    uow.record(
        [
            PersonalDataRead(
                actor=principal.actor,
                occurred_at=uow.clock.now(),
                user_id=principal.user_id,
                subject_id=row.subject_id,
                field=row.field,
                ref=ref,
                purpose=purpose.strip(),
            )
        ]
    )
    return row, value


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
