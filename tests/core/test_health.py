"""/health/ for monitoring: the database, the cache, the broker, the worker and beat."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from cwf.core.models import Heartbeat
from cwf.core.tasks import heartbeat

NAMES = ["database", "cache", "broker", "worker", "beat"]


def _beat_ran(ago: timedelta) -> None:
    every, _ = IntervalSchedule.objects.get_or_create(every=30, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(
        name="heartbeat",
        defaults={
            "task": "cwf.core.tasks.heartbeat",
            "interval": every,
            "last_run_at": timezone.now() - ago,
        },
    )


def _worker_ran(ago: timedelta) -> None:
    Heartbeat.objects.update_or_create(name="worker", defaults={"last_seen": timezone.now() - ago})


def _checks(response) -> dict:
    return {c["name"]: c for c in response.json()["checks"]}


@pytest.mark.django_db
def test_all_well_is_200_with_every_part_named(client):
    heartbeat.delay()  # what the worker does when beat sends it
    _beat_ran(timedelta(seconds=5))

    response = client.get("/health/?format=json")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert list(_checks(response)) == NAMES
    assert all(c["ok"] for c in response.json()["checks"])
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_a_stale_worker_heartbeat_is_503(client, settings):
    settings.HEALTH_STALE_AFTER_SECONDS = 120
    _worker_ran(timedelta(minutes=5))
    _beat_ran(timedelta(seconds=5))

    response = client.get("/health/", HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    worker = _checks(response)["worker"]
    assert worker["ok"] is False
    # 300 s, or 301 when a loaded machine takes a second between writing it and reading it.
    assert worker["detail"] in ("last heartbeat 300 s ago", "last heartbeat 301 s ago")
    assert worker["last_seen"] is not None
    assert _checks(response)["beat"]["ok"] is True


@pytest.mark.django_db
def test_beat_that_never_ran_and_no_worker_yet_are_503(client):
    response = client.get("/health/?format=json")
    assert response.status_code == 503
    assert _checks(response)["worker"]["detail"] == "no heartbeat yet"
    assert _checks(response)["beat"]["detail"] == "no scheduled run yet"
    assert _checks(response)["database"]["ok"] is True


@pytest.mark.django_db
def test_the_page_for_people_says_what_is_failing(client):
    _beat_ran(timedelta(seconds=5))
    response = client.get("/health/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Some parts of the service are not working." in page
    assert "Worker" in page and "no heartbeat yet" in page
    assert "Failing" in page

    _worker_ran(timedelta(seconds=1))
    response = client.get("/health/")
    assert response.status_code == 200
    assert "Every part of the service is working." in response.content.decode()


@pytest.mark.django_db
def test_a_failing_cache_is_reported_not_raised(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache server went away")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/health/?format=json")
    assert response.status_code == 503
    assert _checks(response)["cache"] == {
        "name": "cache",
        "ok": False,
        "detail": "cache server went away",
        "last_seen": None,
    }


@pytest.mark.django_db
def test_the_heartbeat_task_records_the_worker_once_however_often_it_runs():
    heartbeat.delay()
    heartbeat.delay()
    assert Heartbeat.objects.filter(name="worker").count() == 1
    assert timezone.now() - Heartbeat.objects.get().last_seen < timedelta(seconds=5)


# --- manage.py healthcheck, the containers' health checks ----------------------------------------


@pytest.mark.django_db
def test_the_healthcheck_command_passes_when_the_named_checks_pass():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("healthcheck", "database", "cache", stdout=out)
    database, cache = out.getvalue().splitlines()
    assert database in ("database: ok (sqlite)", "database: ok (postgresql)")
    assert cache == "cache: ok (LocMemCache)"


@pytest.mark.django_db
def test_the_healthcheck_command_fails_on_a_stale_beat():
    from django.core.management import CommandError, call_command

    _beat_ran(timedelta(hours=1))
    with pytest.raises(CommandError, match="Unhealthy: beat"):
        call_command("healthcheck", "beat")


@pytest.mark.django_db(transaction=True)
def test_the_healthcheck_command_asks_the_running_web_server(live_server):
    from io import StringIO

    from django.core.management import CommandError, call_command

    port = live_server.url.rsplit(":", 1)[1]
    out = StringIO()
    call_command("healthcheck", "--http", "--port", port, "database", "cache", stdout=out)
    assert "database: ok" in out.getvalue()
    # The whole page is 503 (no worker has run), and the command says which part failed.
    with pytest.raises(CommandError, match="Unhealthy: beat, worker"):
        call_command("healthcheck", "--http", "--port", port, stdout=StringIO())


def test_the_healthcheck_command_says_when_nothing_answers():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="did not answer on port 9"):
        call_command("healthcheck", "--http", "--port", "9", "--timeout", "1")
