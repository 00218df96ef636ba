"""Operators can see what is due (issue 21): /metrics/ for Prometheus, behind a token, with
request metrics and the money, reports and messages that are due."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from grants.models import Tranche
from grants.services.disbursement import tranche_release
from tests.grants.plan_scenario import setup_partnership, with_money_received

pytestmark = pytest.mark.django_db
TOKEN = "metrics-test-token-0123456789"


def _value(text: str, name: str, labels: str = "") -> float:
    pattern = rf"^{re.escape(name)}{re.escape(labels)} (\S+)$"
    return float(re.search(pattern, text, re.MULTILINE).group(1))


def test_metrics_are_off_without_a_token_and_refused_with_a_wrong_one(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics/").status_code == 404
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics/").status_code == 401
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_metrics_show_requests_and_what_is_due(client, settings):
    settings.METRICS_TOKEN = TOKEN
    s = with_money_received(setup_partnership())
    today = timezone.localdate()
    due = Tranche.objects.filter(status=Tranche.Status.SCHEDULED, due_on__lte=today)
    assert due.count() >= 2  # the allocation started years ago: yearly tranches are due
    tranche_release(tranche_id=due.first().pk, today=today)  # released, not yet paid
    client.get("/health/?format=json")

    response = client.get("/metrics/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 200
    text = response.content.decode()
    still_due = Tranche.objects.filter(
        allocation=s["allocation"], status=Tranche.Status.SCHEDULED, due_on__lte=today
    ).count()
    assert _value(text, "cwf_tranches_due_unreleased", '{state="scheduled"}') == still_due
    assert _value(text, "cwf_tranches_due_unreleased", '{state="held"}') == 0
    assert _value(text, "cwf_releases_unpaid") == 1
    assert _value(text, "cwf_reports_overdue") == 0
    assert "cwf_notifications_unsent" in text
    assert "cwf_notifications_oldest_unsent_age_seconds" in text
    assert 'cwf_dependency_up{part="cache"} 1.0' in text
    assert re.search(r'cwf_http_requests_total\{.*view="health".*\} \d', text)
    assert "cwf_http_request_duration_seconds_bucket" in text
