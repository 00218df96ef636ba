"""One computation per cached key (cwf.core.portfolio_version.cached): threads of a process wait
on a lock, and processes sharing a cache (gunicorn's workers on Redis) wait for the one that
marked the key. Another process is played here by marking the key by hand, as its `cache.add`
would."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache

from cwf.core import portfolio_version


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_threads_wanting_the_same_key_compute_it_once():
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.2)
        return "summary"

    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(portfolio_version.cached("k:1", compute)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["summary"] * 4
    assert len(calls) == 1


def test_a_key_another_process_is_computing_is_waited_for_not_computed_again():
    assert cache.add("k:2:computing", 1)  # the other process's mark

    def other_process_finishes():
        time.sleep(0.2)
        cache.set("k:2", "theirs")
        cache.delete("k:2:computing")

    threading.Thread(target=other_process_finishes).start()
    assert portfolio_version.cached("k:2", lambda: "ours") == "theirs"


def test_when_the_other_process_gives_up_the_key_is_computed_here(monkeypatch):
    monkeypatch.setattr(portfolio_version, "WAIT_SECONDS", 1)
    assert cache.add("k:3:computing", 1)
    threading.Timer(0.1, lambda: cache.delete("k:3:computing")).start()  # it failed
    started = time.monotonic()
    assert portfolio_version.cached("k:3", lambda: "ours") == "ours"
    assert time.monotonic() - started < 1
    assert cache.get("k:3") == "ours"
    assert cache.get("k:3:computing") is None
