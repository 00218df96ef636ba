"""Run the daily release now (what beat runs at 06:00). Safe to run at any time, any number of
times: each due tranche is released once. Says which due tranches it left alone, and why (on
hold, or waiting for a change of LTO to be decided)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cwf.core.dates import display_date
from grants.models import Tranche
from grants.services.disbursement import (
    RELEASABLE_ALLOCATIONS,
    lto_change_pending,
    tranches_release_due,
)


class Command(BaseCommand):
    help = "Release every due, unheld tranche now, exactly once each."

    def handle(self, *args, **options):
        today = timezone.localdate()
        outcomes = tranches_release_due(today=today)
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(self.style.SUCCESS(f"Release run: {summary or 'nothing due'}."))
        for line in skipped(today):
            self.stdout.write(line)


def skipped(today) -> list[str]:
    """Due tranches the run did not release: held ones (with their holds' reasons) and those of
    an allocation whose change of LTO awaits its second officer."""
    due = (
        Tranche.objects.filter(
            status__in=Tranche.OPEN_STATUSES,
            due_on__lte=today,
            allocation__status__in=RELEASABLE_ALLOCATIONS,
        )
        .select_related("allocation__partnership")
        .prefetch_related("holds")
        .order_by("due_on", "pk")
    )
    waiting = lto_change_pending({t.allocation_id for t in due})
    lines = []
    for tranche in due:
        label = (
            f"Not released: tranche {tranche.number} of {tranche.allocation.partnership} "
            f"(due {display_date(tranche.due_on)})"
        )
        if tranche.status == Tranche.Status.HELD:
            reasons = "; ".join(h.reason for h in tranche.holds.all() if h.in_force)
            lines.append(f"{label}: on hold: {reasons}")
        elif tranche.allocation_id in waiting:
            lines.append(f"{label}: a change of LTO awaits a second officer")
    return lines
