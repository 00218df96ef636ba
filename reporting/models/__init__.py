from .assumptions import Assumption
from .board_packs import BoardPack, BoardPackRequest
from .learning import (
    IndicatorValue,
    LearningAnswer,
    LearningNote,
    LearningQuestion,
    NeighbourhoodKind,
)
from .notifications import Notification, NotificationPreference
from .open_data import OpenDataFile
from .reports import NARRATIVE_FIELDS, OUTCOMES, QuarterlyReport, ReportStory, ReportVersion
from .snapshots import PortfolioSnapshot

__all__ = [
    "NARRATIVE_FIELDS",
    "OUTCOMES",
    "Assumption",
    "BoardPack",
    "BoardPackRequest",
    "IndicatorValue",
    "LearningAnswer",
    "LearningNote",
    "LearningQuestion",
    "NeighbourhoodKind",
    "Notification",
    "NotificationPreference",
    "OpenDataFile",
    "PortfolioSnapshot",
    "QuarterlyReport",
    "ReportStory",
    "ReportVersion",
]
