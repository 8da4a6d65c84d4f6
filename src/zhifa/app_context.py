"""The running node's wiring: settings, engine, session factory, clock — built once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhifa.kernel.clock import Clock, SystemClock
from zhifa.ledger.blobs import BlobStore
from zhifa.ledger.personal import PiiCipher
from zhifa.settings import Settings, get_settings
from zhifa.store.engine import make_engine, make_session_factory, write_session
from zhifa.store.uow import UnitOfWork

if TYPE_CHECKING:
    from zhifa.ledger.services import Checkpointer


@dataclass
class Context:
    """What every entrypoint (web, CLI, tests) needs to run use cases."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    clock: Clock = field(default_factory=SystemClock)

    @cached_property
    def pii(self) -> PiiCipher:
        return PiiCipher.from_secret(self.settings.pii_secret, self.settings.pii_old_secrets)

    @cached_property
    def checkpointer(self) -> Checkpointer:
        from zhifa.ledger.services import Checkpointer, load_signer

        return Checkpointer(
            self.session_factory,
            load_signer(self.settings),
            self.clock,
            self.settings.checkpoint_interval_seconds,
        )

    @cached_property
    def blobs(self) -> BlobStore:
        return BlobStore(self.settings.blob_dir)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(
            self.session_factory, self.clock, self.pii, after_commit=self.checkpointer.after_commit
        )

    def read(self) -> Session:
        """A session for queries (pages, reports); writes go through a unit of work."""
        return self.session_factory()


def build_context(
    settings: Settings | None = None,
    *,
    database_url: str | None = None,
    clock: Clock | None = None,
) -> Context:
    settings = settings or get_settings()
    url = database_url or settings.effective_database_url
    engine = make_engine(url)
    return Context(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        clock=clock or SystemClock(),
    )


def initialise(ctx: Context) -> None:
    """Check the database is reachable, apply migrations and create the ledger if new."""
    from zhifa.ledger.store import ensure_ledger
    from zhifa.store.engine import check_connection
    from zhifa.store.migrate import upgrade

    check_connection(ctx.engine)
    upgrade(ctx.engine)
    with write_session(ctx.session_factory) as session:
        ensure_ledger(session, ctx.settings.ledger_origin, ctx.settings.ledger_algorithm)
