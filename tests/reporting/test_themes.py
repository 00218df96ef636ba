"""The breakdown by theme and its drill-down, against the hand-worked figures in
theme_scenario.py (exact pence); plan years, leap days included; fund-wide roles only."""

from datetime import date
from decimal import Decimal as D

import pytest

from grants.services.plans import plan_endorse, plan_submit
from reporting.selectors.planned import planned_by_partnership_theme
from reporting.selectors.spend import spent_by_partnership_theme
from reporting.selectors.summary import portfolio_summary
from tests.conftest import signed_in
from tests.grants import plan_scenario
from tests.reporting import scenario, theme_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    portfolio = scenario.build()
    theme_scenario.build(portfolio)
    return portfolio


def theme_pk(name: str) -> int:
    return theme_scenario.themes()[name].pk


def test_planned_and_spent_by_theme_to_the_penny(portfolio, trustee):
    by_theme = portfolio_summary(viewer=trustee, today=theme_scenario.TODAY).by_theme
    rows = {
        r.label: (r.partnerships, r.planned, r.planned_to_date, r.spent, r.variance)
        for r in by_theme.rows
    }
    assert rows["Community spaces"] == (
        1, D("600000.00"), D("150082.19"), D("100000.00"), D("50082.19")
    )  # fmt: skip
    # £5,000 spent, and £2,000 spent and reversed, which nets off.
    assert rows["Young people"] == (1, D("400000.00"), D("100054.79"), D("5000.00"), D("95054.79"))
    # Beta spends with no plan: counted, with nothing planned, over by what it spent.
    assert rows["Environment"] == (1, D("0.00"), D("0.00"), D("20000.00"), D("-20000.00"))
    assert rows["Connectivity"] == (0, D("0.00"), D("0.00"), D("0.00"), D("0.00"))
    total = by_theme.total
    assert (total.partnerships, total.planned, total.planned_to_date, total.spent) == (
        2, D("1000000.00"), D("250136.98"), D("125000.00")
    )  # fmt: skip
    # The same spending log as the headline figure.
    assert total.spent == portfolio_summary(viewer=trustee).headline.spent


def test_spend_by_theme_comes_net_of_reversals_from_one_function(portfolio, trustee):
    spent = spent_by_partnership_theme(viewer=trustee)
    assert spent[(portfolio.alpha.pk, theme_pk("Young people"))] == D("5000.00")
    assert spent[(portfolio.beta.pk, theme_pk("Environment"))] == D("20000.00")


def test_a_partnership_member_never_sees_the_breakdown(portfolio):
    from tests.factories import Role, user_with_role

    chair = user_with_role(Role.PARTNERSHIP_CHAIR, portfolio.alpha)
    assert portfolio_summary(viewer=chair) is None
    assert planned_by_partnership_theme(viewer=chair, today=theme_scenario.TODAY) == []
    # Their own spend only, never Beta's.
    assert {pid for pid, _ in spent_by_partnership_theme(viewer=chair)} == {portfolio.alpha.pk}
    client = signed_in(chair)
    assert client.get("/portfolio/").status_code == 404
    assert client.get(f"/portfolio/themes/{theme_pk('Young people')}/").status_code == 404
    assert client.get("/api/v1/portfolio/summary/").status_code == 403


def test_the_dashboard_shows_the_theme_table_with_drill_down_links(portfolio, trustee):
    body = signed_in(trustee).get("/portfolio/").content.decode()
    table = body.split('id="theme-table"')[1].split("</table>")[0]
    for text in ("Young people", "Community spaces", "Environment", "All themes",
                 "£1,000,000.00", "£400,000.00", "£5,000.00", "£125,000.00", "£20,000.00 over",
                 f'href="/portfolio/themes/{theme_pk("Young people")}/"'):  # fmt: skip
        assert text in table, text
    assert "Planned to date and spent by theme" in body  # the chart, beside its table
    assert "will appear when partnerships" not in body


def test_the_drill_down_lists_each_partnerships_figures_for_the_theme(
    portfolio, trustee, django_assert_num_queries
):
    client = signed_in(trustee)
    page = client.get(f"/portfolio/themes/{theme_pk('Young people')}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Alpha Big Local" in body and "Beta Big Local" not in body
    assert f'href="/partnerships/{portfolio.alpha.pk}/"' in body
    assert f'href="/plans/partnership/{portfolio.alpha.pk}/money/"' in body
    assert "£400,000.00" in body and "£5,000.00" in body
    environment = client.get(f"/portfolio/themes/{theme_pk('Environment')}/").content.decode()
    assert "Beta Big Local" in environment and "Alpha Big Local" not in environment
    assert "Not planned" in environment and "£20,000.00 over" in environment
    assert client.get("/portfolio/themes/999999/").status_code == 404
    url = f"/portfolio/themes/{theme_pk('Community spaces')}/"
    client.get(url)
    with django_assert_num_queries(THEME_PAGE_QUERIES):
        client.get(url)
    scenario.add_partnerships(3, portfolio.officer, portfolio.approver)
    with django_assert_num_queries(THEME_PAGE_QUERIES):
        client.get(url)


@pytest.mark.parametrize(
    ("today", "to_date"),
    [
        (date(2024, 2, 28), D("0.00")),  # before the start
        (date(2025, 2, 27), D("49863.01")),  # 364 of year 1's 365 days
        (date(2025, 2, 28), D("50000.00")),  # a 29 February start's year ends on the 28th
        (date(2028, 2, 28), D("199863.39")),  # three years, and 365 of year 4's 366 days
        (date(2040, 1, 1), D("500000.00")),  # after the term: all of it
    ],
)
def test_planned_to_date_follows_the_plan_years(today, to_date, trustee):
    s = plan_scenario.setup_partnership(starts_on=date(2024, 2, 29))
    plan = plan_scenario.drafted(s)  # £50,000 a year on each of two themes, for 10 years
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 2, 1))
    rows = planned_by_partnership_theme(viewer=trustee, today=today)
    assert [(r.term, r.to_date) for r in rows] == [(D("500000.00"), to_date)] * 2


THEME_PAGE_QUERIES = 10
