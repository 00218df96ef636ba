"""The demo's outcomes and learning (issue 19): indicators with two years of values on every
demo plan, learning notes (one about a community fridge, asked about and answered), portfolio
outcomes on the dashboard.
Seeding twice adds nothing."""

import io

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_has_indicators_two_years_of_values_and_notes():
    from django.core.management import call_command

    from cwf.accounts.models import User
    from devtools.demo import outcomes as demo_outcomes
    from grants.models import PlanIndicator
    from reporting.models import IndicatorValue, LearningAnswer, LearningNote
    from reporting.selectors.summary import portfolio_summary
    from tests.conftest import signed_in

    call_command("seed_demo", stdout=io.StringIO())
    indicators = PlanIndicator.objects.filter(plan__status="endorsed")
    assert indicators.exists()
    quarters = IndicatorValue.objects.values("partnership_id", "quarter_start").distinct()
    per_partnership = {}
    for row in quarters:
        per_partnership.setdefault(row["partnership_id"], set()).add(row["quarter_start"])
    assert max(len(q) for q in per_partnership.values()) == 8  # two years of quarters
    assert LearningNote.objects.filter(title__icontains="community fridge").exists()
    assert LearningNote.objects.count() >= 3
    assert LearningAnswer.objects.filter(question__note__title__icontains="fridge").count() == 1
    counts = (
        PlanIndicator.objects.count(),
        IndicatorValue.objects.count(),
        LearningAnswer.objects.count(),
    )
    demo_outcomes.seed(stdout=io.StringIO())
    assert (
        PlanIndicator.objects.count(),
        IndicatorValue.objects.count(),
        LearningAnswer.objects.count(),
    ) == counts
    trustee = User.objects.get(email="trustee@example.org")
    assert portfolio_summary(viewer=trustee).outcomes.totals
    page = signed_in(trustee).get("/portfolio/").content.decode()
    assert "Outcomes partnerships measure" in page and "People using a community space" in page
