"""Work for a worker, queued by task name. Services never import tasks (tasks import services,
so the other way round is a cycle that imports inside functions used to hide): a service that
wants work done after its transaction commits calls `enqueue_after_commit(name, id)` with the
task's registered name.
A misspelt name fails loudly at the first call (and `tests/core/test_queue.py` checks every name
a service queues is a registered task)."""

from __future__ import annotations

from celery import current_app
from django.db import transaction


def task_named(name: str):
    """The registered Celery task called `name` (KeyError if there is none)."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()  # autodiscovery is lazy until then
    return tasks[name]


def enqueue(name: str, *args, **kwargs) -> None:
    """Queue the task `name` now. Call it after commit: a row the task reads must be there."""
    task_named(name).apply_async(args=args, kwargs=kwargs)


def enqueue_after_commit(name: str, *args, **kwargs) -> None:
    """Queue the task `name` once the current transaction commits; nothing if it rolls back.
    The rows the task reads are the source of truth, so a message lost after commit is found
    again by the app's beat task."""
    task_named(name)  # refuse an unknown name now, inside the service, not after commit
    transaction.on_commit(lambda: enqueue(name, *args, **kwargs))
