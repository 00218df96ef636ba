"""PostgreSQL keeps the partnerships' records (cwf/core/append_only.py):

- a lifecycle move (PartnershipStatusChange) is never changed or deleted;
- a decision is kept once its meeting's minutes are approved: no DELETE, and no UPDATE except
  the SET NULL of `recorded_by` when that account is deleted;
- approved minutes stay approved."""

from django.db import migrations

from cwf.core.append_only import guard_operation

FORWARD = """
CREATE FUNCTION partnerships_decision_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM partnerships_meeting
        WHERE id = OLD.meeting_id AND minutes_status = 'approved'
    ) THEN
        IF TG_OP = 'DELETE'
           OR (to_jsonb(NEW) - 'recorded_by_id') IS DISTINCT FROM (to_jsonb(OLD) - 'recorded_by_id')
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

CREATE TRIGGER partnerships_decision_kept
    BEFORE UPDATE OR DELETE ON partnerships_decision
    FOR EACH ROW EXECUTE FUNCTION partnerships_decision_kept();

CREATE FUNCTION partnerships_minutes_stay_approved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.minutes_status = 'approved' AND NEW.minutes_status <> 'approved' THEN
        RAISE EXCEPTION 'The minutes of meeting % are approved and stay approved.', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER partnerships_minutes_stay_approved
    BEFORE UPDATE ON partnerships_meeting
    FOR EACH ROW EXECUTE FUNCTION partnerships_minutes_stay_approved();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS partnerships_minutes_stay_approved ON partnerships_meeting;
DROP FUNCTION IF EXISTS partnerships_minutes_stay_approved();
DROP TRIGGER IF EXISTS partnerships_decision_kept ON partnerships_decision;
DROP FUNCTION IF EXISTS partnerships_decision_kept();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_register_reimport_and_replace"),
        ("core", "0002_append_only_function"),
    ]

    operations = [
        guard_operation("partnerships_partnershipstatuschange"),
        migrations.RunPython(forward, backward),
    ]
