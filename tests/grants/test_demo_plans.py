from io import StringIO

import pytest

from cwf.accounts.models import User
from devtools.demo import accounts as accounts_demo
from devtools.demo import grants as grants_demo
from devtools.demo import partnerships as partnerships_demo
from devtools.demo import plans as demo_plans
from grants.models import Allocation, PlanReview, Spend, SpendingPlan, Tranche
from grants.selectors.ledger import ledger_check
from grants.services.plans import plan_endorse, plan_submit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_plans_spends_and_the_chair_to_officer_journey():
    out = StringIO()
    accounts_demo.seed(stdout=out)
    partnerships_demo.seed(stdout=out)
    grants_demo.seed(stdout=out)
    demo_plans.seed(stdout=out)
    for allocation in Allocation.objects.filter(status=Allocation.Status.ACTIVE):
        plans = SpendingPlan.objects.filter(partnership=allocation.partnership)
        assert set(plans.values_list("status", flat=True)) == {"endorsed", "superseded"}
        assert Spend.objects.filter(partnership=allocation.partnership).count() > 150
        assert Spend.objects.filter(
            partnership=allocation.partnership, reverses__isnull=False
        ).exists()
        assert Spend.objects.filter(
            partnership=allocation.partnership, decision__isnull=False
        ).exists()
        assert Spend.objects.filter(partnership=allocation.partnership).exclude(receipt="").exists()
        assert PlanReview.objects.filter(
            partnership=allocation.partnership, status="acknowledged"
        ).exists()
        # Issue 24: one review due at a time, so endorsing a new version never collides.
        assert (
            PlanReview.objects.filter(partnership=allocation.partnership, status="due").count() <= 1
        )
    assert Tranche.objects.filter(status="held").exists()  # the grants demo's hold survives
    assert ledger_check().ok
    count = Spend.objects.count()
    demo_plans.seed(stdout=out)
    assert Spend.objects.count() == count
    draft = SpendingPlan.objects.get(status=SpendingPlan.Status.DRAFT)
    chair = User.objects.get(email="chair.bransholme@example.org")
    assert chair.email in out.getvalue()
    plan_submit(plan_id=draft.pk, actor=chair)
    plan_endorse(plan_id=draft.pk, actor=User.objects.get(email="officer@example.org"))
    allocation = draft.allocation
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.ACTIVE
    first = allocation.tranches.order_by("due_on").first()
    assert first.amount == sum(a.budget for a in draft.action_lines.filter(year=1))
