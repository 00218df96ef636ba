"""The demo seeder records the assumptions once, with their sources, and a change that shows the
history."""

import io

import pytest

from devtools.demo import portfolio as demo
from reporting.assumptions import DEFINITIONS
from reporting.models import Assumption
from reporting.selectors.assumptions import assumptions_in_force

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_assumption_with_its_source_once(officer):
    officer.email = demo.OFFICER
    officer.save()
    for _ in range(2):
        demo.seed(stdout=io.StringIO())
    assert Assumption.objects.count() == len(DEFINITIONS) + 1
    values = assumptions_in_force()
    assert all(a.source for a in values.values())
    assert values["running_costs"].display == "0.8%"
    assert values["running_costs"].changed_by == officer


@pytest.mark.slow
def test_the_demo_dashboard_shows_funding_per_head_a_theme_and_a_variance():
    from django.core.management import call_command

    from cwf.accounts.models import User
    from devtools.demo import partnerships as partnerships_demo
    from partnerships.models import Neighbourhood
    from reporting.selectors.summary import portfolio_summary
    from tests.conftest import signed_in

    call_command("seed_demo", stdout=io.StringIO())
    trustee = User.objects.get(email="trustee@example.org")
    summary = portfolio_summary(viewer=trustee)
    per_head = summary.funding_per_head
    assert per_head.population > 0 and per_head.neighbourhoods_without_population == 0
    assert per_head.committed_per_head > 0
    assert any(r.planned > 0 and r.spent > 0 for r in summary.by_theme.rows)
    assert summary.attention.variances
    client = signed_in(trustee)
    body = client.get("/portfolio/").content.decode()
    assert "people live in the funded neighbourhoods" in body
    assert "This fund: committed</th>" in body and f"£{per_head.committed_per_head:,.2f}" in body
    assert 'id="theme-table"' in body and "Spending far from plan" in body
    # A market value at the last year end and the first quarter's snapshot (issue 25).
    assert "Quarter by quarter" in body and "No board pack has been made yet" in body
    forecast = client.get("/portfolio/forecast/").content.decode()
    assert "Market value on 31 Dec" in forecast
    assert "The books show less income than the forecast assumes" in forecast
    # Seeding again changes no population (the demo fills only blanks).
    populations = dict(Neighbourhood.objects.values_list("code", "population"))
    partnerships_demo.seed(stdout=io.StringIO())
    assert dict(Neighbourhood.objects.values_list("code", "population")) == populations


@pytest.mark.slow
def test_the_demo_publishes_its_withdrawn_grant_in_json_and_csv(tmp_path):
    import csv
    import json

    from django.core.management import call_command

    from cwf.accounts.models import User
    from grants.models import Allocation
    from reporting import threesixtygiving
    from tests.reporting.test_threesixtygiving import unflattened, validator

    call_command("seed_demo", stdout=io.StringIO())
    trustee = User.objects.get(email="trustee@example.org")
    withdrawn = Allocation.objects.get(status=Allocation.Status.WITHDRAWN)
    gid = threesixtygiving.grant_id(withdrawn)
    package = threesixtygiving.package(viewer=trustee)
    assert list(validator().iter_errors(package)) == []
    grant = next(g for g in package["grants"] if g["id"] == gid)
    assert grant["amountDisbursed"] > 0 and "Withdrawn on" in grant["description"]
    text = threesixtygiving.package_csv(viewer=trustee)
    assert any(row["Identifier"] == gid for row in csv.DictReader(io.StringIO(text)))
    back = unflattened(text, tmp_path)
    assert json.dumps(back["grants"], sort_keys=True) == json.dumps(
        package["grants"], sort_keys=True
    )
