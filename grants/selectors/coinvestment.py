"""Reads for co-investment (issue 18): what a pledge's restriction names, and the checks
`ledger_verify` runs on restricted money."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cwf.accounts import permissions
from cwf.core.money import ZERO, money_column, pence
from partnerships.models import Partnership

from ..models import (
    Account,
    CoFunder,
    CoFunderContact,
    LocalIncome,
    Pledge,
    PledgeAmendment,
    PledgeReceipt,
    RestrictedRelease,
    SpendingPlan,
    VisionLine,
)

MONEY = money_column()


# --- What a restriction names -------------------------------------------------------------------
def partnerships_in_theme(theme_id: int) -> QuerySet:
    """Partnerships whose endorsed plan's costed vision spends on the theme."""
    lines = VisionLine.objects.filter(
        plan__partnership=OuterRef("pk"),
        plan__status=SpendingPlan.Status.ENDORSED,
        theme_id=theme_id,
    )
    return Partnership.objects.filter(Exists(lines))


def partnerships_matching(
    *, restriction: str, partnership_id: int | None, theme_id: int | None, region: str
) -> QuerySet:
    """The partnerships a restriction names (a queryset, so it can be checked in the database)."""
    if restriction == Pledge.Restriction.PARTNERSHIP:
        return Partnership.objects.filter(pk=partnership_id)
    if restriction == Pledge.Restriction.THEME:
        return partnerships_in_theme(theme_id)
    if restriction == Pledge.Restriction.REGION:
        return Partnership.objects.filter(neighbourhoods__region__iexact=region).distinct()
    return Partnership.objects.none()


def pledge_partnerships(pledge: Pledge) -> QuerySet:
    return partnerships_matching(
        restriction=pledge.restriction,
        partnership_id=pledge.partnership_id,
        theme_id=pledge.theme_id,
        region=pledge.region,
    )


def co_funder_partnerships(co_funder: CoFunder) -> QuerySet | None:
    """What the co-funder funds, as partnerships; None for any partnership."""
    if co_funder.funds == CoFunder.Funds.REGION:
        return partnerships_matching(
            restriction=Pledge.Restriction.REGION,
            partnership_id=None,
            theme_id=None,
            region=co_funder.region,
        )
    if co_funder.funds == CoFunder.Funds.THEME:
        return partnerships_in_theme(co_funder.theme_id)
    if co_funder.funds == CoFunder.Funds.PARTNERSHIPS:
        return co_funder.partnerships.all()
    return None


@dataclass(frozen=True)
class RestrictedProblem:
    pledge_id: int
    message: str


def restricted_money_problems() -> list[RestrictedProblem]:
    """What `ledger_verify` checks of restricted money, from the running balances (which it
    checks against the entries separately): for each pledge, what the fund received is exactly
    what it holds, has released and has paid; no restricted account is on the wrong side; and
    every partnership restricted money was released or paid to is one its restriction names.
    A query per pledge with money released, plus two."""
    problems: list[RestrictedProblem] = []
    by_pledge: dict[int, dict[str, Decimal]] = {}
    released_to: dict[int, set[int]] = {}
    for account in Account.objects.filter(kind__in=Account.RESTRICTED_KINDS).order_by("pk"):
        totals = by_pledge.setdefault(account.pledge_id, {})
        totals[account.kind] = totals.get(account.kind, ZERO) + account.balance
        if account.partnership_id is not None and account.balance != ZERO:
            released_to.setdefault(account.pledge_id, set()).add(account.partnership_id)
    for pledge_id, totals in sorted(by_pledge.items()):
        income = -totals.get(Account.Kind.RESTRICTED_INCOME, ZERO)
        out = sum(
            (
                totals.get(kind, ZERO)
                for kind in (
                    Account.Kind.RESTRICTED_HELD,
                    Account.Kind.RESTRICTED_PAYABLE,
                    Account.Kind.RESTRICTED_PAID,
                )
            ),
            ZERO,
        )
        if income != out:
            problems.append(
                RestrictedProblem(
                    pledge_id, f"received {income}, but held, released and paid add to {out}"
                )
            )
    pledges = Pledge.objects.in_bulk(list(released_to))
    for pledge_id, partnership_ids in sorted(released_to.items()):
        allowed = set(
            pledge_partnerships(pledges[pledge_id])
            .filter(pk__in=partnership_ids)
            .values_list("pk", flat=True)
        )
        for outside in sorted(partnership_ids - allowed):
            problems.append(
                RestrictedProblem(
                    pledge_id,
                    f"restricted money went to partnership {outside}, which its restriction "
                    f"does not name",
                )
            )
    return problems


# --- Scoped reads for pages and the API -----------------------------------------------------------
def with_received(qs: QuerySet) -> QuerySet:
    """Pledges with `received_total`: what the fund has received against each (one subquery)."""
    totals = (
        PledgeReceipt.objects.filter(pledge=OuterRef("pk"))
        .values("pledge")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return qs.annotate(
        received_total=Coalesce(
            Subquery(totals, output_field=MONEY), Value(ZERO), output_field=MONEY
        )
    )


def co_funder_list(*, viewer) -> QuerySet[CoFunder]:
    """Co-funders: fund-wide roles only (officers write, trustees read)."""
    if not permissions.sees_portfolio(viewer):
        return CoFunder.objects.none()
    return CoFunder.objects.all()


def co_funder_contact_list(*, viewer, co_funder_id: int) -> QuerySet[CoFunderContact]:
    """A co-funder's contacts: officers only (permissions.sees_co_funder_contacts)."""
    if not permissions.sees_co_funder_contacts(viewer):
        return CoFunderContact.objects.none()
    return CoFunderContact.objects.filter(co_funder_id=co_funder_id)


def pledge_list(*, viewer) -> QuerySet[Pledge]:
    """Pledges, with what each has received: fund-wide roles only."""
    if not permissions.sees_portfolio(viewer):
        return Pledge.objects.none()
    return with_received(
        Pledge.objects.select_related("co_funder", "partnership", "theme", "recorded_by")
    )


def pledge_amendment_list(*, viewer) -> QuerySet[PledgeAmendment]:
    """Changes proposed to accepted pledges: fund-wide roles only, like the pledges."""
    if not permissions.sees_portfolio(viewer):
        return PledgeAmendment.objects.none()
    return PledgeAmendment.objects.select_related(
        "pledge__co_funder", "pledge__partnership", "pledge__theme", "proposed_by", "decided_by"
    )


def restricted_release_list(*, viewer) -> QuerySet[RestrictedRelease]:
    if not permissions.sees_portfolio(viewer):
        return RestrictedRelease.objects.none()
    return RestrictedRelease.objects.select_related("pledge__co_funder", "partnership")


def local_income_list(*, viewer) -> QuerySet[LocalIncome]:
    """A partnership's own income: fund-wide roles see all; a partnership's own people theirs."""
    qs = LocalIncome.objects.select_related("partnership", "recorded_by", "verified_by")
    if permissions.sees_portfolio(viewer):
        return qs
    return qs.filter(partnership_id__in=permissions.partnership_ids(viewer))


@dataclass(frozen=True)
class PledgePastDue:
    pledge: Pledge
    received: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.pledge.amount - self.received


def pledges_past_due(*, viewer, today: datetime.date) -> list[PledgePastDue]:
    """Pledges past the day their money was due and not fully received (not lapsed): for the
    attention list. One query."""
    if not permissions.sees_portfolio(viewer):
        return []
    late = (
        pledge_list(viewer=viewer)
        .filter(status__in=Pledge.OPEN, ends_on__lt=today)
        .filter(received_total__lt=F("amount"))
        .order_by("ends_on", "pk")
    )
    return [PledgePastDue(p, pence(p.received_total)) for p in late]
