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


def spend_total_differences() -> list[tuple[int, int, object, object]]:
    """Every (partnership, theme) whose kept total differs from the spending log summed:
    (partnership_id, theme_id, kept, from the log). Two queries, whatever the size of the log."""
    from ..models import Spend, SpendTotal
    from ..sums import pence

    logged = {
        (r["partnership_id"], r["theme_id"]): pence(r["total"])
        for r in Spend.objects.values("partnership_id", "theme_id")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    kept = {
        (r["partnership_id"], r["theme_id"]): pence(r["amount"])
        for r in SpendTotal.objects.values("partnership_id", "theme_id", "amount")
    }
    return [
        (p, t, kept.get((p, t), ZERO), logged.get((p, t), ZERO))
        for p, t in sorted(set(logged) | set(kept))
        if kept.get((p, t), ZERO) != logged.get((p, t), ZERO)
    ]
