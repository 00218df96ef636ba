"""The demo's co-investment (issue 18): two co-funders, one matching Horden Together's own
fundraising, one funding a theme across regions; the dashboard's leverage for Horden agrees with
figures worked out here from the ledger's entries and the verified local income rows."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from cwf.accounts.models import User
from grants.models import Account, CoFunder, Entry, LocalIncome, Pledge
from partnerships.models import Partnership
from tests.conftest import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
D = Decimal


def _sum(qs, field="amount") -> Decimal:
    return D(qs.aggregate(total=Sum(field))["total"] or 0).quantize(D("0.01"))


def test_the_demo_has_two_co_funders_and_the_dashboard_shows_horden_s_leverage():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo co-investment:" in out.getvalue()
    matcher = CoFunder.objects.get(name__startswith="East Durham")
    theme_funder = CoFunder.objects.get(name__startswith="Green Spaces")
    horden = Partnership.objects.get(name="Horden Together")
    assert matcher.pledges.get().partnership == horden
    assert matcher.pledges.get().match_ratio == D("1.00")
    theme_pledge = theme_funder.pledges.get()
    assert theme_pledge.restriction == Pledge.Restriction.THEME
    assert theme_pledge.status == Pledge.Status.PARTLY_RECEIVED

    paid = _sum(
        Entry.objects.filter(
            account__kind=Account.Kind.PAID,
            transaction__allocation__partnership=horden,
            transaction__kind="payment",
        )
    )
    through = _sum(
        Entry.objects.filter(
            account__kind=Account.Kind.RESTRICTED_PAID, account__partnership=horden
        )
    )
    local = _sum(LocalIncome.objects.filter(partnership=horden, status="verified"))
    assert through == D("15000.00") and local == D("20900.00") and paid > 0
    together = ((through + local) / paid).quantize(D("0.01"))

    officer = User.objects.get(email="officer@example.org")
    page = signed_in(officer).get("/portfolio/").content.decode()
    assert 'id="leverage"' in page
    assert f"£{together}" in page
    # The theme pledge is past its date and not fully received: on the attention list.
    assert "Pledges past their date (1)" in page
    assert "Green Spaces Trust (demo) pledged £120,000.00" in page
    money_page = signed_in(officer).get(f"/plans/partnership/{horden.pk}/money/").content.decode()
    assert "£15,000.00" in money_page and "£20,900.00" in money_page
