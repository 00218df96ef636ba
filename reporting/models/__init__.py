from .assumptions import Assumption
from .board_packs import BoardPack, BoardPackRequest
from .notifications import Notification, NotificationPreference
from .reports import NARRATIVE_FIELDS, OUTCOMES, QuarterlyReport, ReportStory, ReportVersion
from .snapshots import PortfolioSnapshot

__all__ = [
    "NARRATIVE_FIELDS",
    "OUTCOMES",
    "Assumption",
    "BoardPack",
    "BoardPackRequest",
    "Notification",
    "NotificationPreference",
    "PortfolioSnapshot",
    "QuarterlyReport",
    "ReportStory",
    "ReportVersion",
]
