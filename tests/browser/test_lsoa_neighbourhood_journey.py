"""Issue 23's "Done when" in a real browser, without JavaScript: an officer builds a
neighbourhood of several LSOAs (searching the register, then pasting codes), sees its population,
its combined figures and the method, and creates a partnership for it; once the partnership has an
approved allocation, the trustee dashboard counts it in the decile of its combined figures."""

import math

import pytest

from partnerships.models import LsoaNeighbourhood, Partnership
from tests.factories import Role, user_with_role
from tests.grants import scenario as money
from tests.partnerships.register_files import (
    IOD2025_EXCERPT,
    lsoa_register,
    made_up_population,
    read_rows,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEARCHED = ["E01011952", "E01011953"]  # Hartlepool 002A and 002B
PASTED = ["E01011954", "E01011955", "E01011957"]


def test_an_officer_builds_a_neighbourhood_of_lsoas_and_the_dashboard_counts_it(page_as, tmp_path):
    lsoa_register(tmp_path)
    codes = SEARCHED + PASTED
    # Worked out here from the excerpt, not by the product: the population and the IMD decile.
    population = sum(made_up_population(c) for c in codes)
    imd = {r["lsoa21_code"]: float(r["IMD_score"]) for r in read_rows(IOD2025_EXCERPT)}
    score = sum(made_up_population(c) * imd[c] for c in codes) / population
    rank = 1 + sum(1 for s in imd.values() if s > score)
    decile = math.ceil(10 * rank / len(imd))

    officer = user_with_role(Role.FUND_OFFICER, full_name="Olu Officer")
    page = page_as(officer, phone=False)
    page.goto("/neighbourhoods/areas/")
    page.click("text=Build a neighbourhood")
    page.fill("#id_q", "Hartlepool 002")
    page.click("button:has-text('Search LSOAs')")
    for code in SEARCHED:
        page.check(f"#chosen-{code}")
    page.fill("#id_name", "Central Hartlepool")
    page.fill("#id_codes", " ".join(PASTED))
    page.click("button:has-text('Build the neighbourhood')")

    page.wait_for_selector("h1:has-text('Central Hartlepool')")
    assert page.locator(f"text={population:,} residents").count() >= 1
    assert page.locator("#imd-decile").inner_text() == f"IMD decile {decile}"
    assert "CNI decile" in page.locator("#cni-decile").inner_text()
    method = page.locator("#method").inner_text()
    assert "weighted by each LSOA's mid-2022 population" in method
    assert "Ranks are never averaged" in method
    assert "People living in doubly disadvantaged LSOAs" in page.content()
    area = LsoaNeighbourhood.objects.get(name="Central Hartlepool")
    assert sorted(area.lsoas.values_list("code", flat=True)) == sorted(codes)

    page.fill("#id_partnership_name", "Hartlepool Together")
    page.click("button:has-text('Create a partnership for this neighbourhood')")
    page.wait_for_selector("h1:has-text('Hartlepool Together')")
    assert page.locator("text=Neighbourhood of LSOAs").count() >= 1
    partnership = Partnership.objects.get(name="Hartlepool Together")
    assert partnership.lsoa_neighbourhood == area
    assert partnership.neighbourhoods.count() == 5

    approver = user_with_role(Role.FUND_OFFICER, full_name="Priya Second")
    money.fund(officer)
    money.lto_for(partnership)
    money.approved(officer, approver, partnership=partnership)

    trustee = user_with_role(Role.TRUSTEE, full_name="Tom Trustee")
    dashboard = page_as(trustee, phone=False)
    dashboard.goto("/portfolio/")
    dashboard.wait_for_selector("h1:has-text('Portfolio')")
    # The money breakdown's table (leverage and outcomes have IMD decile tables too).
    table = dashboard.locator("#breakdown-imd_decile")
    row = table.locator("tbody tr", has_text=f"Decile {decile}")
    assert row.count() == 1
    assert row.locator("td").first.inner_text() == "1"
    # Counted once, in that decile only (the other row is the total).
    assert table.locator("tbody tr", has_text="Decile").count() == 1
