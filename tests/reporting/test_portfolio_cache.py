"""Fast portfolio reads, never stale (issue 21, finding 5): the trustee summary is cached by the
portfolio version, which every committed write to its tables raises, so a second read costs
almost nothing and a read after a write always shows it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cwf.core import portfolio_version
from grants.models import Tranche
from grants.services.disbursement import tranche_release
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.grants.plan_scenario import setup_partnership, with_money_received

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _released(client) -> tuple[Decimal, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/portfolio/summary/")
    assert response.status_code == 200
    return Decimal(str(response.json()["headline"]["released"])), len(queries)


def test_the_summary_is_cached_and_a_committed_write_shows_at_once():
    with_money_received(setup_partnership())
    trustee = signed_in(user_with_role(Role.TRUSTEE))

    first, computed = _released(trustee)
    again, cached = _released(trustee)
    assert again == first
    assert cached < computed / 2

    due = Tranche.objects.filter(status=Tranche.Status.SCHEDULED, due_on__lte=timezone.localdate())
    tranche = due.order_by("due_on").first()
    tranche_release(tranche_id=tranche.pk, today=timezone.localdate())

    after, _ = _released(trustee)
    assert after > first


def test_the_version_rises_with_a_committed_write_only():
    s = with_money_received(setup_partnership())
    before = portfolio_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Tranche.objects.filter(allocation=s["allocation"]).update(due_on=timezone.localdate())
        raise RuntimeError("rolled back")
    assert portfolio_version.current() == before
    with transaction.atomic():
        Tranche.objects.filter(pk=0).update(due_on=timezone.localdate())
        # Inside a transaction that has written, the cache is not used: it must read its write.
        assert portfolio_version.current() is None
    assert portfolio_version.current() == before + 1
