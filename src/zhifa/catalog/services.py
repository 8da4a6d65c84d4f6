"""Catalog use cases: publish the cited YAML catalog to the ledger; read a matter back."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.orm import Session

from zhifa.catalog.events import MatterPublished
from zhifa.catalog.loader import matter_definitions, matter_from_definition
from zhifa.catalog.model import Matter
from zhifa.catalog.tables import MatterRow
from zhifa.kernel.errors import NotFound
from zhifa.store.uow import UnitOfWork


def publish_catalog(
    uow: UnitOfWork, actor: str, paths: Path | Iterable[Path] | None = None
) -> tuple[int, int]:
    """Publish every new or changed matter; returns (published, unchanged).

    The whole catalog is validated first: one bad file publishes nothing.
    """
    published = unchanged = 0
    events = []
    for definition in matter_definitions(paths):
        code = str(definition["code"])
        row = uow.session.get(MatterRow, code)
        if row is not None and row.definition == definition:
            unchanged += 1
            continue
        events.append(
            MatterPublished(
                actor=actor,
                occurred_at=uow.clock.now(),
                code=code,
                version=str(definition["version"]),
                definition=definition,
            )
        )
        published += 1
    uow.record(events)
    return published, unchanged


def get_matter(session: Session, code: str) -> Matter:
    row = session.get(MatterRow, code)
    if row is None:
        raise NotFound(f"执法事项 {code} 不存在", f"matter {code} not found")
    return matter_from_definition(row.definition)
