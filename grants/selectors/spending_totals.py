"""The kept spend totals checked against the spending log (manage.py ledger_verify)."""

from django.db.models import Sum

from cwf.core.money import ZERO, money_column

MONEY = money_column()


def spend_total_differences() -> list[tuple[int, int, object, object]]:
    """Every (partnership, theme) whose kept total differs from the spending log summed:
    (partnership_id, theme_id, kept, from the log). Two queries, whatever the size of the log."""
    from cwf.core.money import pence

    from ..models import Spend, SpendTotal

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
