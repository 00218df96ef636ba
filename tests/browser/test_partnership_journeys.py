"""The issue's "Done when" journeys, in a real browser, on a phone-sized screen, without
JavaScript."""

import re

import pytest
from django.core import mail

from cwf.accounts.models import User
from partnerships.models import Decision, Member, Partnership
from tests.browser.helpers import fill_date
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_officer_creates_picks_invites_a_chair_and_endorses(page_as):
    officer = f.officer_user(full_name="Olu Officer")
    f.neighbourhood("E05001585", "Grange", region="North West")
    lto = f.lto(officer, name="Halton Community Trust")
    page = page_as(officer)

    page.goto("/partnerships/new/")
    page.fill("#id_name", "Grange Big Local")
    page.fill("#search", "Grange")
    page.click("button[value=search]")
    page.check("#pick-E05001585")
    page.select_option("#id_lead_officer", str(officer.pk))
    page.click("button[value=save]")
    page.wait_for_selector("text=Grange Big Local was created")
    partnership = Partnership.objects.get(name="Grange Big Local")
    assert partnership.neighbourhoods.get().code == "E05001585"

    page.click("text=Choose an LTO")
    page.select_option("#id_lto", str(lto.pk))
    fill_date(page, "id_starts_on", "2025-01-06")
    page.click("text=Save LTO")
    page.wait_for_selector("text=Halton Community Trust is now Grange Big Local's LTO")

    # The chair is added and invited from the members page.
    page.goto(f"/partnerships/{partnership.pk}/members/new/")
    page.fill("#id_full_name", "Chris Chair")
    page.fill("#id_email", "chris@grange.test")
    page.check("#id_is_resident_0")
    page.select_option("#id_role", "chair")
    page.check("#id_has_vote_0")
    fill_date(page, "id_joined_on", "2025-01-06")
    page.click("text=Add member")
    page.wait_for_selector("text=Chris Chair was added")
    assert page.locator("text=At least 8 voting members").count() >= 1
    page.click("button:has-text('Invite')")
    page.wait_for_selector("text=Invitation sent to chris@grange.test")
    assert mail.outbox[-1].to == ["chris@grange.test"]

    # Not yet: one member is far from eight.
    page.goto(f"/partnerships/{partnership.pk}/endorse/")
    assert "cannot be endorsed yet" in page.content()
    fill_date(page, "id_mou_signed_on", "2025-02-01")
    page.click("text=Endorse partnership")
    assert "at least 8 voting members" in page.content()
    assert Partnership.objects.get(pk=partnership.pk).status == "forming"

    f.add_members(officer, partnership, residents=6, others=1)
    page.goto(f"/partnerships/{partnership.pk}/")
    page.wait_for_selector("text=Ready to be endorsed")
    page.click("a:has-text('Endorse')")
    fill_date(page, "id_mou_signed_on", "2025-02-01")
    page.click("text=Endorse partnership")
    page.wait_for_selector("text=Grange Big Local is endorsed.")
    assert "Forming → Endorsed" in page.content()

    # The chair accepts the invitation and becomes the chair of this partnership.
    link = _path(re.search(r"http\S+/join/\S+/", mail.outbox[-1].body).group(0))
    newcomer = page_as(None)
    newcomer.goto(link)
    newcomer.fill("input[name=password1]", "a-long-pass-phrase-2026")
    newcomer.fill("input[name=password2]", "a-long-pass-phrase-2026")
    newcomer.click("button[type=submit]")
    newcomer.wait_for_selector("text=Partnership chair of Grange Big Local")
    chris = User.objects.get(email="chris@grange.test")
    assert Member.objects.get(full_name="Chris Chair").user == chris


def test_chair_invites_records_a_meeting_with_votes_and_the_log_shows_it(page_as):
    officer = f.officer_user()
    partnership = f.partnership(officer, residents=7, others=2, endorse=True)
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, partnership, email="chair@grange.test")
    page = page_as(chair)

    page.goto(f"/partnerships/{partnership.pk}/members/new/")
    page.fill("#id_full_name", "Rosa Resident")
    page.fill("#id_email", "rosa@grange.test")
    page.check("#id_is_resident_0")
    page.check("#id_has_vote_0")
    fill_date(page, "id_joined_on", "2025-03-01")
    page.click("text=Add member")
    page.wait_for_selector("text=Rosa Resident was added")
    page.click("button:has-text('Invite Rosa Resident')")
    page.wait_for_selector("text=Invitation sent to rosa@grange.test")

    page.goto(f"/partnerships/{partnership.pk}/meetings/new/")
    fill_date(page, "id_held_on", "2025-04-10")
    page.check("text=Partnership meeting")
    page.fill("#id_title", "April partnership meeting")
    page.fill("#id_agenda", "1. Summer fun day")
    page.click("text=Save and record attendance")
    page.wait_for_selector("text=Who attended")
    boxes = page.locator("input[name=attendees]")
    for n in range(8):  # eight of the ten members came
        boxes.nth(n).check()
    page.click("text=Save attendance")
    page.wait_for_selector("text=Quorate")

    page.click("text=Record a decision")
    page.fill("#id_title", "Summer fun day")
    page.fill("#id_decided", "Hold a free family fun day in the park in August.")
    page.fill("#id_amount", "2750.00")
    page.fill("#id_theme", "Community events")
    page.locator("input[name=conflicts]").first.check()
    page.fill("#id_interest", "Runs the catering firm")
    page.fill("#id_votes_for", "8")  # one more than may vote: refused
    page.check("text=Agreed")
    page.click("text=Save decision")
    assert "8 votes were recorded but only 7 members could vote" in page.content()
    page.fill("#id_votes_for", "6")
    page.fill("#id_votes_against", "1")
    page.click("text=Save decision")
    page.wait_for_selector("text=was recorded")

    decision = Decision.objects.get()
    page.goto("/decisions/")
    row = page.locator("tr", has_text="Summer fun day")
    assert "6 for, 1 against, 0 abstaining; 1 conflict" in row.inner_text()
    assert "£2,750.00" in row.inner_text()
    assert decision.reference in row.inner_text()


def test_a_trustee_sees_composition_figures_but_no_personal_data(page_as):
    officer = f.officer_user()
    partnership = f.partnership(officer, residents=6, others=2)
    trustee = user_with_role(Role.TRUSTEE)
    page = page_as(trustee, phone=False)

    page.goto("/partnerships/")
    row = page.locator("tr", has_text=partnership.name)
    assert "75%" in row.inner_text() and "Met" in row.inner_text()
    page.click(f"text={partnership.name}")
    body = page.content()
    assert "6 of 8 voting members are residents (75%)" in body
    assert "Resident 1" not in body and "@example.net" not in body
    assert "See the members" not in body
    response = page.goto(f"/partnerships/{partnership.pk}/members/")
    assert response.status == 404
    response = page.goto("/api/v1/members/")
    assert response.status == 403
