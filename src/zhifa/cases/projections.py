"""Case projectors: events → ``cases`` (with the folded state), ``case_officers``,
``case_documents`` and ``case_alerts``. Deterministic: they read only the event and the
rows they maintain — never the calendar or the parameters, which change over time.

The folded state is written to its row once per flush, not once per event: a batch that
touches a case a dozen times serialises it once (``_write_dirty`` runs before each flush).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
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
from zhifa.store.uow import projector

_DIRTY = "zhifa_dirty_cases"


def _write(row: CaseRow, s: CaseState) -> None:
    row.stage = str(s.stage)
    row.procedure = str(s.procedure) if s.procedure else None
    row.number = s.number
    row.matter_code = s.matter_code
    row.party_label = s.party_label
    row.received_on = s.received_on
    row.opened_on = s.opened_on
    row.decided_on = s.decided_on
    row.fine_fen = s.fine_fen
    row.paid_fen = s.paid_fen
    row.next_step = next_step(s)
    row.state = to_json(s)


@event.listens_for(Session, "before_flush")
def _write_dirty(session: Session, _ctx: Any, _instances: Any) -> None:
    dirty: dict[str, CaseRow] = session.info.pop(_DIRTY, {})
    for row in dirty.values():
        _write(row, row.__dict__["_zhifa_state"][1])


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
    if new.officer_ids != (state.officer_ids if state is not None else ()):
        before = set(state.officer_ids) if state is not None else set()
        earlier = state.investigators if state is not None else frozenset()
        for officer_id in sorted(set(new.officer_ids) - before):
            # An officer who never acted on the case has no row yet; one who did may have.
            if officer_id in earlier:
                existing = session.get(CaseOfficerRow, (e.case_id, officer_id))
                if existing is not None:
                    continue
            session.add(CaseOfficerRow(case_id=e.case_id, officer_id=officer_id))
    if isinstance(e, ev.DocumentIssued):
        session.add(
            CaseDocumentRow(
                id=e.document_id,
                case_id=e.case_id,
                kind=e.kind,
                number=e.number,
                digest=e.digest,
                issued_on=e.issued_on,
                entry=idx,
            )
        )
    elif isinstance(e, ev.LanguageFlagged):
        session.add(
            CaseFindingRow(
                entry=idx,
                case_id=e.case_id,
                body_id=e.body_id,
                article=6,
                kind="language",
                count=len(e.findings),
                detail=sorted({str(f["category"]) for f in e.findings}),
                found_on=e.found_on,
            )
        )
    elif isinstance(e, ev.DossierChecked) and e.findings:
        session.add(
            CaseFindingRow(
                entry=idx,
                case_id=e.case_id,
                body_id=e.body_id,
                article=9,
                kind="dossier",
                count=len(e.findings),
                detail=sorted({str(f["rule"]) for f in e.findings}),
                found_on=e.checked_on,
            )
        )
    elif isinstance(e, ev.DeadlineMissed):
        session.add(
            CaseAlertRow(
                entry=idx,
                case_id=e.case_id,
                body_id=e.body_id,
                clock=e.clock,
                label=e.label,
                due=e.due,
                detected_on=e.detected_on,
                basis=e.basis,
            )
        )
