"""Spending plans and the spending log for the bench portfolio (issue 6's models): five themes,
per partnership a superseded plan (version 1) and the endorsed one (version 2), each with a costed
vision and an action plan, and the spending log. The log is the largest table (2,000 entries a
partnership, 2 million at N=1000), so on PostgreSQL it is written with COPY."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from cwf.core.money import pence
from grants.models import ActionLine, Spend, SpendingPlan, SpendTotal, Theme, VisionLine

THEMES = ("Young people", "Green spaces", "Money advice", "Community hub", "Local jobs")
YEARS = 3


def themes_create() -> list[Theme]:
    return Theme.objects.bulk_create(Theme(name=name) for name in THEMES)


def plans_create(*, allocations, themes, people, rows: dict) -> dict[int, SpendingPlan]:
    """Two versions per partnership; returns the endorsed plan by partnership id."""
    now = timezone.now()
    plans = SpendingPlan.objects.bulk_create(
        SpendingPlan(
            partnership_id=allocation.partnership_id,
            allocation=allocation,
            version=version,
            status=SpendingPlan.Status.ENDORSED if version == 2 else SpendingPlan.Status.SUPERSEDED,
            legacy_statement="What the neighbourhood will have to show for the money.",
            created_by=people.proposer,
            submitted_by=people.proposer,
            submitted_at=now,
            decided_by=people.approver,
            decided_at=now,
            superseded_at=now if version == 1 else None,
        )
        for allocation in allocations
        for version in (1, 2)
    )
    VisionLine.objects.bulk_create(
        VisionLine(plan=plan, theme=theme, year=year, amount=Decimal("20000.00"))
        for plan in plans
        for theme in themes
        for year in range(1, YEARS + 1)
    )
    lines = ActionLine.objects.bulk_create(
        ActionLine(
            plan=plan,
            theme=theme,
            description=f"{theme.name}: the year's work",
            year=1,
            budget=Decimal("15000.00"),
            lead="The partnership's chair",
        )
        for plan in plans
        for theme in themes
    )
    rows["plans"] = rows.get("plans", 0) + len(plans)
    rows["action_lines"] = rows.get("action_lines", 0) + len(lines)
    endorsed = {p.partnership_id: p for p in plans if p.status == SpendingPlan.Status.ENDORSED}
    return endorsed


def spends_create(*, allocations, themes, people, per_partnership: int, rows: dict) -> None:
    """Small amounts (£50 to £249.99) over the years so far: well within what has been paid."""
    now = timezone.now()
    columns = [
        "partnership_id",
        "spent_on",
        "amount",
        "payee",
        "description",
        "theme_id",
        "reason",
        "receipt",
        "receipt_key",
        "receipt_ext",
        "receipt_content_type",
        "logged_by_id",
        "logged_at",
        "fronted_by_lto",
        "payee_is_organisation",
    ]

    def generated():
        for allocation in allocations:
            for k in range(per_partnership):
                yield (
                    allocation.partnership_id,
                    allocation.starts_on + timedelta(days=(k * 1800) // per_partnership),
                    Decimal(50 + (k * 37) % 200) + Decimal(k % 100) / 100,
                    f"Supplier {k % 40}",
                    "Materials and room hire",
                    themes[k % len(themes)].pk,
                    "",
                    "",
                    "",
                    "",
                    "",
                    people.proposer.pk,
                    now,
                    False,  # within what the LTO has been paid
                    True,  # "Supplier n" is an organisation (shown by name on public pages)
                )

    if connection.vendor == "postgresql":
        table = Spend._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3's cursor: COPY, the fastest bulk path
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                count = 0
                for count, row in enumerate(generated(), start=1):  # noqa: B007 - counted
                    copy.write_row(row)
    else:
        made = Spend.objects.bulk_create(
            (Spend(**dict(zip(columns, row, strict=True))) for row in generated()),
            batch_size=2000,
        )
        count = len(made)
    rows["spends"] = rows.get("spends", 0) + count
    _totals_create([a.partnership_id for a in allocations], rows)


def _totals_create(partnership_ids: list[int], rows: dict) -> None:
    """The kept totals the spend services would have written, from these partnerships' spends
    (checked against the log at the end of the run, with the ledger)."""
    sums = (
        Spend.objects.filter(partnership_id__in=partnership_ids)
        .values("partnership_id", "theme_id")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by()
    )
    made = SpendTotal.objects.bulk_create(
        SpendTotal(
            partnership_id=r["partnership_id"],
            theme_id=r["theme_id"],
            amount=pence(r["total"]),
            entries=r["n"],
        )
        for r in sums
    )
    rows["spend_totals"] = rows.get("spend_totals", 0) + len(made)
