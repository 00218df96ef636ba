"""Issue 20: consultations answered online with no account and on paper at events, counted
separately and together; in more than one language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cwf.core.errors import DomainError
from participation.models import Response
from participation.selectors import consultation_counts
from participation.services.consultations import paper_response_enter
from partnerships.services.partnerships import partnership_publish
from tests.conftest import signed_in
from tests.grants.plan_scenario import setup_partnership
from tests.participation.scenario import consultation_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    s = setup_partnership()
    partnership_publish(partnership_id=s["partnership"].pk, actor=s["chair"])
    s["consultation"] = consultation_scenario(s)
    s["q"] = list(s["consultation"].questions.all())
    return s


def answers(s, *, choice="0", ranks=("1", "2", ""), text=""):
    choose, rank, free = s["q"]
    data = {f"q{choose.pk}": choice, f"q{free.pk}": text}
    for i, value in enumerate(ranks):
        data[f"q{rank.pk}-{i}"] = value
    return data


def test_a_resident_answers_without_an_account_and_paper_is_counted_apart(s):
    url = f"/take-part/consultations/{s['consultation'].pk}/"
    page = Client().get(url)
    assert page.status_code == 200 and b"Which day suits you?" in page.content
    assert b"csrfmiddlewaretoken" in page.content and b"submission_key" in page.content
    response = Client().post(url, answers(s, text="A cafe please"))
    assert response.status_code == 302
    Client().post(url, answers(s, choice="1", ranks=("2", "1", "")))
    chair = signed_in(s["chair"])
    manage = f"/participation/consultations/{s['consultation'].pk}/"
    entered = chair.post(manage, {"event": "Summer fair", **answers(s, choice="1")})
    assert entered.status_code == 302
    paper = Response.objects.get(source="paper")
    assert paper.event == "Summer fair" and paper.entered_by == s["chair"]
    counts = consultation_counts(s["consultation"])
    assert (counts["online"], counts["paper"], counts["total"]) == (2, 1, 3)
    choice, ranking, text = counts["questions"]
    assert choice.rows == [("Weekdays", 1, 0, 1), ("Weekends", 1, 1, 2)]
    assert ranking.rows[0] == ("Cafe", 1, 1, 2) and ranking.rows[1] == ("Gym", 1, 0, 1)
    assert text.texts == [("online", "A cafe please")]
    html = chair.get(manage).content.decode()
    assert "3 responses: 2 online and 1 on paper" in html and "Summer fair: 1" in html


def test_bad_answers_are_refused_with_the_question_named(s):
    url = f"/take-part/consultations/{s['consultation'].pk}/"
    response = Client().post(url, answers(s, choice="7", ranks=("1", "1", "")))
    assert response.status_code == 400 and b"There is a problem" in response.content
    assert Client().post(url, {}).status_code == 400  # nothing answered
    assert not Response.objects.exists()


def test_only_the_partnership_enters_paper_responses(s):
    for actor in (s["officer"], s["finance"]):
        with pytest.raises(DomainError):
            paper_response_enter(
                actor=actor, consultation_id=s["consultation"].pk, event="Fair",
                answers={s["q"][0].pk: "0"},
            )  # fmt: skip


def test_a_closed_consultation_shows_its_counts_and_takes_no_answers(s):
    today = timezone.localdate()
    closed = consultation_scenario(
        s, opens_on=today - timedelta(days=10), closes_on=today - timedelta(days=1)
    )
    url = f"/take-part/consultations/{closed.pk}/"
    page = Client().get(url).content.decode()
    assert "This consultation is closed" in page and "0 responses" in page
    Client().post(url, {f"q{closed.questions.first().pk}": "0"})
    assert not closed.responses.exists()


def test_the_text_switches_language_by_a_link(s):
    url = f"/take-part/consultations/{s['consultation'].pk}/"
    english = Client().get(url).content.decode()
    assert 'href="?lang=cy"' in english and "Weekdays" in english
    welsh = Client().get(url + "?lang=cy").content.decode()
    assert "Beth ddylai" in welsh and "Pa ddiwrnod?" in welsh and "Penwythnos" in welsh
    assert "Put these in order" in welsh  # no Welsh given: English stands


def test_the_partnership_sets_up_a_consultation_from_its_page(s):
    chair = signed_in(s["chair"])
    pid = s["partnership"].pk
    assert b"Residents' say" in chair.get(f"/partnerships/{pid}/").content
    response = chair.post(
        f"/participation/partnerships/{pid}/consultations/new/",
        {"title": "Bus stop", "description": "Where?",
         "opens_on_day": "1", "opens_on_month": "1", "opens_on_year": "2027",
         "closes_on_day": "1", "closes_on_month": "2", "closes_on_year": "2027",
         "q1_kind": "choice", "q1_text": "Which side?", "q1_options": "North\nSouth",
         "q2_kind": "text", "q2_text": "Why?", "q3_kind": ""},
    )  # fmt: skip
    assert response.status_code == 302
    created = s["partnership"].consultations.get(title="Bus stop")
    assert [q.options for q in created.questions.all()] == [["North", "South"], []]
    assert created.translations == {}  # every other language is optional
    form = chair.get(f"/participation/partnerships/{pid}/consultations/new/").content.decode()
    assert 'name="title_pa"' in form and 'name="description_ur"' in form
    chair.post(
        f"/participation/partnerships/{pid}/consultations/new/",
        {"title": "Library hours", "description": "When?",
         "opens_on_day": "1", "opens_on_month": "1", "opens_on_year": "2027",
         "closes_on_day": "1", "closes_on_month": "2", "closes_on_year": "2027",
         "q1_kind": "text", "q1_text": "When would you come?",
         "title_pa": "ਲਾਇਬ੍ਰੇਰੀ ਦੇ ਘੰਟੇ", "description_cy": "Pryd?"},
    )  # fmt: skip
    library = s["partnership"].consultations.get(title="Library hours")
    assert library.translations == {"pa": {"title": "ਲਾਇਬ੍ਰੇਰੀ ਦੇ ਘੰਟੇ"}, "cy": {"description": "Pryd?"}}
    # Each question's text and options too, in every language.
    assert 'name="q2_text_ur"' in form and 'name="q3_options_pl"' in form
    base = {
        "title": "Park day", "opens_on_day": "1", "opens_on_month": "1", "opens_on_year": "2027",
        "closes_on_day": "1", "closes_on_month": "2", "closes_on_year": "2027",
        "q1_kind": "choice", "q1_text": "Which day?", "q1_options": "Saturday\nSunday",
        "q1_text_pl": "Który dzień?", "q1_options_pl": "Sobota\nNiedziela",
    }  # fmt: skip
    refused = chair.post(
        f"/participation/partnerships/{pid}/consultations/new/",
        {**base, "q1_options_pl": "Sobota\nNiedziela\nPoniedziałek"},
    )
    assert refused.status_code == 200
    assert "give at most 2 in Polish" in refused.content.decode()
    assert not s["partnership"].consultations.filter(title="Park day").exists()
    chair.post(f"/participation/partnerships/{pid}/consultations/new/", base)
    question = s["partnership"].consultations.get(title="Park day").questions.get()
    assert question.translations == {
        "pl": {"text": "Który dzień?", "options": ["Sobota", "Niedziela"]}
    }
    assert question.option_texts("pl") == ["Sobota", "Niedziela"]
    refused = chair.post(
        f"/participation/partnerships/{pid}/consultations/new/",
        {"title": "Bad", "opens_on_day": "1", "opens_on_month": "1", "opens_on_year": "2027",
         "closes_on_day": "1", "closes_on_month": "2", "closes_on_year": "2027",
         "q1_kind": "choice", "q1_text": "Only one option?", "q1_options": "Yes"},
    )  # fmt: skip
    assert refused.status_code == 200 and b"give at least two options" in refused.content
    assert (
        signed_in(s["finance"])
        .get(f"/participation/partnerships/{pid}/consultations/new/")
        .status_code
        == 404
    )


def test_the_partnership_reads_the_written_answers_a_page_at_a_time(s):
    """A free-text question is asked to be read: the partnership's page lists the answers as
    written (25 a page), while the public page only counts them."""
    url = f"/take-part/consultations/{s['consultation'].pk}/"
    for n in range(27):
        Client().post(url, answers(s, text=f"Answer number {n:02d}"))
    manage = f"/participation/consultations/{s['consultation'].pk}/"
    chair = signed_in(s["chair"])
    first = chair.get(manage).content.decode()
    assert "Answer number 00" in first and "Answer number 26" not in first
    assert "Answer number 26" in chair.get(manage, {"page": 2}).content.decode()
    assert "Answer number 00" not in Client().get(url).content.decode()
