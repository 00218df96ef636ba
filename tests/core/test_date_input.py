"""GOV.UK's date input (day, month, year) replaces every native date picker: a pre-filled date
survives being sent back unchanged, typed dates are read the way people type them, and each kind
of mistake gets its own message with only the wrong boxes marked."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse

from cwf.core.forms import date_field
from partnerships.services import meetings
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class _Fields(HTMLParser):
    """What a browser would send back for the first POST form on a page, untouched."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._in_form, self._done = {}, None, None, 0, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post" and not self._done:
            self._in_form = 1
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("checkbox", "radio", "file"):
            self.data[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.data[a["name"]] = a.get("value", "on")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = 0, 1


def page_form(html: str) -> dict:
    parser = _Fields()
    parser.feed(html)
    return parser.data


def test_no_page_uses_the_native_date_picker():
    offenders = [
        str(p.relative_to(TEMPLATES))
        for p in TEMPLATES.rglob("*.html")
        if re.search(r'type="date"', p.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_a_meeting_date_shown_on_the_form_is_saved_back_unchanged():
    officer = f.officer_user()
    made = f.partnership(officer, residents=7, others=3)
    chair = signed_in(user_with_role(Role.PARTNERSHIP_CHAIR, made))
    meeting = meetings.meeting_create(
        actor=officer,
        partnership_id=made.pk,
        held_on=datetime.date(2026, 12, 6),
        kind="partnership",
    )
    url = reverse("partnerships:meeting_edit", args=[made.pk, meeting.pk])
    html = chair.get(url).content.decode()
    data = page_form(html)
    assert (data["held_on_day"], data["held_on_month"], data["held_on_year"]) == ("6", "12", "2026")
    response = chair.post(url, data)
    assert response.status_code == 302, response.content.decode()
    meeting.refresh_from_db()
    assert meeting.held_on == datetime.date(2026, 12, 6)


class _Form(forms.Form):
    held_on = date_field("Date of the meeting")


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "marked"),
    [
        ("", "", "", "Enter the date of the meeting", {"day", "month", "year"}),
        ("6", "", "2026", "The date of the meeting must include a month", {"month"}),
        ("", "", "2026", "The date of the meeting must include a day and month", {"day", "month"}),
        (
            "31",
            "2",
            "2026",
            "The date of the meeting must be a real date",
            {"day", "month", "year"},
        ),
        ("6", "Dec", "2026", "The date of the meeting must be a real date", {"month"}),
        ("6", "12", "26", "Year must include 4 numbers", {"year"}),
    ],
)
def test_each_mistake_has_its_message_and_marks_only_the_wrong_boxes(
    day, month, year, message, marked
):
    form = _Form({"held_on_day": day, "held_on_month": month, "held_on_year": year})
    assert not form.is_valid()
    field = form["held_on"]
    assert list(field.errors) == [message]
    assert {p["label"].lower() for p in field.date_parts if p["error"]} == marked
    assert [p["value"] for p in field.date_parts] == [day, month, year]


def test_dates_are_read_as_people_type_them():
    form = _Form({"held_on_day": " 06 ", "held_on_month": "12", "held_on_year": "2026"})
    assert form.is_valid() and form.cleaned_data["held_on"] == datetime.date(2026, 12, 6)
    assert _Form({"held_on": "2026-12-06"}).is_valid()  # older links and scripts send one value
