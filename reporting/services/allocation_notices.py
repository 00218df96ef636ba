"""Telling people what happened to an allocation and its plan reviews (issue 24), and of a
refused membership change (`notices`, the one shape): amendments (a change of amount, term,
schedule or LTO, a withdrawal, a close) proposed and decided, close-out started, a plan review
submitted or acknowledged. Grants sends `grants.signals.allocation_event` and
`plan_review_event`, partnerships `composition_change_refused`, inside their transactions."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from cwf.accounts.roles import Role

from ..models import Notification
from .notices import Notice, notice_send
from .recipients import officers_for, partnership_side

# What the partnership is told of: changes to its money or its LTO, not an officer's draft.
TOLD_TO_PARTNERSHIP = {"withdrawal", "close", "lto_change", "amount", "term", "schedule"}


def _what(amendment) -> str:
    if amendment.kind == "lto_change":
        return f"a change of LTO to {amendment.new_lto}"
    if amendment.kind == "withdrawal":
        return "the withdrawal of the allocation"
    if amendment.kind == "close":
        return "the close of the allocation"
    return f"a change to the allocation's {amendment.get_kind_display().lower()}"


def allocation_event_notify(*, allocation, event: str, actor=None, amendment=None, **_) -> int:
    build = ALLOCATION_NOTICES.get(event)
    return notice_send(build(allocation, actor, amendment) if build else None)


def _amendment_proposed(allocation, actor, amendment) -> Notice:
    name = allocation.partnership.name
    return Notice(
        users=officers_for(allocation.partnership, besides=actor),
        key=f"amendment:{amendment.pk}:proposed",
        kind=Notification.Kind.ALLOCATION,
        subject=f"Awaiting your decision: {_what(amendment)} for {name}",
        body=(
            f"Hello,\n\n{actor} has proposed {_what(amendment)} for {name}: "
            f"{amendment.reason}\n\nA second officer must approve or reject it.\n"
        ),
        link=reverse("grants:amendment_decide", args=[amendment.pk]),
    )


def _amendment_decided(decided: str):
    def build(allocation, actor, amendment) -> Notice:
        name = allocation.partnership.name
        users = [amendment.proposed_by]
        if decided == "approved" and amendment.kind in TOLD_TO_PARTNERSHIP:
            users += partnership_side(allocation.partnership_id)
        what = _what(amendment)
        return Notice(
            users=users,
            key=f"amendment:{amendment.pk}:{decided}",
            kind=Notification.Kind.ALLOCATION,
            subject=f"{what[0].upper()}{what[1:]} for {name}: {decided}",
            body=(
                f"Hello,\n\nThe fund has {decided} {what} for {name}."
                + (f"\n\n{amendment.decision_note}" if amendment.decision_note else "")
                + "\n"
            ),
            link=reverse("grants:allocation_detail", args=[allocation.pk]),
        )

    return build


def _close_out_started(allocation, actor, amendment) -> Notice:
    name = allocation.partnership.name
    return Notice(
        users=partnership_side(allocation.partnership_id),
        key=f"allocation:{allocation.pk}:close_out_started",
        kind=Notification.Kind.ALLOCATION,
        subject=f"Close-out has started for {name}",
        body=(
            f"Hello,\n\nThe fund has started the close-out of {name}'s allocation. The "
            f"chair writes the final report and legacy statement on the allocation's page; "
            f"the LTO then returns any underspend.\n"
        ),
        link=reverse("grants:allocation_detail", args=[allocation.pk]),
    )


ALLOCATION_NOTICES = {
    "amendment_proposed": _amendment_proposed,
    "amendment_approved": _amendment_decided("approved"),
    "amendment_rejected": _amendment_decided("rejected"),
    "close_out_started": _close_out_started,
}


def plan_review_notify(*, review, event: str, actor=None, **_) -> int:
    build = PLAN_REVIEW_NOTICES.get(event)
    return notice_send(build(review) if build else None)


def _review_submitted(review) -> Notice:
    name = review.partnership.name
    return Notice(
        users=officers_for(review.partnership),
        key=f"plan_review:{review.pk}:submitted",
        kind=Notification.Kind.PLAN_REVIEW,
        subject=f"Plan review submitted: {name}",
        body=(
            f"Hello,\n\n{name} has submitted its plan review. Please read it and acknowledge it.\n"
        ),
        link=reverse("plans:review", args=[review.pk]),
    )


def _review_acknowledged(review) -> Notice:
    name = review.partnership.name
    return Notice(
        users=[
            *partnership_side(review.partnership_id, (Role.PARTNERSHIP_CHAIR,)),
            review.submitted_by,
        ],
        key=f"plan_review:{review.pk}:acknowledged",
        kind=Notification.Kind.PLAN_REVIEW,
        subject=f"Plan review acknowledged: {name}",
        body=(
            f"Hello,\n\nYour fund officer has acknowledged {name}'s plan review."
            + (f"\n\n{review.acknowledgement}" if review.acknowledgement else "")
            + "\n"
        ),
        link=reverse("plans:review", args=[review.pk]),
    )


PLAN_REVIEW_NOTICES = {"submitted": _review_submitted, "acknowledged": _review_acknowledged}


def composition_refused_notify(*, partnership, actor, message: str, **_) -> int:
    """A membership change refused for breaking the composition rules: the lead officer (or
    every officer) and the chairs hear of it, except whoever tried it, who saw the refusal."""
    users = [
        *officers_for(partnership, besides=actor),
        *partnership_side(partnership.pk, (Role.PARTNERSHIP_CHAIR,)),
    ]
    return notice_send(
        Notice(
            users=[u for u in users if u != actor],
            key=f"composition:{partnership.pk}:refused:{timezone.now():%Y%m%d%H%M%S%f}",
            kind=Notification.Kind.COMPOSITION,
            subject=f"A membership change was refused: {partnership.name}",
            body=f"Hello,\n\n{actor} tried to change {partnership.name}'s members.\n\n{message}\n",
            link=reverse("partnerships:member_list", args=[partnership.pk]),
        )
    )
