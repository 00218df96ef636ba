"""The demo data and the "Done when" journey of the issue, end to end through the pages."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cwf.accounts.models import User
from devtools.demo import accounts as accounts_demo
from devtools.demo import grants as grants_demo
from devtools.demo import partnerships as partnerships_demo
from grants.models import Allocation, Release, Tranche
from grants.selectors.ledger import ledger_check
from grants.tasks import tranches_release_due as release_due_tranches
from tests.conftest import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def seed():
    out = StringIO()
    accounts_demo.seed(stdout=out)
    # The money demo gives allocations to the partnerships demo's partnerships.
    partnerships_demo.seed(stdout=out)
    grants_demo.seed(stdout=out)
    return out.getvalue()


def test_the_demo_has_every_state_years_of_payments_and_a_clean_ledger():
    seed()
    statuses = set(Allocation.objects.values_list("status", flat=True))
    assert statuses == set(Allocation.Status.values)
    paid_on = Tranche.objects.filter(status="paid").values_list("paid_on", flat=True)
    assert max(paid_on) - min(paid_on) > timedelta(days=365 * 10)
    assert Tranche.objects.filter(status="released").exists()  # a batch to pay
    assert Tranche.objects.filter(status="held").exists()
    assert ledger_check().ok
    counts = (Allocation.objects.count(), Release.objects.count(), Tranche.objects.count())
    assert "already there" in seed()
    assert (Allocation.objects.count(), Release.objects.count(), Tranche.objects.count()) == counts
    out = StringIO()
    call_command("ledger_verify", stdout=out)
    assert ": 0 differences." in out.getvalue()


def test_done_when_journey(django_capture_on_commit_callbacks):
    seed()
    officer = signed_in(User.objects.get(email="officer@example.org"))
    officer2 = signed_in(User.objects.get(email="officer2@example.org"))
    finance = signed_in(User.objects.get(email="finance@example.org"))
    grange = accounts_demo.demo_partnership()
    today = timezone.localdate()

    # An officer proposes an allocation for the demo partnership ...
    officer.post(
        "/grants/allocations/propose/",
        {
            "partnership": grange.pk,
            "amount": "1200000.00",
            "starts_on": today.isoformat(),
            "term_years": "10",
        },
    )
    allocation = Allocation.objects.get(partnership=grange)
    assert officer.post(f"/grants/allocations/{allocation.pk}/approve/").status_code == 302
    allocation.refresh_from_db()
    assert allocation.status == "proposed"  # refused: the proposer cannot approve
    # ... a second officer approves it and issues the funding agreement: the schedule.
    officer2.post(f"/grants/allocations/{allocation.pk}/approve/")
    officer2.post(
        f"/grants/allocations/{allocation.pk}/funding-agreement/",
        {"frequency": "half_yearly", "first_due_on": today.isoformat()},
    )
    allocation.refresh_from_db()
    assert allocation.status == "active" and allocation.tranches.count() == 20

    # Beat releases the tranche that is due, and the chair is e-mailed with a link.
    with django_capture_on_commit_callbacks(execute=True):
        release_due_tranches()
    tranche = allocation.tranches.get(sequence=1)
    assert tranche.status == "released"
    to_chair = [m for m in mail.outbox if m.to == ["chair@example.org"]]
    assert len(to_chair) == 1
    assert f"/grants/tranches/{tranche.pk}/" in to_chair[0].body
    assert "£63,000.00" in to_chair[0].subject  # 60,000 grant + 3,000 contribution

    # Finance downloads the batch and marks it paid.
    csv = officer.get("/grants/payments/batch.csv").content.decode()
    reference = tranche.release.payment_reference
    assert f"{reference},{tranche.allocation.funding_agreement.lto.name}" in csv
    data = {"tranches": [tranche.pk], "bank_reference": "BACS-JOURNEY", "paid_on": today}
    officer.post("/grants/payments/", {**data, "confirm": "yes"})
    tranche.refresh_from_db()
    assert tranche.status == "paid"

    # The LTO confirms receipt.
    finance.post(f"/grants/tranches/{tranche.pk}/confirm-receipt/")
    tranche.refresh_from_db()
    assert tranche.receipt_confirmed_at is not None
    assert ledger_check().ok
