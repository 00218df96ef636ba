from .imports import ImportBatch, ScoreRevision
from .lto import Lto, LtoContact, PartnershipLto
from .neighbourhood import Neighbourhood
from .partnership import Partnership

__all__ = [
    "ImportBatch",
    "Lto",
    "LtoContact",
    "Neighbourhood",
    "Partnership",
    "PartnershipLto",
    "ScoreRevision",
]
