"""Services queue work by task name (cwf/core/queue.py), never by importing tasks: every name
they use is a registered task, and a misspelt one fails inside the service, not after commit."""

import re
from pathlib import Path

import pytest

from cwf.core import outbox, queue

ROOT = Path(__file__).resolve().parents[2]
NAMED = re.compile(r"""enqueue(?:_after_commit)?\(\s*["']([\w.]+)["']""")


def test_every_task_a_service_queues_by_name_is_registered():
    names = {outbox.SEND_TASK}
    for app in ("cwf", "partnerships", "grants", "participation", "reporting", "privacy"):
        for path in (ROOT / app).rglob("*.py"):
            names |= set(NAMED.findall(path.read_text()))
    assert "partnerships.tasks.import_batch_run" in names
    assert "privacy.tasks.export_build" in names
    for name in sorted(names):
        assert queue.task_named(name).name == name


def test_an_unknown_task_name_is_refused_before_commit():
    with pytest.raises(KeyError):
        queue.enqueue_after_commit("grants.tasks.no_such_task")
