import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cwf.accounts.models import Invitation
from partnerships.models import Member
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

pytestmark = pytest.mark.django_db

NEW_MEMBER = {
    "full_name": "Winifred Walker",
    "email": "win@example.net",
    "is_resident": "no",
    "role": "member",
    "has_vote": "yes",
    "joined_on": "2025-01-10",
}


@pytest.fixture
def sends(django_capture_on_commit_callbacks):
    """E-mail goes out on commit: run those hooks inside the test's transaction."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def officer():
    return f.officer_user()


@pytest.fixture
def chair_client(officer):
    made = f.partnership(officer, residents=5, others=3)
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, made, email="chair@grange.test")
    client = signed_in(chair)
    client.partnership = made
    return client


def _url(name, partnership, *args):
    return reverse(f"partnerships:{name}", args=[partnership.pk, *args])


def test_the_members_page_lists_members_and_the_rules(chair_client):
    made = chair_client.partnership
    page = chair_client.get(_url("member_list", made)).content.decode()
    assert "Resident 1" in page and "Adviser 8" in page
    assert "5 of 8 voting members are residents (62.5%)" in page
    assert "Add a member" in page


def test_a_form_with_missing_answers_says_what_is_missing(chair_client):
    made = chair_client.partnership
    response = chair_client.post(
        _url("member_create", made), {"full_name": "", "joined_on": "31/02/2025"}
    )
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Answer yes or no: do they live in the area?" in text
    assert "The date they joined must be a real date" in text


def test_a_forming_partnership_warns_when_a_rule_breaks(chair_client):
    made = chair_client.partnership
    chair_client.post(_url("member_create", made), NEW_MEMBER)  # 5 of 9: fine
    response = chair_client.post(
        _url("member_create", made), {**NEW_MEMBER, "full_name": "Another Adviser"}, follow=True
    )
    text = response.content.decode()
    assert "Another Adviser was added" in text
    assert "does not meet the rule “Residents hold at least 51% of the voting places”" in text


def test_an_endorsed_partnership_blocks_the_change_on_the_form(officer):
    made = f.partnership(officer, residents=5, others=4, endorse=True)
    client = signed_in(officer)
    response = client.post(_url("member_create", made), NEW_MEMBER)
    assert response.status_code == 200
    assert "this would break the rule “Residents hold at least 51%" in response.content.decode()
    assert not Member.objects.filter(full_name="Winifred Walker").exists()
    leaver = made.members.filter(is_resident=True).first()
    response = client.post(
        _url("member_leave", made, leaver.pk), {"left_on": timezone.localdate().isoformat()}
    )
    assert "this would break the rule" in response.content.decode()


def test_leaving_asks_first_then_records_the_date(chair_client):
    made = chair_client.partnership
    leaver = made.members.get(full_name="Adviser 8")
    url = _url("member_leave", made, leaver.pk)
    assert "Adviser 8 is leaving the partnership?" in chair_client.get(url).content.decode()
    chair_client.post(url, {"left_on": "2025-06-01"})
    leaver.refresh_from_db()
    assert leaver.left_on == datetime.date(2025, 6, 1)


def test_residents_see_members_but_cannot_change_them(officer):
    made = f.partnership(officer)
    resident = signed_in(user_with_role(Role.RESIDENT_MEMBER, made))
    page = resident.get(_url("member_list", made)).content.decode()
    assert "Resident 1" in page and "Add a member" not in page
    assert "@example.net" not in page  # e-mail addresses are for officers and the chair
    assert resident.get(_url("member_create", made)).status_code == 403
    assert resident.post(_url("member_create", made), NEW_MEMBER).status_code == 403


def test_the_chair_invites_a_member_from_the_members_page(chair_client, sends):
    made = chair_client.partnership
    member = made.members.get(full_name="Resident 2")
    with sends(execute=True):
        response = chair_client.post(_url("member_invite", made, member.pk), follow=True)
    assert f"Invitation sent to {member.email}" in response.content.decode()
    invitation = Invitation.objects.get(email=member.email)
    assert (invitation.role, invitation.partnership) == (Role.RESIDENT_MEMBER, made)
    assert len(mail.outbox) == 1
    page = chair_client.get(_url("member_list", made)).content.decode()
    assert "Invitations waiting to be accepted" in page and "Invited" in page


def test_resend_and_withdraw_from_the_members_page(chair_client, sends):
    made = chair_client.partnership
    member = made.members.get(full_name="Resident 3")
    with sends(execute=True):
        chair_client.post(_url("member_invite", made, member.pk))
    invitation = Invitation.objects.get(email=member.email)
    old_hash = invitation.token_hash
    with sends(execute=True):
        response = chair_client.post(_url("invitation_resend", made, invitation.pk), follow=True)
    assert f"A new link was sent to {member.email}" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.token_hash != old_hash and len(mail.outbox) == 2
    url = _url("invitation_revoke", made, invitation.pk)
    assert "Withdraw the invitation to" in chair_client.get(url).content.decode()
    response = chair_client.post(url, follow=True)
    assert "was withdrawn" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    # The withdrawn link now says so plainly.
    link = mail.outbox[-1].body.split("http://127.0.0.1:8000")[1].split()[0]
    response = signed_in(user_with_role(Role.TRUSTEE)).get(link)
    assert response.status_code == 410
    assert "This invitation has been withdrawn" in response.content.decode()


def test_an_expired_invitation_is_shown_and_refused(chair_client, sends):
    made = chair_client.partnership
    member = made.members.get(full_name="Resident 4")
    with sends(execute=True):
        chair_client.post(_url("member_invite", made, member.pk))
    invitation = Invitation.objects.get(email=member.email)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert "Expired" in chair_client.get(_url("member_list", made)).content.decode()
    link = mail.outbox[-1].body.split("http://127.0.0.1:8000")[1].split()[0]
    from django.test import Client

    response = Client().get(link)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()


def test_another_partnerships_invitation_is_a_404(chair_client, officer):
    other = f.partnership(officer, name="Other")
    member = other.members.first()
    signed_in(officer).post(_url("member_invite", other, member.pk))
    invitation = Invitation.objects.get(email=member.email)
    made = chair_client.partnership
    # Their own partnership in the URL, another's invitation: still not found.
    assert chair_client.post(_url("invitation_resend", made, invitation.pk)).status_code == 404
    assert chair_client.get(_url("invitation_revoke", made, invitation.pk)).status_code == 404


def test_a_refused_change_is_announced_to_the_lead_officer_and_the_chairs(officer):
    """Issue 24: a membership change refused by the composition rules is not a secret."""
    from reporting.models import Notification

    made = f.partnership(officer, residents=5, others=4, endorse=True)
    made.lead_officer = officer
    made.save(update_fields=["lead_officer"])
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, made, email="chair@grange.test")
    response = signed_in(chair).post(_url("member_create", made), NEW_MEMBER)
    assert "this would break the rule" in response.content.decode()
    told = Notification.objects.get(subject__startswith="A membership change was refused")
    assert told.recipient == officer and "51%" in told.body
