"""The policy table: each role's reach, and the scope rules, as plain functions."""

from __future__ import annotations

import pytest

from zhifa.access.model import POLICY, PUBLIC, Principal, Role, Scope, Target, may, within
from zhifa.registry.model import Regions

REGIONS = Regions.load()


def p(role: Role, **kw: str) -> Principal:
    return Principal(user_id="u1", role=role, **kw)


def test_every_action_names_known_roles_and_scopes() -> None:
    for action, grants in POLICY.items():
        assert grants, action
        for role, scope in grants.items():
            assert isinstance(role, Role)
            assert isinstance(scope, Scope)


def test_public_reads_only_public_things() -> None:
    allowed = {a for a in POLICY if may(PUBLIC, a)}
    # Besides reading public things, anyone may file a 投诉举报 (the one public write, with
    # its own signed token and per-address limit: docs/complaints.md).
    assert allowed == {
        "public.read",
        "ledger.read",
        "health.read",
        "session.manage",
        "complaint.submit",
    }


@pytest.mark.parametrize(
    "role", [Role.SUPERVISOR, Role.ENTERPRISE, Role.LEGAL_REVIEWER, Role.PUBLIC]
)
def test_clear_personal_values_only_where_work_needs_them(role: Role) -> None:
    assert not may(p(role), "personal.reveal")


def test_body_scope() -> None:
    officer = p(Role.OFFICER, body_id="b1")
    assert within(officer, "registry.read", Target(body_id="b1"), REGIONS.contains)
    assert not within(officer, "registry.read", Target(body_id="b2"), REGIONS.contains)
    assert not within(p(Role.OFFICER), "registry.read", Target(body_id="b1"), REGIONS.contains)


def test_region_scope_covers_the_hierarchy() -> None:
    city = p(Role.SUPERVISOR, region_code="990100")
    assert within(city, "registry.read", Target(region_code="990102"), REGIONS.contains)
    assert within(city, "registry.read", Target(region_code="990100"), REGIONS.contains)
    assert not within(city, "registry.read", Target(region_code="330106"), REGIONS.contains)
    district = p(Role.SUPERVISOR, region_code="990102")
    assert not within(district, "registry.read", Target(region_code="990100"), REGIONS.contains)


def test_own_scope() -> None:
    ent = Principal(user_id="u9", role=Role.ENTERPRISE, party_id="party-1")
    assert within(ent, "party.read", Target(owner_ids=frozenset({"party-1"})), REGIONS.contains)
    assert not within(ent, "party.read", Target(owner_ids=frozenset({"party-2"})), REGIONS.contains)


def test_role_not_granted_is_never_within() -> None:
    assert not within(p(Role.ENTERPRISE), "registry.read", Target(body_id="b1"), REGIONS.contains)


def test_second_factor_roles() -> None:
    assert {r for r in Role if r.needs_second_factor} == {Role.SUPERVISOR, Role.ADMINISTRATOR}
