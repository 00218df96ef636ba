"""Two spends against one decision at the same moment, on PostgreSQL: the decision's row lock
makes the second wait and then see the first, so together they never pass the decision's
amount. Slowed inside the locked section so the two really overlap."""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from cwf.core.errors import DomainError
from grants.models import Spend
from grants.services import spending
from grants.services.spending import SpendInput, spend_log
from tests.grants.plan_scenario import agreed_decision, setup_partnership, with_money_received

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_spends_never_exceed_the_decision(monkeypatch):
    s = with_money_received(setup_partnership())
    decision = agreed_decision(s["partnership"], s["officer"], amount="1000.00")
    real_pence = spending.pence

    def slow_pence(value):
        time.sleep(0.3)  # after the decision's lock: the other spend meets it
        return real_pence(value)

    monkeypatch.setattr(spending, "pence", slow_pence)
    start = threading.Barrier(2)
    results: list[object] = []

    def run(actor):
        try:
            start.wait()
            spend_log(
                partnership_id=s["partnership"].pk,
                actor=actor,
                data=SpendInput(
                    date(2024, 6, 1),
                    "600.00",
                    "Stage Co",
                    "Stage",
                    s["themes"]["Young people"].pk,
                    decision_id=decision.pk,
                ),
            )
            results.append("logged")
        except DomainError as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in (s["resident"], s["chair"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results.count("logged") == 1, results
    assert Spend.objects.filter(decision=decision).count() == 1
    assert sum(s.amount for s in Spend.objects.all()) == Decimal("600.00")
