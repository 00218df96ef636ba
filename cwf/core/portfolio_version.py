"""The portfolio version: fast portfolio reads that are never stale (issue 21, finding 5).

The trustee summary takes a quarter of a second to compute at national size, and under load
every request recomputed it. Now it is cached, keyed by a number that PostgreSQL raises in the
same transaction as every write to a table the figures are read from, so a cached figure is
never older than the last committed write:

- Each such table has a statement trigger (`cwf_portfolio_touched`) which, at the transaction's
  first write, notes it (a transaction-local setting) and inserts one row into
  `cwf_portfolio_bump`;
- that row's deferred constraint trigger (`cwf_portfolio_bump`) raises
  `core_portfolioversion.version` at COMMIT, after every other statement. So the version row is
  locked only for the moment of the commit: writers queue on it for microseconds, and never
  while holding a lock another writer waits for (no deadlock).
- A reader reads the version (`current()`) before it computes; a write committed after that
  read raises the version, so the next reader computes afresh. A transaction that has itself
  written (the setting is on) never reads the cache: it must see its own write.

Which tables: every model of the apps in `settings.PORTFOLIO_VERSION_APPS`, except
`settings.PORTFOLIO_VERSION_IGNORE` (notifications, board packs: they change no figure). The
triggers are (re)made after every `migrate` (post_migrate), so a new table is covered at once.
On SQLite there are no triggers and `current()` is None: nothing is cached."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import connection

FUNCTIONS = """
CREATE TABLE IF NOT EXISTS cwf_portfolio_bump (id bigserial PRIMARY KEY);

CREATE OR REPLACE FUNCTION cwf_portfolio_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('cwf.portfolio_touched', true) IS DISTINCT FROM '1' THEN
        PERFORM set_config('cwf.portfolio_touched', '1', true);
        INSERT INTO cwf_portfolio_bump DEFAULT VALUES;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cwf_portfolio_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE core_portfolioversion SET version = version + 1 WHERE id = 1;
    DELETE FROM cwf_portfolio_bump WHERE id = NEW.id;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS cwf_portfolio_bump ON cwf_portfolio_bump;
CREATE CONSTRAINT TRIGGER cwf_portfolio_bump AFTER INSERT ON cwf_portfolio_bump
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cwf_portfolio_bump();
"""

TABLE_TRIGGER = """
CREATE OR REPLACE TRIGGER cwf_portfolio_touched
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION cwf_portfolio_touched();
"""


def watched_tables() -> list[str]:
    ignore = {label.lower() for label in settings.PORTFOLIO_VERSION_IGNORE}
    tables = []
    for label in settings.PORTFOLIO_VERSION_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in ignore or not model._meta.managed:
                continue
            tables.append(model._meta.db_table)
            for field in model._meta.local_many_to_many:
                tables.append(field.remote_field.through._meta.db_table)
    return sorted(set(tables))


def install(sender=None, using=None, **kwargs) -> None:
    """post_migrate (sent once per app after all migrations; acted on once, for core): the
    functions, the version row, and a trigger on every watched table."""
    from django.db import connections

    if sender is not None and getattr(sender, "label", None) != "core":
        return
    conn = connections[using or "default"]
    if conn.vendor != "postgresql":
        return
    from .models import PortfolioVersion

    PortfolioVersion.objects.using(conn.alias).get_or_create(pk=1)
    existing = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        cursor.execute(FUNCTIONS)
        for table in watched_tables():
            if table in existing:
                cursor.execute(TABLE_TRIGGER.format(table=conn.ops.quote_name(table)))


def current() -> int | None:
    """The version to key cached figures by, or None: do not use the cache (SQLite, no row yet,
    or this transaction has written and must read its own write)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, current_setting('cwf.portfolio_touched', true) "
            "FROM core_portfolioversion WHERE id = 1"
        )
        row = cursor.fetchone()
    if row is None or row[1] == "1":
        return None
    return row[0]
