"""The ledger in the database: appending events, reading stored hashes, proving entries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.kernel.errors import ConfigurationError
from zhifa.kernel.events import Event
from zhifa.ledger import merkle
from zhifa.ledger.tables import LedgerHash, LedgerState
from zhifa.store.bulk import insert_rows

STATE_ID = 1


class DbHashReader:
    """Reads stored tree hashes with one SELECT per call (a proof needs O(log n) of them)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        if not indexes:
            return []
        wanted = sorted(set(indexes))
        rows = self.session.execute(
            select(LedgerHash.idx, LedgerHash.hash).where(LedgerHash.idx.in_(wanted))
        ).all()
        found: dict[int, bytes] = {int(idx): bytes(h) for idx, h in rows}
        missing = [i for i in wanted if i not in found]
        if missing:
            raise ConfigurationError(
                f"账本存储缺少树哈希（索引 {missing[:5]}）",
                f"ledger store lacks stored hashes {missing[:5]}",
            )
        return [found[i] for i in indexes]


def ensure_ledger(session: Session, origin: str, algorithm: str) -> LedgerState:
    """Create the ledger on first use; its hash algorithm is fixed from then on."""
    state = session.get(LedgerState, STATE_ID)
    if state is None:
        merkle.get_algorithm(algorithm)  # fail clearly before creating anything
        state = LedgerState(id=STATE_ID, origin=origin, algorithm=algorithm, size=0)
        session.add(state)
        session.flush()
    return state


def lock_state(session: Session) -> LedgerState:
    """The ledger state row, locked for this transaction (the single-writer point)."""
    state = session.execute(
        select(LedgerState).where(LedgerState.id == STATE_ID).with_for_update()
    ).scalar_one_or_none()
    if state is None:
        raise ConfigurationError(
            "账本尚未初始化：请先运行 zhifa db upgrade",
            "ledger not initialised; run `zhifa db upgrade`",
        )
    return state


def append_events(session: Session, events: Sequence[Event]) -> list[int]:
    """Append stamped events to the log in the caller's transaction; returns their indexes."""
    if not events:
        return []
    state = lock_state(session)
    alg = merkle.get_algorithm(state.algorithm)
    start = state.size
    bodies = [e.record_bytes() for e in events]
    leaves = merkle.hash_leaves(alg, bodies)
    new_hashes = merkle.stored_hashes_for_batch(alg, start, leaves, DbHashReader(session))
    first_hash_idx = merkle.stored_hash_count(start)
    conn = session.connection()
    insert_rows(
        conn,
        "ledger_entries",
        ("idx", "event_id", "event_type", "body", "leaf_hash"),
        [
            (start + i, e.event_id, e.TYPE, body, leaf)
            for i, (e, body, leaf) in enumerate(zip(events, bodies, leaves, strict=True))
        ],
    )
    insert_rows(
        conn,
        "ledger_hashes",
        ("idx", "hash"),
        [(first_hash_idx + i, h) for i, h in enumerate(new_hashes)],
    )
    # One event may name the same subject in two roles; keep the first.
    subjects = []
    for idx, e in enumerate(events, start):
        seen: set[str] = set()
        for role, sid in e.subject_items():
            if sid not in seen:
                seen.add(sid)
                subjects.append((sid, idx, role))
    if subjects:
        insert_rows(conn, "ledger_subjects", ("subject_id", "idx", "role"), subjects)
    state.size = start + len(events)
    session.flush()
    return list(range(start, start + len(events)))
