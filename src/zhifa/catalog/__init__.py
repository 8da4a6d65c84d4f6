"""执法事项目录 (权责清单), 裁量基准, 免罚清单 and 法定参数."""

from zhifa.catalog.loader import load_catalog
from zhifa.catalog.model import (
    HEARING_PENALTY_KINDS,
    BasisRole,
    BenchmarkTier,
    Catalog,
    CatalogFile,
    ExemptionEntry,
    ExemptionKind,
    FineBase,
    FineRange,
    LegalBasis,
    Matter,
    MatterKind,
    PenaltyKind,
    Tier,
)
from zhifa.catalog.parameters import Parameter, Parameters, Unit

__all__ = [
    "HEARING_PENALTY_KINDS",
    "BasisRole",
    "BenchmarkTier",
    "Catalog",
    "CatalogFile",
    "ExemptionEntry",
    "ExemptionKind",
    "FineBase",
    "FineRange",
    "LegalBasis",
    "Matter",
    "MatterKind",
    "Parameter",
    "Parameters",
    "PenaltyKind",
    "Tier",
    "Unit",
    "load_catalog",
]
