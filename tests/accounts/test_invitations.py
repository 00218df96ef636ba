"""Invitations, end to end through the real views: the only way to join CWF Grants."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.utils import timezone

from cwf.accounts.models import Invitation, RoleAssignment, User
from cwf.accounts.roles import Role
from tests.browser.helpers import totp_code
from tests.conftest import signed_in
from tests.factories import TEST_PASSWORD, PartnershipFactory, UserFactory, user_with_role

NEW_PASSWORD = "a-long-new-password-2026"
LINK = re.compile(r"http://[^/\s]+(/join/[^/\s]+/)")


def _invite(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/invitations/", data)


def _link_in_last_mail() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


def _second_officer_confirms(django_capture_on_commit_callbacks):
    """A fund-wide invitation is sent once a second officer confirms it (test_four_eyes.py)."""
    from cwf.accounts import invitations

    awaiting = Invitation.objects.get(status=Invitation.Status.AWAITING)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitation_confirm(
            actor=user_with_role(Role.FUND_OFFICER), invitation_id=awaiting.pk
        )


def _sign_up(client, link, email, password=NEW_PASSWORD):
    """Open the link, then sign up on allauth's form, as the invitee does."""
    opened = client.get(link)
    form = client.get(opened.url)
    response = client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )
    return opened, form, response


@pytest.mark.django_db
def test_an_officer_invites_a_resident_who_signs_up_and_gets_the_role(
    officer_client, partnership, django_capture_on_commit_callbacks
):
    response = _invite(
        officer_client,
        django_capture_on_commit_callbacks,
        email="Rosa.Resident@Example.org",
        full_name="Rosa Resident",
        role=Role.RESIDENT_MEMBER,
        partnership=partnership.pk,
    )
    assert response.status_code == 302
    assert officer_client.get(response.url).content.count(b"rosa.resident@example.org") >= 2

    [message] = mail.outbox
    assert message.to == ["rosa.resident@example.org"]
    assert "You are invited to CWF Grants" in message.subject
    assert f"resident partnership member for {partnership.name}" in message.body
    link = _link_in_last_mail()

    invitee = Client()
    opened, form, signed_up = _sign_up(invitee, link, "rosa.resident@example.org")
    assert opened.url == "/accounts/signup/?email=rosa.resident@example.org"
    assert b'value="rosa.resident@example.org"' in form.content
    assert signed_up.status_code == 302 and signed_up.url == "/"

    user = User.objects.get(email="rosa.resident@example.org")
    assert user.full_name == "Rosa Resident"
    assert list(user.role_assignments.values_list("role", "partnership")) == [
        (Role.RESIDENT_MEMBER, partnership.pk)
    ]
    home = invitee.get("/")
    assert home.status_code == 200
    assert f"Resident partnership member of {partnership.name}" in home.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.accepted_by == user

    # The link is spent.
    again = Client().get(link)
    assert again.status_code == 410
    assert b"already been used" in again.content


@pytest.mark.django_db
def test_an_invited_officer_must_set_up_mfa_straight_after_signing_up(
    officer_client, django_capture_on_commit_callbacks
):
    _invite(
        officer_client,
        django_capture_on_commit_callbacks,
        email="new.officer@example.org",
        role=Role.FUND_OFFICER,
    )
    _second_officer_confirms(django_capture_on_commit_callbacks)
    invitee = Client()
    _sign_up(invitee, _link_in_last_mail(), "new.officer@example.org")
    response = invitee.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_signing_up_from_the_link_proves_the_address_so_mfa_can_be_set_up_at_once(
    officer_client, django_capture_on_commit_callbacks
):
    """Issue 13, finding 4: the link was e-mailed to the address, so following it proves the
    address. allauth refuses TOTP for an unverified address, which left invitees stuck."""
    _invite(
        officer_client,
        django_capture_on_commit_callbacks,
        email="new.officer@example.org",
        role=Role.FUND_OFFICER,
    )
    _second_officer_confirms(django_capture_on_commit_callbacks)
    invitee = Client()
    _sign_up(invitee, _link_in_last_mail(), "new.officer@example.org")
    address = EmailAddress.objects.get(email="new.officer@example.org")
    assert (address.verified, address.primary) == (True, True)

    page = invitee.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    activated = invitee.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert activated.status_code == 302
    assert invitee.get("/", follow=True).request["PATH_INFO"] in (
        "/",
        "/accounts/2fa/recovery-codes/",
    )
    assert Authenticator.objects.filter(user__email="new.officer@example.org").exists()


@pytest.mark.django_db
def test_signing_up_with_a_different_address_is_refused(
    officer_client, partnership, django_capture_on_commit_callbacks
):
    _invite(
        officer_client,
        django_capture_on_commit_callbacks,
        email="invited@example.org",
        role=Role.RESIDENT_MEMBER,
        partnership=partnership.pk,
    )
    _, _, response = _sign_up(Client(), _link_in_last_mail(), "someone.else@example.org")
    assert response.status_code == 200
    assert b"Use the address this invitation was sent to: invited@example.org." in response.content
    assert b"There is a problem" in response.content
    assert not User.objects.filter(email="someone.else@example.org").exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


@pytest.mark.django_db
def test_someone_with_an_account_signs_in_and_accepts(
    officer_client, partnership, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="already@example.org")
    # Joined earlier from an invitation, which proved the address (test_email_changes.py has
    # the account whose address was never proved).
    EmailAddress.objects.create(user=existing, email=existing.email, verified=True, primary=True)
    _invite(
        officer_client,
        django_capture_on_commit_callbacks,
        email="already@example.org",
        role=Role.LTO_FINANCE,
        partnership=partnership.pk,
    )
    link = _link_in_last_mail()
    invitee = Client()
    opened = invitee.get(link)
    assert opened.url == f"/accounts/login/?next={link}"
    signed_in_now = invitee.post(
        opened.url, {"login": "already@example.org", "password": TEST_PASSWORD}
    )
    assert signed_in_now.url == link
    page = invitee.get(link)
    assert b"Accept your invitation" in page.content
    accepted = invitee.post(link)
    assert accepted.url == "/"
    assert RoleAssignment.objects.filter(
        user=existing, role=Role.LTO_FINANCE, partnership=partnership
    ).exists()


@pytest.mark.django_db
def test_a_signed_in_person_cannot_accept_someone_elses_invitation(
    officer_client, partnership, django_capture_on_commit_callbacks
):
    _invite(
        officer_client,
        django_capture_on_commit_callbacks,
        email="meant-for@example.org",
        role=Role.RESIDENT_MEMBER,
        partnership=partnership.pk,
    )
    intruder = signed_in(UserFactory(email="intruder@example.org"))
    response = intruder.post(_link_in_last_mail(), follow=True)
    assert b"This invitation is for meant-for@example.org" in response.content
    assert not RoleAssignment.objects.filter(user__email="intruder@example.org").exists()


@pytest.mark.django_db
def test_expired_revoked_and_replaced_links_say_why(
    officer_client, partnership, django_capture_on_commit_callbacks
):
    def invite(email):
        _invite(
            officer_client,
            django_capture_on_commit_callbacks,
            email=email,
            role=Role.RESIDENT_MEMBER,
            partnership=partnership.pk,
        )
        return Invitation.objects.get(email=email), _link_in_last_mail()

    expired, expired_link = invite("expired@example.org")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))

    revoked, revoked_link = invite("revoked@example.org")
    confirm = officer_client.get(f"/invitations/{revoked.pk}/revoke/")
    assert b"Withdraw the invitation to revoked@example.org?" in confirm.content
    officer_client.post(f"/invitations/{revoked.pk}/revoke/")

    resent, old_link = invite("resent@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(f"/invitations/{resent.pk}/resend/")
    new_link = _link_in_last_mail()
    assert new_link != old_link

    anyone = Client()
    for link, words in [
        (
            expired_link,
            b"This invitation has expired. Ask the person who invited you to resend it.",
        ),
        (revoked_link, b"This invitation has been withdrawn. Ask for a new one."),
        (old_link, b"It may have been replaced by a newer one"),
        ("/join/not-a-real-token/", b"This invitation link is not valid."),
    ]:
        response = anyone.get(link)
        assert response.status_code == 410, link
        assert words in response.content, link
    assert anyone.get(new_link).status_code == 302
    # None of them opened sign-up.
    assert b"open by invitation only" in Client().get("/accounts/signup/").content


@pytest.mark.django_db
def test_a_revoked_invitation_cannot_be_resent_or_revoked_again(
    officer_client, partnership, django_capture_on_commit_callbacks
):
    _invite(
        officer_client,
        django_capture_on_commit_callbacks,
        email="gone@example.org",
        role=Role.RESIDENT_MEMBER,
        partnership=partnership.pk,
    )
    invitation = Invitation.objects.get()
    officer_client.post(f"/invitations/{invitation.pk}/revoke/")
    response = officer_client.post(f"/invitations/{invitation.pk}/resend/", follow=True)
    assert b"This invitation is revoked." in response.content
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_public_sign_up_without_an_invitation_is_closed(client):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert b"open by invitation only" in page.content
    client.post(
        "/accounts/signup/",
        {"email": "walk-in@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert not User.objects.filter(email="walk-in@example.org").exists()


# --- Chairs -----------------------------------------------------------------------------------


@pytest.fixture
def chair_client(chair):
    return signed_in(chair)


@pytest.mark.django_db
def test_a_chair_invites_a_resident_to_their_own_partnership(
    chair_client, partnership, django_capture_on_commit_callbacks
):
    response = _invite(
        chair_client,
        django_capture_on_commit_callbacks,
        email="neighbour@example.org",
        role=Role.RESIDENT_MEMBER,
        partnership=partnership.pk,
    )
    assert response.status_code == 302
    assert Invitation.objects.get().partnership == partnership
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_chair_cannot_invite_to_another_partnership(
    chair_client, django_capture_on_commit_callbacks
):
    other = PartnershipFactory()
    response = _invite(
        chair_client,
        django_capture_on_commit_callbacks,
        email="neighbour@example.org",
        role=Role.RESIDENT_MEMBER,
        partnership=other.pk,
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not Invitation.objects.exists() and not mail.outbox
    assert other.name.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.FUND_OFFICER, Role.TRUSTEE, Role.ADMIN, Role.PARTNERSHIP_CHAIR]
)
def test_a_chair_cannot_invite_to_a_fund_role_or_another_chair(
    role, chair_client, partnership, django_capture_on_commit_callbacks
):
    response = _invite(
        chair_client,
        django_capture_on_commit_callbacks,
        email="climber@example.org",
        role=role,
        partnership=partnership.pk,
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_residents_and_trustees_cannot_invite(resident, trustee):
    for user in (resident, trustee):
        assert signed_in(user).get("/invitations/").status_code == 404


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address", "role": Role.TRUSTEE}, b"Enter a valid email address."),
        ({"email": "", "role": Role.TRUSTEE}, b"Enter the e-mail address"),
        ({"email": "x@example.org", "role": "emperor"}, b"Select a valid choice."),
        (
            {"email": "x@example.org", "role": Role.RESIDENT_MEMBER},
            b"Choose the partnership this role belongs to.",
        ),
    ],
)
def test_bad_invitations_are_refused_with_an_error_summary(
    data, message, officer_client, django_capture_on_commit_callbacks
):
    response = _invite(officer_client, django_capture_on_commit_callbacks, **data)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert message in response.content
    assert not Invitation.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_inviting_twice_or_someone_who_has_the_role_is_refused(
    officer_client, resident, partnership, django_capture_on_commit_callbacks
):
    data = {"role": Role.RESIDENT_MEMBER, "partnership": partnership.pk}
    _invite(officer_client, django_capture_on_commit_callbacks, email="twice@example.org", **data)
    again = _invite(
        officer_client, django_capture_on_commit_callbacks, email="twice@example.org", **data
    )
    assert b"already has a pending invitation to this role. Resend it instead." in again.content
    has_it = _invite(
        officer_client, django_capture_on_commit_callbacks, email=resident.email, **data
    )
    assert b"already has this role." in has_it.content
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_invitation_list_costs_the_same_queries_for_many_rows(
    officer, officer_client, django_assert_num_queries
):
    from cwf.accounts import invitations

    def make(n):
        for i in range(n):
            fund_wide = i % 2  # half wait for a second officer, listed at the top
            invitations.invitation_create(
                actor=user_with_role(Role.FUND_OFFICER) if fund_wide else officer,
                email=f"bulk{Invitation.objects.count()}-{i}@example.org",
                role=Role.TRUSTEE if fund_wide else Role.RESIDENT_MEMBER,
                partnership_id=None if fund_wide else PartnershipFactory().pk,
            )

    make(2)
    officer_client.get("/invitations/")  # warm the session and the role cache
    with django_assert_num_queries(13) as few:
        officer_client.get("/invitations/")
    make(20)
    with django_assert_num_queries(len(few.captured_queries)):
        officer_client.get("/invitations/")


@pytest.mark.django_db
def test_the_invitation_list_filters_by_status_and_address(officer, officer_client, partnership):
    from cwf.accounts import invitations

    for email in ("alpha@example.org", "beta@example.org"):
        invitations.invitation_create(
            actor=officer, email=email, role=Role.RESIDENT_MEMBER, partnership_id=partnership.pk
        )
    invitations.invitation_revoke(
        actor=officer, invitation_id=Invitation.objects.get(email="beta@example.org").pk
    )
    pending = officer_client.get("/invitations/?status=pending").content
    assert b"alpha@example.org" in pending and b"beta@example.org" not in pending
    searched = officer_client.get("/invitations/?q=bet").content
    assert b"beta@example.org" in searched and b"alpha@example.org" not in searched
    none = officer_client.get("/invitations/?q=nobody").content
    assert b"No invitations match." in none
