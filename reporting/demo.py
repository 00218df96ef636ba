"""Demo reporting for `make run`: the assumptions with their sources (the defaults, recorded so
their history starts), and one change by the demo officer, so the history and the "in force
from" dates show. The dashboard, forecast, social value and board packs read the money the
grants demo made; any board pack can be made from it.

The grants demo funds partnerships of its own that have no neighbourhood, which would leave the
dashboard's breakdowns by region, IMD and CNI decile empty. So each funded demo partnership
without one is placed, through the partnerships service, in a real ward from the register that
has IMD and CNI figures and no partnership yet (worst CNI first, one region at a time).
Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from cwf.accounts.models import User
from partnerships.models import Neighbourhood, Partnership
from partnerships.services.partnerships import partnership_update

from .assumptions import AssumptionKey
from .models import Assumption
from .services.assumptions import assumption_set, assumptions_ensure_defaults

OFFICER = "officer@example.org"
DEMO_CHANGE = {
    "key": AssumptionKey.RUNNING_COSTS,
    "value": "0.8",
    "source": "Demo: the fund's draft budget for its first years (0.5% investment management, "
    "0.3% operations).",
    "effective_on": datetime.date(2025, 4, 1),
    "note": "Set from the draft budget.",
}


def _free_wards() -> list[Neighbourhood]:
    """Wards with IMD and CNI deciles and no partnership, worst CNI first, taking one region at
    a time so the demo spreads across England."""
    wards = list(
        Neighbourhood.objects.filter(
            kind=Neighbourhood.Kind.WARD,
            imd_decile__isnull=False,
            cni_decile__isnull=False,
            partnerships__isnull=True,
        ).order_by("cni_rank", "code")
    )
    by_region: dict[str, list[Neighbourhood]] = {}
    for ward in wards:
        by_region.setdefault(ward.region, []).append(ward)
    spread = []
    while any(by_region.values()):
        for region in sorted(by_region):
            if by_region[region]:
                spread.append(by_region[region].pop(0))
    return spread


def place_funded_partnerships(*, officer) -> int:
    funded = (
        Partnership.objects.filter(allocations__isnull=False)
        .exclude(status=Partnership.Status.CLOSED)
        .filter(neighbourhoods__isnull=True)
        .distinct()
        .order_by("name")
    )
    wards = iter(_free_wards())
    placed = 0
    for partnership in funded:
        ward = next(wards, None)
        if ward is None:
            break
        partnership_update(
            actor=officer,
            partnership_id=partnership.pk,
            name=partnership.name,
            neighbourhood_codes=[ward.code],
            lead_officer_id=partnership.lead_officer_id,
        )
        placed += 1
    return placed


@transaction.atomic
def seed(*, stdout) -> None:
    made = assumptions_ensure_defaults()
    officer = User.objects.filter(email=OFFICER).first()
    placed = place_funded_partnerships(officer=officer) if officer is not None else 0
    changed = Assumption.objects.filter(key=DEMO_CHANGE["key"], changed_by__isnull=False)
    if officer is not None and not changed.exists():
        assumption_set(actor=officer, **DEMO_CHANGE)
    stdout.write(
        f"Reporting: {len(made)} default assumption(s) recorded; "
        f"{Assumption.objects.count()} assumption value(s) in all; {placed} funded demo "
        "partnership(s) placed in a register ward."
    )
