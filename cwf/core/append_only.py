"""Append-only tables, held by PostgreSQL itself (the ledger has its own triggers, grants/0002).

`cwf_append_only()` (migration core/0002) rejects every DELETE, and every UPDATE that changes a
column, of a table it guards, except an UPDATE that changes only text (text, varchar, jsonb)
while the transaction has set `cwf.pseudonymising` (erasure and retention, which replace
personal text and never an amount or a date: privacy/migrations/0002). A table whose rows are
completed once (a decision on a report version, an amendment, a reversal) names a guard column
and the columns that complete it: while the guard column is still empty those may be filled in,
once; after that nothing changes. An UPDATE that changes nothing (a save of an unchanged row)
passes.

On SQLite these do nothing: there the services are the only writers (and refuse)."""

from __future__ import annotations

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION cwf_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before jsonb;
    after jsonb;
    i integer;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% is append-only: DELETE is not allowed.', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    before := to_jsonb(OLD);
    after := to_jsonb(NEW);
    -- Erasure and retention replace personal text, never an amount or a date (privacy/0002
    -- creates cwf_only_text_changed; nothing sets the flag before it exists).
    IF COALESCE(current_setting('cwf.pseudonymising', true), '') = 'on' THEN
        IF cwf_only_text_changed(TG_RELID, before, after) THEN
            RETURN NEW;
        END IF;
    END IF;
    -- TG_ARGV[0] is the guard column; it and the other arguments may be filled in while it is
    -- still empty.
    IF TG_NARGS > 0 AND COALESCE(before->>TG_ARGV[0], '') = '' THEN
        FOR i IN 0 .. TG_NARGS - 1 LOOP
            before := before - TG_ARGV[i];
            after := after - TG_ARGV[i];
        END LOOP;
    END IF;
    IF before IS DISTINCT FROM after THEN
        RAISE EXCEPTION '% is append-only: UPDATE is not allowed.', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # params=None: run as written, so the % in messages is not taken as a placeholder.
            schema_editor.execute(sql, params=None)

    return run


def function_operation() -> migrations.RunPython:
    return migrations.RunPython(
        _on_postgresql(FUNCTION), _on_postgresql("DROP FUNCTION IF EXISTS cwf_append_only();")
    )


def guard_operation(table: str, *completed_once: str) -> migrations.RunPython:
    """Make `table` append-only. `completed_once`: the guard column first, then the other
    columns that may be filled in with it, once."""
    args = ", ".join(f"'{column}'" for column in completed_once)
    create = (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION cwf_append_only({args});"
    )
    drop = f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"
    return migrations.RunPython(_on_postgresql(create), _on_postgresql(drop))
