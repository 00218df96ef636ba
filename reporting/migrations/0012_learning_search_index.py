"""A GIN index for the learning library's full-text search, on PostgreSQL only (SQLite searches
with icontains). The expression is the one reporting.selectors.learning.search_vector builds, so
PostgreSQL uses the index for the search."""

from django.db import migrations

INDEX = "reporting_learning_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON reporting_learningnote "
        "USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("reporting", "0011_outcomes_and_learning")]

    operations = [migrations.RunPython(create, drop)]
