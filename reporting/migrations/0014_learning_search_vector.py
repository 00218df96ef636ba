"""The learning library's search vector as a stored column (issue 19), computed by PostgreSQL from
search_text on every write, with a GIN index on it; the expression index of 0012 is dropped (the
search no longer uses its expression). On SQLite the column is NULL and no index is made: SQLite
searches search_text with icontains.

STORAGE MAIN keeps the vector in the row: a note is longer than PostgreSQL's 2 kB row target,
and by default the vector (as large as the text) was moved out to the TOAST table, so the search
read it back from there for every matching note (three buffers a note, 50 ms of 90 at 10,000
notes). With MAIN the note's text columns are moved out first and the vector stays inline. The
UPDATE stores the rows already written that way (the bench and a new database have none)."""

import django.contrib.postgres.search
from django.db import migrations, models

import reporting.models.learning

INDEX = "reporting_learning_vector_gin"
OLD_INDEX = "reporting_learning_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.execute(
        "ALTER TABLE reporting_learningnote ALTER COLUMN search_vector SET STORAGE MAIN"
    )
    # The rows the column's rewrite just made count as this transaction's, so the UPDATE queues
    # the deferred foreign-key checks; run them now, or CREATE INDEX refuses ("pending trigger
    # events").
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute("UPDATE reporting_learningnote SET search_text = search_text")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON reporting_learningnote USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON reporting_learningnote "
        "USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0013_wellby_assumption")]

    operations = [
        migrations.AddField(
            model_name="learningnote",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=reporting.models.learning.NoteSearchVector(
                    "search_text", config="english"
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunPython(create, drop),
    ]
