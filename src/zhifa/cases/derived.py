"""Checks that run on what was recorded, and leave their own ledger entries for the
supervisor: the civility check of a saved transcript and of the words an officer writes into
a step (准则第六条), and the element check of the whole 案卷 when it is archived (准则第九条).

A derived event's id is a hash of the event it comes from, so the same history always
yields the same entries: an import that carries them does not derive them twice, and
export → import → export stays byte-identical.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.cases import events as ev
from zhifa.kernel.clock import legal_date
from zhifa.ledger.personal import PiiCipher

SYSTEM = "system:checks"


def derived_id(source_event_id: str, what: str) -> str:
    return hashlib.sha256(f"{source_event_id}|{what}".encode()).hexdigest()[:32]


def language_check(e: ev.TranscriptRecorded) -> ev.LanguageFlagged | None:
    """The civility findings on a transcript whose utterances are still in clear."""
    if not isinstance(e.utterances, list | tuple):
        return None  # already a commitment: checked when it was first recorded
    from zhifa.civility import check_transcript

    turns = [
        {"speaker": str(u.get("speaker", "")), "text": str(u.get("text", ""))}
        for u in e.utterances
        if isinstance(u, dict)
    ]
    found = check_transcript(turns)
    if not found:
        return None
    return ev.LanguageFlagged(
        actor=SYSTEM,
        occurred_at=e.occurred_at,
        event_id=derived_id(e.event_id, "language"),
        case_id=e.case_id,
        body_id=e.body_id,
        evidence_id=e.evidence_id,
        transcript_event_id=e.event_id,
        officer_ids=e.officer_ids,
        findings=tuple(
            {"category": str(f.category), "utterance": f.utterance, "start": f.start, "end": f.end}
            for f in found
        ),
        found_on=legal_date(e.occurred_at),
    )


# The words an officer writes into a step, by step: checked when the step is recorded.
WORDED: dict[type[ev.CaseEvent], tuple[str, ...]] = {
    ev.RightsNotified: ("facts", "reasons"),
    ev.DecisionIssued: ("facts", "tier_reason"),
    ev.CaseDeclined: ("reasons",),
    ev.FilingExtended: ("reason",),
    ev.DecisionDeadlineExtended: ("reason",),
    ev.CaseWithdrawn: ("reason",),
    ev.CaseTransferred: ("reason",),
    ev.CaseClosed: ("summary",),
}


@lru_cache(maxsize=65536)
def _wording_findings(text: str) -> tuple[tuple[str, int, int], ...]:
    """The civility findings of one text (boilerplate repeats across cases: checked once)."""
    from zhifa.civility import check_text

    return tuple((str(f.category), f.start, f.end) for f in check_text(text))


def wording_check(e: ev.CaseEvent) -> ev.WordingFlagged | None:
    """The civility findings in the words an officer wrote into ``e`` (准则第六条)."""
    fields = WORDED.get(type(e))
    if not fields:
        return None
    found = [
        {"field": name, "category": cat, "start": start, "end": end}
        for name in fields
        if isinstance(text := getattr(e, name, None), str) and text.strip()
        for cat, start, end in _wording_findings(text)
    ]
    if not found:
        return None
    officer = e.actor.removeprefix("officer:") if e.actor.startswith("officer:") else ""
    return ev.WordingFlagged(
        actor=SYSTEM,
        occurred_at=e.occurred_at,
        event_id=derived_id(e.event_id, "wording"),
        case_id=e.case_id,
        body_id=e.body_id,
        step_event_id=e.event_id,
        step=e.TYPE,
        officer_ids=(officer,) if officer else (),
        findings=tuple(found),
        found_on=legal_date(e.occurred_at),
    )


def issued_contents(session: Session, cipher: PiiCipher, case_id: str) -> list[dict[str, Any]]:
    """The content of every document issued on the case, in ledger order."""
    from zhifa.cases.services import reveal_fields
    from zhifa.cases.tables import CaseDocumentRow
    from zhifa.kernel.canonical import parse_json
    from zhifa.kernel.events import from_record
    from zhifa.ledger.tables import LedgerEntry

    contents: list[dict[str, Any]] = []
    rows = session.scalars(
        select(CaseDocumentRow)
        .where(CaseDocumentRow.case_id == case_id)
        .order_by(CaseDocumentRow.entry)
    ).all()
    for row in rows:
        issued = from_record(parse_json(session.get_one(LedgerEntry, row.entry).body))
        assert isinstance(issued, ev.DocumentIssued)
        content = reveal_fields(session, cipher, issued)["content"]
        if isinstance(content, dict):
            contents.append(content)
    return contents


def dossier_check(
    session: Session,
    cipher: PiiCipher,
    e: ev.CaseArchived,
    contents: list[dict[str, Any]] | None = None,
) -> ev.DossierChecked:
    """The element check of every document issued on the case, as one 案卷. ``contents``:
    those documents' contents when the caller already holds them (``issued_contents``
    reads them from the ledger otherwise)."""
    from zhifa.documents.elements import check_dossier

    if contents is None:
        contents = issued_contents(session, cipher, e.case_id)
    findings = check_dossier(contents, for_archive=True) if contents else []
    return ev.DossierChecked(
        actor=SYSTEM,
        occurred_at=e.occurred_at,
        event_id=derived_id(e.event_id, "dossier"),
        case_id=e.case_id,
        body_id=e.body_id,
        archive_event_id=e.event_id,
        documents=len(contents),
        findings=tuple(
            {
                "document_kind": f.document_kind,
                "document_number": f.document_number,
                "path": f.path,
                "rule": f.rule,
                "basis": f.basis,
            }
            for f in findings
        ),
        checked_on=e.archived_on,
    )


def derive(
    session: Session,
    cipher: PiiCipher,
    e: ev.CaseEvent,
    contents: list[dict[str, Any]] | None = None,
) -> list[ev.CaseEvent]:
    """The entries the checks add after ``e`` was recorded (``e`` with clear values);
    ``contents`` as for ``dossier_check``."""
    if isinstance(e, ev.TranscriptRecorded):
        flagged = language_check(e)
        return [flagged] if flagged else []
    if isinstance(e, ev.CaseArchived):
        return [dossier_check(session, cipher, e, contents)]
    worded = wording_check(e)
    return [worded] if worded else []
