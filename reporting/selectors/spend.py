"""What partnerships have spent: the one place that says where spend comes from.

Spend is what partnerships record in their spending log (grants.models.Spend), net of
reversals. The portfolio reads it from the log's kept totals per partnership and theme
(grants.models.SpendTotal, written with every spend), not by summing the log itself: a few
thousand rows, where the log grows to millions. Every page, export and API response that shows
spend or social value explains it from SPEND_EXPLANATION. (Before the spending log existed, paid
grant money stood in for spend; SPEND_IS_PROXY kept the pages honest about that, and stays as
the switch.)"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cwf.accounts import permissions
from cwf.core.money import ZERO, money_column, pence
from grants.models import SpendTotal

MONEY = money_column()
SPEND_IS_PROXY = False
SPEND_EXPLANATION = (
    "What partnerships have recorded in their spending logs, net of corrections. Money paid to "
    "an LTO and not yet logged as spent shows as held by the LTO."
)


def _spent_rows():
    return SpendTotal.objects.all()


def spent_by_partnership(*, viewer) -> dict[int, Decimal]:
    """partnership id -> money spent, for the partnerships the viewer may see (fund-wide roles
    see all). One query."""
    rows = _spent_rows()
    if not permissions.sees_portfolio(viewer):
        rows = rows.filter(partnership_id__in=permissions.partnership_ids(viewer))
    totals = rows.values("partnership_id").annotate(spent=Sum("amount")).order_by()
    return {row["partnership_id"]: pence(row["spent"]) for row in totals}


def spent_subquery(partnership_ref: str = "pk"):
    """An annotation: what the partnership at OuterRef(partnership_ref) has spent."""
    totals = (
        _spent_rows()
        .filter(partnership_id=OuterRef(partnership_ref))
        .values("partnership_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=MONEY), Value(ZERO), output_field=MONEY)


def spent_by_partnership_theme(*, viewer) -> dict[tuple[int, int], Decimal]:
    """(partnership id, theme id) -> money spent in that theme, net of reversals (a reversal
    carries the theme of the spend it reverses), for the partnerships the viewer may see. One
    query over the kept totals (a row per partnership and theme).

    Every figure of spend by theme in reporting (the breakdown by theme, its drill-down, the
    planned-against-actual variances) is read through here and nowhere else."""
    rows = _spent_rows()
    if not permissions.sees_portfolio(viewer):
        rows = rows.filter(partnership_id__in=permissions.partnership_ids(viewer))
    totals = rows.values("partnership_id", "theme_id").annotate(spent=Sum("amount")).order_by()
    return {(row["partnership_id"], row["theme_id"]): pence(row["spent"]) for row in totals}
