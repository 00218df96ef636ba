"""Plans and spends by theme on top of scenario.py's portfolio, built through the services, with
the figures worked out by hand for TODAY, 1 October 2026 (plan year 3 of Alpha's allocation, which
started on 1 April 2024: 183 of its 365 days have passed).

Alpha's endorsed plan, £1,000,000 over 10 years:
    Community spaces £60,000 a year   planned to date 2 x 60,000 + 60,000 x 183/365 = £150,082.19
    Young people     £40,000 a year   planned to date 2 x 40,000 + 40,000 x 183/365 = £100,054.79
Alpha's spends: £100,000 on Community spaces (scenario.py); £5,000 on Young people; £2,000 on
    Young people, reversed (nets off).
    spent to date £105,000.00; planned to date £250,136.98
    variance £145,136.98 under plan, 58.0% of planned to date: flagged
Beta (approved, no funding agreement, no plan): £20,000 spent on Environment: counted in the
    breakdown, never flagged (there is no endorsed plan to measure against).
Alpha's LTO has received £100,000 (tranche 2 is released, not paid) and Beta's nothing, so both
LTOs' finance contacts log these spends confirming the LTO fronts the money: Alpha is £5,000
ahead of its payments, Beta £20,000 (docs/money.md).
"""

from __future__ import annotations

from datetime import date

from grants.services.plans import (
    ActionInput,
    plan_draft_start,
    plan_endorse,
    plan_save,
    plan_submit,
)
from grants.services.spending import SpendInput, spend_log, spend_reverse
from tests.factories import Role, user_with_role
from tests.grants.plan_scenario import agreed_decision

TODAY = date(2026, 10, 1)


def themes() -> dict:
    from grants.models import Theme

    return {t.name: t for t in Theme.objects.all()}


def alpha_plan(portfolio) -> None:
    """Alpha's chair drafts and submits the plan; an officer endorses it."""
    by_name = themes()
    spaces, young = by_name["Community spaces"].pk, by_name["Young people"].pk
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, portfolio.alpha)
    plan = plan_draft_start(partnership_id=portfolio.alpha.pk, actor=chair)
    vision = {}
    for year in range(1, 11):
        vision[(spaces, year)] = "60000.00"
        vision[(young, year)] = "40000.00"
    plan_save(
        plan_id=plan.pk, actor=chair, vision=vision,
        actions=[ActionInput(young, "Youth club", 3, "40000.00", "Youth forum")],
        legacy_statement="A hub that lasts.",
    )  # fmt: skip
    plan_submit(plan_id=plan.pk, actor=chair)
    plan_endorse(plan_id=plan.pk, actor=portfolio.officer, today=date(2026, 4, 1))


def spends(portfolio) -> None:
    by_name = themes()
    young, environment = by_name["Young people"].pk, by_name["Environment"].pk
    alpha_resident = user_with_role(Role.LTO_FINANCE, portfolio.alpha)
    youth = agreed_decision(portfolio.alpha, portfolio.officer, amount="7000.00", title="Youth")
    for amount in ("5000.00", "2000.00"):
        spend = spend_log(
            partnership_id=portfolio.alpha.pk, actor=alpha_resident,
            data=SpendInput(
                spent_on=date(2025, 6, 1), amount=amount, payee="Youth Trust",
                description="Youth club sessions", theme_id=young, decision_id=youth.pk,
                fronted_by_lto=True,
            ),
        )  # fmt: skip
    spend_reverse(spend_id=spend.pk, actor=alpha_resident, reason="Logged twice by mistake.")
    beta_resident = user_with_role(Role.LTO_FINANCE, portfolio.beta)
    trees = agreed_decision(portfolio.beta, portfolio.officer, amount="20000.00", title="Trees")
    spend_log(
        partnership_id=portfolio.beta.pk, actor=beta_resident,
        data=SpendInput(
            spent_on=date(2025, 5, 1), amount="20000.00", payee="Hedgerow Landscapes",
            description="Street trees", theme_id=environment, decision_id=trees.pk,
            fronted_by_lto=True,
        ),
    )  # fmt: skip


def build(portfolio) -> None:
    alpha_plan(portfolio)
    spends(portfolio)
