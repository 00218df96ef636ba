"""The reporting issue's "Done when" in a real browser, JavaScript off: a trustee reads the
dashboard (charts with their tables), asks for a board pack, watches it finish and downloads the
PDF and the spreadsheet."""

import pytest

from tests.factories import Role, user_with_role
from tests.reporting import scenario, theme_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_trustee_reads_the_dashboard_on_a_phone(page_as):
    theme_scenario.build(scenario.build())
    trustee = user_with_role(Role.TRUSTEE, full_name="Tom Trustee")
    page = page_as(trustee)
    page.goto("/portfolio/")
    page.wait_for_selector("h1:has-text('Portfolio')")
    assert page.locator("text=£3,150,000.00").count() >= 1
    assert page.locator("svg.cwf-chart").count() >= 4
    # On a phone a chart's table is open as the page arrives (a details element, so it closes
    # and opens again without JavaScript).
    table = page.locator("details:has-text('Burn-down: the figures as a table') table")
    assert table.is_visible()
    page.click("text=Burn-down: the figures as a table")
    assert not table.is_visible()
    page.click("text=Burn-down: the figures as a table")
    assert table.is_visible()
    # The breakdown by theme is a table on the page (its chart beside it), each theme a link.
    themes = page.locator("#theme-table")
    themes.scroll_into_view_if_needed()
    assert themes.is_visible()
    young = themes.locator("tr:has-text('Young people')")
    assert young.locator("text=£400,000.00").is_visible()
    assert young.locator("text=£5,000.00").is_visible()
    assert page.locator("text=Spending far from plan (1)").is_visible()
    page.click("a:has-text('North East')")
    page.wait_for_selector('h1:has-text("Partnerships\' figures")')
    assert page.locator("text=Alpha Big Local").count() == 1
    assert page.locator("text=Beta Big Local").count() == 0
    page.go_back()
    page.click("#theme-table a:has-text('Young people')")
    page.wait_for_selector("h1:has-text('Young people')")
    assert page.locator("#theme-partnerships a", has_text="Alpha Big Local").first.is_visible()
    assert page.locator("text=Beta Big Local").count() == 0


@pytest.mark.parametrize(
    ("kind", "label", "suffix"), [("pdf", "PDF", ".pdf"), ("xlsx", "Spreadsheet (XLSX)", ".xlsx")]
)
def test_a_trustee_downloads_the_board_pack(page_as, kind, label, suffix, tmp_path):
    scenario.build()
    trustee = user_with_role(Role.TRUSTEE, full_name="Tom Trustee")
    page = page_as(trustee, phone=False)
    page.goto("/portfolio/board-packs/")
    page.check(f"input[name=kind][value={kind}]")
    page.click("button:has-text('Make a board pack')")
    # The test settings run the task at once; in production the page checks its progress.
    page.wait_for_selector(f"text=Download the {label}")
    with page.expect_download() as download:
        page.click(f"text=Download the {label}")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.endswith(suffix) and path.stat().st_size > 1000
    head = path.read_bytes()[:5]
    assert head == b"%PDF-" if kind == "pdf" else head[:2] == b"PK"
    page.goto("/portfolio/board-packs/")
    assert page.locator("text=Tom Trustee").count() >= 1
