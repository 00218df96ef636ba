"""The forecast recomputed INDEPENDENTLY from the ledger, the schedules, the allocations and the
assumptions (exact fractions, none of the product's forecast code), in cash terms and in today's
pounds, and held to what the page and the API show; and a stress path that exhausts the fund,
with its year of shortfall on the page."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal as D
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from django.db.models import Sum
from django.utils import timezone

from grants.models import (
    Account,
    Allocation,
    EndowmentMovement,
    EndowmentValuation,
    Entry,
    Tranche,
)
from grants.services.endowment import endowment_movement_record
from grants.services.valuations import endowment_valuation_record
from reporting.services.assumptions import assumption_set
from tests.conftest import signed_in
from tests.grants import scenario as money
from tests.reporting import scenario
from tests.reporting.test_api import bearer

pytestmark = pytest.mark.django_db
HELD = ["uncommitted", "commitment", "management_contribution", "payable"]
ASSUMED = {"investment_return": "3.5", "inflation": "2.5", "running_costs": "0.8",
           "stress_capital_fall": "30", "stress_recovery_years": "4"}  # fmt: skip


# --- An engine of the test's own: Fractions, rounded half up to the penny where money is ---
def penny(value: Fraction) -> Fraction:
    sign = -1 if value < 0 else 1
    return sign * Fraction(math.floor(abs(value) * 100 + Fraction(1, 2)), 100)


def decimal(value: Fraction) -> str:
    return f"{D(value.numerator) / D(value.denominator):.2f}"


def gbp(value: Fraction) -> str:
    text = f"£{abs(D(value.numerator) / D(value.denominator)):,.2f}"
    return "-" + text if value < 0 else text


def year_days(year: int) -> int:
    return 366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365


def by_days(amount: Fraction, first: datetime.date, end: datetime.date) -> dict[int, Fraction]:
    """Spread over [first, end) by each calendar year's days, running rounding to the penny."""
    total = (end - first).days
    if total <= 0:
        return {first.year: amount}
    out, given, counted = {}, Fraction(0), 0
    for year in range(first.year, end.year + 1):
        lo, hi = max(first, datetime.date(year, 1, 1)), min(end, datetime.date(year + 1, 1, 1))
        if hi > lo:
            counted += (hi - lo).days
            share = penny(amount * counted / total) - given
            out[year] = out.get(year, 0) + share
            given += share
    return out


def ledger_inputs(today: datetime.date) -> dict:
    """Opening balance and payments by year, read straight from the rows."""
    held = Fraction(
        str(Entry.objects.filter(account__kind__in=HELD).aggregate(t=Sum("amount"))["t"])
    )
    market = Fraction(0)
    latest = EndowmentValuation.objects.order_by("-valued_on", "-pk").first()
    if latest:
        market = Fraction(str(latest.market_value)) - Fraction(str(latest.book_value))
    payments: dict[int, Fraction] = {}

    def add(year, amount):
        payments[max(year, today.year)] = payments.get(max(year, today.year), 0) + amount

    committed = ["approved", "active", "closing"]
    for t in Tranche.objects.filter(allocation__status__in=committed,
                                    status__in=["scheduled", "held"]):  # fmt: skip
        add(t.due_on.year, Fraction(str(t.amount + t.management_contribution)))
    for account in Account.objects.filter(kind="payable"):
        add(today.year, Fraction(str(account.balance)))
    for a in Allocation.objects.filter(status__in=[*committed, "proposed"]):
        end = a.starts_on.replace(year=a.starts_on.year + a.term_years)
        first = max(today, a.starts_on)
        if a.status == "proposed":
            rest = Fraction(str(a.amount + a.management_contribution))
        else:
            unreleased = sum(Fraction(str(x.balance)) for x in a.ledger_accounts.filter(
                kind__in=["commitment", "management_contribution"]))  # fmt: skip
            open_tranches = a.tranches.filter(status__in=["scheduled", "held"])
            scheduled = sum(Fraction(str(t.amount + t.management_contribution))
                            for t in open_tranches)  # fmt: skip
            rest = unreleased - scheduled
        if rest > 0:
            for year, part in by_days(rest, first, end).items():
                add(year, part)
    return {"opening": held + market, "payments": payments}


def project(today, opening, payments, *, real, inflation, costs, years, fall=None):
    """Rows of (year, start, payments, return, costs, end, end in today's pounds); `fall` is
    (share lost at the start, recovery years)."""
    rows, balance, index = [], opening, Fraction(1)
    for offset in range(years):
        year = today.year + offset
        days = (datetime.date(year, 12, 31) - today).days + 1 if offset == 0 else year_days(year)
        r = real
        lost = Fraction(0)
        if fall and offset == 0:
            lost = penny(max(balance, 0) * fall[0])
        elif fall and offset <= fall[1]:
            exact = (1 + real) / (1 - fall[0]) ** (1 / fall[1]) - 1  # a float: the 10th place
            r = Fraction(D(repr(exact)).quantize(D("1e-10")))
        paid = payments.get(year, Fraction(0))
        after = balance - lost - paid
        earning = max(after, 0)
        cash = (1 + r) * (1 + inflation) - 1
        got = penny(earning * cash * days / year_days(year))
        spent = penny(earning * costs * days / year_days(year))
        end = after + got - spent
        index *= 1 + inflation * Fraction(days, year_days(year))
        rows.append((year, balance, paid, got, spent, end, penny(end / index)))
        balance = end
    return rows


# --- Reading the page ---------------------------------------------------------------------------
class TableRows(HTMLParser):
    """The text of each row of the table with the given id."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table(body: str, table_id: str) -> list[list[str]]:
    parser = TableRows(table_id)
    parser.feed(body)
    return [row for row in parser.rows if row and row[0][:4].isdigit()]


@pytest.fixture
def portfolio():
    built = scenario.build()
    officer = built.officer
    for key, value in ASSUMED.items():
        assumption_set(actor=officer, key=key, value=value, source="Test",
                       effective_on=datetime.date(2025, 1, 1))  # fmt: skip
    endowment_movement_record(actor=officer, kind=EndowmentMovement.Kind.INVESTMENT_INCOME,
                              amount="150000.00", received_on=datetime.date(2025, 3, 31),
                              description="Income for the year")  # fmt: skip
    gamma = money.proposed(officer, amount="1500000.00", term_years=10,
                           starts_on=datetime.date(2027, 1, 1))  # fmt: skip
    year_end = datetime.date(2025, 12, 31)
    book = Entry.objects.filter(account__kind__in=HELD, transaction__effective_on__lte=year_end)
    endowment_valuation_record(
        actor=officer, valued_on=datetime.date(2025, 12, 31),
        market_value=book.aggregate(t=Sum("amount"))["t"] + D("250000.00"),
        source="Custodian statement",
    )  # fmt: skip
    built.gamma = gamma
    return built


def test_the_page_and_the_api_match_a_forecast_recomputed_from_the_ledger(portfolio, trustee):
    today = timezone.localdate()
    inputs = ledger_inputs(today)
    assert max(inputs["payments"]) == 2036  # the pipeline's last day is 31 December 2036
    years = max(15, 2036 - today.year + 1)
    rows = project(today, inputs["opening"], inputs["payments"], real=Fraction("0.035"),
                   inflation=Fraction("0.025"), costs=Fraction("0.008"), years=years)  # fmt: skip
    body = signed_in(trustee).get("/portfolio/forecast/").content.decode()
    shown = table(body, "forecast-years")
    expected = [[str(y), gbp(start), gbp(paid), gbp(got), gbp(spent), gbp(end), gbp(real)]
                for y, start, paid, got, spent, end, real in rows]  # fmt: skip
    assert [row[:7] for row in shown] == expected
    last = rows[-1]
    assert f"ends {last[0]} with {gbp(last[5])} in cash terms" in body
    assert f"{gbp(last[6])} in today's pounds" in body
    # The API gives the same figures, as strings of exact pence.
    api = bearer(trustee).get("/api/v1/portfolio/forecast/").json()
    central = api["base"]["years"]
    assert [(y["year"], y["closing"], y["closing_real"]) for y in central] == [
        (year, decimal(end), decimal(real)) for year, *_, end, real in rows
    ]
    assert api["start"]["basis"] == "market"
    assert api["start"]["market_adjustment"] == "250000.00"


def test_a_stress_path_that_exhausts_the_fund_reports_its_year_of_shortfall(portfolio, trustee):
    # Promise most of what is left: a fall of 30% then leaves too little to pay it all.
    officer, approver = portfolio.officer, portfolio.approver
    for _ in range(3):
        money.approved(officer, approver, amount="2000000.00", term_years=10,
                       starts_on=datetime.date(2026, 1, 1))  # fmt: skip
    today = timezone.localdate()
    inputs = ledger_inputs(today)
    years = max(15, max(inputs["payments"]) - today.year + 1)
    common = {"real": Fraction("0.035"), "inflation": Fraction("0.025"),
              "costs": Fraction("0.008"), "years": years}  # fmt: skip
    central = project(today, inputs["opening"], inputs["payments"], **common)
    fallen = project(today, inputs["opening"], inputs["payments"], **common,
                     fall=(Fraction("0.3"), 4))  # fmt: skip
    short = next(year for year, start, paid, got, spent, end, real in fallen if end < 0)
    assert all(end >= 0 for *_, end, _ in central)
    body = signed_in(trustee).get("/portfolio/forecast/").content.decode()
    paths = {row[0]: row for row in table_rows_by_name(body, "forecast-paths")}
    assert paths["Central case"][2] == "None"
    assert paths["Value falls 30%, recovers over 4 years"][2] == str(short)
    api = bearer(trustee).get("/api/v1/portfolio/forecast/").json()
    fall = next(p for p in api["stresses"] if p["key"] == "fall")
    assert fall["shortfall_year"] == short and api["base"]["shortfall_year"] is None


def table_rows_by_name(body: str, table_id: str) -> list[list[str]]:
    parser = TableRows(table_id)
    parser.feed(body)
    return [row for row in parser.rows if row and not row[0].startswith("Path")]
