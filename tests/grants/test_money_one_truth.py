"""One truth about money (docs/money.md): every place that shows a partnership's figures shows
the same value, for a partnership caught between a release and its payment, once the payment is
made, and after a spend is reversed. Runs on SQLite and, with DATABASE_URL, on PostgreSQL.

The scenario, worked by hand: £1,000,000 over 10 years, paid yearly, so each tranche is
£100,000 of grant plus the 5% LTO contribution, £105,000. Tranche 1 is released on 1 April 2024
and paid on 20 April. Before the payment the LTO's finance contact logs £1,070 of spends,
confirming the LTO is fronting the money: received £0, held £0, £1,070 ahead of payments."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest

from cwf.accounts.roles import Role
from grants.models import Frequency, Spend
from grants.services.disbursement import tranche_release
from grants.services.payments import tranches_mark_paid
from grants.services.plans import themes_ensure
from grants.services.spending import SpendInput, spend_log, spend_reverse
from reporting import threesixtygiving
from reporting.board_pack.data import board_pack_data
from reporting.board_pack.tables import tables
from reporting.selectors.report_spend import quarter_spend
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, user_with_role
from tests.grants import scenario

pytestmark = pytest.mark.django_db
D = Decimal
START = date(2024, 4, 1)


@pytest.fixture
def world(settings):
    settings.SPEND_AHEAD_OF_PAYMENTS = "confirm"
    officer, second = scenario.officers()
    scenario.fund(officer)
    partnership = PartnershipFactory(name="Caught Between Big Local")
    allocation = scenario.active(
        officer, second, partnership=partnership, frequency=Frequency.ANNUAL, starts_on=START
    )
    first = allocation.tranches.order_by("sequence").first()
    tranche_release(tranche_id=first.pk, today=START)
    finance = user_with_role(Role.LTO_FINANCE, partnership)
    theme = themes_ensure()[0]
    spends = [
        spend_log(
            partnership_id=partnership.pk,
            actor=finance,
            data=SpendInput(
                spent_on=date(2024, 4, day),
                amount=amount,
                payee="Hall Hire Ltd",
                description="Hall hire",
                theme_id=theme.pk,
                fronted_by_lto=True,
            ),
            today=date(2024, 4, 15),
        )
        for day, amount in ((2, "400.00"), (3, "300.00"), (4, "370.00"))
    ]
    trustee = user_with_role(Role.TRUSTEE)
    return {
        "officer": officer, "partnership": partnership, "allocation": allocation,
        "tranche": first, "finance": finance, "spends": spends,
        "trustee": trustee, "api": signed_in(trustee), "browser": signed_in(officer),
    }  # fmt: skip


def _money(text) -> Decimal:
    return D(str(text).replace("£", "").replace(",", ""))


def shown_everywhere(w) -> dict[str, dict[str, Decimal]]:
    """Every place that shows this partnership's figures, read as a user or client would."""
    p, trustee = w["partnership"], w["trustee"]
    out: dict[str, dict[str, Decimal]] = {}
    browser = w["browser"]

    # The partnership's money page, and its CSV.
    page = browser.get(f"/plans/partnership/{p.pk}/money/").content.decode()
    out["money page"] = {
        name: _money(page.split(f'id="{name}">')[1].split("<")[0])
        for name in ("paid", "received", "spent", "held")
    }
    rows = {
        r[0]: r[1]
        for r in csv.reader(io.StringIO(browser.get(f"/plans/partnership/{p.pk}/money.csv").text))
        if len(r) == 2
    }
    out["money CSV"] = {
        "paid": D(rows["Paid to the LTO (with its contribution)"]),
        "received": D(rows["Received by the LTO"]),
        "spent": D(rows["Spent"]),
        "held": D(rows["Held by the LTO"]),
    }
    # The allocation API (and its balances), and the partnership figures API.
    api = w["api"]
    allocation = api.get(f"/api/v1/allocations/{w['allocation'].pk}/").json()
    out["allocation API"] = {"paid": D(allocation["paid"])}
    balances = api.get(f"/api/v1/allocations/{w['allocation'].pk}/balances/").json()
    out["balances API"] = {"paid": D(balances["paid"])}
    figures = api.get("/api/v1/portfolio/partnerships/").json()["results"]
    row = next(r for r in figures if r["id"] == p.pk)
    out["figures API"] = {
        "paid": D(row["paid"]), "received": D(row["received"]), "spent": D(row["spent"]),
        "held": D(row["held_by_lto"]),
    }  # fmt: skip
    # The portfolio summary (this is the only partnership) on the API and the dashboard.
    headline = api.get("/api/v1/portfolio/summary/").json()["headline"]
    out["summary API"] = {
        "paid": D(headline["paid"]), "received": D(headline["received"]),
        "spent": D(headline["spent"]), "held": D(headline["held_by_ltos"]),
    }  # fmt: skip
    # The quarterly report's figures for the quarter the release fell in.
    quarter = quarter_spend(
        allocation_id=w["allocation"].pk, start=date(2024, 4, 1), end=date(2024, 6, 30)
    )
    out["quarterly report"] = {
        "received": D(quarter["received"]), "spent": D(quarter["spent"]),
        "held": D(quarter["held_by_lto"]),
    }  # fmt: skip
    # The board pack's tables (the PDF, XLSX and CSV are written from them).
    data = board_pack_data(viewer=trustee, as_of=date(2024, 6, 30), progress=lambda *a: None)
    pack = {t.name: t for t in tables(data)}
    headline_rows = {r[0]: r[1] for r in pack["Headline"].rows}
    table = pack["Partnerships"]
    at = table.headers.index("Partnership")
    prow = dict(zip(table.headers, next(r for r in table.rows if r[at] == p.name), strict=True))
    out["board pack"] = {
        "paid": prow["Paid (£)"], "received": prow["Received by the LTO (£)"],
        "spent": prow["Spent (£)"], "held": prow["Held by the LTO (£)"],
    }  # fmt: skip
    out["board pack headline"] = {
        "paid": headline_rows["Paid"], "received": headline_rows["Received by LTOs"],
        "held": headline_rows["Held by LTOs"],
    }  # fmt: skip
    # 360Giving: what was disbursed is what was paid.
    grant = threesixtygiving.package(viewer=trustee)["grants"][0]
    out["360Giving"] = {"paid": D(str(grant["amountDisbursed"]))}
    # The list of plans and spending.
    index = browser.get("/plans/").content.decode()
    row = index.split(f">{p.name}</a>")[1].split("</tr>")[0]
    cells = re.findall(r'govuk-table__cell--numeric"[^>]*>([^<]*)', row)
    out["plans list"] = {
        "received": _money(cells[0]),
        "spent": _money(cells[1]),
        "held": _money(cells[2]),
    }
    return out


def assert_everywhere(shown: dict, **expected: Decimal) -> None:
    wrong = [
        f"{place}: {name} shows {value}, expected {expected[name]}"
        for place, figures in shown.items()
        for name, value in figures.items()
        if name in expected and value != expected[name]
    ]
    assert not wrong, "\n".join(wrong)


def test_between_release_and_payment_nothing_is_received(world):
    shown = shown_everywhere(world)
    # Released, not paid: nothing paid, nothing received, and nothing held by the LTO.
    assert_everywhere(shown, paid=D("0.00"), received=D("0.00"), spent=D("1070.00"), held=D(0))
    summary = world["api"].get("/api/v1/portfolio/summary/").json()
    assert D(summary["headline"]["spent_ahead"]) == D("1070.00")
    assert D(summary["headline"]["released"]) == D("105000.00")


def test_once_paid_every_place_counts_it_received(world):
    tranches_mark_paid(
        tranche_ids=[world["tranche"].pk], actor=world["officer"], bank_reference="BACS-1",
        paid_on=date(2024, 4, 20),
    )  # fmt: skip
    shown = shown_everywhere(world)
    assert_everywhere(
        shown, paid=D("105000.00"), received=D("100000.00"), spent=D("1070.00"),
        held=D("98930.00"),
    )  # fmt: skip


def test_after_a_reversal_every_place_shows_the_same_spend(world):
    tranches_mark_paid(
        tranche_ids=[world["tranche"].pk], actor=world["officer"], bank_reference="BACS-1",
        paid_on=date(2024, 4, 20),
    )  # fmt: skip
    spend_reverse(
        spend_id=world["spends"][0].pk, actor=world["finance"], reason="Logged twice",
        today=date(2024, 5, 1),
    )  # fmt: skip
    shown = shown_everywhere(world)
    assert_everywhere(
        shown, paid=D("105000.00"), received=D("100000.00"), spent=D("670.00"), held=D("99330.00")
    )


def test_the_spends_record_that_the_lto_fronted_the_money(world):
    spends = Spend.objects.filter(partnership=world["partnership"])
    assert spends.count() == 3 and all(s.fronted_by_lto for s in spends)
