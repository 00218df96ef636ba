"""Telling officers of a change to an accepted pledge (issue 18's four eyes; `notices`, the one
shape): proposed, every other fund officer hears it awaits their decision; approved or
rejected, the officer who proposed it hears. Grants sends `grants.signals.pledge_event` inside
its transaction."""

from __future__ import annotations

from django.urls import reverse

from cwf.core.money import format_gbp

from ..models import Notification
from .notices import Notice, notice_send
from .recipients import fund_officers


def pledge_event_notify(*, amendment, event: str, actor=None, **_) -> int:
    build = PLEDGE_NOTICES.get(event)
    return notice_send(build(amendment, actor) if build else None)


def _proposed(amendment, actor) -> Notice:
    pledge = amendment.pledge
    return Notice(
        users=fund_officers(besides=actor),
        key=f"pledge_amendment:{amendment.pk}:proposed",
        kind=Notification.Kind.PLEDGE,
        subject=f"Awaiting your decision: a change to {pledge.co_funder.name}'s pledge",
        body=(
            f"Hello,\n\n{actor} has proposed changing {pledge.co_funder.name}'s pledge for "
            f"{pledge.restriction_label} from {format_gbp(amendment.amount_before)} to "
            f"{format_gbp(amendment.new_amount)}: {amendment.reason}\n\nA second officer must "
            f"approve or reject it.\n"
        ),
        link=reverse("grants:pledge_amendment_decide", args=[amendment.pk]),
    )


def _decided(decided: str):
    def build(amendment, actor) -> Notice:
        pledge = amendment.pledge
        return Notice(
            users=[amendment.proposed_by],
            key=f"pledge_amendment:{amendment.pk}:{decided}",
            kind=Notification.Kind.PLEDGE,
            subject=f"The change to {pledge.co_funder.name}'s pledge: {decided}",
            body=(
                f"Hello,\n\n{actor} has {decided} the change you proposed to "
                f"{pledge.co_funder.name}'s pledge for {pledge.restriction_label}."
                + (f"\n\n{amendment.decision_note}" if amendment.decision_note else "")
                + "\n"
            ),
            link=reverse("grants:pledge_detail", args=[pledge.pk]),
        )

    return build


PLEDGE_NOTICES = {
    "proposed": _proposed,
    "approved": _decided("approved"),
    "rejected": _decided("rejected"),
}
