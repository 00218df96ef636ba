"""What partnerships have spent: the one place that says where spend comes from.

Until partnerships log their spending (the spending log comes with the plans and spending issue),
the grant money paid to each partnership's LTO stands in for what it spent. Every page, export
and API response that shows spend or social value says so, from SPEND_IS_PROXY and
SPEND_EXPLANATION. When the spending log exists, change `spent_by_partnership` (and these two
names) to read it, and everything that uses spend follows."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cwf.accounts import permissions
from cwf.core.money import ZERO
from grants.models import Tranche
from grants.sums import pence

MONEY = DecimalField(max_digits=14, decimal_places=2)
SPEND_IS_PROXY = True
SPEND_EXPLANATION = (
    "Partnerships do not log their spending in the product yet, so “spent” here is the grant "
    "money paid to their LTOs (without the LTO management contribution). It will be replaced by "
    "the spending partnerships record when that is available."
)


def _spent_rows():
    return Tranche.objects.filter(status=Tranche.Status.PAID)


def spent_by_partnership(*, viewer) -> dict[int, Decimal]:
    """partnership id -> money spent, for the partnerships the viewer may see (fund-wide roles
    see all). One query."""
    rows = _spent_rows()
    if not permissions.sees_portfolio(viewer):
        rows = rows.filter(allocation__partnership_id__in=permissions.partnership_ids(viewer))
    totals = rows.values("allocation__partnership_id").annotate(spent=Sum("amount")).order_by()
    return {row["allocation__partnership_id"]: pence(row["spent"]) for row in totals}


def spent_subquery(partnership_ref: str = "pk"):
    """An annotation: what the partnership at OuterRef(partnership_ref) has spent."""
    totals = (
        _spent_rows()
        .filter(allocation__partnership_id=OuterRef(partnership_ref))
        .values("allocation__partnership_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=MONEY), Value(ZERO), output_field=MONEY)
