"""The PostgreSQL function that makes a table append-only (cwf/core/append_only.py). Each app's
migration puts it on its own tables."""

from django.db import migrations

from cwf.core.append_only import function_operation


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [function_operation()]
