"""Two officers approve one change to a pledge at the same moment, on PostgreSQL, with real row
locks and commits: it applies once (issue 18's four eyes on accepted pledges). Each approval is
slowed inside its locked section so that the two really overlap; the second waits for the
pledge's lock, then finds the change approved and changes nothing."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from cwf.accounts.roles import Role
from grants.models import Pledge, PledgeAmendment
from grants.services import coinvestment
from grants.services.coinvestment import pledge_amendment_approve, pledge_amendment_propose
from grants.signals import pledge_event
from reporting.models import Notification
from tests.factories import PartnershipFactory, user_with_role
from tests.grants import scenario
from tests.grants.coinvestment_scenario import accepted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_approvals_apply_a_pledge_change_once(monkeypatch):
    first, second = scenario.officers()
    third = user_with_role(Role.FUND_OFFICER, full_name="Tam Third")
    p = accepted(first, second, partnership=PartnershipFactory(), amount="1000.00")
    change = pledge_amendment_propose(
        pledge_id=p.pk, actor=first, reason="The trust gives more", amount="1500.00"
    )
    real_check = coinvestment._check_amendment

    def slow_check(pledge, amendment):
        time.sleep(0.3)  # inside the locked section: the other approval meets the lock
        return real_check(pledge, amendment)

    monkeypatch.setattr(coinvestment, "_check_amendment", slow_check)
    announced: list[str] = []

    def listen(*, event, **_):
        announced.append(event)

    pledge_event.connect(listen, dispatch_uid="test.pledge_event")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def approve(officer):
        try:
            start.wait()
            pledge_amendment_approve(amendment_id=change.pk, actor=officer)
        except BaseException as exc:  # reported below, never lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(o,)) for o in (second, third)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    p.refresh_from_db()
    assert p.amount == Decimal("1500.00") and p.status == Pledge.Status.ACCEPTED
    change.refresh_from_db()
    assert change.status == PledgeAmendment.Status.APPROVED
    assert change.decided_by in (second, third)
    # Applied and announced once: the second approval changed nothing, so it said nothing.
    pledge_event.disconnect(dispatch_uid="test.pledge_event")
    assert announced == ["approved"]
    assert Notification.objects.filter(recipient=first, kind="pledge").count() == 1
