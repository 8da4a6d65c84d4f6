"""Every table module, imported once, so migrations and verify see the whole schema."""

from __future__ import annotations

from sqlalchemy import MetaData

# Importing an area's tables and projections registers them; keep one line per area.
from zhifa.access import projections as _access_projections  # noqa: F401
from zhifa.access import tables as _access_tables  # noqa: F401
from zhifa.cases import projections as _cases_projections  # noqa: F401
from zhifa.cases import tables as _cases_tables  # noqa: F401
from zhifa.catalog import projections as _catalog_projections  # noqa: F401
from zhifa.catalog import tables as _catalog_tables  # noqa: F401
from zhifa.complaints import projections as _complaints_projections  # noqa: F401
from zhifa.complaints import tables as _complaints_tables  # noqa: F401
from zhifa.conduct import projections as _conduct_projections  # noqa: F401
from zhifa.conduct import tables as _conduct_tables  # noqa: F401
from zhifa.disclosure import projections as _disclosure_projections  # noqa: F401
from zhifa.disclosure import tables as _disclosure_tables  # noqa: F401
from zhifa.inspections import events as _inspections_events  # noqa: F401
from zhifa.ledger import events as _ledger_events  # noqa: F401
from zhifa.ledger import personal as _personal  # noqa: F401
from zhifa.ledger import tables as _ledger_tables  # noqa: F401
from zhifa.registry import projections as _registry_projections  # noqa: F401
from zhifa.registry import tables as _registry_tables  # noqa: F401
from zhifa.reports import projections as _reports_projections  # noqa: F401
from zhifa.reports import tables as _reports_tables  # noqa: F401
from zhifa.store.base import Base


def all_metadata() -> MetaData:
    return Base.metadata
