"""The report pages as their users see them."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.models import QuarterlyReport
from reporting.services.periods import report_periods_create
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.reporting.access_world import png_upload
from tests.reporting.report_scenario import COMPLETE, World

pytestmark = pytest.mark.django_db

FORM = {k: ("" if v is None else v) for k, v in COMPLETE.__dict__.items()}


@pytest.fixture
def world():
    w = World()
    w.report = w.first_report()
    return w


def test_chair_saves_a_draft_then_an_incomplete_submit_lists_each_field(world):
    chair = signed_in(world.chair)
    url = f"/reports/{world.report.pk}/write/"
    response = chair.post(url, {"what_happened": "We met twice.", "save": "1"}, follow=True)
    assert "Your draft has been saved." in response.text
    response = chair.post(url, {"what_happened": "We met twice.", "submit": "1"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Say what progress there was on: people have more skills and confidence" in response.text
    assert "Enter how many" in response.text
    assert "Your draft has been saved." in response.text
    world.report.refresh_from_db()
    assert world.report.status == "draft" and world.report.what_happened == "We met twice."


def test_submit_return_resubmit_accept_and_compare(world):
    chair, officer = signed_in(world.chair), signed_in(world.officer)
    url = f"/reports/{world.report.pk}/"
    response = chair.post(url + "write/", {**FORM, "submit": "1"}, follow=True)
    assert "Your report has been submitted" in response.text
    # A second submit (a double click): one outcome and a clear message.
    response = chair.post(url + "write/", {**FORM, "submit": "1"}, follow=True)
    assert "already submitted" in response.text
    response = officer.post(url + "review/", {"return": "1", "comments": ""})
    assert "Say what needs to change." in response.text
    officer.post(url + "review/", {"return": "1", "comments": "Tell us about the trees"})
    response = chair.get(url + "write/")
    assert "Tell us about the trees" in response.text
    chair.post(url + "write/", {**FORM, "outcome_place": "We planted sixty trees.", "submit": "1"})
    response = officer.post(url + "review/", {"accept": "1"}, follow=True)
    assert "The report has been accepted." in response.text
    response = officer.post(url + "review/", {"accept": "1"}, follow=True)
    assert "Your decision was not recorded" in response.text
    compare = officer.get(url + "versions/?old=1&new=2").text
    assert "<del>forty</del>" in compare and "<ins>sixty</ins>" in compare


def test_story_photo_checked_by_content_and_served_only_in_scope(world):
    chair = signed_in(world.chair)
    url = f"/reports/{world.report.pk}/stories/add/"
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = chair.post(url, {"title": "Hub", "body": "Opened", "photo": fake})
    assert "The photo must be a JPEG or PNG image." in response.text
    chair.post(url, {"title": "Hub", "body": "Opened", "photo": png_upload()})
    story = world.report.stories.get()
    photo_url = f"/reports/{world.report.pk}/stories/{story.pk}/photo/"
    response = chair.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    other = World(name="Other Partnership")
    assert signed_in(other.chair).get(photo_url).status_code == 404
    assert str(story.photo.path).startswith(str(__import__("django").conf.settings.MEDIA_ROOT))


def test_officer_extends_a_deadline(world):
    officer = signed_in(world.officer)
    url = f"/reports/{world.report.pk}/extend/"
    response = officer.post(url, {"extended_to": "2024-09-01", "reason": ""})
    assert "There is a problem" in response.text
    response = officer.post(url, {"extended_to": "2024-09-01", "reason": "Chair ill"}, follow=True)
    assert "The deadline has been extended." in response.text
    assert signed_in(world.chair).get(url).status_code == 403


def test_queue_filters_sorts_and_pins_its_queries(world, django_assert_max_num_queries):
    report_periods_create(today=date(2026, 1, 1))
    officer = signed_in(world.officer)
    officer.get("/reports/")
    with django_assert_max_num_queries(12):
        small = officer.get("/reports/?queue=overdue&sort=-due")
    assert small.status_code == 200 and "Overdue" in small.text
    assert QuarterlyReport.objects.count() == 7
    with django_assert_max_num_queries(12):
        officer.get("/reports/?sort=partnership&page=1")
    history = officer.get(f"/reports/partnership/{world.partnership.pk}/").text
    assert "Reports due so far" in history


def test_notifications_count_in_the_navigation(world, django_capture_on_commit_callbacks):
    from reporting.services.reminders import reports_hourly

    with django_capture_on_commit_callbacks(execute=True):
        reports_hourly(today=date(2024, 7, 30))
    chair = signed_in(world.chair)
    assert "Notifications (1)" in chair.get("/reports/").text
    chair.post("/reports/notifications/read/")
    assert "Notifications (1)" not in chair.get("/reports/notifications/").text
    response = chair.post("/reports/notifications/settings/", {"delivery": "weekly"}, follow=True)
    assert "Your email preference has been saved." in response.text


def test_trustee_reads_but_never_writes(world):
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    url = f"/reports/{world.report.pk}/"
    assert trustee.get(url).status_code == 200
    assert trustee.get(url + "write/").status_code == 403
    assert trustee.post(url + "review/", {"accept": "1"}).status_code == 403


def test_history_and_notifications_pages_cost_the_same_for_few_rows_and_many(
    world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from reporting.services.reminders import reports_hourly

    officer, chair = signed_in(world.officer), signed_in(world.chair)
    history = f"/reports/partnership/{world.partnership.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        reports_hourly(today=date(2024, 7, 30))  # one notification
    officer.get(history)
    chair.get("/reports/notifications/")
    with django_assert_num_queries(10):
        officer.get(history)
    with django_assert_num_queries(8):
        chair.get("/reports/notifications/")
    with django_capture_on_commit_callbacks(execute=True):
        for day in (date(2025, 1, 15), date(2025, 4, 15), date(2025, 7, 15), date(2025, 10, 15)):
            reports_hourly(today=day)
    assert QuarterlyReport.objects.count() == 6
    officer.get(history), chair.get("/reports/notifications/")  # warm the unread counts
    with django_assert_num_queries(10):
        officer.get(history)
    with django_assert_num_queries(8):
        chair.get("/reports/notifications/")


def test_a_story_is_removed_after_confirming(world):
    chair = signed_in(world.chair)
    chair.post(
        f"/reports/{world.report.pk}/stories/add/",
        {"title": "Hub", "body": "Opened", "photo": png_upload()},
    )
    story = world.report.stories.get()
    url = f"/reports/{world.report.pk}/stories/{story.pk}/remove/"
    assert "Remove the story “Hub”?" in chair.get(url).text
    assert world.report.stories.exists()  # a GET changes nothing
    response = chair.post(url, follow=True)
    assert "The story “Hub” was removed." in response.text
    assert not world.report.stories.exists()
    assert signed_in(world.officer).post(url).status_code == 404


def test_adding_a_story_saves_what_was_typed_first(world):
    chair = signed_in(world.chair)
    url = f"/reports/{world.report.pk}/write/"
    page = chair.get(url).content.decode()
    assert re.search(r'<button[^>]*name="add_story"', page)
    response = chair.post(url, {"what_happened": "We opened the hub.", "add_story": "1"})
    assert response.status_code == 302
    assert response.url == f"/reports/{world.report.pk}/stories/add/"
    world.report.refresh_from_db()
    assert world.report.what_happened == "We opened the hub."
