"""The demo seeder records the assumptions once, with their sources, and a change that shows the
history."""

import io

import pytest

from reporting import demo
from reporting.assumptions import DEFINITIONS
from reporting.models import Assumption
from reporting.selectors.assumptions import assumptions_in_force

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_assumption_with_its_source_once(officer):
    officer.email = demo.OFFICER
    officer.save()
    for _ in range(2):
        demo.seed(stdout=io.StringIO())
    assert Assumption.objects.count() == len(DEFINITIONS) + 1
    values = assumptions_in_force()
    assert all(a.source for a in values.values())
    assert values["running_costs"].display == "0.8%"
    assert values["running_costs"].changed_by == officer


def test_funded_demo_partnerships_without_a_place_get_a_register_ward_once():
    from partnerships.models import Neighbourhood
    from tests.factories import PartnershipFactory
    from tests.grants import scenario as money

    proposer, approver = money.officers()
    proposer.email = demo.OFFICER
    proposer.save()
    money.fund(proposer)
    allocation = money.approved(proposer, approver)
    placed_elsewhere = Neighbourhood.objects.create(
        code="E05000009", kind="ward", region="North East", imd_decile=1, cni_decile=1, cni_rank=1
    )
    placed_elsewhere.partnerships.add(PartnershipFactory())
    Neighbourhood.objects.create(code="E05000010", kind="ward", region="South West",
                                 imd_decile=1, cni_decile=2, cni_rank=9)  # fmt: skip
    Neighbourhood.objects.create(code="E05000011", kind="ward", region="London")  # no deciles
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    codes = list(allocation.partnership.neighbourhoods.values_list("code", flat=True))
    assert codes == ["E05000010"]
