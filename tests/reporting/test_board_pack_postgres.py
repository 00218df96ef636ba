"""Two people ask for the same board pack at the same moment, on PostgreSQL with real
concurrent transactions: one pack is made, both requests get it."""

import threading

import pytest
from django.db import connection

from reporting.models import BoardPack, BoardPackRequest
from reporting.services.board_packs import board_pack_request
from tests.factories import Role, user_with_role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_requests_at_once_make_one_pack(monkeypatch):
    from reporting.services import board_packs

    enqueued = []
    monkeypatch.setattr(board_packs, "_enqueue", lambda pack_id: enqueued.append(pack_id))
    askers = [user_with_role(Role.TRUSTEE), user_with_role(Role.FUND_OFFICER)]
    barrier = threading.Barrier(len(askers))
    results, errors = [], []

    def ask(user):
        try:
            barrier.wait(timeout=10)
            results.append(board_pack_request(actor=user, kind="pdf").pk)
        except Exception as exc:  # pragma: no cover (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(user,)) for user in askers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 2
    assert BoardPack.objects.count() == 1
    assert BoardPackRequest.objects.filter(board_pack_id=results[0]).count() == 2
    assert enqueued == [results[0]]
