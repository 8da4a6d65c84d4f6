"""Who may do what, where: roles, scopes and the one policy table every route consults.

准则第十条 forbids leaking secrets, privacy and personal information; 准则第八条 forbids
meddling in cases one has no role in. Both come down to one table: for each action, the
roles that may take it and within which scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The roles of zhifa's users (public = not signed in)."""

    OFFICER = "officer"
    LEGAL_REVIEWER = "legal_reviewer"
    BODY_HEAD = "body_head"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"
    ENTERPRISE = "enterprise"
    PUBLIC = "public"

    @property
    def label_zh(self) -> str:
        return _ROLE_ZH[self]

    @property
    def needs_second_factor(self) -> bool:
        """Supervisors and administrators sign in with a TOTP code as well."""
        return self in (Role.SUPERVISOR, Role.ADMINISTRATOR)


_ROLE_ZH = {
    Role.OFFICER: "执法人员",
    Role.LEGAL_REVIEWER: "法制审核人员",
    Role.BODY_HEAD: "执法机关负责人",
    Role.SUPERVISOR: "执法监督人员（司法行政部门）",
    Role.ADMINISTRATOR: "系统管理员",
    Role.ENTERPRISE: "企业用户",
    Role.PUBLIC: "公众（未登录）",
}


class Scope(StrEnum):
    """How far a permission reaches."""

    ANY = "any"  # everything (public data, or the system-wide administrator)
    REGION = "region"  # the bodies in the user's region and below (supervisors)
    BODY = "body"  # the user's own body
    OWN = "own"  # the user's own records (an enterprise's own, an officer's own)


@dataclass(frozen=True)
class Principal:
    """The signed-in user (or the public) a request acts for."""

    user_id: str
    role: Role
    display: str = ""
    body_id: str | None = None
    region_code: str | None = None
    officer_id: str | None = None
    party_id: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.role is Role.PUBLIC

    @property
    def actor(self) -> str:
        """How the ledger names this principal as an event's actor."""
        return f"user:{self.user_id}" if not self.anonymous else "public"


PUBLIC = Principal(user_id="", role=Role.PUBLIC)


@dataclass(frozen=True)
class Target:
    """Where the object of an action sits: its body and region, and whose it is."""

    body_id: str | None = None
    region_code: str | None = None
    owner_ids: frozenset[str] = frozenset()


R = Role
S = Scope

# The one policy table: action → {role: scope}. A role not listed may not take the action.
# Every route names its action (a test fails when one does not), and a matrix test checks
# every role against every route.
POLICY: dict[str, dict[Role, Scope]] = {
    # 公示 and 核验: open to everyone.
    "public.read": dict.fromkeys(Role, S.ANY),
    "ledger.read": dict.fromkeys(Role, S.ANY),
    "health.read": dict.fromkeys(Role, S.ANY),
    "session.manage": dict.fromkeys(Role, S.ANY),
    # The signed-in user's own account.
    "account.read": {r: S.OWN for r in Role if r is not R.PUBLIC},
    "account.manage": {r: S.OWN for r in Role if r is not R.PUBLIC},
    # Doors.
    "workbench.open": {R.OFFICER: S.BODY, R.LEGAL_REVIEWER: S.BODY, R.BODY_HEAD: S.BODY},
    "supervision.open": {R.SUPERVISOR: S.REGION, R.ADMINISTRATOR: S.ANY},
    # Registry reads for staff: masked personal data.
    "registry.read": {
        R.OFFICER: S.BODY,
        R.LEGAL_REVIEWER: S.BODY,
        R.BODY_HEAD: S.BODY,
        R.SUPERVISOR: S.REGION,
        R.ADMINISTRATOR: S.ANY,
    },
    "party.read": {
        R.OFFICER: S.BODY,
        R.LEGAL_REVIEWER: S.BODY,
        R.BODY_HEAD: S.BODY,
        R.SUPERVISOR: S.REGION,
        R.ADMINISTRATOR: S.ANY,
        R.ENTERPRISE: S.OWN,
    },
    # A clear personal value: only where the work needs it, always with a stated purpose,
    # always recorded. Supervisors see masked data; they ask the body for clear values.
    "personal.reveal": {R.OFFICER: S.BODY, R.BODY_HEAD: S.BODY, R.ADMINISTRATOR: S.ANY},
    "registry.export": {R.BODY_HEAD: S.BODY, R.SUPERVISOR: S.REGION, R.ADMINISTRATOR: S.ANY},
    # Administration.
    "registry.manage": {R.ADMINISTRATOR: S.ANY},
    "credential.manage": {R.BODY_HEAD: S.BODY, R.ADMINISTRATOR: S.ANY},
    "user.manage": {R.ADMINISTRATOR: S.ANY},
    "audit.read": {R.SUPERVISOR: S.REGION, R.ADMINISTRATOR: S.ANY},
    # 文书要素检查 (准则第九条): a pure check of the submitted text, nothing read or written.
    "document.check": {
        R.OFFICER: S.BODY,
        R.LEGAL_REVIEWER: S.BODY,
        R.BODY_HEAD: S.BODY,
        R.SUPERVISOR: S.REGION,
        R.ADMINISTRATOR: S.ANY,
    },
    # 文明执法用语检查 (准则第六条): a pure check of the submitted words, nothing read or written.
    "language.check": {
        R.OFFICER: S.BODY,
        R.LEGAL_REVIEWER: S.BODY,
        R.BODY_HEAD: S.BODY,
        R.SUPERVISOR: S.REGION,
        R.ADMINISTRATOR: S.ANY,
    },
    # 行政执法公示: redact a text before publication (准则第十条). Staff only.
    "disclosure.redact": {
        R.OFFICER: S.BODY,
        R.LEGAL_REVIEWER: S.BODY,
        R.BODY_HEAD: S.BODY,
        R.SUPERVISOR: S.REGION,
        R.ADMINISTRATOR: S.ANY,
    },
    # 事后公开 (国办发〔2018〕118号): the body's staff see its publication tasks (the
    # public text only); the head (or the administrator) reviews the original beside the
    # redacted text, releases, withdraws, and sets auto-release.
    "disclosure.read": {
        R.OFFICER: S.BODY,
        R.LEGAL_REVIEWER: S.BODY,
        R.BODY_HEAD: S.BODY,
        R.SUPERVISOR: S.REGION,
        R.ADMINISTRATOR: S.ANY,
    },
    "disclosure.release": {R.BODY_HEAD: S.BODY, R.ADMINISTRATOR: S.ANY},
    # 案件办理 (the officer workbench). Reading a case: the body's staff, the region's
    # supervisors. Recording a step: the body's officers (only on cases assigned to them,
    # 准则第八条) and its head. 法制审核: the body's legal reviewers. Signing an approval in
    # one's own name (approved_by = the signed-in head): the body's head.
    "case.read": {
        R.OFFICER: S.BODY,
        R.LEGAL_REVIEWER: S.BODY,
        R.BODY_HEAD: S.BODY,
        R.SUPERVISOR: S.REGION,
        R.ADMINISTRATOR: S.ANY,
    },
    "case.record": {R.OFFICER: S.BODY, R.BODY_HEAD: S.BODY},
    "case.review": {R.LEGAL_REVIEWER: S.BODY},
    "case.approve": {R.BODY_HEAD: S.BODY},
    # 投诉举报: anyone may submit (no account needed); the body's officers and head handle
    # them; the region's supervisors read them (masked). The text and the contact are
    # personal data: reading them clear is a recorded read by a handler (准则第十条).
    "complaint.submit": dict.fromkeys(Role, S.ANY),
    "complaint.read": {
        R.OFFICER: S.BODY,
        R.BODY_HEAD: S.BODY,
        R.SUPERVISOR: S.REGION,
        R.ADMINISTRATOR: S.ANY,
    },
    "complaint.handle": {R.OFFICER: S.BODY, R.BODY_HEAD: S.BODY},
    # 年度行政执法数据 (国办发〔2018〕118号): the body's head reads and publishes its own
    # report; supervisors read their region's; the published report is public (public.read).
    "report.read": {R.BODY_HEAD: S.BODY, R.SUPERVISOR: S.REGION, R.ADMINISTRATOR: S.ANY},
    "report.publish": {R.BODY_HEAD: S.BODY},
    # 行为准则发现事项: supervisors read, order (督办) and dismiss in their region; the body's
    # head reads the findings about the body and reports rectification (整改).
    "finding.read": {R.BODY_HEAD: S.BODY, R.SUPERVISOR: S.REGION, R.ADMINISTRATOR: S.ANY},
    "finding.handle": {R.BODY_HEAD: S.BODY, R.SUPERVISOR: S.REGION},
    "finding.rectify": {R.BODY_HEAD: S.BODY},
}


def roles_for(action: str) -> dict[Role, Scope]:
    try:
        return POLICY[action]
    except KeyError:
        raise KeyError(f"no policy for action {action!r}") from None


def may(principal: Principal, action: str) -> bool:
    """Whether the principal's role may take the action at all (in some scope)."""
    return principal.role in roles_for(action)


def within(
    principal: Principal,
    action: str,
    target: Target,
    region_contains: Callable[[str, str], bool],
) -> bool:
    """Whether the target lies inside the principal's scope for this action."""
    scope = roles_for(action).get(principal.role)
    if scope is None:
        return False
    if scope is Scope.ANY:
        return True
    if scope is Scope.BODY:
        return principal.body_id is not None and target.body_id == principal.body_id
    if scope is Scope.REGION:
        return (
            principal.region_code is not None
            and target.region_code is not None
            and region_contains(principal.region_code, target.region_code)
        )
    # OWN: the principal is one of the target's owners.
    return bool(
        {principal.user_id, principal.officer_id, principal.party_id} & target.owner_ids - {None}
    )
