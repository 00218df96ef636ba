"""Replaying years of fund history through the real services, as if each event happened on its
own day: the clock is patched, and the release run (and payment, a week later) is replayed on
every due date in between. Used by devtools/demo/grants.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.db import transaction
from django.utils import timezone

from cwf.accounts.models import User
from grants.models import Allocation, Release, Tranche
from grants.services.disbursement import tranches_release_due
from grants.services.payments import tranches_mark_paid

# Releases newer than this are left unpaid, so the payment batch has something in it.
UNPAID_WINDOW = timedelta(days=75)


@contextmanager
def clock(day: date) -> Iterator[None]:
    """Run services as if it were 10:00 on `day`."""
    moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


class Replay:
    """Events in date order, with the release run (and payment, a week later) replayed on every
    due date in between."""

    def __init__(self, *, today: date, officer: User, second: User):
        self.today, self.officer, self.second = today, officer, second
        self.events: list[tuple[date, int, Callable[[], object]]] = []

    def on(self, day: date, action: Callable[[], object]) -> None:
        self.events.append((day, len(self.events), action))

    def run(self) -> None:
        # The history is in the past: its release e-mails are not written to the outbox, and no
        # task is queued for them (a worker would otherwise spend its first minutes on them).
        with (
            mock.patch.object(transaction, "on_commit"),
            mock.patch("cwf.core.outbox.emails_queue", return_value=0),
        ):
            for day, _, action in sorted(self.events, key=lambda e: (e[0], e[1])):
                self.catch_up(until=day)
                with clock(day):
                    action()
            self.catch_up(until=self.today)
        Release.objects.filter(notified_at__isnull=True).update(notified_at=timezone.now())

    def catch_up(self, *, until: date) -> None:
        while True:
            due_on = (
                Tranche.objects.filter(
                    status=Tranche.Status.SCHEDULED,
                    due_on__lte=until,
                    allocation__status__in=[Allocation.Status.ACTIVE, Allocation.Status.CLOSING],
                )
                .order_by("due_on")
                .values_list("due_on", flat=True)
                .first()
            )
            if due_on is None:
                return
            with clock(due_on):
                tranches_release_due(today=due_on)
            paid_on = due_on + timedelta(days=7)
            if paid_on <= self.today - UNPAID_WINDOW:
                released = Tranche.objects.filter(
                    status=Tranche.Status.RELEASED, release__released_on=due_on
                )
                with clock(paid_on):
                    tranches_mark_paid(
                        tranche_ids=list(released.values_list("pk", flat=True)),
                        actor=self.officer,
                        bank_reference=f"BACS{paid_on:%Y%m%d}",
                        paid_on=paid_on,
                    )
