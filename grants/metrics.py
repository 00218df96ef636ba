"""Grants' gauges for /metrics/ (cwf.core.metrics): money that is due and has not moved."""

from django.db.models import Count
from django.utils import timezone

from cwf.core.metrics import register_gauge


def tranches_due_unreleased() -> dict[str, float]:
    """Tranches due on or before today and not released: `scheduled` (the release run has not
    reached them) and `held` (an officer or an overdue report holds them)."""
    from .models import Tranche
    from .services.disbursement import RELEASABLE_ALLOCATIONS

    rows = (
        Tranche.objects.filter(
            due_on__lte=timezone.localdate(),
            status__in=[Tranche.Status.SCHEDULED, Tranche.Status.HELD],
            allocation__status__in=RELEASABLE_ALLOCATIONS,
        )
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = {"scheduled": 0.0, "held": 0.0}
    counts.update({row["status"]: float(row["n"]) for row in rows})
    return counts


def releases_unpaid() -> float:
    """Released tranches whose payment has not been recorded yet."""
    from .models import Tranche

    return float(Tranche.objects.filter(status=Tranche.Status.RELEASED).count())


def register_gauges() -> None:
    register_gauge(
        "cwf_tranches_due_unreleased",
        "Tranches due today or earlier and not released, by state (scheduled, held).",
        tranches_due_unreleased,
        label="state",
    )
    register_gauge(
        "cwf_releases_unpaid", "Released tranches whose payment is not recorded.", releases_unpaid
    )
