"""Tranches as rows of a schedule: their one transition function, creating and re-spreading
them, cancelling the open ones, and holds (placed and lifted by kind)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from cwf.accounts.permissions import require_officer
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import ZERO, pence
from cwf.core.transitions import check_transition

from ..models import Allocation, Tranche, TrancheHold
from .schedule import instalments, spread_proportionally


def tranche_transition(tranche: Tranche, target: str) -> None:
    """The one way a tranche's status changes: checks the declared table, then sets it."""
    check_transition(
        current=tranche.status, target=target, allowed=Tranche.TRANSITIONS, what="tranche"
    )
    tranche.status = target


def tranche_label(tranche: Tranche) -> str:
    return f"Tranche {tranche.number} (due {display_date(tranche.due_on)})"


def tranches_renumber(*, allocation: Allocation) -> None:
    """Number the live schedule (every tranche not cancelled) 1, 2, ... by due date, so the
    first payment of a regenerated schedule is not "Tranche 25". Cancelled tranches keep their
    numbers, as the history of the schedule they belonged to."""
    live = list(
        Tranche.objects.filter(allocation=allocation)
        .exclude(status=Tranche.Status.CANCELLED)
        .order_by("due_on", "sequence")
    )
    changed = []
    for number, tranche in enumerate(live, start=1):
        if tranche.number != number:
            tranche.number = number
            changed.append(tranche)
    Tranche.objects.bulk_update(changed, ["number"])


def open_tranches_locked(allocation: Allocation) -> list[Tranche]:
    """The allocation's unreleased, uncancelled tranches, locked (policy step 2: ascending pk),
    returned in schedule order."""
    locked = list(
        Tranche.objects.select_for_update()
        .filter(allocation=allocation, status__in=Tranche.OPEN_STATUSES)
        .order_by("pk")
    )
    return sorted(locked, key=lambda t: (t.sequence, t.pk))


def released_totals(allocation: Allocation) -> tuple[Decimal, Decimal]:
    """What has been released of the allocation so far: (amount, management contribution)."""
    totals = Tranche.objects.filter(
        allocation=allocation, status__in=Tranche.RELEASED_STATUSES
    ).aggregate(amount=Sum("amount"), contribution=Sum("management_contribution"))
    return pence(totals["amount"]), pence(totals["contribution"])


def tranches_create(
    *, allocation: Allocation, dates: Sequence[date], amount: Decimal, contribution: Decimal
) -> list[Tranche]:
    """New scheduled tranches on `dates`: equal instalments of `amount`, pence remainders first,
    with `contribution` spread over them in proportion."""
    amounts = instalments(amount, len(dates))
    contributions = spread_proportionally(contribution, amounts)
    last = allocation.tranches.aggregate(last=Max("sequence"))["last"] or 0
    created = Tranche.objects.bulk_create(
        Tranche(
            allocation=allocation,
            sequence=last + i,
            due_on=due_on,
            amount=share,
            management_contribution=extra,
        )
        for i, (due_on, share, extra) in enumerate(
            zip(sorted(dates), amounts, contributions, strict=True), start=1
        )
    )
    tranches_renumber(allocation=allocation)
    for tranche in created:
        tranche.refresh_from_db(fields=["number"])
    return created


def tranches_respread(
    *, tranches: Sequence[Tranche], amount: Decimal, contribution: Decimal, equal: bool = True
) -> None:
    """Give the open `tranches` (locked, in schedule order) a new total. With equal=True they
    become equal instalments again; otherwise their amounts are kept and only the management
    contribution is spread over them afresh."""
    if not tranches:
        if amount != ZERO or contribution != ZERO:
            raise DomainError(
                "There are no scheduled tranches left to carry this change. Change the payment "
                "schedule first."
            )
        return
    amounts = instalments(amount, len(tranches)) if equal else [t.amount for t in tranches]
    contributions = spread_proportionally(contribution, amounts)
    for tranche, share, extra in zip(tranches, amounts, contributions, strict=True):
        tranche.amount, tranche.management_contribution = share, extra
    Tranche.objects.bulk_update(tranches, ["amount", "management_contribution"])


def tranches_cancel_open(*, allocation: Allocation, actor, why: str) -> list[Tranche]:
    """Cancel every unreleased tranche of the allocation, lifting any hold on it."""
    tranches = open_tranches_locked(allocation)
    now = timezone.now()
    for tranche in tranches:
        tranche_transition(tranche, Tranche.Status.CANCELLED)
        tranche.cancelled_at = now
        tranche.save(update_fields=["status", "cancelled_at"])
    for hold in TrancheHold.objects.filter(tranche__in=tranches, lifted_at__isnull=True):
        _lift(hold, actor=actor, reason=why)
    return tranches


def _lift(hold: TrancheHold, *, actor, reason: str) -> None:
    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), actor, reason
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])


def tranche_hold(
    *, tranche_id: int, actor, reason: str, kind: str = TrancheHold.Kind.MANUAL
) -> TrancheHold:
    """Stop a scheduled tranche from being released. Officers place manual holds; the system
    places automatic ones (actor None). A second hold of the same kind is refused for a person
    and returns the hold in force for the system, so a repeated automatic check is harmless."""
    if kind == TrancheHold.Kind.MANUAL:
        require_officer(actor, to="hold a tranche")
    if not reason.strip():
        raise DomainError("Say why the tranche is being held.", field="reason")
    with transaction.atomic():
        tranche = Tranche.objects.select_for_update().get(pk=tranche_id)
        in_force = tranche.holds.filter(kind=kind, lifted_at__isnull=True).first()
        if in_force is not None:
            if kind == TrancheHold.Kind.AUTOMATIC:
                return in_force
            raise DomainError(f"{tranche_label(tranche)} is already on hold.")
        if tranche.status not in Tranche.OPEN_STATUSES:
            raise DomainError(
                f"{tranche_label(tranche)} is {tranche.get_status_display().lower()}: only a "
                f"scheduled tranche can be held."
            )
        try:
            with transaction.atomic():
                hold = TrancheHold.objects.create(
                    tranche=tranche, kind=kind, reason=reason.strip(), placed_by=actor
                )
        except IntegrityError as exc:
            raise DomainError(f"{tranche_label(tranche)} is already on hold.") from exc
        if tranche.status == Tranche.Status.SCHEDULED:
            tranche_transition(tranche, Tranche.Status.HELD)
            tranche.save(update_fields=["status"])
    return hold


def tranche_release_hold(
    *, tranche_id: int, actor, reason: str, kind: str | None = TrancheHold.Kind.MANUAL
) -> Tranche:
    """Lift the holds of `kind` on a tranche (never those of another kind), or, with kind None,
    every hold in force: an officer can always lift any hold, automatic ones too, with a
    reason. When no hold is left in force the tranche is scheduled again, and the next release
    run pays it if it is due."""
    if kind != TrancheHold.Kind.AUTOMATIC:
        require_officer(actor, to="lift a hold")
        if not reason.strip():
            raise DomainError("Say why the hold is being lifted.", field="reason")
    with transaction.atomic():
        tranche = Tranche.objects.select_for_update().get(pk=tranche_id)
        in_force = tranche.holds.filter(lifted_at__isnull=True)
        holds = list(in_force if kind is None else in_force.filter(kind=kind))
        for hold in holds:
            _lift(hold, actor=actor, reason=reason.strip())
        if not holds:
            if kind == TrancheHold.Kind.AUTOMATIC:
                return tranche
            raise DomainError(f"{tranche_label(tranche)} has no hold in force to lift.")
        still_held = tranche.holds.filter(lifted_at__isnull=True).exists()
        if tranche.status == Tranche.Status.HELD and not still_held:
            tranche_transition(tranche, Tranche.Status.SCHEDULED)
            tranche.save(update_fields=["status"])
    return tranche
