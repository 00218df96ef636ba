"""Charts a phone can read: at 320 px each chart drawn is one laid out for a narrow screen, its
words at least 12 px high, and its table is open by default; on a wide screen the wide chart
shows, its table closed under it."""

import pytest

from tests.factories import Role, user_with_role
from tests.reporting import scenario, theme_scenario

pytestmark = pytest.mark.django_db(transaction=True)

# The height of each chart's words as drawn: the font size scaled by how wide the SVG is shown.
TEXT_HEIGHTS = """() => [...document.querySelectorAll('svg.cwf-chart')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')]
      .map(t => parseFloat(t.getAttribute('font-size')));
    return {id: svg.getAttribute('aria-labelledby'), smallest: Math.min(...sizes) * scale};
  })"""


@pytest.mark.parametrize("javascript", [False, True])
def test_at_320px_every_chart_is_readable_and_its_table_is_open(page_as, javascript):
    theme_scenario.build(scenario.build())
    trustee = user_with_role(Role.TRUSTEE)
    page = page_as(trustee, javascript=javascript)
    page.set_viewport_size({"width": 320, "height": 800})
    for address in ("/portfolio/", "/portfolio/forecast/", "/portfolio/social-value/"):
        page.goto(address)
        charts = page.evaluate(TEXT_HEIGHTS)
        assert charts, address
        too_small = [c for c in charts if c["smallest"] < 12]
        assert not too_small, (address, too_small)
        tables = page.locator("details.cwf-chart-table")
        for n in range(tables.count()):
            assert tables.nth(n).evaluate("d => d.open"), address


def test_on_a_wide_screen_the_wide_chart_shows_with_its_table_closed(page_as):
    theme_scenario.build(scenario.build())
    trustee = user_with_role(Role.TRUSTEE)
    page = page_as(trustee, phone=False, javascript=True)
    page.goto("/portfolio/")
    charts = page.evaluate(TEXT_HEIGHTS)
    assert charts and all("narrow" not in c["id"] for c in charts)
    burn_down = page.locator("details:has-text('Burn-down: the figures as a table')")
    assert burn_down.evaluate("d => d.open") is False
