from .assumptions import Assumption
from .board_packs import BoardPack, BoardPackRequest
from .notifications import Notification, NotificationPreference
from .reports import NARRATIVE_FIELDS, OUTCOMES, QuarterlyReport, ReportStory, ReportVersion

__all__ = [
    "NARRATIVE_FIELDS",
    "OUTCOMES",
    "Assumption",
    "BoardPack",
    "BoardPackRequest",
    "Notification",
    "NotificationPreference",
    "QuarterlyReport",
    "ReportStory",
    "ReportVersion",
]
