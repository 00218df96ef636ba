"""PostgreSQL guards for the ledger. On SQLite this migration does nothing: there the one posting
service (grants.services.ledger.ledger_post) enforces the same rules.

1. Entries and transactions are append-only: a trigger rejects every UPDATE and DELETE of a row.
   (TRUNCATE is left alone: it needs the table owner, and the test runner empties tables with it.)
2. A transaction balances: a constraint trigger, DEFERRABLE INITIALLY DEFERRED so it runs at
   COMMIT once every entry is in, rejects a transaction whose entries do not sum to zero or that
   has fewer than two entries."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION grants_ledger_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The ledger is append-only: % on % is not allowed. Post a reversing transaction instead.',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER grants_entry_append_only
    BEFORE UPDATE OR DELETE ON grants_entry
    FOR EACH ROW EXECUTE FUNCTION grants_ledger_reject_change();

CREATE TRIGGER grants_transaction_append_only
    BEFORE UPDATE OR DELETE ON grants_transaction
    FOR EACH ROW EXECUTE FUNCTION grants_ledger_reject_change();

CREATE FUNCTION grants_ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    txn_id bigint;
    total numeric;
    lines integer;
BEGIN
    IF TG_TABLE_NAME = 'grants_entry' THEN
        txn_id := NEW.transaction_id;
    ELSE
        txn_id := NEW.id;
    END IF;
    SELECT COALESCE(SUM(amount), 0), COUNT(*) INTO total, lines
        FROM grants_entry WHERE transaction_id = txn_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'Ledger transaction % does not balance: its entries sum to %.', txn_id, total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF lines < 2 THEN
        RAISE EXCEPTION 'Ledger transaction % has % entries; it needs at least two.', txn_id, lines
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER grants_entry_balanced
    AFTER INSERT ON grants_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION grants_ledger_check_balanced();

CREATE CONSTRAINT TRIGGER grants_transaction_has_entries
    AFTER INSERT ON grants_transaction
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION grants_ledger_check_balanced();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS grants_transaction_has_entries ON grants_transaction;
DROP TRIGGER IF EXISTS grants_entry_balanced ON grants_entry;
DROP FUNCTION IF EXISTS grants_ledger_check_balanced();
DROP TRIGGER IF EXISTS grants_transaction_append_only ON grants_transaction;
DROP TRIGGER IF EXISTS grants_entry_append_only ON grants_entry;
DROP FUNCTION IF EXISTS grants_ledger_reject_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: run as written, so the % in the messages is not taken as a placeholder.
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_ledger_endowment_allocations_disbursement")]

    operations = [migrations.RunPython(forward, backward)]
