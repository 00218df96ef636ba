from .imports import ImportBatch, ScoreRevision
from .lsoa_neighbourhood import LsoaNeighbourhood
from .lto import Lto, LtoContact, PartnershipLto
from .meetings import ConflictOfInterest, Decision, Meeting
from .members import CompositionReview, Member
from .neighbourhood import Neighbourhood
from .partnership import Partnership, PartnershipStatusChange

__all__ = [
    "CompositionReview",
    "ConflictOfInterest",
    "Decision",
    "ImportBatch",
    "LsoaNeighbourhood",
    "Lto",
    "LtoContact",
    "Meeting",
    "Member",
    "Neighbourhood",
    "Partnership",
    "PartnershipLto",
    "PartnershipStatusChange",
    "ScoreRevision",
]
