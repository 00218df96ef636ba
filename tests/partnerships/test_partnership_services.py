import datetime

import pytest
from django.utils import timezone

from cwf.core.errors import DomainError, ScopeError, TransitionError
from partnerships.models import Partnership, PartnershipStatusChange
from partnerships.services import members, partnerships
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

pytestmark = pytest.mark.django_db
MOU = datetime.date(2024, 3, 1)


@pytest.fixture
def officer():
    return f.officer_user()


def test_officer_creates_a_partnership_with_neighbourhoods_from_the_register(officer):
    ward = f.neighbourhood("E05001585", "Grange")
    made = partnerships.partnership_create(
        actor=officer,
        name="  Grange Big Local ",
        neighbourhood_codes=["e05001585"],
        lead_officer_id=officer.pk,
    )
    assert made.name == "Grange Big Local"
    assert list(made.neighbourhoods.all()) == [ward]
    assert made.status == "forming" and made.lead_officer == officer


def test_unknown_neighbourhood_codes_are_named(officer):
    f.neighbourhood("E05001585")
    with pytest.raises(DomainError) as exc:
        partnerships.partnership_create(
            actor=officer, name="X", neighbourhood_codes=["E05001585", "E05999999"]
        )
    assert "Not in the neighbourhood register: E05999999" in exc.value.message


def test_a_partnership_needs_a_neighbourhood_and_a_unique_name(officer):
    with pytest.raises(DomainError, match="at least one neighbourhood"):
        partnerships.partnership_create(actor=officer, name="X", neighbourhood_codes=[" "])
    code = f.neighbourhood().code
    partnerships.partnership_create(actor=officer, name="Same", neighbourhood_codes=[code])
    with pytest.raises(DomainError, match="already a partnership called Same"):
        partnerships.partnership_create(actor=officer, name="Same", neighbourhood_codes=[code])


def test_the_lead_officer_must_be_an_officer(officer):
    trustee = user_with_role(Role.TRUSTEE)
    with pytest.raises(DomainError, match="must be a fund officer"):
        partnerships.partnership_create(
            actor=officer,
            name="X",
            neighbourhood_codes=[f.neighbourhood().code],
            lead_officer_id=trustee.pk,
        )


@pytest.mark.parametrize("role", [Role.TRUSTEE, Role.RESIDENT_MEMBER, Role.PARTNERSHIP_CHAIR])
def test_only_officers_create_and_endorse(role, officer):
    made = f.partnership(officer)
    someone = user_with_role(role, made)
    with pytest.raises(ScopeError):
        partnerships.partnership_create(
            actor=someone, name="Y", neighbourhood_codes=[f.neighbourhood().code]
        )
    with pytest.raises(ScopeError):
        partnerships.partnership_endorse(actor=someone, partnership_id=made.pk, mou_signed_on=MOU)


def test_endorsement_records_the_mou_date_and_who_moved_it(officer):
    made = f.partnership(officer)
    partnerships.partnership_endorse(
        actor=officer, partnership_id=made.pk, mou_signed_on=MOU, note="Signed at the AGM"
    )
    made.refresh_from_db()
    assert made.status == "endorsed" and made.mou_signed_on == MOU
    change = PartnershipStatusChange.objects.get(partnership=made)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "forming",
        "endorsed",
        officer,
    )
    assert change.note == "Signed at the AGM"
    assert abs(change.changed_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_endorsement_is_refused_below_eight_voting_members(officer):
    made = f.partnership(officer, residents=5, others=2)
    with pytest.raises(DomainError) as exc:
        partnerships.partnership_endorse(actor=officer, partnership_id=made.pk, mou_signed_on=MOU)
    assert "at least 8 voting members" in exc.value.message
    assert "7 voting members" in exc.value.message
    assert Partnership.objects.get(pk=made.pk).status == "forming"


def test_endorsement_is_refused_below_51_percent_residents(officer):
    made = f.partnership(officer, residents=4, others=4)
    with pytest.raises(DomainError) as exc:
        partnerships.partnership_endorse(actor=officer, partnership_id=made.pk, mou_signed_on=MOU)
    assert "residents hold at least 51% of the voting places" in exc.value.message
    assert "4 of 8 voting members are residents (50%)" in exc.value.message


def test_endorsement_needs_an_lto_that_passed_due_diligence(officer):
    without = f.partnership(officer, name="No LTO", lto_passed=None)
    with pytest.raises(DomainError, match="no Locally Trusted Organisation"):
        partnerships.partnership_endorse(
            actor=officer, partnership_id=without.pk, mou_signed_on=MOU
        )
    pending = f.partnership(officer, name="Pending LTO", lto_passed=False)
    with pytest.raises(DomainError, match="has not passed due diligence"):
        partnerships.partnership_endorse(
            actor=officer, partnership_id=pending.pk, mou_signed_on=MOU
        )


def test_endorsement_needs_a_real_mou_date(officer):
    made = f.partnership(officer)
    future = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="cannot be in the future"):
        partnerships.partnership_endorse(
            actor=officer, partnership_id=made.pk, mou_signed_on=future
        )
    with pytest.raises(DomainError, match="Enter the date"):
        partnerships.partnership_transition(
            actor=officer, partnership_id=made.pk, target="endorsed"
        )


def test_the_lifecycle_runs_forward_only_through_the_table(officer):
    made = f.partnership(officer, endorse=True)
    with pytest.raises(TransitionError, match="endorsed and cannot become forming"):
        partnerships.partnership_transition(actor=officer, partnership_id=made.pk, target="forming")
    for target in ("delivering", "closing", "closed"):
        partnerships.partnership_transition(actor=officer, partnership_id=made.pk, target=target)
    with pytest.raises(TransitionError, match="it can become: nothing"):
        partnerships.partnership_transition(
            actor=officer, partnership_id=made.pk, target="delivering"
        )
    moves = list(
        PartnershipStatusChange.objects.filter(partnership=made)
        .order_by("pk")
        .values_list("to_status", flat=True)
    )
    assert moves == ["endorsed", "delivering", "closing", "closed"]


def test_a_closed_partnership_cannot_be_changed(officer):
    made = f.partnership(officer)
    partnerships.partnership_transition(actor=officer, partnership_id=made.pk, target="closed")
    with pytest.raises(DomainError, match="closed"):
        members.member_add(
            actor=officer,
            partnership_id=made.pk,
            full_name="Late Comer",
            is_resident=True,
            joined_on=f.LONG_AGO,
        )
