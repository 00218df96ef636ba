"""Erasure and retention replace personal text in append-only tables (a spend's payee, a
decision's text, a report version, the ledger's memos) and must leave every amount, date and
link alone. The append-only functions (cwf/core/append_only.py, grants/0002, partnerships/0007)
now let an UPDATE through when the transaction has set `cwf.pseudonymising` to 'on' (only the
privacy services do, with SET LOCAL) and every column it changes is text, varchar or jsonb.
DELETE stays refused, and a changed amount or date is refused even then."""

from django.db import migrations

from cwf.core.append_only import FUNCTION

HELPER = """
CREATE OR REPLACE FUNCTION cwf_only_text_changed(relid oid, before jsonb, after jsonb)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    k text;
BEGIN
    IF COALESCE(current_setting('cwf.pseudonymising', true), '') <> 'on' THEN
        RETURN false;
    END IF;
    FOR k IN SELECT jsonb_object_keys(before) LOOP
        -- updated_at (issue 25's sync stamp) moves with every write, erasure's too.
        IF k <> 'updated_at' AND before->k IS DISTINCT FROM after->k AND NOT EXISTS (
            SELECT 1 FROM pg_attribute
            WHERE attrelid = relid AND attname = k
              AND atttypid IN ('text'::regtype, 'varchar'::regtype, 'jsonb'::regtype)
        ) THEN
            RETURN false;
        END IF;
    END LOOP;
    RETURN true;
END;
$$;

CREATE OR REPLACE FUNCTION grants_ledger_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND cwf_only_text_changed(TG_RELID, to_jsonb(OLD), to_jsonb(NEW)) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The ledger is append-only: % on % is not allowed. Post a reversing transaction instead.',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE OR REPLACE FUNCTION partnerships_decision_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM partnerships_meeting
        WHERE id = OLD.meeting_id AND minutes_status = 'approved'
    ) THEN
        IF TG_OP = 'DELETE'
           OR (
               (to_jsonb(NEW) - 'recorded_by_id') IS DISTINCT FROM (to_jsonb(OLD) - 'recorded_by_id')
               AND NOT cwf_only_text_changed(TG_RELID, to_jsonb(OLD), to_jsonb(NEW))
           )
        THEN
            RAISE EXCEPTION 'Decision % is kept: its meeting''s minutes are approved. Record a correction instead (% is not allowed).',
                OLD.id, TG_OP
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(HELPER, params=None)
        schema_editor.execute(FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("core", "0002_append_only_function"),
        ("grants", "0002_ledger_postgresql_guards"),
        ("partnerships", "0007_append_only_guards"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
