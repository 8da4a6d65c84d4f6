"""Case projectors: events → ``cases`` (with the folded state), ``case_officers``,
``case_documents`` and ``case_alerts``. Deterministic: they read only the event and the
rows they maintain — never the calendar or the parameters, which change over time.

The folded state is written to its row once per flush, not once per event: a batch that
touches a case a dozen times serialises it once (``_write_dirty`` runs before each flush).

``zhifa import`` uses ``CaseBatch`` in place of ``_case``: the same rows from the same
functions (``columns``, ``_officers_added``, ``_child``), folded in memory and written with
one executemany per table; ``zhifa verify`` replays ``_case`` and compares every row.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, Table, event, insert, select
from sqlalchemy.orm import Session

from zhifa.cases import events as ev
from zhifa.cases.model import CaseState, evolve, next_step
from zhifa.cases.services import case_row, load_state, remember_row
from zhifa.cases.state_json import to_json
from zhifa.cases.tables import (
    CaseAlertRow,
    CaseDocumentRow,
    CaseFindingRow,
    CaseOfficerRow,
    CaseRow,
)
from zhifa.store.bulk import insert_rows
from zhifa.store.uow import projector

_DIRTY = "zhifa_dirty_cases"


def columns(s: CaseState) -> dict[str, Any]:
    """The ``cases`` columns that come from the folded state."""
    return {
        "stage": str(s.stage),
        "procedure": str(s.procedure) if s.procedure else None,
        "number": s.number,
        "matter_code": s.matter_code,
        "party_label": s.party_label,
        "received_on": s.received_on,
        "opened_on": s.opened_on,
        "decided_on": s.decided_on,
        "fine_fen": s.fine_fen,
        "paid_fen": s.paid_fen,
        "next_step": next_step(s),
        "state": to_json(s),
    }


def _write(row: CaseRow, s: CaseState) -> None:
    for name, value in columns(s).items():
        setattr(row, name, value)


@event.listens_for(Session, "before_flush")
def _write_dirty(session: Session, _ctx: Any, _instances: Any) -> None:
    dirty: dict[str, CaseRow] = session.info.pop(_DIRTY, {})
    for row in dirty.values():
        _write(row, row.__dict__["_zhifa_state"][1])


def _officers_added(state: CaseState | None, new: CaseState) -> list[tuple[str, bool]]:
    """Officers newly on the case, each with whether a row may exist already (an officer
    who never acted on the case has no row yet; one who did may have)."""
    if new.officer_ids == (state.officer_ids if state is not None else ()):
        return []
    before = set(state.officer_ids) if state is not None else set()
    earlier = state.investigators if state is not None else frozenset()
    return [(oid, oid in earlier) for oid in sorted(set(new.officer_ids) - before)]


Child = tuple[type[CaseDocumentRow | CaseFindingRow | CaseAlertRow], dict[str, Any]]


def _child(e: ev.CaseEvent, idx: int) -> Child | None:
    """The document, finding or alert row an event adds, if any."""
    if isinstance(e, ev.DocumentIssued):
        return CaseDocumentRow, {
            "id": e.document_id,
            "case_id": e.case_id,
            "kind": e.kind,
            "number": e.number,
            "digest": e.digest,
            "issued_on": e.issued_on,
            "entry": idx,
        }
    if isinstance(e, ev.LanguageFlagged):
        return CaseFindingRow, {
            "entry": idx,
            "case_id": e.case_id,
            "body_id": e.body_id,
            "article": 6,
            "kind": "language",
            "count": len(e.findings),
            "detail": sorted({str(f["category"]) for f in e.findings}),
            "found_on": e.found_on,
        }
    if isinstance(e, ev.DossierChecked) and e.findings:
        return CaseFindingRow, {
            "entry": idx,
            "case_id": e.case_id,
            "body_id": e.body_id,
            "article": 9,
            "kind": "dossier",
            "count": len(e.findings),
            "detail": sorted({str(f["rule"]) for f in e.findings}),
            "found_on": e.checked_on,
        }
    if isinstance(e, ev.DeadlineMissed):
        return CaseAlertRow, {
            "entry": idx,
            "case_id": e.case_id,
            "body_id": e.body_id,
            "clock": e.clock,
            "label": e.label,
            "due": e.due,
            "detected_on": e.detected_on,
            "basis": e.basis,
        }
    return None


@projector(*ev.CASE_EVENTS)
def _case(session: Session, e: ev.CaseEvent, idx: int) -> None:
    state = load_state(session, e.case_id)
    new = evolve(state, e)
    if state is None:  # load_state found no row: the event opens the aggregate
        row = CaseRow(id=e.case_id, body_id=e.body_id)
        session.add(row)
        remember_row(session, row)
    else:
        found = case_row(session, e.case_id)
        assert found is not None
        row = found
    row.last_entry = idx
    row.__dict__["_zhifa_state"] = (idx, new)
    session.info.setdefault(_DIRTY, {})[e.case_id] = row
    for officer_id, may_exist in _officers_added(state, new):
        if may_exist:
            existing = session.get(CaseOfficerRow, (e.case_id, officer_id))
            if existing is not None:
                continue
        session.add(CaseOfficerRow(case_id=e.case_id, officer_id=officer_id))
    child = _child(e, idx)
    if child is not None:
        session.add(child[0](**child[1]))


class CaseBatch:
    """``_case`` for many events at once (``zhifa import``): the same rows, with the same
    values, but each case's state folded in memory and every table written with one
    executemany per batch instead of an ORM object per row.

    ``apply`` takes the events in ledger order; ``flush`` writes what they changed (new
    cases first, then their rows that point at them). Cases keep their folded state from
    one batch to the next, so a case is read from its row at most once.
    """

    replaces = staticmethod(_case)

    def __init__(self, session: Session) -> None:
        self.session = session
        self._states: dict[str, CaseState] = {}
        self._bodies: dict[str, str] = {}  # a new case's body_id, from its first event
        self._last: dict[str, int] = {}
        self._dirty: dict[str, None] = {}  # changed since the last flush, in order
        self._unwritten: set[str] = set()  # no row yet: inserted at the next flush
        self._ours: set[str] = set()  # created here: every officer row is in _pairs
        self._pairs: set[tuple[str, str]] = set()
        self._officers: list[tuple[str, str]] = []
        self._children: dict[type[Any], list[dict[str, Any]]] = {}
        self._pending = 0

    def apply(self, e: ev.CaseEvent, idx: int) -> None:
        cid = e.case_id
        state = self._states[cid] if cid in self._states else load_state(self.session, cid)
        new = evolve(state, e)
        if state is None:
            self._unwritten.add(cid)
            self._ours.add(cid)
            self._bodies[cid] = e.body_id
        for officer_id, may_exist in _officers_added(state, new):
            if may_exist and self._has_officer(cid, officer_id):
                continue
            self._pairs.add((cid, officer_id))
            self._officers.append((cid, officer_id))
        child = _child(e, idx)
        if child is not None:
            self._children.setdefault(child[0], []).append(child[1])
        self._states[cid] = new
        self._last[cid] = idx
        self._dirty[cid] = None
        self._pending += 1

    def _has_officer(self, case_id: str, officer_id: str) -> bool:
        if (case_id, officer_id) in self._pairs:
            return True
        if case_id in self._ours:
            return False
        found = self.session.execute(
            select(CaseOfficerRow.officer_id).where(
                CaseOfficerRow.case_id == case_id, CaseOfficerRow.officer_id == officer_id
            )
        ).first()
        return found is not None

    @property
    def pending(self) -> int:
        """How many events were applied since the last flush."""
        return self._pending

    def flush(self) -> None:
        """Write every case changed since the last flush (its latest state), then the rows
        that point at cases; a case is written once however many events it had."""
        self._pending = 0
        if not self._dirty:
            return
        conn = self.session.connection()
        table = cast(Table, CaseRow.__table__)
        dirty = list(self._dirty)
        for i in range(0, len(dirty), 5000):  # bounded memory for the serialised states
            inserts: list[dict[str, Any]] = []
            updates: list[dict[str, Any]] = []
            for cid in dirty[i : i + 5000]:
                values = columns(self._states[cid])
                values["last_entry"] = self._last[cid]
                if cid in self._unwritten:
                    inserts.append({"id": cid, "body_id": self._bodies[cid], **values})
                else:
                    values["_id"] = cid
                    updates.append(values)
            if inserts:
                _execute_rows(conn, "INSERT", table, inserts)
            if updates:
                _execute_rows(conn, "UPDATE", table, updates)
        if self._officers:
            insert_rows(conn, "case_officers", ("case_id", "officer_id"), self._officers)
        for cls in (CaseDocumentRow, CaseFindingRow, CaseAlertRow):
            rows = self._children.pop(cls, None)
            if rows:
                conn.execute(insert(cls), rows)
        # The session's own copies of these rows are stale now: drop them (and the "no
        # row" answers for the new cases), so a later read in this session reloads.
        held: dict[str, CaseRow | None] = self.session.info.get("zhifa_case_rows", {})
        for cid in self._dirty:
            row = held.pop(cid, None)
            if row is not None:
                self.session.expire(row)
        self._dirty.clear()
        self._unwritten.clear()
        self._officers = []


def _execute_rows(conn: Connection, verb: str, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT (or UPDATE by ``_id``) many rows with one DB-API executemany, each value put
    through its column type's bind processor for this database (what SQLAlchemy does for
    a Core or ORM statement), so the stored values are the same."""
    dialect = conn.dialect
    names = [c for c in rows[0] if c != "_id"]
    procs = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in names]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    if verb == "INSERT":
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join(mark for _ in names)})"
        keys = names
    else:
        sets = ", ".join(f"{c} = {mark}" for c in names)
        sql = f"UPDATE {table.name} SET {sets} WHERE id = {mark}"
        keys = [*names, "_id"]
        procs = [*procs, None]
    plan = list(zip(keys, procs, strict=True))
    params = [tuple(row[k] if p is None else p(row[k]) for k, p in plan) for row in rows]
    conn.exec_driver_sql(sql, params)
