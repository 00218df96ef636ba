"""Leverage (issue 18) on the dashboard, in the API summary, the board pack, the public pages and
360Giving, with the figures worked out here from the ledger's entries, not from the code under
test.

On top of tests/reporting/scenario.py (Alpha: £105,000 paid by the fund; Beta: nothing paid):
- the Northern Trust pledges £60,000 to Alpha, all received; £40,000 is released to Alpha and
  paid, £10,000 released and not yet paid (does not count), £10,000 still held;
- the Coast Fund pledges £25,000 to the North West (Beta's region), received and paid to Beta;
- Alpha raised £21,000 that an officer verified, and £5,000 not yet verified (does not count);
- Beta raised £3,000, verified.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from grants.models import Account, Entry, LocalIncome, Pledge
from grants.services.local_income import local_income_decide, local_income_record
from grants.services.restricted_money import (
    restricted_release,
    restricted_release_schedule,
    restricted_releases_mark_paid,
)
from reporting.selectors.summary import portfolio_summary
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.grants.coinvestment_scenario import co_funder, received
from tests.reporting import scenario

pytestmark = pytest.mark.django_db
D = Decimal
DAY = date(2024, 6, 1)


def _pay(officer, pledge, partnership, amount, *, paid=True):
    release = restricted_release_schedule(
        pledge_id=pledge.pk, actor=officer, partnership_id=partnership.pk, amount=amount,
        due_on=DAY,
    )  # fmt: skip
    assert restricted_release(release_id=release.pk, today=DAY) == "released"
    if paid:
        restricted_releases_mark_paid(
            release_ids=[release.pk], actor=officer, bank_reference=f"R{release.pk}",
            paid_on=DAY,
        )  # fmt: skip


def _income(actor, verifier, partnership, amount, *, verify=True):
    income = local_income_record(
        actor=actor, partnership_id=partnership.pk, kind=LocalIncome.Kind.OTHER_GRANT,
        source="County council", amount=amount, received_on=DAY, evidence_reference="Letter",
    )  # fmt: skip
    if verify:
        local_income_decide(income_id=income.pk, actor=verifier, verified=True)


@pytest.fixture
def portfolio():
    p = scenario.build()
    northern = co_funder(p.officer, name="Northern Trust", charity_number="1123456")
    alpha_pledge = received(
        p.officer, p.approver, funder=northern, partnership=p.alpha, amount="60000.00",
        receive="60000.00", conditions="Towards Alpha's community hub",
    )  # fmt: skip
    _pay(p.officer, alpha_pledge, p.alpha, "40000.00")
    _pay(p.officer, alpha_pledge, p.alpha, "10000.00", paid=False)
    coast = co_funder(p.officer, name="Coast Fund", company_number="01234567")
    region_pledge = received(
        p.officer, p.approver, funder=coast, restriction=Pledge.Restriction.REGION,
        region="North West", amount="25000.00", receive="25000.00",
    )  # fmt: skip
    _pay(p.officer, region_pledge, p.beta, "25000.00")
    finance = user_with_role(Role.LTO_FINANCE, p.alpha)
    _income(finance, p.officer, p.alpha, "21000.00")
    _income(finance, p.officer, p.alpha, "5000.00", verify=False)
    _income(p.officer, p.approver, p.beta, "3000.00")
    return p


def ledger_figures(partnership) -> tuple[Decimal, Decimal]:
    """(paid by the fund, co-investment paid through the fund), from the ledger's entries."""
    paid = Entry.objects.filter(
        account__kind=Account.Kind.PAID,
        transaction__allocation__partnership=partnership,
        transaction__kind="payment",
    ).aggregate(total=Sum("amount"))["total"] or D("0")
    through = Entry.objects.filter(
        account__kind=Account.Kind.RESTRICTED_PAID, account__partnership=partnership
    ).aggregate(total=Sum("amount"))["total"] or D("0")
    return D(paid).quantize(D("0.01")), D(through).quantize(D("0.01"))


def test_the_dashboards_leverage_is_what_the_ledger_says(portfolio):
    p = portfolio
    alpha_paid, alpha_through = ledger_figures(p.alpha)
    beta_paid, beta_through = ledger_figures(p.beta)
    assert (alpha_paid, alpha_through) == (D("105000.00"), D("40000.00"))
    assert (beta_paid, beta_through) == (D("0.00"), D("25000.00"))
    alpha_local, beta_local = D("21000.00"), D("3000.00")  # verified only
    leverage = portfolio_summary(viewer=p.officer, today=DAY).leverage
    rows = {row.label: row.leverage for row in leverage.partnerships}
    alpha = rows["Alpha Big Local"]
    assert (alpha.paid, alpha.through_fund, alpha.local) == (alpha_paid, alpha_through, alpha_local)
    assert alpha.through_fund_per_pound == (alpha_through / alpha_paid).quantize(D("0.01"))
    assert alpha.local_per_pound == (alpha_local / alpha_paid).quantize(D("0.01"))
    assert alpha.together_per_pound == D("0.58")  # £61,000 / £105,000
    assert rows["Beta Big Local"].together_per_pound is None  # the fund has paid Beta nothing
    total = leverage.total
    assert total.paid == alpha_paid + beta_paid
    assert total.through_fund == alpha_through + beta_through
    assert total.local == alpha_local + beta_local
    assert total.together_per_pound == D("0.85")  # £89,000 / £105,000
    by_region = {r.label: r.leverage for r in leverage.breakdowns[0].rows}
    assert by_region["North East"].together == alpha_through + alpha_local
    assert by_region["North West"].through_fund == beta_through
    by_decile = {r.key: r.leverage for r in leverage.breakdowns[1].rows}
    assert by_decile[1].through_fund == alpha_through

    page = signed_in(p.approver).get("/portfolio/").content.decode()
    assert 'id="leverage"' in page
    assert "£0.85</strong> together" in page
    assert "Alpha Big Local" in page and "£0.58" in page


def test_local_income_never_enters_the_ledger(portfolio):
    assert not Account.objects.filter(kind__icontains="local").exists()
    assert not Entry.objects.filter(transaction__memo__icontains="County council").exists()


def test_the_api_summary_carries_leverage(portfolio):
    body = json.loads(signed_in(portfolio.approver).get("/api/v1/portfolio/summary/").content)
    assert body["leverage"]["total"]["together_per_pound"] == "0.85"
    assert body["leverage"]["total"]["through_fund"] == "65000.00"
    assert body["attention"]["pledges_past_due"] == 0


def test_the_board_pack_tables_carry_leverage(portfolio):
    from reporting.board_pack.data import board_pack_data
    from reporting.board_pack.tables import tables

    data = board_pack_data(viewer=portfolio.officer, as_of=DAY, progress=lambda *_: None)
    named = {t.name: t for t in tables(data)}
    table = named["Leverage by partnership"]
    alpha = next(row for row in table.rows if row[2] == "Alpha Big Local")
    assert alpha[3:] == [D("105000.00"), D("40000.00"), D("21000.00"), D("0.38"), D("0.20"),
                         D("0.58")]  # fmt: skip


def test_public_pages_show_leverage_for_published_partnerships_only(portfolio, client):
    from partnerships.services.partnerships import partnership_publish

    chair = user_with_role(Role.PARTNERSHIP_CHAIR, portfolio.alpha)
    partnership_publish(partnership_id=portfolio.alpha.pk, actor=chair)
    page = client.get("/open/").content.decode()
    assert "Money beside the fund" in page
    assert "Alpha Big Local" in page
    assert "£0.85" in page
    alpha_page = client.get(f"/open/partnerships/{portfolio.alpha.pk}/").content.decode()
    assert 'id="per-pound"' in alpha_page and "£0.58" in alpha_page


def test_pledges_past_their_date_are_on_the_attention_list(portfolio):
    p = portfolio
    late = received(
        p.officer, p.approver, funder=co_funder(p.officer, name="Late Trust"),
        partnership=p.alpha, amount="30000.00", receive="10000.00", ends_on=date(2024, 5, 1),
    )  # fmt: skip
    attention = portfolio_summary(viewer=p.officer, today=DAY).attention
    assert [item.pledge.pk for item in attention.pledges_past_due] == [late.pk]
    assert attention.pledges_past_due[0].outstanding == D("20000.00")
    page = signed_in(p.approver).get("/portfolio/").content.decode()
    assert "Pledges past their date (1)" in page


def test_360giving_names_every_funding_organisation(portfolio):
    from reporting.threesixtygiving import allocations_for_export, grants, package_csv

    by_title = {g["title"]: g for g in grants(allocations_for_export(viewer=portfolio.officer))}
    alpha = next(g for title, g in by_title.items() if "Alpha" in title)
    funders = alpha["fundingOrganization"]
    assert [f["name"] for f in funders][1:] == ["Northern Trust"]
    assert funders[1]["id"] == "GB-CHC-1123456"
    assert "Northern Trust paid £40,000.00" in alpha["description"]
    csv_text = package_csv(viewer=portfolio.officer)
    assert "fundingOrganization/1/id" in csv_text.splitlines()[0]


def _by_partnership_table(page: str) -> str:
    start = page.index("By partnership</h3>")
    return page[start : page.index("</table>", start)]


def test_the_dashboard_shows_the_top_partnerships_and_links_to_all_of_them(portfolio, monkeypatch):
    """The dashboard lists the partnerships with the most money beside the fund's (Alpha's
    £61,000 before Beta's £28,000) up to LEVERAGE_TOP, and links to the full, paginated list."""
    from reporting.views import dashboard

    client = signed_in(portfolio.approver)
    page = client.get("/portfolio/").content.decode()
    table = _by_partnership_table(page)
    assert "Alpha Big Local" in table and "Beta Big Local" in table
    assert 'id="leverage-top"' not in page  # two rows: all shown, no link needed

    monkeypatch.setattr(dashboard, "LEVERAGE_TOP", 1)
    page = client.get("/portfolio/").content.decode()
    table = _by_partnership_table(page)
    assert "Alpha Big Local" in table and "Beta Big Local" not in table
    assert 'id="leverage-top"' in page
    assert 'href="/portfolio/leverage/"' in page

    full = client.get("/portfolio/leverage/")
    assert full.status_code == 200
    rows = full.content.decode()
    assert rows.index("Alpha Big Local") < rows.index("Beta Big Local")
    assert "£0.58" in rows  # Alpha: £61,000 per £105,000 paid


def test_the_full_leverage_list_is_paginated_and_for_fund_wide_roles_only(portfolio, monkeypatch):
    from reporting.views import dashboard

    client = signed_in(portfolio.approver)
    monkeypatch.setattr(dashboard, "LEVERAGE_PAGE_SIZE", 1)
    first = client.get("/portfolio/leverage/").content.decode()
    assert "Alpha Big Local" in first and "Beta Big Local" not in first
    assert 'aria-label="Page 2 of 2"' in first
    second = client.get("/portfolio/leverage/?page=2").content.decode()
    assert "Beta Big Local" in second and "Alpha Big Local" not in second

    chair = user_with_role(Role.PARTNERSHIP_CHAIR, portfolio.alpha)
    assert signed_in(chair).get("/portfolio/leverage/").status_code == 404


def test_the_money_pages_csv_and_xlsx_carry_the_co_investment_it_shows(portfolio):
    """The page, its CSV and its XLSX read one selector: the same figures in all three."""
    import csv
    import io

    from openpyxl import load_workbook

    alpha = portfolio.alpha
    client = signed_in(portfolio.approver)
    base = f"/plans/partnership/{alpha.pk}/money"
    page = client.get(f"{base}/").content.decode()
    assert 'id="through_fund">£40,000.00<' in page and 'id="local_income">£21,000.00<' in page
    assert "£0.58 (£0.38 through the fund, £0.20 raised locally)" in page
    expected = {
        "Co-funders' money paid through the fund": D("40000.00"),
        "Raised locally, verified": D("21000.00"),
        "Co-investment together": D("61000.00"),
        "For each £1 the fund paid: through the fund": D("0.38"),
        "For each £1 the fund paid: raised locally": D("0.20"),
        "For each £1 the fund paid: together": D("0.58"),
    }
    rows = {
        r[0]: r[1] for r in csv.reader(io.StringIO(client.get(f"{base}.csv").content.decode()))
        if len(r) == 2
    }  # fmt: skip
    assert {label: D(rows[label]) for label in expected} == expected
    sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content)).active
    cells = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert {label: D(str(cells[label])) for label in expected} == expected
    # Before the fund has paid anything, the per-pound figures say so rather than divide by 0.
    beta = {
        r[0]: r[1]
        for r in csv.reader(
            io.StringIO(client.get(f"/plans/partnership/{portfolio.beta.pk}/money.csv").text)
        )
        if len(r) == 2
    }
    assert beta["For each £1 the fund paid: together"] == "Not yet: the fund has paid nothing"
    assert D(beta["Co-funders' money paid through the fund"]) == D("25000.00")


def test_a_private_donor_is_never_named_publicly_but_officers_see_the_name(portfolio, client):
    """A co-funder who is a person (a philanthropist): 360Giving (JSON and CSV, the API's and
    the open data's), the public pages and the public API say "A private donor"; officers'
    pages name them."""
    from partnerships.services.partnerships import partnership_publish
    from reporting.models import OpenDataFile
    from reporting.services.open_data import open_data_publish

    p = portfolio
    donor = co_funder(p.officer, name="Marguerite Philanthrope", is_individual=True)
    given = received(
        p.officer, p.approver, funder=donor, partnership=p.alpha, amount="8000.00",
        receive="8000.00",
    )  # fmt: skip
    _pay(p.officer, given, p.alpha, "8000.00")
    partnership_publish(
        partnership_id=p.alpha.pk, actor=user_with_role(Role.PARTNERSHIP_CHAIR, p.alpha)
    )
    assert open_data_publish()
    name = "Marguerite Philanthrope"
    files = {f.name: client.get(f"/open/data/{f.name}") for f in OpenDataFile.objects.all()}
    readable = {n: r.content.decode() for n, r in files.items() if not n.endswith(".xlsx")}
    json_name = next(n for n in readable if n.endswith(".json") and "360" in n.lower())
    csv_name = next(n for n in readable if n.endswith(".csv") and "360" in n.lower())
    package = json.loads(readable[json_name])
    alpha = next(g for g in package["grants"] if "Alpha" in g["title"])
    assert sorted(f["name"] for f in alpha["fundingOrganization"][1:]) == [
        "A private donor", "Northern Trust",
    ]  # fmt: skip
    private = next(f for f in alpha["fundingOrganization"] if f["name"] == "A private donor")
    assert "charityNumber" not in private and private["id"].endswith(f"private-donor-{donor.pk}")
    assert "A private donor paid £8,000.00" in alpha["description"]
    assert "A private donor" in readable[csv_name]
    public = [
        "/open/", f"/open/partnerships/{p.alpha.pk}/", "/api/v1/public/fund/",
        "/api/v1/public/partnerships/", f"/api/v1/public/partnerships/{p.alpha.pk}/",
    ]  # fmt: skip
    bodies = {url: client.get(url).content.decode() for url in public} | readable
    assert all(name not in body for body in bodies.values()), [
        where for where, body in bodies.items() if name in body
    ]
    api_360 = signed_in(p.officer).get("/api/v1/360giving/").content.decode()
    assert name not in api_360 and "A private donor" in api_360
    # Officers see who it is.
    officer = signed_in(p.officer)
    assert name in officer.get(f"/grants/co-funders/{donor.pk}/").content.decode()
    assert name in officer.get(f"/grants/pledges/{given.pk}/").content.decode()
