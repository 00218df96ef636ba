"""Two release runs at the same moment, on PostgreSQL, with real row locks and real commits.

Each run is slowed inside its locked section so that the two really overlap. The run that does
not hold a tranche's lock must skip it (or find it released when it gets there): it must never
get as far as the database's unique constraints. So this test fails if the row lock or the
status re-check is removed, even though the constraints would still stop a double release; the
constraints are tested on their own in test_disbursement_services.py."""

import threading
import time
from collections import Counter
from datetime import date

import pytest
from django.db import connection

from grants.models import Release, Transaction
from grants.services import disbursement as release_batch
from grants.services import ledger
from grants.services.disbursement import Outcome, tranches_release_due
from tests.grants import scenario
from tests.grants.helpers import ledger_is_consistent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_release_runs_release_each_due_tranche_once(monkeypatch):
    officers = scenario.officers()
    scenario.fund(officers[0], "10000000.00")
    for _ in range(3):
        scenario.active(*officers, amount="1000000.00")  # annual from 1 April 2024
    today = date(2025, 4, 1)  # two due tranches each: six in all
    # Batches of one tranche, so the two runs interleave tranche by tranche (a larger batch
    # takes every row lock at once and the other run skips them all: the same guards).
    monkeypatch.setattr(release_batch, "BATCH_SIZE", 1)
    real_post = ledger.ledger_post_batch

    def slow_post(**kwargs):
        time.sleep(0.15)  # inside the locked section: the other run meets the lock
        return real_post(**kwargs)

    monkeypatch.setattr(ledger, "ledger_post_batch", slow_post)
    start = threading.Barrier(2)
    outcomes: list[Counter] = []
    errors: list[BaseException] = []

    def run():
        try:
            start.wait()
            outcomes.append(tranches_release_due(today=today))
        except BaseException as exc:  # reported below, never lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    total = sum(outcomes, Counter())
    assert Release.objects.count() == 6
    assert Transaction.objects.filter(kind=Transaction.Kind.RELEASE).count() == 6
    assert Release.objects.values("tranche").distinct().count() == 6
    assert total[Outcome.RELEASED] == 6
    # The second run skipped locked tranches or found them released; it never needed the
    # constraints to stop it.
    assert total[Outcome.DUPLICATE_REFUSED] == 0
    assert total[Outcome.LOCKED_ELSEWHERE] + total[Outcome.NOT_DUE] == 6
    assert all(outcome[Outcome.RELEASED] > 0 for outcome in outcomes), outcomes
    ledger_is_consistent()
