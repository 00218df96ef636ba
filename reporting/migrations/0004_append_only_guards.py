"""PostgreSQL refuses to change a submitted report version (its outcome and comments are
filled in once, when an officer decides) or an assumption's value (a change is a new row), and
to delete either (cwf/core/append_only.py)."""

from django.db import migrations

from cwf.core.append_only import guard_operation


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_notification_plans_and_links"),
        ("core", "0002_append_only_function"),
    ]

    operations = [
        guard_operation("reporting_reportversion", "outcome", "comments"),
        guard_operation("reporting_assumption"),
    ]
