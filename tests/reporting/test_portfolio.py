"""The dashboard's figures, against the hand-worked scenario in scenario.py (exact pence); the
drill-down; fixed query counts at two portfolio sizes."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection

from reporting.models import QuarterlyReport
from reporting.selectors.breakdowns import portfolio_breakdowns
from reporting.selectors.portfolio import partnership_figures
from reporting.selectors.summary import portfolio_summary
from reporting.services.periods import report_periods_create
from tests.conftest import signed_in
from tests.reporting import scenario, theme_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    return scenario.build()


def test_headline_figures_to_the_penny(portfolio, trustee):
    h = portfolio_summary(viewer=trustee).headline
    assert h.endowment_capital == D("10000000.00")
    assert h.committed == D("3150000.00")
    assert h.committed_unreleased == D("2940000.00")
    assert h.released == D("210000.00")
    assert h.paid == D("105000.00")
    assert h.spent == D("100000.00") and not h.spend_is_proxy
    assert h.held_by_ltos == D("0.00")
    assert h.uncommitted == D("6850000.00")


def test_breakdowns_add_up_to_the_headline(portfolio, trustee):
    by = {b.key: b for b in portfolio_breakdowns(viewer=trustee)}
    assert set(by) == {"region", "imd_decile", "cni_decile"}
    region = {r.label: (r.partnerships, r.committed, r.released, r.paid, r.spent)
              for r in by["region"].rows}  # fmt: skip
    assert region == {
        "North East": (1, D("1050000.00"), D("210000.00"), D("105000.00"), D("100000.00")),
        "North West": (1, D("2100000.00"), D("0.00"), D("0.00"), D("0.00")),
    }
    cni = by["cni_decile"].rows
    assert [(r.label, r.committed) for r in cni] == [
        ("Decile 1 (most deprived 10%)", D("3150000.00"))
    ]
    assert by["imd_decile"].total.committed == D("3150000.00")


def test_years_and_funding_per_head(portfolio, trustee):
    summary = portfolio_summary(viewer=trustee)
    years = {r.year: (r.planned, r.released, r.paid) for r in summary.by_year}
    assert years[2024] == (D("105000.00"), D("105000.00"), D("105000.00"))
    assert years[2025] == (D("105000.00"), D("105000.00"), D("0.00"))
    assert years[2033] == (D("105000.00"), D("0.00"), D("0.00"))
    per_head = summary.funding_per_head
    assert per_head.population == 15000
    assert per_head.committed_per_head == D("210.00")
    assert per_head.paid_per_head == D("7.00")


def test_attention_list(portfolio, trustee):
    # Alpha's first two quarters (from 1 April 2024) have ended by December 2024; neither report
    # has come in, so both are overdue now and the fund's on-time rate is nought.
    report_periods_create(today=date(2024, 12, 1))
    theme_scenario.build(portfolio)  # Alpha's endorsed plan, and spends far below it
    attention = portfolio_summary(viewer=trustee, today=theme_scenario.TODAY).attention
    assert [(r.partnership.name, r.quarter_label) for r in attention.overdue] == [
        ("Alpha Big Local", QuarterlyReport.objects.order_by("pk")[0].quarter_label),
        ("Alpha Big Local", QuarterlyReport.objects.order_by("pk")[1].quarter_label),
    ]
    assert (attention.compliance.due, attention.compliance.on_time_rate) == (2, 0.0)
    assert [(i.tranche.allocation.partnership.name, i.reasons) for i in attention.held] == [
        ("Alpha Big Local", ["Quarterly report missing"])
    ]
    # Factory partnerships are forming, so the composition rules are not enforced on them yet.
    assert attention.failing_composition == []
    assert attention.close_out == []
    assert [(v.partnership, v.planned_to_date, v.spent) for v in attention.variances] == [
        ("Alpha Big Local", D("250136.98"), D("105000.00"))
    ]
    # Beta has received nothing and spent £20,000; Alpha received £100,000 and spent £105,000.
    assert [(a.partnership.name, a.spent_ahead) for a in attention.spending_ahead] == [
        ("Beta Big Local", D("20000.00")),
        ("Alpha Big Local", D("5000.00")),
    ]
    assert attention.count == 2 + 1 + 1 + 2
    body = signed_in(trustee).get("/portfolio/").content.decode()
    assert "Spending ahead of payments (2)" in body
    assert "Overdue quarterly reports (2)" in body
    assert "Spending far from plan (1)" in body
    assert "0 of 2 quarterly reports due so far came in on time" in body


def test_the_attention_list_names_the_oldest_overdue_reports_and_links_to_all(
    portfolio, trustee, monkeypatch
):
    from reporting.selectors import attention as attention_module

    monkeypatch.setattr(attention_module, "OVERDUE_SHOWN", 1)
    report_periods_create(today=date(2024, 12, 1))
    client = signed_in(trustee)
    body = client.get("/portfolio/").content.decode()
    assert "Overdue quarterly reports (2)" in body
    assert body.count("Alpha Big Local</a>: the report for") == 1
    assert "see all 2 overdue reports" in body
    listed = client.get("/reports/?queue=overdue&sort=due").content.decode()
    for report in QuarterlyReport.objects.all():
        assert report.quarter_label in listed


def test_drill_down_by_region(portfolio, trustee):
    client = signed_in(trustee)
    page = client.get("/portfolio/partnerships/?region=North+East&funded=yes")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Alpha Big Local" in body and "Beta Big Local" not in body
    assert "£1,050,000.00" in body
    rows = partnership_figures(viewer=trustee).filter(region="North West")
    assert [(p.name, p.committed, p.unreleased) for p in rows] == [
        ("Beta Big Local", D("2100000.00"), D("2100000.00"))
    ]


def test_the_dashboard_shows_real_figures_and_tables_without_javascript(portfolio, trustee):
    body = signed_in(trustee).get("/portfolio/").content.decode()
    for text in ("£3,150,000.00", "£6,850,000.00", "£100,000.00", "North East",
                 "Decile 1 (most deprived 10%)", "£210.00", "£7.77", "£19.31", "£12.23",
                 "on hold: quarterly report missing.", "<svg", "the figures as a table",
                 "recorded in their spending logs"):  # fmt: skip
        assert text in body, text
    assert "<script" not in body.split("</footer>")[0]


def test_partnerships_get_404(portfolio, chair):
    client = signed_in(chair)
    for url in ("/portfolio/", "/portfolio/partnerships/", "/portfolio/forecast/",
                "/portfolio/social-value/", "/portfolio/360giving/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_the_dashboard_query_count_does_not_grow(portfolio, trustee, django_assert_num_queries):
    client = signed_in(trustee)
    client.get("/portfolio/")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get("/portfolio/")
    scenario.add_partnerships(4, portfolio.officer, portfolio.approver)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get("/portfolio/")


# places, money in 5 grouped queries (with what was taken back), themes 3, overdue count, trends 2,
# outcomes 2 (issue 19: the latest values, the partnerships' places), leverage 5 and its
# partnership money 1 (issue 18: places, co-investment paid and local income, the plans' themes,
# pledges past due; the kept spend totals)
# On PostgreSQL (issue 21) the summary is cached by the portfolio version
# (cwf/core/portfolio_version.py): one read of it.
DASHBOARD_QUERIES = 34 + 6 + (1 if connection.vendor == "postgresql" else 0)
