from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Grants, the endowment and the ledger"

    def ready(self) -> None:
        from cwf.core.home import register_actions, register_tasks

        from . import metrics
        from .home import allocation_tasks, money_actions, plan_tasks, receipt_tasks, tranche_tasks

        metrics.register_gauges()
        for source in (plan_tasks, allocation_tasks, tranche_tasks, receipt_tasks):
            register_tasks(source)
        register_actions(money_actions)
        _audit_models()

        from partnerships.services.ltos import LINK_GUARDS

        from .services.lto_change import lto_link_guard

        LINK_GUARDS.append(lto_link_guard)
        _nav_items()


def _audit_models() -> None:
    from auditlog.registry import auditlog

    from .models import (
        ActionLine,
        Allocation,
        AllocationAmendment,
        CoFunder,
        EndowmentMovement,
        EndowmentValuation,
        FundingAgreement,
        LocalIncome,
        MoneyReturn,
        PlanReview,
        Pledge,
        PledgeAmendment,
        PledgeReceipt,
        Release,
        RestrictedRelease,
        Spend,
        SpendingPlan,
        Theme,
        Tranche,
        TrancheHold,
        VisionLine,
    )

    # The ledger (Account, Transaction, Entry) is its own audit trail: append-only, with
    # who, when and why on every transaction.
    for model in (
        Allocation,
        AllocationAmendment,
        EndowmentMovement,
        EndowmentValuation,
        FundingAgreement,
        MoneyReturn,
        Release,
        Tranche,
        TrancheHold,
        Theme,
        SpendingPlan,
        VisionLine,
        ActionLine,
        PlanReview,
        Spend,
        CoFunder,
        Pledge,
        PledgeAmendment,
        PledgeReceipt,
        RestrictedRelease,
        LocalIncome,
    ):
        auditlog.register(model)


def _nav_items() -> None:
    from cwf.accounts import permissions
    from cwf.core.navigation import NavItem, in_partnership, register_nav_item, runs_fund

    register_nav_item(
        NavItem(
            "Endowment",
            "grants:endowment",
            permissions.sees_portfolio,
            None,
            "The fund's money, what is committed and what is free, and the ledger",
        )
    )
    register_nav_item(
        NavItem(
            "Allocations",
            "grants:allocation_list",
            _has_any_role,
            runs_fund,
            "Each partnership's long-term allocation, its funding agreement and tranches",
        )
    )
    register_nav_item(
        NavItem(
            "Payments",
            "grants:payment_batch",
            permissions.is_officer,
            runs_fund,
            "Tranches to pay, and the payment file for the bank",
        )
    )
    register_nav_item(
        NavItem(
            "Plans and spending",
            "plans:index",
            _has_any_role,
            in_partnership,
            "Spending plans, the spending log with receipts, and where the money is",
        )
    )


def _has_any_role(user) -> bool:
    from cwf.accounts import permissions

    return bool(permissions.roles_of(user))
