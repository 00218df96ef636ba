"""The demo's quarterly reports: years of them, in every state, with an extension, an automatic
hold and returned-then-accepted versions."""

from io import StringIO

import pytest
from django.core.management import call_command

from grants.models import TrancheHold
from reporting.models import QuarterlyReport, ReportVersion

pytestmark = pytest.mark.django_db


def test_demo_reports_in_every_state():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo reports:" in out.getvalue()
    statuses = set(QuarterlyReport.objects.values_list("status", flat=True))
    assert statuses == set(QuarterlyReport.Status.values)
    first = QuarterlyReport.objects.order_by("quarter_start").first()
    last = QuarterlyReport.objects.order_by("quarter_start").last()
    assert (last.quarter_start - first.quarter_start).days > 3 * 365
    assert QuarterlyReport.objects.exclude(extended_to=None).exists()
    assert QuarterlyReport.objects.exclude(held_tranche=None).exists()
    assert TrancheHold.objects.filter(kind="automatic", lifted_at=None).exists()
    returned_then_accepted = ReportVersion.objects.filter(outcome="returned", number=1)
    assert ReportVersion.objects.filter(
        report__in=returned_then_accepted.values("report"), outcome="accepted"
    ).exists()
    from reporting.selectors.reports import overdue_reports

    assert overdue_reports().exists()
