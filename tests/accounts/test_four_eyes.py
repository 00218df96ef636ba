"""Issue 13, finding 3: one person must not satisfy four eyes with a second account. Granting a
fund-wide role (officer, trustee, administrator) needs a second officer or an administrator to
confirm it, whatever path grants it (an invitation, the admin); and an officer never approves
the proposals of the officer who brought them in (or the other way round), for allocations,
amendments, withdrawals and close-outs alike."""

import re

import pytest
from django.core import mail
from django.test import Client

from cwf.accounts import invitations, permissions
from cwf.accounts.models import Invitation, RoleAssignment, User
from cwf.accounts.roles import Role
from cwf.core.errors import DomainError
from grants.models import Allocation, AllocationAmendment
from grants.services.allocations import allocation_approve
from grants.services.amendments import amendment_approve, amendment_propose
from grants.services.closeout import closeout_statement_save
from tests.conftest import signed_in
from tests.factories import UserFactory, user_with_role
from tests.grants import scenario

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^/\s]+(/join/[^/\s]+/)")
PASSWORD = "a-long-new-password-2026"


def _invite(client, email, role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/invitations/", {"email": email, "role": role}, follow=True)


def _sign_up(email) -> Client:
    link = LINK.search(mail.outbox[-1].body).group(1)
    invitee = Client()
    invitee.get(invitee.get(link).url)
    invitee.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    return invitee


def _to(email) -> list:
    return [m for m in mail.outbox if m.to == [email]]


def test_an_officer_alone_cannot_bring_in_a_fund_officer(django_capture_on_commit_callbacks):
    inviter, second = user_with_role(Role.FUND_OFFICER), user_with_role(Role.FUND_OFFICER)
    page = _invite(
        signed_in(inviter),
        "sock@example.org",
        Role.FUND_OFFICER,
        django_capture_on_commit_callbacks,
    )
    assert "waiting for a second officer or an administrator to confirm" in page.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.AWAITING
    assert _to("sock@example.org") == []  # nothing sent yet
    # The other officers are asked to confirm it.
    assert [m.to for m in mail.outbox] == [[second.email]]

    # The inviter cannot confirm their own invitation, by page or by service.
    inviters = signed_in(inviter)
    refused = inviters.post(f"/invitations/{invitation.pk}/confirm/", follow=True)
    assert "a different officer" in refused.content.decode()
    with pytest.raises(DomainError):
        invitations.invitation_confirm(actor=inviter, invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.AWAITING

    # A second officer sees what they confirm, then confirms: only now is the link sent.
    seconds = signed_in(second)
    shown = seconds.get(f"/invitations/{invitation.pk}/confirm/").content.decode()
    assert "sock@example.org" in shown and "Fund officer" in shown and str(inviter) in shown
    with django_capture_on_commit_callbacks(execute=True):
        seconds.post(f"/invitations/{invitation.pk}/confirm/")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.confirmed_by) == (Invitation.Status.PENDING, second)
    assert len(_to("sock@example.org")) == 1

    _sign_up("sock@example.org")
    newcomer = User.objects.get(email="sock@example.org")
    assignment = newcomer.role_assignments.get()
    assert (assignment.granted_by, assignment.confirmed_by) == (inviter, second)
    assert permissions.is_officer(newcomer)


def test_an_invitation_for_yourself_must_be_confirmed_by_someone_else(
    django_capture_on_commit_callbacks,
):
    admin_to_be = user_with_role(Role.FUND_OFFICER)
    inviter = user_with_role(Role.FUND_OFFICER)
    invitation = invitations.invitation_create(
        actor=inviter, email=admin_to_be.email, role=Role.ADMIN
    )
    with pytest.raises(DomainError, match="for you"):
        invitations.invitation_confirm(actor=admin_to_be, invitation_id=invitation.pk)


def test_a_partnership_role_needs_no_second_officer(
    partnership, django_capture_on_commit_callbacks
):
    officer = user_with_role(Role.FUND_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.invitation_create(
            actor=officer, email="res@example.org", role=Role.RESIDENT_MEMBER,
            partnership_id=partnership.pk,
        )  # fmt: skip
    assert invitation.status == Invitation.Status.PENDING
    assert len(_to("res@example.org")) == 1


@pytest.fixture
def admin_user():
    return UserFactory(is_staff=True, is_superuser=True, email="ada@example.org")


def test_a_fund_wide_role_given_in_the_admin_waits_for_a_second_person(admin_user):
    person = UserFactory(email="puppet@example.org")
    admin = signed_in(admin_user)
    response = admin.post(
        "/admin/accounts/roleassignment/add/", {"user": person.pk, "role": Role.FUND_OFFICER}
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person)
    assert assignment.confirmed_at is None
    assert not permissions.is_officer(person)
    assert not permissions.sees_portfolio(person)

    # The admin who gave it cannot confirm it, in the admin or on the page.
    admin.post(
        "/admin/accounts/roleassignment/",
        {"action": "confirm", "_selected_action": [assignment.pk]},
    )
    admin.post(f"/invitations/roles/{assignment.pk}/confirm/")
    assignment.refresh_from_db()
    assert assignment.confirmed_at is None
    # Nor can the person themselves.
    with pytest.raises(DomainError):
        from cwf.accounts.role_grants import role_grant_confirm

        role_grant_confirm(assignment_id=assignment.pk, actor=person)

    officer = user_with_role(Role.FUND_OFFICER)
    page = signed_in(officer).get("/invitations/").content.decode()
    assert "puppet@example.org" in page
    signed_in(officer).post(f"/invitations/roles/{assignment.pk}/confirm/")
    assignment.refresh_from_db()
    assert assignment.confirmed_by == officer
    person = User.objects.get(pk=person.pk)
    assert permissions.is_officer(person)


def test_the_admin_cannot_make_anyone_a_superuser_or_change_a_role_in_place(
    admin_user, partnership
):
    person = UserFactory(email="quiet@example.org")
    trustee_role = RoleAssignment.objects.create(
        user=person, role=Role.RESIDENT_MEMBER, partnership=partnership
    )
    admin = signed_in(admin_user)
    admin.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {
            "email": person.email,
            "full_name": "Quiet",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "1",
            "role_assignments-0-id": trustee_role.pk,
            "role_assignments-0-user": person.pk,
            "role_assignments-0-role": Role.ADMIN,
            "role_assignments-0-partnership": "",
        },
    )
    person.refresh_from_db()
    assert (person.is_staff, person.is_superuser) == (False, False)
    trustee_role.refresh_from_db()
    assert trustee_role.role == Role.RESIDENT_MEMBER
    assert not permissions.is_officer(person)
    admin.post(
        f"/admin/accounts/roleassignment/{trustee_role.pk}/change/",
        {"user": person.pk, "role": Role.ADMIN},
    )
    trustee_role.refresh_from_db()
    assert trustee_role.role == Role.RESIDENT_MEMBER


def _brought_in_by(inviter):
    """An officer whose role `inviter` granted, confirmed by a third officer."""
    from cwf.accounts.role_grants import role_grant, role_grant_confirm

    third = user_with_role(Role.FUND_OFFICER)
    newcomer = UserFactory()
    assignment = role_grant(user=newcomer, role=Role.FUND_OFFICER, granted_by=inviter)
    role_grant_confirm(assignment_id=assignment.pk, actor=third)
    return User.objects.get(pk=newcomer.pk)


def test_an_officer_never_approves_a_proposal_of_the_officer_who_brought_them_in():
    inviter = user_with_role(Role.FUND_OFFICER)
    scenario.fund(inviter, "20000000.00")
    newcomer = _brought_in_by(inviter)
    allocation = scenario.proposed(inviter)
    with pytest.raises(DomainError, match="gave you your"):
        allocation_approve(allocation_id=allocation.pk, actor=newcomer)
    page = signed_in(newcomer).get(f"/grants/allocations/{allocation.pk}/").content.decode()
    assert f"/grants/allocations/{allocation.pk}/approve/" not in page
    # ... nor the other way round.
    theirs = scenario.proposed(newcomer)
    with pytest.raises(DomainError, match="You gave"):
        allocation_approve(allocation_id=theirs.pk, actor=inviter)
    assert Allocation.objects.filter(status=Allocation.Status.APPROVED).count() == 0


@pytest.mark.parametrize("kind", ["amount", "withdrawal", "close"])
def test_amendments_withdrawals_and_close_outs_follow_the_same_rule(kind):
    proposer, approver = scenario.officers()
    scenario.fund(proposer, "20000000.00")
    allocation = scenario.approved(proposer, approver)
    if kind == "close":
        Allocation.objects.filter(pk=allocation.pk).update(status=Allocation.Status.CLOSING)
        closeout_statement_save(
            allocation_id=allocation.pk,
            actor=proposer,
            final_report="Done.",
            legacy_statement="It lasts.",
        )
    newcomer = _brought_in_by(proposer)
    extra = {"amount": {"new_amount": "1100000.00"}, "close": {"underspend_returned": "0.00"}}
    amendment = amendment_propose(
        allocation_id=allocation.pk, actor=proposer, kind=kind, reason="Because",
        **extra.get(kind, {}),
    )  # fmt: skip
    with pytest.raises(DomainError, match="proposed this"):
        amendment_approve(amendment_id=amendment.pk, actor=proposer)
    with pytest.raises(DomainError, match="gave you your"):
        amendment_approve(amendment_id=amendment.pk, actor=newcomer)
    amendment.refresh_from_db()
    assert amendment.status == AllocationAmendment.Status.PROPOSED
    amendment_approve(amendment_id=amendment.pk, actor=approver)
    allocation.refresh_from_db()
    expected = {"amount": "approved", "withdrawal": "withdrawn", "close": "closed"}[kind]
    assert allocation.status == expected
