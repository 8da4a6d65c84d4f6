"""The unit of work: events go to the ledger and to the projections in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from zhifa.kernel.clock import Clock
from zhifa.kernel.events import Event
from zhifa.ledger.personal import PiiCipher
from zhifa.store.engine import WRITE

E = TypeVar("E", bound=Event)
Projector = Callable[[Session, Any, int], None]

_PROJECTORS: dict[type[Event], list[Projector]] = {}


def projector(*event_types: type[Event]) -> Callable[[Projector], Projector]:
    """Register ``fn(session, event, entry_index)`` to apply events of these types to tables.

    Projectors must be deterministic functions of the event alone (no clock, no random
    ids): ``zhifa verify`` replays them into fresh tables and compares row by row.
    """

    def register(fn: Projector) -> Projector:
        for et in event_types:
            _PROJECTORS.setdefault(et, []).append(fn)
        return fn

    return register


def apply_projections(session: Session, event: Event, entry_index: int) -> None:
    """Apply one event. Projectors see earlier events' rows through the session (its
    identity map, and autoflush before any query); ``UnitOfWork.record`` flushes once per
    batch, so a constraint a batch breaks still fails inside ``record``."""
    for fn in _PROJECTORS.get(type(event), ()):
        fn(session, event, entry_index)


class BatchProjector(Protocol):
    """Stands in for one registered projector over many events (an import): ``apply`` is
    called for each event in ledger order; once ``flush`` is called (by its owner before
    anything reads the tables, and at the end), the tables are exactly as ``replaces``
    would have left them."""

    @property
    def replaces(self) -> Projector: ...

    def apply(self, event: Any, entry_index: int) -> None: ...

    def flush(self) -> None: ...


class UnitOfWork:
    """One use case's transaction.

    ``record(events)`` stamps each event, appends it to the ledger and applies its
    projections inside the open transaction; ``commit()`` makes them durable together,
    so the log and the tables can never drift apart. Leaving the block without commit
    rolls everything back.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Clock,
        pii: PiiCipher,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self._factory = session_factory
        self.clock = clock
        self.pii = pii
        self._after_commit = after_commit
        self.session: Session
        self.recorded: list[Event] = []
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.session.connection(execution_options={WRITE: True})  # BEGIN IMMEDIATE on SQLite
        self.recorded = []
        self._committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()

    def record(self, events: Iterable[E], *, batch: BatchProjector | None = None) -> list[E]:
        """Append events to the ledger and apply them; returns the stamped events.

        With ``batch``, that projector takes the place of the one it ``replaces`` for these
        events (every other projector runs as usual); its rows are written when its owner
        flushes it.
        """
        from zhifa.ledger.store import append_events  # the ledger sits below services
        from zhifa.store.metadata import all_metadata

        all_metadata()  # every area's projectors are registered before anything is recorded

        stamped: list[E] = [e.stamped(self.clock.now()) for e in events]  # type: ignore[misc]
        indexes = append_events(self.session, stamped)
        session = self.session
        if batch is None:
            for e, idx in zip(stamped, indexes, strict=True):
                apply_projections(session, e, idx)
        else:
            replaced = batch.replaces
            for e, idx in zip(stamped, indexes, strict=True):
                for fn in _PROJECTORS.get(type(e), ()):
                    if fn is replaced:
                        batch.apply(e, idx)
                    else:
                        batch.flush()  # another projector may read the batch's tables
                        fn(session, e, idx)
        session.flush()
        self.recorded.extend(stamped)
        return stamped

    def protect(self, subject_id: str, field: str, value: str) -> dict[str, str]:
        """Keep a personal value encrypted beside the ledger; returns the event's commitment."""
        from zhifa.ledger.personal import protect

        return protect(self.session, self.pii, subject_id, field, value)

    def commit(self) -> None:
        self.session.commit()
        self._committed = True
        if self.recorded and self._after_commit is not None:
            self._after_commit()  # e.g. issue a signed checkpoint

    def rollback(self) -> None:
        self.session.rollback()
