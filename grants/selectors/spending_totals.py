"""The net spend of an allocation's partnership since the allocation started, as a subquery
(kept apart from selectors.spending so allocations.py can import it without a cycle)."""

from django.db.models import DecimalField, Exists, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cwf.core.money import ZERO

MONEY = DecimalField(max_digits=14, decimal_places=2)


def spent_since_start():
    from ..models import Spend

    spent = (
        Spend.objects.filter(
            partnership_id=OuterRef("partnership_id"), spent_on__gte=OuterRef("starts_on")
        )
        .values("partnership_id")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(spent, output_field=MONEY), Value(ZERO), output_field=MONEY)


def logs_spend():
    """Whether the allocation's partnership has logged any spend at all."""
    from ..models import Spend

    return Exists(Spend.objects.filter(partnership_id=OuterRef("partnership_id")))
