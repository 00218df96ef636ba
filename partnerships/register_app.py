"""Wiring for the neighbourhood register, called from PartnershipsConfig.ready()."""

from auditlog.registry import auditlog

from cwf.core.navigation import NavItem, register_nav_item

from .models import ImportBatch, Neighbourhood
from .selectors_register import may_see_register


def ready() -> None:
    # Scores change in bulk, with their own history (ScoreRevision); the audit log records
    # hand edits of a neighbourhood and each import's status changes, not its progress.
    auditlog.register(Neighbourhood, include_fields=["name", "local_authority_code", "region"])
    auditlog.register(ImportBatch, include_fields=["status"])
    register_nav_item(
        NavItem(
            "Neighbourhoods",
            "neighbourhood_index",
            may_see_register,
            None,
            'The register of neighbourhoods and the "least first" priority list',
        )
    )
