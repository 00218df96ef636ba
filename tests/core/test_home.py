"""The home page, per role, and the page shell around it."""

import pytest

from cwf.accounts.roles import Role
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, UserFactory, user_with_role


@pytest.mark.django_db
def test_a_resident_sees_their_partnership_and_role_and_no_other(partnership):
    other = PartnershipFactory(name="Somewhere Else Partnership")
    resident = user_with_role(Role.RESIDENT_MEMBER, partnership, full_name="Rosa Resident")

    page = signed_in(resident).get("/").content.decode()

    assert "Hello, Rosa Resident" in page
    assert "Your partnerships" in page
    assert partnership.name in page
    assert f"Resident partnership member of {partnership.name}" in page
    assert other.name not in page
    assert "Invite people" not in page


@pytest.mark.django_db
def test_an_officer_sees_every_partnership_and_can_invite(officer):
    names = [PartnershipFactory().name for _ in range(3)]
    page = signed_in(officer).get("/").content.decode()
    assert "Partnerships in the fund" in page
    assert all(name in page for name in names)
    assert "Fund officer" in page
    assert 'href="/invitations/"' in page


@pytest.mark.django_db
def test_officers_and_chairs_find_invitations_on_the_menu_page(chair, officer, resident, trustee):
    for user in (chair, officer):
        client = signed_in(user)
        assert 'href="/invitations/"' in client.get("/menu/").content.decode()
        assert 'href="/invitations/">Invite people' in client.get("/").content.decode()
    for user in (resident, trustee):
        client = signed_in(user)
        assert 'href="/invitations/"' not in client.get("/").content.decode()
        assert 'href="/invitations/"' not in client.get("/menu/").content.decode()


@pytest.mark.django_db
def test_empty_states_say_what_will_happen():
    newcomer = signed_in(UserFactory(full_name="")).get("/").content.decode()
    assert "Your home page" in newcomer
    assert "You are not a member of a partnership yet." in newcomer
    assert "You have no roles yet." in newcomer

    officer_page = signed_in(user_with_role(Role.TRUSTEE)).get("/").content.decode()
    assert "No partnerships have been created yet." in officer_page


@pytest.mark.django_db
def test_the_shell_has_a_skip_link_navigation_and_sign_out(resident):
    page = signed_in(resident).get("/").content.decode()
    assert 'class="govuk-skip-link"' in page and 'href="#main-content"' in page
    assert 'id="main-content"' in page
    assert "govuk-service-navigation" in page
    assert 'aria-current="page"' in page
    assert 'href="/accounts/logout/">Sign out' in page
    assert "Account security" in signed_in(resident).get("/menu/").content.decode()
    # No crown: the header is the service's own name.
    assert "govuk-logo" not in page and "crown" not in page.lower()


@pytest.mark.django_db
def test_the_home_page_costs_the_same_queries_for_many_partnerships(
    officer, django_assert_num_queries
):
    client = signed_in(officer)
    client.get("/")
    # The session, the user, their roles and MFA; each app's tasks (cwf.core.home: invitations,
    # membership reviews, plans, plan reviews, allocations, their changes, tranches and the
    # payment batch, reports to review and to chase, pledge changes to decide (issue 18's four
    # eyes, one query)); the partnerships and the roles shown.
    with django_assert_num_queries(20) as few:
        client.get("/")
    for _ in range(30):
        PartnershipFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/")
