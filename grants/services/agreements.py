"""The funding agreement with the LTO, which sets the payment schedule, and officers' edits to
the scheduled tranches.

Edits and the schedule's total. An officer may change the dates and amounts of tranches that are
still scheduled (never released, held or cancelled ones), on their own authority, as long as the
schedule still adds up: the changed tranches must total what they totalled before. Changing the
total is an amendment to the allocation's amount, which needs a second officer (amendments.py).
The LTO management contribution is then spread afresh over the open tranches, in proportion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cwf.accounts.permissions import require_officer
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import ZERO, format_gbp, money
from partnerships.models import Lto, PartnershipLto

from ..models import Allocation, Frequency, FundingAgreement, Tranche
from .allocations import allocation_transition
from .schedule import schedule_dates
from .tranches import (
    open_tranches_locked,
    tranche_label,
    tranches_create,
    tranches_renumber,
    tranches_respread,
)


def active_lto(allocation: Allocation) -> Lto:
    """The partnership's accountable LTO now, which must have passed due diligence."""
    link = (
        PartnershipLto.objects.select_related("lto")
        .filter(partnership_id=allocation.partnership_id, ends_on__isnull=True)
        .first()
    )
    if link is None:
        raise DomainError(
            f"{allocation.partnership} has no Locally Trusted Organisation yet: record its LTO "
            f"before issuing a funding agreement."
        )
    if link.lto.due_diligence_status != Lto.DueDiligence.PASSED:
        raise DomainError(
            f"{link.lto} has not passed due diligence "
            f"({link.lto.get_due_diligence_status_display().lower()}): a funding agreement can "
            f"only be issued to an LTO that has."
        )
    return link.lto


def funding_agreement_issue(
    *,
    allocation_id: int,
    actor,
    frequency: str = Frequency.HALF_YEARLY,
    first_due_on: date | None = None,
    custom_dates: Sequence[date] = (),
    terms: str = "",
) -> FundingAgreement:
    """Issue the funding agreement to the partnership's active LTO and generate the payment
    schedule; the allocation becomes active. An officer calls it directly today; the spending
    plans feature will call it when it endorses a plan."""
    require_officer(actor, to="issue a funding agreement")
    with transaction.atomic():
        allocation = (
            Allocation.objects.select_for_update(of=("self",))
            .select_related("partnership")
            .get(pk=allocation_id)
        )
        allocation_transition(allocation, Allocation.Status.ACTIVE)
        lto = active_lto(allocation)
        dates = schedule_dates(
            frequency=frequency,
            starts_on=allocation.starts_on,
            ends_on=allocation.ends_on,
            first_due_on=first_due_on,
            custom_dates=custom_dates,
        )
        agreement = FundingAgreement.objects.create(
            allocation=allocation,
            lto=lto,
            reference=f"FA-{allocation.pk:05d}",
            frequency=frequency,
            first_due_on=dates[0],
            terms=terms.strip(),
            issued_by=actor,
        )
        tranches_create(
            allocation=allocation,
            dates=dates,
            amount=allocation.amount,
            contribution=allocation.management_contribution,
        )
        allocation.activated_at = timezone.now()
        allocation.save(update_fields=["status", "activated_at"])
    return agreement


def schedule_edit(
    *, allocation_id: int, actor, changes: Mapping[int, tuple[date, Decimal]]
) -> list[Tranche]:
    """Change the due dates and amounts of scheduled tranches. `changes` maps a tranche id to
    its new (due date, amount). Refused, with nothing written, when a tranche is not scheduled,
    a date falls outside the term, or the changed tranches no longer add up to what they did."""
    require_officer(actor, to="change a payment schedule")
    if not changes:
        raise DomainError("There are no changes to save.")
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
        if allocation.status not in (Allocation.Status.ACTIVE, Allocation.Status.CLOSING):
            raise DomainError(
                f"This allocation is {allocation.get_status_display().lower()}: its schedule "
                f"cannot be changed."
            )
        tranches = {t.pk: t for t in open_tranches_locked(allocation)}
        editing = list(Tranche.objects.filter(allocation=allocation, pk__in=changes).order_by("pk"))
        if len(editing) != len(changes):
            raise DomainError("Some of these tranches are not part of this allocation.")
        before, after = ZERO, ZERO
        for tranche in editing:
            if tranche.status != Tranche.Status.SCHEDULED:
                raise DomainError(
                    f"{tranche_label(tranche)} is {tranche.get_status_display().lower()}, so it "
                    f"cannot be changed. Only scheduled tranches can be edited."
                )
            due_on, amount = changes[tranche.pk]
            amount = money(
                amount, field=f"amount_{tranche.pk}", label=f"amount of tranche {tranche.number}"
            )
            if not allocation.starts_on <= due_on < allocation.ends_on:
                raise DomainError(
                    f"{display_date(due_on)} is outside the term "
                    f"({display_date(allocation.starts_on)} to "
                    f"{display_date(allocation.last_day)}).",
                    field=f"due_on_{tranche.pk}",
                )
            before, after = before + tranche.amount, after + amount
            tranches[tranche.pk].due_on, tranches[tranche.pk].amount = due_on, amount
        if after != before:
            gap = after - before
            raise DomainError(
                f"The schedule must still add up to {format_gbp(allocation.amount)}. The tranches "
                f"you changed add up to {format_gbp(after)}, {format_gbp(abs(gap))} "
                f"{'more' if gap > 0 else 'less'} than before. To change the total, propose an "
                f"amendment to the amount."
            )
        ordered = sorted(tranches.values(), key=lambda t: (t.sequence, t.pk))
        Tranche.objects.bulk_update(ordered, ["due_on", "amount"])
        tranches_renumber(allocation=allocation)
        tranches_respread(
            tranches=ordered,
            amount=sum((t.amount for t in ordered), ZERO),
            contribution=sum((t.management_contribution for t in ordered), ZERO),
            equal=False,
        )
    return ordered
