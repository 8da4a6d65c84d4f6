"""Recording case steps: guards, personal-data protection, ledger and projections in one go.

Every way in — the officer's forms, the API, ``zhifa import`` — ends in ``record_steps``:
each event is checked against the case's current state (``zhifa.cases.model.check``), its
personal fields are encrypted beside the ledger, and it is recorded in the caller's unit
of work. A refusal raises before anything is written; the unit of work rolls back.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.cases import events as ev
from zhifa.cases.model import CaseState, OfficerInfo, check, evolve
from zhifa.cases.state_json import from_json
from zhifa.cases.tables import CaseRow
from zhifa.catalog.model import Matter
from zhifa.catalog.parameters import Parameter, Parameters
from zhifa.catalog.services import get_matter
from zhifa.deadlines.calendar import WorkingCalendar
from zhifa.kernel.canonical import canonical_json, parse_json
from zhifa.kernel.errors import NotFound
from zhifa.ledger.personal import PiiCipher, Sealed, reveal, seal
from zhifa.registry.authorize import authorize
from zhifa.registry.model import Body, Credential, Officer, Regions
from zhifa.registry.queries import body_of, credential_of, officer_of
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow
from zhifa.store.uow import UnitOfWork

# Personal fields whose clear value is JSON (a list of utterances), not a plain string.
JSON_PERSONAL = frozenset({"utterances", "content"})


class CalendarEnv:
    """The part of ``Env`` that needs only data files: legal parameters and the calendar.

    Projections use it (they must not read other tables), so do clocks on the case page.
    """

    def __init__(self, params: Parameters | None = None, calendar: WorkingCalendar | None = None):
        self.params = params or Parameters.load()
        self.calendar = calendar or WorkingCalendar.default()

    def param(self, key: str, on: date) -> Parameter:
        return self.params.get(key, on=on)

    def add_working_days(self, start: date, days: int) -> date:
        return self.calendar.add_working_days(start, days)

    def add_days(self, start: date, days: int) -> date:
        return self.calendar.add_calendar_days(start, days)

    def add_months(self, start: date, months: int) -> date:
        return self.calendar.add_months(start, months)

    def matter(self, code: str) -> Matter:  # pragma: no cover - projections never ask
        raise NotImplementedError

    def officer(self, officer_id: str) -> OfficerInfo:  # pragma: no cover
        raise NotImplementedError

    def may_approve(self, approver: str, body_id: str) -> bool:  # pragma: no cover
        raise NotImplementedError

    def authorize(
        self, officer_id: str, body_id: str, matter_code: str, region: str, on: date
    ) -> None:  # pragma: no cover
        raise NotImplementedError


@lru_cache(maxsize=1)
def calendar_env() -> CalendarEnv:
    return CalendarEnv()


class DbEnv(CalendarEnv):
    """``Env`` answered from the registry and the catalog, with per-instance caches (an
    import asks the same questions a million times)."""

    def __init__(self, session: Session, base: CalendarEnv | None = None) -> None:
        b = base or calendar_env()
        super().__init__(b.params, b.calendar)
        self.session = session
        self._matters: dict[str, Matter] = {}
        self._officers: dict[str, OfficerInfo] = {}
        self._people: dict[str, tuple[Officer, list[Credential]]] = {}
        self._bodies: dict[str, Body] = {}
        self._approvers: dict[tuple[str, str], bool] = {}
        self._breaks: dict[str, list[date]] = {}
        self._allowed: set[tuple[str, str, str, str, int]] = set()
        self._regions = Regions.load()

    def matter(self, code: str) -> Matter:
        m = self._matters.get(code)
        if m is None:
            m = self._matters[code] = get_matter(self.session, code)
        return m

    def officer(self, officer_id: str) -> OfficerInfo:
        info = self._officers.get(officer_id)
        if info is None:
            row = self.session.get(OfficerRow, officer_id)
            if row is None:
                raise NotFound(f"执法人员 {officer_id} 不存在", f"officer {officer_id} not found")
            info = self._officers[officer_id] = OfficerInfo(
                officer_id=row.id,
                name=row.name,
                body_id=row.body_id,
                kind=row.kind,
                active=row.active,
                legal_qualification=row.legal_qualification,
                is_legal_reviewer=row.is_legal_reviewer,
            )
        return info

    def may_approve(self, approver: str, body_id: str) -> bool:
        key = (approver, body_id)
        known = self._approvers.get(key)
        if known is None:
            known = self._approvers[key] = self._may_approve(approver, body_id)
        return known

    def _may_approve(self, approver: str, body_id: str) -> bool:
        from zhifa.access.tables import UserRow

        if approver.startswith("user:"):
            user = self.session.get(UserRow, approver.removeprefix("user:"))
            return bool(
                user and user.active and user.role == "body_head" and user.body_id == body_id
            )
        try:
            info = self.officer(approver)
        except NotFound:
            return False
        return info.body_id == body_id and info.active and info.kind == "officer"

    def authorize(
        self, officer_id: str, body_id: str, matter_code: str, region: str, on: date
    ) -> None:
        """Raise unless one of the officer's credentials lets them act (registry rows are
        read once per officer and body; the decision itself is the registry's pure guard)."""
        entry = self._people.get(officer_id)
        if entry is None:
            s = self.session
            officer_row = s.get(OfficerRow, officer_id)
            if officer_row is None:
                raise NotFound(f"执法人员 {officer_id} 不存在", f"officer {officer_id} not found")
            creds = s.scalars(
                select(CredentialRow)
                .where(CredentialRow.officer_id == officer_id)
                .order_by(CredentialRow.valid_to.desc())
            ).all()
            entry = self._people[officer_id] = (
                officer_of(officer_row),
                [credential_of(c) for c in creds],
            )
        body = self._bodies.get(body_id)
        if body is None:
            body_row = self.session.get(BodyRow, body_id)
            if body_row is None:
                raise NotFound(f"执法主体 {body_id} 不存在", f"body {body_id} not found")
            body = self._bodies[body_id] = body_of(body_row)
        officer, credentials = entry
        # The registry's decision depends on the day only through each credential's
        # validity dates: days between two consecutive breakpoints get the same answer, so
        # a go-ahead is remembered for that window (a refusal is always worked out again).
        breaks = self._breaks.get(officer_id)
        if breaks is None:
            breaks = self._breaks[officer_id] = _breakpoints(credentials)
        key = (officer_id, body_id, matter_code, region, bisect_right(breaks, on))
        if key in self._allowed:
            return
        matter = self.matter(matter_code)
        first_error: Exception | None = None
        candidates: list[Credential | None] = list(credentials) or [None]
        for cred in candidates:
            try:
                authorize(officer, cred, body, matter, region, on, self._regions)
            except Exception as exc:  # the refusal for the newest credential is reported
                first_error = first_error or exc
                continue
            self._allowed.add(key)
            return
        assert first_error is not None
        raise first_error


def _breakpoints(credentials: Sequence[Credential]) -> list[date]:
    """The days on which some credential's validity changes: its first day, and the day
    after its last (``Credential.status_on`` and ``authorize`` compare with these)."""
    days: set[date] = set()
    for c in credentials:
        days.add(c.valid_from)
        if c.valid_to < date.max:
            days.add(c.valid_to + timedelta(days=1))
    return sorted(days)


def case_row(session: Session, case_id: str) -> CaseRow | None:
    """The case's row, held for the whole session: the identity map keeps clean objects only
    weakly, and an import touches the same case a dozen times between flushes."""
    rows: dict[str, CaseRow | None] = session.info.setdefault("zhifa_case_rows", {})
    if case_id in rows:
        return rows[case_id]  # a row, or None: looked for and not there (nothing else adds one)
    row = rows[case_id] = session.get(CaseRow, case_id)
    return row


def prefetch_case_rows(session: Session, case_ids: Iterable[str]) -> None:
    """Read the rows of many cases at once into the session's cache (``case_row``); a case
    without a row is remembered as such."""
    rows: dict[str, CaseRow | None] = session.info.setdefault("zhifa_case_rows", {})
    wanted = [cid for cid in dict.fromkeys(case_ids) if cid not in rows]
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        found = {r.id: r for r in session.scalars(select(CaseRow).where(CaseRow.id.in_(chunk)))}
        for cid in chunk:
            rows[cid] = found.get(cid)


def remember_row(session: Session, row: CaseRow) -> None:
    session.info.setdefault("zhifa_case_rows", {})[row.id] = row


def load_state(session: Session, case_id: str) -> CaseState | None:
    row = case_row(session, case_id)
    if row is None:
        return None
    cached = row.__dict__.get("_zhifa_state")
    if cached is not None and cached[0] == row.last_entry:
        return cached[1]  # type: ignore[no-any-return]
    state = from_json(row.state)
    row.__dict__["_zhifa_state"] = (row.last_entry, state)
    return state


def clear_fields(e: ev.CaseEvent) -> Iterator[tuple[str, str]]:
    """Each personal field still in clear, with the text that is encrypted for it."""
    for name in e.PERSONAL:
        value = getattr(e, name)
        if value is None or value == "" or (isinstance(value, dict) and "commitment" in value):
            continue
        yield name, canonical_json(value).decode() if name in JSON_PERSONAL else str(value)


def protect_fields(uow: UnitOfWork, e: ev.CaseEvent) -> ev.CaseEvent:
    """Replace each clear personal field with its commitment (value encrypted beside the ledger)."""
    changes: dict[str, Any] = {
        name: uow.protect(e.case_id, name, text) for name, text in clear_fields(e)
    }
    return dataclasses.replace(e, **changes) if changes else e


def seal_fields(
    cipher: PiiCipher,
    e: ev.CaseEvent,
    rows: list[Sealed],
    texts: dict[str, str] | None = None,
) -> ev.CaseEvent:
    """``protect_fields`` for many events: the same commitments (made in the same order),
    with the encrypted values added to ``rows`` for one ``insert_sealed`` per batch (and
    each sealed field's clear text put in ``texts``, if given)."""
    if not e.PERSONAL:
        return e
    changes: dict[str, Any] = {}
    for name, text in clear_fields(e):
        changes[name], row = seal(cipher, e.case_id, name, text)
        rows.append(row)
        if texts is not None:
            texts[name] = text
    return e.replaced(**changes) if changes else e


def reveal_fields(session: Session, cipher: PiiCipher, e: ev.CaseEvent) -> dict[str, Any]:
    """The clear values of an event's personal fields (for export and for the party's papers)."""
    out: dict[str, Any] = {}
    for name in e.PERSONAL:
        value = getattr(e, name)
        if isinstance(value, dict) and "ref" in value:
            text = reveal(session, cipher, value["ref"])
            out[name] = parse_json(text) if name in JSON_PERSONAL else text
        else:
            out[name] = value
    return out


def record_steps(
    uow: UnitOfWork, steps: Sequence[ev.CaseEvent], env: DbEnv | None = None
) -> list[ev.CaseEvent]:
    """Check and record case events in order; returns them as recorded."""
    env = env or DbEnv(uow.session)
    pending: dict[str, CaseState | None] = {}
    recorded: list[ev.CaseEvent] = []
    from zhifa.cases.derived import derive

    queue = list(steps)
    while queue:
        e = queue.pop(0)
        state = pending[e.case_id] if e.case_id in pending else load_state(uow.session, e.case_id)
        check(state, e, env)
        pending[e.case_id] = evolve(state, e)
        recorded.extend(uow.record([protect_fields(uow, e)]))
        # The checks that run on what was just recorded (civility, the archived 案卷).
        queue[0:0] = derive(uow.session, uow.pii, e)
    return recorded


def case_events(session: Session, case_id: str) -> list[tuple[int, ev.CaseEvent]]:
    """A case's events from the ledger, in order, with their entry numbers (the timeline)."""
    from zhifa.kernel.events import from_record
    from zhifa.ledger.tables import LedgerEntry, LedgerSubject

    rows = session.execute(
        select(LedgerEntry.idx, LedgerEntry.body)
        .join(LedgerSubject, LedgerSubject.idx == LedgerEntry.idx)
        .where(LedgerSubject.subject_id == case_id, LedgerSubject.role == "case_id")
        .order_by(LedgerEntry.idx)
    ).all()
    out: list[tuple[int, ev.CaseEvent]] = []
    for idx, body in rows:
        e = from_record(parse_json(body))
        if isinstance(e, ev.CaseEvent):
            out.append((idx, e))
    return out


def iter_case_ids(session: Session, body_ids: Iterable[str] | None = None) -> list[str]:
    q = select(CaseRow.id).order_by(CaseRow.id)
    if body_ids is not None:
        q = q.where(CaseRow.body_id.in_(list(body_ids)))
    return list(session.scalars(q))
