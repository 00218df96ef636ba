"""Checks for /health/: the database, the cache, the broker, the worker and beat.

Every check answers, whatever is down: a check that cannot run (the worker's heartbeat with the
database gone) fails with the reason rather than raising, so /health/ always returns its 503
JSON naming the failed parts."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from . import degraded


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    last_seen: datetime | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data["last_seen"] = self.last_seen.isoformat() if self.last_seen else None
        return data


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check("database", True, connection.vendor)
    except Exception as exc:  # any failure is what we report
        return Check("database", False, str(exc))


def _cache() -> Check:
    key = f"health:{uuid.uuid4().hex}"
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    # The cache itself falls back to process memory when Redis is down (cwf/core/cache.py), so
    # its own answer cannot tell; the recorded failure can.
    try:
        cache.set(key, "ok", 10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as exc:
        return Check("cache", False, str(exc))
    error = degraded.last_error(degraded.CACHE)
    if error:
        return Check("cache", False, f"unreachable, using process memory: {error}")
    return Check("cache", ok, backend)


def _broker() -> Check:
    from cwf.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls if isinstance(conn.transport_cls, str) else "broker"
        degraded.recovered(degraded.BROKER)
        return Check("broker", True, str(transport))
    except Exception as exc:
        degraded.failed(degraded.BROKER, exc)
        return Check("broker", False, str(exc))


def _fresh(name: str, last_seen: datetime | None, what: str) -> Check:
    if last_seen is None:
        return Check(name, False, f"no {what} yet")
    age = timezone.now() - last_seen
    limit = timedelta(seconds=settings.HEALTH_STALE_AFTER_SECONDS)
    ok = age <= limit
    seconds = int(age.total_seconds())
    return Check(name, ok, f"last {what} {seconds} s ago", last_seen)


def _worker() -> Check:
    from .models import Heartbeat

    beat = Heartbeat.objects.filter(name="worker").first()
    return _fresh("worker", beat.last_seen if beat else None, "heartbeat")


def _beat() -> Check:
    from django_celery_beat.models import PeriodicTask

    last = PeriodicTask.objects.aggregate(last=Max("last_run_at"))["last"]
    return _fresh("beat", last, "scheduled run")


def _needs_database(name: str, check, database: Check) -> Check:
    if not database.ok:
        return Check(name, False, "unknown: the database cannot be reached")
    try:
        return check()
    except Exception as exc:
        return Check(name, False, str(exc))


def run_checks() -> list[Check]:
    database = _database()
    return [
        database,
        _cache(),
        _broker(),
        _needs_database("worker", _worker, database),
        _needs_database("beat", _beat, database),
    ]
