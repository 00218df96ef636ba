"""The Celery app. Configuration lives in Django settings under the CELERY_ namespace."""

import logging
import os
from pathlib import Path

from celery import Celery
from celery import Task as BaseTask
from kombu.exceptions import OperationalError

from cwf.core import degraded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwf.settings.dev")

logger = logging.getLogger("cwf.celery")


class Task(BaseTask):
    """Every task of this project. Queuing one never fails the caller: with the broker down the
    message is dropped (logged, and /health/ shows the broker failing), because the database
    still says the work is due and a beat sweep does it when the broker is back
    (docs/architecture.md, "Background work"; docs/operations.md, "Redis down"). So a service's
    `transaction.on_commit(lambda: task.delay(...))` cannot turn a committed write into a 500."""

    def apply_async(self, args=None, kwargs=None, **options):
        if self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, **options)
        if degraded.is_down(degraded.BROKER):
            logger.info("Not queued (broker down), left due in the database: %s", self.name)
            return None
        try:
            result = super().apply_async(args, kwargs, **options)
        except (OperationalError, OSError) as exc:
            degraded.failed(degraded.BROKER, exc)
            logger.warning("Not queued, left due in the database: %s %s", self.name, args)
            return None
        degraded.recovered(degraded.BROKER)
        return result


app = Celery("cwf", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_filesystem_broker_folders() -> None:
    """The filesystem transport needs its folders before a worker, beat or web process uses it."""
    from django.conf import settings

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


ensure_filesystem_broker_folders()
