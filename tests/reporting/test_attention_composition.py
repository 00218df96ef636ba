"""Partnerships failing the composition rules, on the trustees' attention list: the rules are
tested in SQL before the failing partnerships are loaded, so the edges must match
partnerships/composition.py exactly (default rules: 8 voting members, residents hold 51%)."""

from datetime import date

import pytest

from partnerships.models import Member, Partnership
from reporting.selectors.attention import attention_list
from tests.conftest import signed_in
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _partnership(name, *, residents, others, status=Partnership.Status.DELIVERING, left=0):
    partnership = PartnershipFactory(name=name, status=status)
    people = [True] * residents + [False] * others
    Member.objects.bulk_create(
        Member(
            partnership=partnership,
            full_name=f"Person {n}",
            is_resident=resident,
            joined_on=date(2024, 1, 1),
            left_on=date(2024, 6, 1) if n < left else None,
        )
        for n, resident in enumerate(people)
    )
    return partnership


def test_only_endorsed_partnerships_below_a_rule_are_flagged(trustee, settings):
    settings.PARTNERSHIP_MIN_RESIDENT_SHARE = "0.6"
    _partnership("Exactly sixty per cent", residents=6, others=4)  # 6 of 10: passes
    _partnership("Just under", residents=5, others=4)  # 5 of 9 = 55.6%: fails
    _partnership("Too few", residents=7, others=0)  # 7 voting members: fails
    _partnership("Lost members", residents=8, others=2, left=2)  # 6 residents of 8 stay: passes
    _partnership("Still forming", residents=1, others=9, status=Partnership.Status.FORMING)
    failing = attention_list(viewer=trustee).failing_composition
    assert [(f.partnership.name, [r.key for r in f.rules]) for f in failing] == [
        ("Just under", ["resident_share"]),
        ("Too few", ["voting_members"]),
    ]
    body = signed_in(trustee).get("/portfolio/").content.decode()
    assert "Just under" in body and "Exactly sixty per cent" not in body
