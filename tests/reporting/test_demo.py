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
