"""Record an inspection: who did it is checked (准则第一条); the rest is recorded as it was."""

from __future__ import annotations

from zhifa.cases.services import DbEnv
from zhifa.inspections.events import InspectionConducted
from zhifa.inspections.model import check
from zhifa.store.uow import UnitOfWork


def record_inspection(
    uow: UnitOfWork, e: InspectionConducted, env: DbEnv | None = None
) -> InspectionConducted:
    check(e, env or DbEnv(uow.session))
    (recorded,) = uow.record([e])
    return recorded
