"""Telling people that ending an allocation has been proposed (issue 24): a withdrawal or a close
awaits its second officer. The second officer is told what approving it would do to the money;
the partnership's chairs and LTO finance staff are told it has been proposed, why, and that
nothing changes until it is decided (the decision itself is announced by allocation_notices).
Grants sends `allocation_event` with event "ending_proposed" inside the proposal's transaction
(connected in ReportingConfig.ready), so the notices commit or roll back with it."""

from __future__ import annotations

from django.urls import reverse

from cwf.core.dates import display_date
from cwf.core.money import format_gbp
from grants.selectors.money import allocation_money

from ..models import Notification
from .notices import Notice, notice_send
from .recipients import officers_for, partnership_side


def _if_approved(amendment, allocation) -> str:
    money = allocation_money(allocation)
    unreleased = format_gbp(money.committed_unreleased)
    if amendment.kind == "withdrawal":
        return (
            f"If it is approved, the allocation is withdrawn: {format_gbp(money.released_unpaid)} "
            f"released but not yet paid is cancelled before payment and leaves the payment "
            f"batch; {unreleased} not yet released goes back to the fund's uncommitted money; "
            f"and the {format_gbp(money.paid)} already paid to the LTO is the LTO's to repay, "
            f"recorded as money returned."
        )
    returned = format_gbp(amendment.underspend_returned)
    return (
        f"If it is approved, the allocation closes: {unreleased} not yet released goes back to "
        f"the fund's uncommitted money, and {returned} is recorded as the underspend the LTO "
        f"returned on {display_date(amendment.returned_on)}"
        + (f" (bank reference {amendment.bank_reference})" if amendment.bank_reference else "")
        + "."
    )


def ending_proposed_notify(*, allocation, event: str, actor=None, amendment=None, **_) -> int:
    if event != "ending_proposed":
        return 0
    return notice_send(_to_officers(allocation, actor, amendment)) + notice_send(
        _to_partnership(allocation, actor, amendment)
    )


def _doing(amendment) -> str:
    return "withdrawing" if amendment.kind == "withdrawal" else "closing"


def _to_officers(allocation, actor, amendment) -> Notice:
    """The second officer: what approving it would do to the money."""
    name, doing = allocation.partnership.name, _doing(amendment)
    return Notice(
        users=officers_for(allocation.partnership, besides=actor),
        key=f"amendment:{amendment.pk}:proposed",
        kind=Notification.Kind.ALLOCATION,
        subject=f"Awaiting your decision: {doing} {name}'s allocation",
        body=(
            f"Hello,\n\n{actor} has proposed {doing} {name}'s allocation. The reason given: "
            f"{amendment.reason}\n\n{_if_approved(amendment, allocation)}\n\nA second officer "
            f"must approve or reject it.\n"
        ),
        link=reverse("grants:amendment_decide", args=[amendment.pk]),
    )


def _to_partnership(allocation, actor, amendment) -> Notice:
    """The partnership's chairs and LTO finance: proposed, why, and nothing changes yet."""
    name, doing = allocation.partnership.name, _doing(amendment)
    consequence = (
        "payments not yet made to the LTO are cancelled, and the LTO repays the money it holds"
        if amendment.kind == "withdrawal"
        else "no more money is released, and the underspend the LTO returned is recorded"
    )
    return Notice(
        users=[u for u in partnership_side(allocation.partnership_id) if u != actor],
        key=f"amendment:{amendment.pk}:proposed:partnership",
        kind=Notification.Kind.ALLOCATION,
        subject=f"The fund has proposed {doing} {name}'s allocation",
        body=(
            f"Hello,\n\nThe fund has proposed {doing} {name}'s allocation. The reason given: "
            f"{amendment.reason}\n\nNothing changes until a second officer decides, and you "
            f"will be told the decision. If it is approved, {consequence}.\n"
        ),
        link=reverse("grants:allocation_detail", args=[allocation.pk]),
    )
