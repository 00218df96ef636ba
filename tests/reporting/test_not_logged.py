"""Held by LTOs counts only partnerships that log their spending (issue 25, finding 6): money at
a partnership that never used the spending log is "not logged", shown apart and never as held
(docs/money.md; grants/selectors/money.py is the one definition)."""

from decimal import Decimal as D

import pytest

from grants.selectors.money import money_by_partnership, with_money
from partnerships.models import Partnership
from reporting.selectors.summary import portfolio_summary
from tests.conftest import signed_in
from tests.reporting import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    p = scenario.build()  # Alpha received £100,000 of grant and logged £100,000 of spending
    # Extra 0 received £100,000 of grant and never logged a spend.
    scenario.add_partnerships(1, p.officer, p.approver)
    return p


def test_money_at_a_partnership_that_never_logged_is_not_logged_not_held(portfolio, trustee):
    extra = Partnership.objects.get(name="Extra 0 Big Local")
    money = money_by_partnership()[extra.pk]
    assert (money.received, money.spent, money.held, money.not_logged) == (
        D("100000.00"), D("0.00"), D("0.00"), D("100000.00")
    )  # fmt: skip
    # The SQL annotations say the same.
    row = with_money(Partnership.objects.filter(pk=extra.pk)).get()
    assert (row.held, row.not_logged) == (D("0.00"), D("100000.00"))
    alpha = money_by_partnership()[portfolio.alpha.pk]
    assert (alpha.held, alpha.not_logged) == (D("0.00"), D("0.00"))

    headline = portfolio_summary(viewer=trustee).headline
    assert headline.held_by_ltos == D("0.00")
    assert (headline.not_logged, headline.not_logged_partnerships) == (D("100000.00"), 1)

    client = signed_in(trustee)
    page = client.get("/portfolio/").content.decode()
    assert "Not counted: £100,000.00 received by the LTOs of 1 partnership that never used" in page
    api = client.get("/api/v1/portfolio/summary/").json()["headline"]
    assert (api["held_by_ltos"], api["not_logged"], api["not_logged_partnerships"]) == (
        "0.00", "100000.00", 1
    )  # fmt: skip
    rows = client.get("/api/v1/portfolio/partnerships/").json()["results"]
    extra_row = next(r for r in rows if r["id"] == extra.pk)
    assert (extra_row["held_by_lto"], extra_row["not_logged"]) == ("0.00", "100000.00")


def test_the_partnerships_own_money_page_says_not_logged(portfolio):
    extra = Partnership.objects.get(name="Extra 0 Big Local")
    page = signed_in(portfolio.officer).get(f"/plans/partnership/{extra.pk}/money/")
    body = page.content.decode()
    assert "Not logged: received less returned" in body and "£100,000.00" in body
    index = signed_in(portfolio.officer).get("/plans/").content.decode()
    assert "£100,000.00 not logged" in index
