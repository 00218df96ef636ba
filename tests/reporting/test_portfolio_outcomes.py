"""The portfolio's outcomes on the dashboard, the board pack's data and the API (issue 19),
against figures this test works out from the stored values itself."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from reporting.models import IndicatorValue
from reporting.services.periods import report_periods_create
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.reporting.outcomes_scenario import Second, endorsed_plan, report_with_values
from tests.reporting.report_scenario import World
from tests.reporting.scenario import ward

pytestmark = pytest.mark.django_db
Q1, Q2, Q3 = date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1)


@pytest.fixture
def portfolio():
    a = World()
    a.partnership.neighbourhoods.add(ward("E05000101", "A Ward", "North East", 5000, 1, 1))
    b = Second(a)
    b.partnership.neighbourhoods.add(ward("E05000102", "B Ward", "North West", 8000, 2, 1))
    endorsed_plan(a)
    endorsed_plan(b, indicators=[("Community spaces", "space-users", "50", "200")])
    report_periods_create(today=date(2025, 1, 2))
    report_with_values(a, Q1, {"space-users": 120, "ons4-life-satisfaction": "6.5"})
    report_with_values(a, Q2, {"space-users": 150, "ons4-life-satisfaction": "6.9"})
    report_with_values(b, Q1, {"space-users": 80})
    report_with_values(b, Q2, {"space-users": None})  # not measured: Q1's value stands
    # A draft never counts: A's Q3 value is not submitted.
    report_with_values(a, Q3, {"space-users": 9999, "ons4-life-satisfaction": "1"}, submit=False)
    return a, b


def expected_from_rows() -> dict[str, tuple[Decimal, int]]:
    """Worked out here, from the stored rows: each partnership's latest submitted measured value
    of each library indicator; counts summed, the score averaged."""
    latest: dict[tuple[int, str], tuple[date, Decimal, str]] = {}
    rows = IndicatorValue.objects.filter(
        report__status__in=["submitted", "accepted"], value__isnull=False
    ).values_list("partnership_id", "indicator__library__name", "quarter_start", "value",
                  "indicator__unit")  # fmt: skip
    for pid, name, quarter, value, unit in rows:
        if (pid, name) not in latest or latest[(pid, name)][0] < quarter:
            latest[(pid, name)] = (quarter, value, unit)
    grouped = defaultdict(list)
    for (_, name), (_, value, unit) in latest.items():
        grouped[(name, unit)].append(value)
    out = {}
    for (name, unit), values in grouped.items():
        figure = sum(values) if unit != "score_0_10" else sum(values) / len(values)
        out[name] = (figure, len(values))
    return out


def test_dashboard_outcomes_match_the_stored_values(portfolio):
    expected = expected_from_rows()
    assert expected == {
        "People using a community space each month": (Decimal("230.00"), 2),
        "Personal wellbeing: life satisfaction (ONS4)": (Decimal("6.90"), 1),
    }
    trustee = user_with_role(Role.TRUSTEE)
    from reporting.selectors.summary import portfolio_summary

    summary = portfolio_summary(viewer=trustee)
    got = {t.name: (t.figure, t.partnerships) for t in summary.outcomes.totals}
    assert got == expected  # the score's average is shown to one decimal place
    by_region = dict(summary.outcomes.by["region"])
    assert next((t.figure, t.partnerships) for t in by_region["North East"]) == (Decimal(150), 1)
    assert [(t.figure, t.partnerships) for t in by_region["North West"]] == [(Decimal(80), 1)]
    page = signed_in(trustee).get("/portfolio/").content.decode()
    assert "Outcomes partnerships measure" in page
    assert "230 people (total)" in page and "6.9 average score out of 10 (average)" in page


def test_the_api_gives_the_same_outcomes(portfolio):
    expected = expected_from_rows()
    officer = portfolio[0].officer
    body = signed_in(officer).get("/api/v1/portfolio/outcomes/").json()
    got = {
        row["indicator"]: (Decimal(row["figure"]), row["partnerships"]) for row in body["outcomes"]
    }
    assert got == {
        name: (figure.quantize(Decimal("0.01")), n) for name, (figure, n) in expected.items()
    }
    themes = {g["group"] for g in body["by_theme"]}
    assert themes == {"Community spaces", "Health and wellbeing"}
    resident = portfolio[0].resident
    assert signed_in(resident).get("/api/v1/portfolio/outcomes/").status_code == 403
