import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cwf.accounts import invitations
from cwf.accounts.models import RoleAssignment
from cwf.core.errors import DomainError, ScopeError
from partnerships.models import Member
from partnerships.services import members
from tests.factories import Role, UserFactory, prove_address, user_with_role
from tests.partnerships import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return f.officer_user()


def _add(actor, partnership, **kwargs):
    data = {"full_name": "New Person", "is_resident": False, "joined_on": f.LONG_AGO, **kwargs}
    return members.member_add(actor=actor, partnership_id=partnership.pk, **data)


def test_forming_partnership_may_break_a_rule_with_a_warning(officer):
    made = f.partnership(officer, residents=5, others=3)  # 5 of 8: 62.5%
    change = _add(officer, made)  # 5 of 9: 55.6%, still fine
    assert change.warnings == []
    change = _add(officer, made, full_name="Another Adviser")  # 5 of 10: 50%
    assert [rule.key for rule in change.warnings] == ["resident_share"]
    assert Member.objects.filter(partnership=made).count() == 10


def test_endorsed_partnership_refuses_a_member_that_breaks_the_resident_rule(officer):
    made = f.partnership(officer, residents=5, others=4, endorse=True)  # 5 of 9
    with pytest.raises(DomainError) as exc:
        _add(officer, made)
    message = exc.value.message
    assert "“Residents hold at least 51% of the voting places”" in message
    assert "5 of 10 voting members are residents (50%) after this change" in message
    assert "endorsed, so it must keep meeting the rules" in message
    assert Member.objects.filter(partnership=made).count() == 9


def test_endorsed_partnership_refuses_a_leaver_that_breaks_the_size_rule(officer):
    made = f.partnership(officer, residents=6, others=2, endorse=True)
    leaver = made.members.first()
    with pytest.raises(DomainError, match="“At least 8 voting members” \\(7 voting members"):
        members.member_leave(actor=officer, member_id=leaver.pk, left_on=timezone.localdate())
    leaver.refresh_from_db()
    assert leaver.left_on is None


def test_endorsed_partnership_refuses_changing_resident_status_or_vote(officer):
    made = f.partnership(officer, residents=5, others=3, endorse=True)
    resident = made.members.filter(is_resident=True).first()
    with pytest.raises(DomainError, match="Residents hold at least 51%"):
        members.member_update(
            actor=officer,
            member_id=resident.pk,
            full_name=resident.full_name,
            is_resident=False,
            joined_on=resident.joined_on,
        )
    with pytest.raises(DomainError, match="At least 8 voting members"):
        members.member_update(
            actor=officer,
            member_id=resident.pk,
            full_name=resident.full_name,
            is_resident=True,
            has_vote=False,
            joined_on=resident.joined_on,
        )


def test_an_improving_change_is_allowed_even_while_a_rule_fails(officer):
    made = f.partnership(officer, residents=5, others=3, endorse=True)
    _add(officer, made, full_name="New Resident", is_resident=True)
    assert made.members.count() == 9


def test_a_member_who_leaves_keeps_their_row(officer):
    made = f.partnership(officer, residents=7, others=2, endorse=True)
    leaver = made.members.filter(is_resident=False).first()
    today = timezone.localdate()
    members.member_leave(actor=officer, member_id=leaver.pk, left_on=today)
    leaver.refresh_from_db()
    assert leaver.left_on == today
    with pytest.raises(DomainError, match="already left"):
        members.member_leave(actor=officer, member_id=leaver.pk, left_on=today)


def test_dates_are_checked(officer):
    made = f.partnership(officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="joined cannot be in the future"):
        _add(officer, made, joined_on=tomorrow)
    member = made.members.first()
    with pytest.raises(DomainError, match="cannot be before they joined"):
        members.member_leave(
            actor=officer, member_id=member.pk, left_on=f.LONG_AGO - datetime.timedelta(days=1)
        )


def test_one_chair_at_a_time(officer):
    made = f.partnership(officer)
    _add(officer, made, full_name="First Chair", role="chair")
    with pytest.raises(DomainError, match="First Chair is already the chair"):
        _add(officer, made, full_name="Second Chair", role="chair")


def test_chair_membership_gives_and_takes_the_kernel_chair_role(officer):
    made = f.partnership(officer)
    person = UserFactory(email="chair@grange.test")
    chair = _add(officer, made, full_name="Chris Chair", role="chair", user_id=person.pk).member
    roles = set(RoleAssignment.objects.filter(user=person, partnership=made).values_list("role"))
    assert roles == {(Role.PARTNERSHIP_CHAIR,), (Role.RESIDENT_MEMBER,)}
    members.member_update(
        actor=officer,
        member_id=chair.pk,
        full_name="Chris Chair",
        is_resident=False,
        role="member",
        joined_on=f.LONG_AGO,
    )
    roles = set(RoleAssignment.objects.filter(user=person, partnership=made).values_list("role"))
    assert roles == {(Role.RESIDENT_MEMBER,)}
    members.member_leave(actor=officer, member_id=chair.pk, left_on=timezone.localdate())
    assert not RoleAssignment.objects.filter(user=person, partnership=made).exists()


def test_residents_and_trustees_cannot_change_members(officer):
    made = f.partnership(officer)
    for role in (Role.RESIDENT_MEMBER, Role.LTO_FINANCE, Role.TRUSTEE):
        with pytest.raises(ScopeError):
            _add(user_with_role(role, made), made)


def test_the_chair_can_add_members_to_their_own_partnership_only(officer):
    made = f.partnership(officer)
    other = f.partnership(officer, name="Other")
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, made)
    _add(chair, made)
    with pytest.raises(ScopeError):
        _add(chair, other)


def test_inviting_a_member_uses_the_kernel_invitation(officer, django_capture_on_commit_callbacks):
    made = f.partnership(officer)
    member = made.members.first()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = members.member_invite(actor=officer, member_id=member.pk)
    assert (invitation.email, invitation.role, invitation.partnership) == (
        member.email,
        Role.RESIDENT_MEMBER,
        made,
    )
    assert len(mail.outbox) == 1 and member.email in mail.outbox[0].to
    with pytest.raises(DomainError, match="already has a pending invitation"):
        members.member_invite(actor=officer, member_id=member.pk)


def test_a_chair_member_is_invited_as_chair_by_an_officer_only(officer):
    made = f.partnership(officer)
    chair = _add(officer, made, full_name="Cara Chair", email="cara@x.test", role="chair").member
    chair_user = user_with_role(Role.PARTNERSHIP_CHAIR, made)
    with pytest.raises(ScopeError, match="Only a fund officer can invite someone to be the chair"):
        members.member_invite(actor=chair_user, member_id=chair.pk)
    invitation = members.member_invite(actor=officer, member_id=chair.pk)
    assert invitation.role == Role.PARTNERSHIP_CHAIR


def test_a_member_without_an_email_cannot_be_invited(officer):
    made = f.partnership(officer)
    member = _add(officer, made, full_name="No Email").member
    with pytest.raises(DomainError, match="Add an e-mail address for No Email first"):
        members.member_invite(actor=officer, member_id=member.pk)


def _accept(invitation_email, invitation):
    token = "known-token"
    invitation.token_hash = invitations._hash(token)
    invitation.save(update_fields=["token_hash"])
    user = prove_address(UserFactory(email=invitation_email, full_name="Accepting Person"))
    invitations.invitation_accept(token=token, user=user)
    return user


def test_accepting_links_the_account_to_the_member_row(officer):
    made = f.partnership(officer)
    member = made.members.first()
    invitation = members.member_invite(actor=officer, member_id=member.pk)
    user = _accept(member.email, invitation)
    member.refresh_from_db()
    assert member.user == user
    assert RoleAssignment.objects.filter(
        user=user, partnership=made, role=Role.RESIDENT_MEMBER
    ).exists()


def test_accepting_an_invitation_without_a_row_adds_a_resident_member(officer):
    made = f.partnership(officer)
    invitation = invitations.invitation_create(
        actor=officer, email="chair@new.test", role=Role.PARTNERSHIP_CHAIR, partnership_id=made.pk
    )
    user = _accept("chair@new.test", invitation)
    member = Member.objects.get(partnership=made, user=user)
    assert (member.full_name, member.role, member.is_resident, member.has_vote) == (
        "Accepting Person",
        "chair",
        True,
        True,
    )


def test_lto_finance_staff_are_not_made_members(officer):
    made = f.partnership(officer)
    invitation = invitations.invitation_create(
        actor=officer, email="money@lto.test", role=Role.LTO_FINANCE, partnership_id=made.pk
    )
    user = _accept("money@lto.test", invitation)
    assert not Member.objects.filter(user=user).exists()
