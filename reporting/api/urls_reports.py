"""Paths written out (no router), so every URL argument has a name the access matrix knows."""

from django.urls import path

from . import reports

urlpatterns = [
    path("reports/", reports.ReportViewSet.as_view({"get": "list"}), name="api_report_list"),
    path(
        "reports/<int:report_pk>/",
        reports.ReportViewSet.as_view({"get": "retrieve"}),
        name="api_report_detail",
    ),
    path("reporting-compliance/", reports.ComplianceList.as_view(), name="api_compliance"),
]
