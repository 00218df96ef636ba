"""Issue 13, finding 2: changing your e-mail address must not get round the invitation's address
check, nor take another person's address. An address is proved (by the link e-mailed to it, or
by signing up from an invitation) before it becomes the account's address or accepts an
invitation; an address that belongs to another account is refused, saying so; no path gives a
500."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from cwf.accounts import invitations
from cwf.accounts.models import Invitation, RoleAssignment, User
from cwf.accounts.roles import Role
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, UserFactory, prove_address, user_with_role

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")


def _verified(user) -> User:
    return prove_address(user)


def _member(partnership=None) -> User:
    return _verified(user_with_role(Role.RESIDENT_MEMBER, partnership or PartnershipFactory()))


def _add(client, email):
    return client.post("/accounts/email/", {"email": email, "action_add": ""}, follow=True)


def _invitation_for(email, partnership, django_capture_on_commit_callbacks) -> str:
    officer = user_with_role(Role.FUND_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitation_create(
            actor=officer, email=email, role=Role.PARTNERSHIP_CHAIR, partnership_id=partnership.pk
        )
    return re.search(r"(/join/[^/\s]+/)", mail.outbox[-1].body).group(1)


@pytest.mark.parametrize("has_address_row", [True, False])
def test_an_address_that_belongs_to_another_account_is_refused(has_address_row):
    victim = UserFactory(email="victim@example.org")
    if has_address_row:
        _verified(victim)
    attacker = _member()
    response = _add(signed_in(attacker), "Victim@Example.org")
    assert response.status_code == 200
    assert "victim@example.org belongs to another account" in response.content.decode()
    assert not EmailAddress.objects.filter(user=attacker, email__iexact="victim@example.org")
    attacker.refresh_from_db()
    assert attacker.email != "victim@example.org"


def test_a_new_address_is_used_only_once_its_link_is_followed(django_capture_on_commit_callbacks):
    member = _member()
    old = member.email
    client = signed_in(member)
    mail.outbox.clear()
    _add(client, "new.me@example.org")
    new = EmailAddress.objects.get(user=member, email="new.me@example.org")
    assert (new.verified, new.primary) == (False, False)

    # Asking to make it the account's address before proving it is refused, and changes nothing.
    response = client.post(
        "/accounts/email/", {"email": "new.me@example.org", "action_primary": ""}, follow=True
    )
    assert response.status_code == 200
    assert "Confirm new.me@example.org first" in response.content.decode()
    member.refresh_from_db()
    assert member.email == old

    link = CONFIRM_LINK.search(mail.outbox[-1].body).group(1)
    assert client.post(link).status_code == 302
    member.refresh_from_db()
    assert member.email == "new.me@example.org"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", "verified")) == [
        ("new.me@example.org", True)
    ]


def test_making_another_accounts_address_primary_is_refused_not_a_500():
    """A row left from before this fix: another account's address, unverified, on this one."""
    UserFactory(email="taken@example.org")
    attacker = user_with_role(Role.RESIDENT_MEMBER, PartnershipFactory())
    EmailAddress.objects.create(user=attacker, email=attacker.email, verified=False, primary=True)
    EmailAddress.objects.create(user=attacker, email="taken@example.org", verified=False)
    response = signed_in(attacker).post(
        "/accounts/email/", {"email": "taken@example.org", "action_primary": ""}, follow=True
    )
    assert response.status_code == 200
    assert "taken@example.org belongs to another account" in response.content.decode()
    attacker.refresh_from_db()
    assert attacker.email != "taken@example.org"


def test_an_unproved_address_cannot_accept_an_invitation(django_capture_on_commit_callbacks):
    """The attack: a member of one partnership holds a link sent to someone else's address, sets
    that address on their own account (left unverified) and accepts, joining another
    partnership."""
    theirs, other = PartnershipFactory(), PartnershipFactory()
    attacker = user_with_role(Role.RESIDENT_MEMBER, theirs)
    link = _invitation_for("invitee@example.org", other, django_capture_on_commit_callbacks)
    # What the e-mail page allowed before the fix: the address made primary without its link.
    EmailAddress.objects.create(user=attacker, email="invitee@example.org", primary=True)
    User.objects.filter(pk=attacker.pk).update(email="invitee@example.org")

    client = signed_in(attacker)
    page = client.get(link)
    assert "Confirm that invitee@example.org is your address" in page.content.decode()
    response = client.post(link, follow=True)
    assert "Confirm that invitee@example.org is your address" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=attacker, partnership=other).exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_an_existing_account_confirms_its_address_then_accepts(
    django_capture_on_commit_callbacks,
):
    """Someone whose account was made before addresses were confirmed (by an administrator, say)
    is not stuck: the invitation page sends the link, which brings them back to accept."""
    partnership = PartnershipFactory()
    person = UserFactory(email="existing@example.org")
    link = _invitation_for("existing@example.org", partnership, django_capture_on_commit_callbacks)
    client = signed_in(person)
    mail.outbox.clear()
    sent = client.post(link, {"send_confirmation": "1"}, follow=True)
    assert "We have sent a link to existing@example.org" in sent.content.decode()
    confirm = CONFIRM_LINK.search(mail.outbox[-1].body).group(1)
    confirmed = client.post(confirm)
    assert confirmed.url == link
    accepted = client.post(link)
    assert accepted.url == "/"
    assert RoleAssignment.objects.filter(user=person, partnership=partnership).exists()


def test_signing_up_from_an_invitation_still_accepts_it_at_once(
    django_capture_on_commit_callbacks,
):
    partnership = PartnershipFactory()
    link = _invitation_for("fresh@example.org", partnership, django_capture_on_commit_callbacks)
    client = Client()
    opened = client.get(link)
    client.get(opened.url)
    password = "a-long-new-password-2026"
    client.post(
        "/accounts/signup/",
        {"email": "fresh@example.org", "password1": password, "password2": password},
    )
    assert RoleAssignment.objects.filter(
        user__email="fresh@example.org", partnership=partnership
    ).exists()


def test_an_unproved_claim_on_an_address_does_not_stop_its_owner_signing_up(
    django_capture_on_commit_callbacks,
):
    """A member adds the invitee's address to their own account and never confirms it (they
    cannot): the invitee still signs up from the link, and the claim is dropped."""
    partnership = PartnershipFactory()
    squatter = _member()
    _add(signed_in(squatter), "wanted@example.org")
    assert EmailAddress.objects.filter(user=squatter, email="wanted@example.org").exists()
    link = _invitation_for("wanted@example.org", partnership, django_capture_on_commit_callbacks)
    client = Client()
    client.get(client.get(link).url)
    password = "a-long-new-password-2026"
    response = client.post(
        "/accounts/signup/",
        {"email": "wanted@example.org", "password1": password, "password2": password},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    owner = User.objects.get(email="wanted@example.org")
    assert RoleAssignment.objects.filter(user=owner, partnership=partnership).exists()
    assert not EmailAddress.objects.filter(user=squatter, email="wanted@example.org").exists()


def test_the_email_page_opens_and_says_how_a_change_works():
    response = signed_in(_member()).get("/accounts/email/")
    assert response.status_code == 200
