"""A partnership's endorsed plan with outcome indicators, built through the services, on top of
report_scenario's World (an active allocation from 1 April 2024, quarterly reports)."""

from __future__ import annotations

from datetime import date

from grants.models import LibraryIndicator, Theme
from grants.services.outcomes import library_ensure, plan_indicator_add
from grants.services.plans import (
    ActionInput,
    plan_draft_start,
    plan_endorse,
    plan_save,
    plan_submit,
    themes_ensure,
)

# (theme, library key, baseline, target)
DEFAULT_INDICATORS = [
    ("Community spaces", "space-users", "100", "400"),
    ("Health and wellbeing", "ons4-life-satisfaction", "6.2", "7.0"),
]


def endorsed_plan(world, indicators=DEFAULT_INDICATORS, own=()):
    """`own`: (theme, name, unit, baseline, target) written by the partnership."""
    themes_ensure()
    library_ensure()
    themes = {t.name: t for t in Theme.objects.all()}
    allocation = world.allocation
    plan = plan_draft_start(partnership_id=world.partnership.pk, actor=world.chair)
    per_year = allocation.amount / allocation.term_years
    spaces = themes["Community spaces"].pk
    plan_save(
        plan_id=plan.pk,
        actor=world.chair,
        vision={(spaces, y): per_year for y in range(1, allocation.term_years + 1)},
        actions=[ActionInput(spaces, "Open the hub", 1, "10000.00", "Hub group")],
        legacy_statement="A hub that lasts.",
    )
    for theme, key, baseline, target in indicators:
        plan_indicator_add(
            plan_id=plan.pk, actor=world.chair, theme_id=themes[theme].pk,
            library_id=LibraryIndicator.objects.get(key=key).pk,
            baseline=baseline, target=target, target_on=date(2027, 3, 31),
        )  # fmt: skip
    for theme, name, unit, baseline, target in own:
        plan_indicator_add(
            plan_id=plan.pk, actor=world.chair, theme_id=themes[theme].pk, name=name, unit=unit,
            baseline=baseline, target=target, target_on=date(2027, 3, 31),
        )  # fmt: skip
    plan_submit(plan_id=plan.pk, actor=world.chair)
    plan_endorse(plan_id=plan.pk, actor=world.officer, today=date(2024, 5, 1))
    plan.refresh_from_db()
    return plan


class Second:
    """Another partnership with its own chair and active allocation, beside World's."""

    def __init__(self, world, name="Hillside Partnership"):
        from grants.models import Frequency
        from tests.factories import PartnershipFactory, Role, user_with_role
        from tests.grants.scenario import active

        self.officer, self.second = world.officer, world.second
        self.partnership = PartnershipFactory(name=name, lead_officer=world.officer)
        self.chair = user_with_role(
            Role.PARTNERSHIP_CHAIR, self.partnership, email=f"chair@{self.partnership.pk}.test"
        )
        self.allocation = active(
            world.officer, world.second, partnership=self.partnership,
            frequency=Frequency.QUARTERLY,
        )  # fmt: skip


def report_with_values(side, quarter_start, values, *, submit=True):
    """Write and submit `side`'s report for the quarter with `values` ({library key: value or
    None for not measured}), through the services."""
    from grants.models import PlanIndicator
    from reporting.models import QuarterlyReport
    from reporting.services.outcome_values import ValueInput, indicator_values_save
    from reporting.services.reports import report_save_draft, report_submit
    from tests.reporting.report_scenario import COMPLETE

    report = QuarterlyReport.objects.get(allocation=side.allocation, quarter_start=quarter_start)
    plan_indicators = {
        i.library.key: i
        for i in PlanIndicator.objects.filter(
            plan__partnership=side.partnership, plan__status="endorsed"
        ).select_related("library")
    }
    report_save_draft(report_id=report.pk, actor=side.chair, narrative=COMPLETE)
    indicator_values_save(
        report_id=report.pk,
        actor=side.chair,
        values=[
            ValueInput(plan_indicators[key].pk, "" if v is None else str(v), v is None)
            for key, v in values.items()
        ],
    )
    if submit:
        report_submit(report_id=report.pk, actor=side.chair)
    return report
