import io

import pytest
from django.core.management import call_command

from cwf.accounts.models import RoleAssignment
from partnerships.composition import composition_for
from partnerships.models import Decision, Meeting, Member, Partnership

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_every_state_once():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    counts = (Partnership.objects.count(), Member.objects.count(), Decision.objects.count())
    call_command("seed_demo", stdout=out)
    assert (Partnership.objects.count(), Member.objects.count(), Decision.objects.count()) == counts
    # A dozen partnerships plus Grange Estate, where the demo users sit, and one forming for a
    # neighbourhood of LSOAs (the register demo, issue 23); the money demo gives some of them
    # allocations rather than making partnerships of its own.
    assert counts[0] == 14
    assert set(Partnership.objects.values_list("status", flat=True)) == set(Partnership.Status)
    regions = set(
        Partnership.objects.values_list("neighbourhoods__region", flat=True).exclude(
            neighbourhoods__region=""
        )
    )
    assert len(regions) >= 7
    assert Meeting.objects.filter(minutes_status="approved").exists()
    assert Decision.objects.filter(corrects__isnull=False).exists()
    for partnership in Partnership.objects.exclude(status="forming"):
        assert composition_for(partnership_id=partnership.pk).rules_met, partnership.name


def test_the_demo_users_sit_on_grange_estate():
    call_command("seed_demo", stdout=io.StringIO())
    grange = Partnership.objects.get(name="Grange Estate Big Local (demo)")
    assert grange.status == "delivering"
    assert grange.neighbourhoods.get().code == "E05001585"
    chair = Member.objects.get(partnership=grange, user__email="chair@example.org")
    assert chair.role == "chair"
    assert Member.objects.filter(partnership=grange, user__email="resident@example.org").exists()
    assert RoleAssignment.objects.filter(
        user__email="chair@example.org", partnership=grange, role="partnership_chair"
    ).exists()
