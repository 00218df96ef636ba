"""Funding per head of population in the funded neighbourhoods, beside the published benchmarks
for charitable grants. One query."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from cwf.accounts import permissions
from cwf.core.money import pence
from partnerships.models import Neighbourhood

from .portfolio import COUNTED, Headline

# Charitable grants per head, 2004 to May 2021 (DOMAIN.md).
BENCHMARKS_SOURCE = (
    "Charitable grants per head from 2004 to May 2021, from Local Trust's research on "
    "left-behind neighbourhoods (OCSI's analysis of 360Giving grants data)."
)
BENCHMARKS = (
    ("Left-behind neighbourhoods", Decimal("7.77")),
    ("Other deprived areas", Decimal("19.31")),
    ("England", Decimal("12.23")),
)


@dataclass(frozen=True)
class FundingPerHead:
    population: int  # people in the funded neighbourhoods, where the register knows it
    neighbourhoods_without_population: int
    committed_per_head: Decimal | None
    paid_per_head: Decimal | None
    benchmarks: tuple = BENCHMARKS
    source: str = BENCHMARKS_SOURCE


def funding_per_head(*, viewer, headline: Headline) -> FundingPerHead | None:
    """Committed and paid, per person living in the funded neighbourhoods. One query."""
    if not permissions.sees_portfolio(viewer):
        return None
    places = Neighbourhood.objects.filter(
        pk__in=Neighbourhood.objects.filter(partnerships__allocations__status__in=COUNTED).values(
            "pk"
        )
    ).aggregate(people=Sum("population"), unknown=Count("pk", filter=Q(population__isnull=True)))
    people = places["people"] or 0

    def per_head(amount: Decimal) -> Decimal | None:
        if not people:
            return None
        return pence(amount / people)

    return FundingPerHead(
        population=people,
        neighbourhoods_without_population=places["unknown"],
        committed_per_head=per_head(headline.committed),
        paid_per_head=per_head(headline.paid),
    )
