"""/metrics/ for Prometheus: request metrics and what is due (docs/operations.md, "Metrics").

Protected by a token: set METRICS_TOKEN and scrape with `Authorization: Bearer <token>`; without
the setting the endpoint answers 404. Business gauges are computed when scraped, from the
database, by functions each app registers (`register_gauge`) so the kernel needs no domain
imports: grants (tranches due and not released, releases not yet paid), reporting (reports
overdue, unsent notifications and the oldest one's age) and the kernel itself (queue lengths,
last beat, last worker heartbeat, and whether this process can reach the cache and broker).

Request metrics are per process. Under gunicorn set PROMETHEUS_MULTIPROC_DIR (an empty
directory, cleared at each start) to add up every worker's; otherwise each scrape reads the one
worker that answered it."""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

from . import degraded

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "cwf_http_requests", "HTTP requests answered, by view and status.", ["method", "view", "status"]
)
LATENCY = Histogram(
    "cwf_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["method", "view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


@dataclass(frozen=True)
class Gauge:
    name: str
    documentation: str
    # A number, or {label value: number} when `label` is set.
    read: Callable[[], float | dict[str, float] | None]
    label: str = ""


_GAUGES: dict[str, Gauge] = {}


def register_gauge(name: str, documentation: str, read, *, label: str = "") -> None:
    """Add (or replace: the notification outbox replaces the notification rows' gauges) a gauge
    read at each scrape. `read` returning None leaves the gauge out."""
    _GAUGES[name] = Gauge(name, documentation, read, label)


class _BusinessCollector:
    def collect(self):
        for gauge in list(_GAUGES.values()):
            try:
                value = gauge.read()
            except Exception:
                logger.exception("Metric %s could not be read", gauge.name)
                continue
            if value is None:
                continue
            family = GaugeMetricFamily(
                gauge.name, gauge.documentation, labels=[gauge.label] if gauge.label else None
            )
            if isinstance(value, dict):
                for label_value, number in value.items():
                    family.add_metric([str(label_value)], float(number))
            else:
                family.add_metric([], float(value))
            yield family


_BUSINESS = _BusinessCollector()


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Delegate(REGISTRY))
    registry.register(_BUSINESS)
    return registry


class _Delegate:
    def __init__(self, registry):
        self.registry = registry

    def collect(self):
        return self.registry.collect()


def _authorised(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        raise Http404("Metrics are off: set METRICS_TOKEN.")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), token.encode())


@never_cache
@transaction.non_atomic_requests
def metrics_view(request):
    if not _authorised(request):
        return HttpResponse(
            "A valid metrics token is needed.", status=401, content_type="text/plain"
        )
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


class RequestMetricsMiddleware:
    """First in MIDDLEWARE: counts and times every request by the view that answered it (its
    URL name, never the path, so ids do not multiply the series)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unresolved"
        LATENCY.labels(request.method, view).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        return response


# --- The kernel's own gauges ---------------------------------------------------------------------


def _age_seconds(moment) -> float | None:
    return None if moment is None else (timezone.now() - moment).total_seconds()


def _queue_lengths() -> dict[str, float] | None:
    from cwf.celery import app

    if app.conf.task_always_eager or degraded.is_down(degraded.BROKER):
        return None
    lengths = {}
    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            channel = conn.default_channel
            for queue in settings.CWF_QUEUES:
                try:
                    lengths[queue] = channel.queue_declare(queue=queue, passive=True).message_count
                except Exception:  # a queue no task has used yet
                    lengths[queue] = 0
    except Exception as exc:
        degraded.failed(degraded.BROKER, exc)
        return None
    return lengths


def _last_beat() -> float | None:
    from django.db.models import Max
    from django_celery_beat.models import PeriodicTask

    return _age_seconds(PeriodicTask.objects.aggregate(last=Max("last_run_at"))["last"])


def _last_heartbeat() -> float | None:
    from .models import Heartbeat

    beat = Heartbeat.objects.filter(name="worker").first()
    return _age_seconds(beat.last_seen if beat else None)


def _dependencies() -> dict[str, float]:
    return {
        part: 0.0 if degraded.last_error(part) else 1.0
        for part in (degraded.CACHE, degraded.BROKER)
    }


register_gauge(
    "cwf_queue_length", "Messages waiting in each Celery queue.", _queue_lengths, label="queue"
)
register_gauge(
    "cwf_beat_last_run_age_seconds", "Seconds since beat last sent a scheduled task.", _last_beat
)
register_gauge(
    "cwf_worker_heartbeat_age_seconds",
    "Seconds since a worker last ran the heartbeat task.",
    _last_heartbeat,
)
register_gauge(
    "cwf_dependency_up",
    "1 while this process reaches the part (cache, broker), 0 while it carries on without it.",
    _dependencies,
    label="part",
)
