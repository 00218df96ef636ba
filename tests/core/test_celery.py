"""The Celery settings the due-rows-plus-beat pattern relies on (docs/architecture.md)."""

from django.conf import settings

from cwf.celery import app


def test_tasks_survive_a_killed_worker():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_only_json_crosses_the_broker():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]


def test_beat_uses_the_database_scheduler_and_sends_the_heartbeat():
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    heartbeat = app.conf.beat_schedule["heartbeat"]
    assert heartbeat["task"] == "cwf.core.tasks.heartbeat"
    assert heartbeat["schedule"] < settings.HEALTH_STALE_AFTER_SECONDS


def test_every_scheduled_task_is_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, name


def test_the_embedded_broker_keeps_its_folders_under_var():
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            assert options[key].startswith(str(settings.VAR_DIR)), key
