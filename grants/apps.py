from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Grants, the endowment and the ledger"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cwf.accounts import permissions
        from cwf.core.navigation import NavItem, register

        from .models import (
            ActionLine,
            Allocation,
            AllocationAmendment,
            EndowmentMovement,
            EndowmentValuation,
            FundingAgreement,
            PlanReview,
            Release,
            Spend,
            SpendingPlan,
            Theme,
            Tranche,
            TrancheHold,
            VisionLine,
        )
        from .selectors.closeout import RELEASED_BUT_UNSPENT
        from .selectors.spending import released_but_unspent

        if released_but_unspent not in RELEASED_BUT_UNSPENT:
            RELEASED_BUT_UNSPENT.append(released_but_unspent)

        # The ledger (Account, Transaction, Entry) is its own audit trail: append-only, with
        # who, when and why on every transaction.
        for model in (
            Allocation,
            AllocationAmendment,
            EndowmentMovement,
            EndowmentValuation,
            FundingAgreement,
            Release,
            Tranche,
            TrancheHold,
            Theme,
            SpendingPlan,
            VisionLine,
            ActionLine,
            PlanReview,
            Spend,
        ):
            auditlog.register(model)

        register(NavItem("Endowment", "grants:endowment", permissions.sees_portfolio))
        register(NavItem("Allocations", "grants:allocation_list", _has_any_role))
        register(NavItem("Payments", "grants:payment_batch", permissions.is_officer))
        register(NavItem("Plans and spending", "plans:index", _has_any_role))


def _has_any_role(user) -> bool:
    from cwf.accounts import permissions

    return bool(permissions.roles_of(user))
