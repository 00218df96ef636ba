from .notifications import Notification, NotificationPreference
from .reports import NARRATIVE_FIELDS, OUTCOMES, QuarterlyReport, ReportStory, ReportVersion

__all__ = [
    "NARRATIVE_FIELDS",
    "OUTCOMES",
    "Notification",
    "NotificationPreference",
    "QuarterlyReport",
    "ReportStory",
    "ReportVersion",
]
