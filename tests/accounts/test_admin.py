"""The Django admin for people, roles and invitations."""

import pytest

from cwf.accounts import invitations
from cwf.accounts.models import Invitation, RoleAssignment, User
from cwf.accounts.roles import Role
from tests.conftest import signed_in
from tests.factories import UserFactory, user_with_role


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True, email="ada@example.org")


@pytest.fixture
def admin_client(admin_user):
    return signed_in(admin_user)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/roleassignment/",
        "/admin/accounts/roleassignment/add/",
        "/admin/accounts/invitation/",
    ],
)
def test_the_admin_pages_open(admin_client, path):
    assert admin_client.get(path).status_code == 200


@pytest.mark.django_db
def test_an_admin_adds_a_person_by_email_with_no_username(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new.person@example.org",
            "full_name": "New Person",
            "usable_password": "true",
            "password1": "a-long-new-password-2026",
            "password2": "a-long-new-password-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password("a-long-new-password-2026")
    assert b"username" not in admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content


@pytest.mark.django_db
def test_a_role_given_in_the_admin_records_who_gave_it(admin_client, admin_user, partnership):
    person = UserFactory()
    response = admin_client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": person.pk, "role": Role.RESIDENT_MEMBER, "partnership": partnership.pk},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person)
    assert assignment.granted_by == admin_user


@pytest.mark.django_db
def test_a_partnership_role_without_a_partnership_is_refused(admin_client):
    person = UserFactory()
    response = admin_client.post(
        "/admin/accounts/roleassignment/add/", {"user": person.pk, "role": Role.LTO_FINANCE}
    )
    assert response.status_code == 200
    assert b"Partnership roles need a partnership" in response.content
    assert not RoleAssignment.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_invitations_are_read_only_and_never_show_the_token_hash(admin_client, admin_user):
    invitation = invitations.invitation_create(
        actor=admin_user, email="trustee-to-be@example.org", role=Role.TRUSTEE
    )
    page = admin_client.get(f"/admin/accounts/invitation/{invitation.pk}/change/")
    assert page.status_code == 200
    assert b"trustee-to-be@example.org" in page.content
    assert invitation.token_hash.encode() not in page.content
    assert b"token hash" not in page.content.lower() and b"token_hash" not in page.content
    assert admin_client.get("/admin/accounts/invitation/add/").status_code == 403


@pytest.mark.django_db
def test_the_admin_withdraws_invitations_through_the_service(admin_client, admin_user):
    invitation = invitations.invitation_create(
        actor=admin_user, email="withdraw-me@example.org", role=Role.TRUSTEE
    )
    response = admin_client.post(
        "/admin/accounts/invitation/",
        {"action": "withdraw", "_selected_action": [invitation.pk]},
        follow=True,
    )
    assert b"Withdrew 1 invitation(s)." in response.content
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert invitation.revoked_at is not None


@pytest.mark.django_db
def test_officers_who_are_not_staff_cannot_use_the_admin():
    response = signed_in(user_with_role(Role.FUND_OFFICER)).get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.django_db
def test_roles_given_on_the_persons_page_record_who_gave_them(
    admin_client, admin_user, partnership
):
    person = UserFactory(full_name="Chris Chair")
    response = admin_client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {
            "email": person.email,
            "full_name": person.full_name,
            "is_active": "on",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-role": Role.PARTNERSHIP_CHAIR,
            "role_assignments-0-partnership": partnership.pk,
            "role_assignments-0-user": person.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assignment = RoleAssignment.objects.get(user=person)
    assert (assignment.role, assignment.partnership, assignment.granted_by) == (
        Role.PARTNERSHIP_CHAIR,
        partnership,
        admin_user,
    )
