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

Two versions (concerns): a resident logging a spend writes only the spending log and its kept
totals, and raising the one version with every spend made the summary recompute whole, about
twice a second under the load test. Writes to `settings.PORTFOLIO_VERSION_SPEND` raise SPEND;
writes to every other watched table raise MAIN. Figures that read the spend tables are keyed by
both; the rest by MAIN only, so a spend leaves them cached (reporting/selectors/summary.py
recomputes only the spend-derived parts).

Which tables: every model of the apps in `settings.PORTFOLIO_VERSION_APPS`, except
`settings.PORTFOLIO_VERSION_IGNORE` (notifications, board packs: they change no figure). The
triggers are (re)made after every `migrate` (post_migrate), so a new table is covered at once.
On SQLite there are no triggers and `current()` is None: nothing is cached."""

from __future__ import annotations

import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

# The version rows: MAIN rises with a write to any watched table but the spend tables; SPEND
# with a write to the spend tables (settings.PORTFOLIO_VERSION_SPEND: the spending log and its
# kept totals). A transaction writing both raises both, MAIN first (always in that order, so
# two committing transactions never wait on each other's row: no deadlock).
MAIN, SPEND = 1, 2
CONCERNS = {MAIN: "main", SPEND: "spend"}

FUNCTIONS = """
CREATE TABLE IF NOT EXISTS cwf_portfolio_bump (id bigserial PRIMARY KEY);

CREATE OR REPLACE FUNCTION cwf_portfolio_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('cwf.portfolio_touched_' || TG_ARGV[0], '1', true);
    IF current_setting('cwf.portfolio_touched', true) IS DISTINCT FROM '1' THEN
        PERFORM set_config('cwf.portfolio_touched', '1', true);
        INSERT INTO cwf_portfolio_bump DEFAULT VALUES;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cwf_portfolio_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('cwf.portfolio_touched_main', true) = '1' THEN
        UPDATE core_portfolioversion SET version = version + 1 WHERE id = 1;
    END IF;
    IF current_setting('cwf.portfolio_touched_spend', true) = '1' THEN
        UPDATE core_portfolioversion SET version = version + 1 WHERE id = 2;
    END IF;
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
    FOR EACH STATEMENT EXECUTE FUNCTION cwf_portfolio_touched('{concern}');
"""


def spend_tables() -> set[str]:
    """The tables whose writes raise SPEND and not MAIN."""
    return {apps.get_model(label)._meta.db_table for label in settings.PORTFOLIO_VERSION_SPEND}


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

    for pk in CONCERNS:
        PortfolioVersion.objects.using(conn.alias).get_or_create(pk=pk)
    existing = set(conn.introspection.table_names())
    spending = spend_tables()
    with conn.cursor() as cursor:
        cursor.execute(FUNCTIONS)
        for table in watched_tables():
            if table in existing:
                concern = CONCERNS[SPEND if table in spending else MAIN]
                cursor.execute(
                    TABLE_TRIGGER.format(table=conn.ops.quote_name(table), concern=concern)
                )


def versions() -> tuple[int, int] | None:
    """(MAIN, SPEND) to key cached figures by, read in one statement (one snapshot), or None:
    do not use the cache (SQLite, no rows yet, or this transaction has written and must read
    its own write). Figures that read the spend tables key by both; others by MAIN alone."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(version) FILTER (WHERE id = 1), max(version) FILTER (WHERE id = 2), "
            "current_setting('cwf.portfolio_touched', true) "
            "FROM core_portfolioversion WHERE id IN (1, 2)"
        )
        row = cursor.fetchone()
    if row is None or row[0] is None or row[1] is None or row[2] == "1":
        return None
    return row[0], row[1]


def current() -> int | None:
    """The MAIN version alone (for figures that never read the spend tables), or None."""
    both = versions()
    return None if both is None else both[0]


# A version lasts until the next write; an hour bounds what an idle cache keeps.
CACHE_SECONDS = 3600
# Across processes sharing the cache (gunicorn's workers on Redis), one computes a missing key
# while the others poll for its answer: every POLL_SECONDS, for at most WAIT_SECONDS (then they
# compute it themselves: a lost worker never blocks the others for long).
POLL_SECONDS = 0.02
WAIT_SECONDS = 10
_computing: dict[str, threading.Lock] = {}
_computing_guard = threading.Lock()


def cached(key: str, compute, *, timeout: int = CACHE_SECONDS):
    """The cache's value for `key` (which must include the versions the value was read under),
    or `compute()`'s, stored. One computation per key at a time: within a process the threads
    wanting it wait on a lock (gthread workers answer several requests at once: after a write,
    every waiting trustee would otherwise recompute the same summary), and across the processes
    sharing a cache (Redis) the one that marks the key first (`cache.add`) computes while the
    others poll for its answer. Waiting never serves anything older: the key names the versions."""
    value = cache.get(key)
    if value is not None:
        return value
    with _computing_guard:
        lock = _computing.setdefault(key, threading.Lock())
    try:
        with lock:
            value = cache.get(key)
            if value is None:
                value = _computed_once(key, compute, timeout)
    finally:
        with _computing_guard:
            _computing.pop(key, None)
    return value


def _computed_once(key: str, compute, timeout: int):
    marker = f"{key}:computing"
    if cache.add(marker, 1, timeout=WAIT_SECONDS):
        try:
            value = compute()
            cache.set(key, value, timeout=timeout)
        finally:
            cache.delete(marker)
        return value
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = cache.get(key)
        if value is not None:
            return value
        if cache.get(marker) is None:  # done just now, or failed: then compute it here
            value = cache.get(key)
            if value is not None:
                return value
            break
    value = compute()
    cache.set(key, value, timeout=timeout)
    return value
