"""PostgreSQL refuses to change or delete a logged spend (a mistake is reversed), an amendment
once decided, or an endowment movement once reversed (cwf/core/append_only.py)."""

from django.db import migrations

from cwf.core.append_only import guard_operation


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0007_tranche_number"),
        ("core", "0002_append_only_function"),
    ]

    operations = [
        guard_operation("grants_spend"),
        guard_operation(
            "grants_allocationamendment", "decided_at", "decided_by_id", "status", "decision_note"
        ),
        guard_operation(
            "grants_endowmentmovement", "reversed_at", "reversed_by_id", "reversal_reason"
        ),
    ]
