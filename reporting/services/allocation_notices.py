"""Telling people what happened to an allocation and its plan reviews (issue 24): amendments
(a change of amount, term, schedule or LTO, a withdrawal, a close) proposed and decided, close-out
started, a plan review submitted or acknowledged. Grants cannot import reporting, so grants
sends `grants.signals.allocation_event` and `plan_review_event` inside its transaction and this
writes the notification rows, which commit or roll back with the change (connected in
ReportingConfig.ready). Sending goes through `notify`, like every other notification."""

from __future__ import annotations

from django.urls import reverse

from cwf.accounts.models import User
from cwf.accounts.roles import Role

from ..models import Notification
from .notify import notify

PARTNERSHIP_SIDE = (Role.PARTNERSHIP_CHAIR, Role.LTO_FINANCE)
# What the partnership is told of: changes to its money or its LTO, not an officer's draft.
TOLD_TO_PARTNERSHIP = {"withdrawal", "close", "lto_change", "amount", "term", "schedule"}


def _officers(partnership, *, besides=None) -> list[User]:
    lead = partnership.lead_officer
    if lead is not None and lead.is_active and lead != besides:
        return [lead]
    officers = User.objects.filter(is_active=True, role_assignments__role=Role.FUND_OFFICER)
    if besides is not None:
        officers = officers.exclude(pk=besides.pk)
    return list(officers.distinct())


def _partnership_people(partnership_id: int, roles=PARTNERSHIP_SIDE) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__partnership_id=partnership_id,
            role_assignments__role__in=roles,
        ).distinct()
    )


def _what(amendment) -> str:
    if amendment.kind == "lto_change":
        return f"a change of LTO to {amendment.new_lto}"
    if amendment.kind == "withdrawal":
        return "the withdrawal of the allocation"
    if amendment.kind == "close":
        return "the close of the allocation"
    return f"a change to the allocation's {amendment.get_kind_display().lower()}"


def allocation_event_notify(*, allocation, event: str, actor=None, amendment=None, **_) -> int:
    partnership = allocation.partnership
    link = reverse("grants:allocation_detail", args=[allocation.pk])
    name = partnership.name
    if event == "amendment_proposed":
        return notify(
            users=_officers(partnership, besides=actor),
            key=f"amendment:{amendment.pk}:proposed",
            kind=Notification.Kind.ALLOCATION,
            subject=f"Awaiting your decision: {_what(amendment)} for {name}",
            body=(
                f"Hello,\n\n{actor} has proposed {_what(amendment)} for {name}: "
                f"{amendment.reason}\n\nA second officer must approve or reject it.\n"
            ),
            link=reverse("grants:amendment_decide", args=[amendment.pk]),
        )
    if event in ("amendment_approved", "amendment_rejected"):
        decided = "approved" if event == "amendment_approved" else "rejected"
        users = [amendment.proposed_by]
        if decided == "approved" and amendment.kind in TOLD_TO_PARTNERSHIP:
            users += _partnership_people(allocation.partnership_id)
        return notify(
            users=users,
            key=f"amendment:{amendment.pk}:{decided}",
            kind=Notification.Kind.ALLOCATION,
            subject=f"{_what(amendment)[0].upper()}{_what(amendment)[1:]} for {name}: {decided}",
            body=(
                f"Hello,\n\nThe fund has {decided} {_what(amendment)} for {name}."
                + (f"\n\n{amendment.decision_note}" if amendment.decision_note else "")
                + "\n"
            ),
            link=link,
        )
    if event == "close_out_started":
        return notify(
            users=_partnership_people(allocation.partnership_id),
            key=f"allocation:{allocation.pk}:close_out_started",
            kind=Notification.Kind.ALLOCATION,
            subject=f"Close-out has started for {name}",
            body=(
                f"Hello,\n\nThe fund has started the close-out of {name}'s allocation. The "
                f"chair writes the final report and legacy statement on the allocation's page; "
                f"the LTO then returns any underspend.\n"
            ),
            link=link,
        )
    return 0


def plan_review_notify(*, review, event: str, actor=None, **_) -> int:
    partnership = review.partnership
    link = reverse("plans:review", args=[review.pk])
    if event == "submitted":
        return notify(
            users=_officers(partnership),
            key=f"plan_review:{review.pk}:submitted",
            kind=Notification.Kind.PLAN_REVIEW,
            subject=f"Plan review submitted: {partnership.name}",
            body=(
                f"Hello,\n\n{partnership.name} has submitted its plan review. Please read it "
                f"and acknowledge it.\n"
            ),
            link=link,
        )
    if event == "acknowledged":
        return notify(
            users=[
                *_partnership_people(review.partnership_id, (Role.PARTNERSHIP_CHAIR,)),
                review.submitted_by,
            ],
            key=f"plan_review:{review.pk}:acknowledged",
            kind=Notification.Kind.PLAN_REVIEW,
            subject=f"Plan review acknowledged: {partnership.name}",
            body=(
                f"Hello,\n\nYour fund officer has acknowledged {partnership.name}'s plan "
                f"review."
                + (f"\n\n{review.acknowledgement}" if review.acknowledgement else "")
                + "\n"
            ),
            link=link,
        )
    return 0


def composition_refused_notify(*, partnership, actor, message: str, **_) -> int:
    """A membership change refused for breaking the composition rules: the lead officer (or
    every officer) and the chairs hear of it, except whoever tried it, who saw the refusal."""
    from django.utils import timezone

    users = [
        *_officers(partnership, besides=actor),
        *_partnership_people(partnership.pk, (Role.PARTNERSHIP_CHAIR,)),
    ]
    return notify(
        users=[u for u in users if u != actor],
        key=f"composition:{partnership.pk}:refused:{timezone.now():%Y%m%d%H%M%S%f}",
        kind=Notification.Kind.COMPOSITION,
        subject=f"A membership change was refused: {partnership.name}",
        body=f"Hello,\n\n{actor} tried to change {partnership.name}'s members.\n\n{message}\n",
        link=reverse("partnerships:member_list", args=[partnership.pk]),
    )
