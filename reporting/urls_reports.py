from django.urls import path

from .views import notifications, report_outcomes, reports

app_name = "reports"

urlpatterns = [
    path("", reports.report_list_view, name="report_list"),
    path("<int:report_pk>/", reports.report_detail, name="report_detail"),
    path("<int:report_pk>/write/", reports.report_edit, name="report_edit"),
    path("<int:report_pk>/outcomes/", report_outcomes.report_outcomes, name="report_outcomes"),
    path("<int:report_pk>/stories/add/", reports.report_story_add, name="story_add"),
    path(
        "<int:report_pk>/stories/<int:story_pk>/remove/",
        reports.report_story_remove,
        name="story_remove",
    ),
    path("<int:report_pk>/stories/<int:story_pk>/photo/", reports.story_photo, name="story_photo"),
    path("<int:report_pk>/review/", reports.report_review, name="report_review"),
    path("<int:report_pk>/extend/", reports.report_extension, name="report_extension"),
    path("<int:report_pk>/versions/", reports.report_compare, name="report_compare"),
    path(
        "partnership/<int:partnership_pk>/",
        reports.partnership_reports,
        name="partnership_reports",
    ),
    path("notifications/", notifications.notification_index, name="notification_index"),
    path("notifications/read/", notifications.notification_read_all, name="notification_read_all"),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
]
