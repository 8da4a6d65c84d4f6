"""Catalog projector: MatterPublished → matters, matter_versions."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from zhifa.catalog.events import MatterPublished
from zhifa.catalog.loader import matter_from_definition
from zhifa.catalog.tables import MatterRow, MatterVersionRow
from zhifa.store.uow import projector


@projector(MatterPublished)
def _matter_published(session: Session, e: MatterPublished, idx: int) -> None:
    matter = matter_from_definition(e.definition)
    row = session.get(MatterRow, e.code)
    if row is None:
        row = MatterRow(code=e.code)
        session.add(row)
    row.name = matter.name
    row.kind = matter.kind.value
    row.field = matter.field.value
    row.version = e.version
    row.effective = date.fromisoformat(str(e.definition["effective"]))
    row.citations = "；".join(matter.citations)
    row.definition = e.definition
    row.entry = idx
    session.flush()
    session.add(
        MatterVersionRow(code=e.code, entry=idx, version=e.version, effective=row.effective)
    )
