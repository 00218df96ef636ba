"""Issue 20: participatory budgets, from idea to money, and one person, one vote."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cwf.core.errors import DomainError
from cwf.core.models import OutboxEmail
from grants.services.spending import SpendInput, spend_log
from participation.models import Budget, Idea, Vote, Voter
from participation.services import budgets, voting
from participation.services.postcodes import postcodes_import
from participation.services.voting import suspicious_patterns
from privacy.services.retention import retention_run
from tests.conftest import signed_in
from tests.participation.scenario import budget_scenario, confirm_link

pytestmark = pytest.mark.django_db


def register(s, email, *, postcode="DH1 3LE", ip="203.0.113.5"):
    return voting.voter_register(
        budget_id=s["budget"].pk, email=email, postcode=postcode, connection="live",
        client_ip=ip, confirm_url="http://testserver/take-part/budgets/"
        f"{s['budget'].pk}/vote/confirm/",
    )  # fmt: skip


def token_of(email):
    return confirm_link(email).split("?t=")[1]


def vote(s, email, titles, *, ip="203.0.113.5", device="phone-1"):
    register(s, email, ip=ip)
    voter = voting.voter_confirm(budget_id=s["budget"].pk, token=token_of(email))
    return voting.vote_cast(
        budget_id=s["budget"].pk, voter_id=voter.pk,
        idea_ids=[s["ideas"][t].pk for t in titles], client_ip=ip, device=device,
    )  # fmt: skip


# Ideas ----------------------------------------------------------------------------------------


def test_an_idea_appears_only_once_the_partnership_publishes_it_and_links_are_flagged():
    s = budget_scenario(stage="ideas")
    pk = s["budget"].pk
    page = Client().post(
        f"/take-part/budgets/{pk}/ideas/new/",
        {"title": "Free bikes", "description": "See https://spam.example for bikes"},
    )
    assert page.status_code == 200 and b"Idea sent" in page.content
    idea = Idea.objects.get(title="Free bikes")
    assert idea.status == Idea.Status.HELD and idea.flag == "contains a link"
    long = budgets.idea_propose(budget_id=pk, title="Long one", description="word " * 200)
    assert long.flag == "long"
    assert b"Free bikes" not in Client().get(f"/take-part/budgets/{pk}/").content
    with pytest.raises(DomainError):
        budgets.idea_propose(budget_id=pk, title="Too long", description="x" * 2001)
    budgets.idea_moderate(actor=s["chair"], idea_id=idea.pk, status="published")
    assert b"Free bikes" in Client().get(f"/take-part/budgets/{pk}/").content


def test_an_officer_or_a_stranger_cannot_moderate():
    s = budget_scenario(stage="ideas")
    idea = budgets.idea_propose(budget_id=s["budget"].pk, title="A", description="B")
    for actor in (s["officer"], s["finance"]):
        with pytest.raises(DomainError):
            budgets.idea_moderate(actor=actor, idea_id=idea.pk, status="published")


# One person, one vote -----------------------------------------------------------------------


def test_a_confirmed_address_votes_once_within_the_budget():
    s = budget_scenario()
    vote(s, "ann@example.org", ["Benches", "Play area"])  # £19,000 of £20,000
    # The same address again: the page says the same, the e-mail says it has voted.
    assert register(s, "ANN@example.org") is None
    assert OutboxEmail.objects.filter(
        to=["ANN@example.org"], subject__startswith="You have"
    ).exists()
    voter = Voter.objects.get(email="ann@example.org")
    with pytest.raises(DomainError, match="already voted"):
        voting.vote_cast(
            budget_id=s["budget"].pk, voter_id=voter.pk, idea_ids=[s["ideas"]["Lights"].pk],
            client_ip="203.0.113.5", device="phone-2",
        )  # fmt: skip
    assert Vote.objects.count() == 1


def test_the_link_works_once():
    s = budget_scenario()
    register(s, "bo@example.org")
    token = token_of("bo@example.org")
    voting.voter_confirm(budget_id=s["budget"].pk, token=token)
    with pytest.raises(DomainError, match="used"):
        voting.voter_confirm(budget_id=s["budget"].pk, token=token)
    with pytest.raises(DomainError, match="not right"):
        voting.voter_confirm(budget_id=s["budget"].pk, token=token + "x")


def test_choosing_more_than_the_budget_is_refused():
    s = budget_scenario()
    with pytest.raises(DomainError, match=r"more than the £20,000\.00"):
        vote(s, "cy@example.org", ["Benches", "Play area", "Lights"])
    assert not Vote.objects.exists()


def test_a_device_votes_at_most_the_set_number_of_times(settings):
    settings.PARTICIPATION_VOTES_PER_DEVICE = 2
    s = budget_scenario()
    vote(s, "a1@example.org", ["Benches"], device="shared")
    vote(s, "a2@example.org", ["Benches"], device="shared")
    with pytest.raises(DomainError, match="already voted on this phone"):
        vote(s, "a3@example.org", ["Benches"], device="shared")


def test_ranking_votes_are_counted_as_points():
    s = budget_scenario(method="ranking")
    ideas = s["ideas"]
    for n, order in enumerate(
        [("Lights", "Benches"), ("Lights", "Play area"), ("Benches", "Lights")]
    ):
        email = f"r{n}@example.org"
        register(s, email)
        voter = voting.voter_confirm(budget_id=s["budget"].pk, token=token_of(email))
        voting.vote_cast(
            budget_id=s["budget"].pk, voter_id=voter.pk, idea_ids=[],
            ranking={ideas[t].pk: rank for rank, t in enumerate(order, start=1)},
            client_ip="198.51.100.1", device=f"d{n}",
        )  # fmt: skip
    budget = budgets.budget_close(actor=s["chair"], budget_id=s["budget"].pk)
    points = {row["title"]: row["points"] for row in budget.tally}
    assert points == {"Lights": 8, "Benches": 5, "Play area": 2}
    assert [r["title"] for r in budget.tally if r["won"]] == ["Lights", "Benches"]


def test_confirmations_are_throttled_per_address_and_network_not_for_everyone(settings):
    settings.PARTICIPATION_RATE_LIMITS = {
        "per_address": {"limit": 2, "seconds": 3600},
        "per_network": {"limit": 5, "seconds": 600},
    }
    s = budget_scenario()
    register(s, "flood@example.org", ip="192.0.2.1")
    register(s, "flood@example.org", ip="192.0.2.1")
    with pytest.raises(voting.Throttled):
        register(s, "flood@example.org", ip="192.0.2.1")
    register(s, "someone-else@example.org", ip="192.0.2.1")  # another address still goes
    for n in range(2):
        register(s, f"n{n}@example.org", ip="192.0.2.99")
    with pytest.raises(voting.Throttled):  # the same /24 network: its sixth
        register(s, "n9@example.org", ip="192.0.2.200")
    register(s, "elsewhere@example.org", ip="198.51.100.7")  # another network is not blocked


def test_the_rate_limit_fails_open_when_the_cache_is_down():
    s = budget_scenario()
    with mock.patch("participation.services.guards.cache.add", side_effect=ConnectionError):
        for _ in range(10):
            register(s, "same@example.org")


def test_the_postcode_is_checked_against_the_imported_list_or_declared():
    s = budget_scenario()
    pk = s["budget"].pk
    page = Client().get(f"/take-part/budgets/{pk}/vote/")
    assert b"taken on your word" in page.content
    bad = SimpleUploadedFile("onspd.csv", b"pcds,doterm\nDH1 3LE,\nNOT A CODE,\nDH1 9ZZ,\n")
    with pytest.raises(DomainError, match="Line 3: 'NOT A CODE' is not a postcode"):
        postcodes_import(actor=s["officer"], partnership_id=s["partnership"].pk, upload=bad)
    assert not voting.has_postcode_list(s["partnership"].pk)  # all or nothing
    with pytest.raises(DomainError):  # not an officer
        postcodes_import(
            actor=s["chair"], partnership_id=s["partnership"].pk,
            upload=SimpleUploadedFile("a.csv", b"pcds\nDH1 3LE\n"),
        )  # fmt: skip
    good = SimpleUploadedFile("onspd.csv", b"pcds,doterm\nDH1 3LE,\nDH1 4AA,200501\n")
    assert (
        postcodes_import(actor=s["officer"], partnership_id=s["partnership"].pk, upload=good) == 1
    )
    assert register(s, "in@example.org", postcode="dh13le").postcode_checked
    with pytest.raises(DomainError, match="DH1 4AA is not in the neighbourhood"):
        register(s, "out@example.org", postcode="DH1 4AA")  # terminated, so left out


def test_suspicious_patterns_are_counts_by_hashed_network(settings):
    settings.PARTICIPATION_BURST_VOTES = 3
    s = budget_scenario()
    for n in range(3):
        vote(s, f"burst{n}@example.org", ["Benches"], ip=f"192.0.2.{n + 10}", device=f"b{n}")
    vote(s, "alone@example.org", ["Benches"], ip="198.51.100.3", device="x")
    rows, _ = suspicious_patterns(budget=s["budget"])
    assert [(r["votes"], r["burst"]) for r in rows] == [(3, 3)]
    manage = signed_in(s["chair"]).get(f"/participation/budgets/{s['budget'].pk}/")
    html = manage.content.decode()
    assert rows[0]["network"] in html
    assert "192.0.2" not in html and "burst0@example.org" not in html


# From result to money ------------------------------------------------------------------------


def closed_with_decision(s):
    vote(s, "v1@example.org", ["Benches", "Play area"], device="1")
    vote(s, "v2@example.org", ["Benches", "Lights"], device="2")
    vote(s, "v3@example.org", ["Benches", "Play area"], device="3")
    budget = budgets.budget_close(actor=s["chair"], budget_id=s["budget"].pk)
    decision = budgets.budget_decision_record(
        actor=s["chair"], budget_id=budget.pk, held_on=timezone.localdate(),
        agreed_member_ids=[m.pk for m in s["members"]],
    )  # fmt: skip
    return budget, decision


def test_the_tally_is_a_decision_in_the_log_and_a_spend_against_it_shows_publicly():
    s = budget_scenario()
    budget, decision = closed_with_decision(s)
    assert [r["title"] for r in budget.tally if r["won"]] == ["Benches", "Play area"]
    assert decision.amount == Decimal("19000.00") and decision.outcome == "agreed"
    assert Budget.objects.get(pk=budget.pk).decision == decision
    log = signed_in(s["chair"]).get("/decisions/")
    assert (
        log.status_code == 200
        and "Residents&#x27; vote: Make the park better" in log.content.decode()
    )
    plan = budgets.budget_actions_add(actor=s["chair"], budget_id=budget.pk)
    lines = {a.description: a.budget for a in plan.action_lines.all()}
    assert lines["Benches (chosen by residents' vote)"] == Decimal("4000.00")
    assert Idea.objects.get(title="Play area").action_line.budget == Decimal("15000.00")
    spend_log(
        partnership_id=s["partnership"].pk, actor=s["resident"],
        data=SpendInput(
            spent_on=timezone.localdate(), amount="3950.00", payee="Park Benches Ltd",
            description="Four benches", theme_id=s["themes"]["Community spaces"].pk,
            decision_id=decision.pk, payee_is_organisation=True,
        ),
    )  # fmt: skip
    html = Client().get(f"/open/partnerships/{s['partnership'].pk}/").content.decode()
    assert "You voted:" in html and "Benches (£4,000.00)" in html
    assert f"/open/partnerships/{s['partnership'].pk}/decisions/{decision.pk}/" in html
    assert "£3,950.00</span> spent so far" in html
    decision_page = (
        Client()
        .get(f"/open/partnerships/{s['partnership'].pk}/decisions/{decision.pk}/")
        .content.decode()
    )
    assert f'href="/take-part/budgets/{budget.pk}/">Make the park better</a>' in decision_page
    page = Client().get(f"/take-part/budgets/{budget.pk}/").content.decode()
    assert "Spent so far: <strong>£3,950.00</strong> of £19,000.00" in page
    assert "Four benches" in page and "Park Benches Ltd" not in page


def test_a_vote_on_a_closed_budget_is_refused_with_the_result_shown():
    s = budget_scenario()
    register(s, "late@example.org")
    token = token_of("late@example.org")
    voter = voting.voter_confirm(budget_id=s["budget"].pk, token=token)
    budgets.budget_close(actor=s["chair"], budget_id=s["budget"].pk)
    with pytest.raises(voting.VotingClosed):
        voting.vote_cast(
            budget_id=s["budget"].pk, voter_id=voter.pk,
            idea_ids=[s["ideas"]["Benches"].pk], client_ip="1.2.3.4", device="z",
        )  # fmt: skip
    client = Client()
    for url in ("vote/", "vote/ballot/"):
        response = client.post(f"/take-part/budgets/{s['budget'].pk}/{url}", {})
        assert response.status_code == 409
        assert b"Voting has closed" in response.content and b'id="tally"' in response.content


# Personal data ---------------------------------------------------------------------------------


def test_voter_addresses_are_gone_after_the_retention_period(settings):
    s = budget_scenario()
    budget, _ = closed_with_decision(s)
    keep = settings.PRIVACY_RETENTION["voter_email_days_after_result"]
    published = budget.result_published_at
    early = retention_run(dry_run=False, now=published + dt.timedelta(days=keep - 1))
    assert early.counts["voter_emails_deleted"] == 0
    assert Voter.objects.exclude(email="").count() == 3
    run = retention_run(dry_run=False, now=published + dt.timedelta(days=keep + 1))
    assert run.counts["voter_emails_deleted"] == 3
    assert not Voter.objects.exclude(email="").exists()
    assert not Voter.objects.exclude(postcode="").exists()
    assert not OutboxEmail.objects.filter(to__icontains="v1@example.org").exists()
    again = retention_run(dry_run=False, now=published + dt.timedelta(days=keep + 2))
    assert again.counts["voter_emails_deleted"] == 0  # idempotent
    # The keyed hash stays: the address still cannot vote twice in that budget.
    assert Voter.objects.filter(email_hash=voting.email_hash("V1@example.org")).exists()


def test_no_public_page_shows_a_voters_address_postcode_or_choices():
    s = budget_scenario()
    vote(s, "secret.voter@example.org", ["Lights"])
    pk = s["budget"].pk
    anon = Client()
    for url in (
        f"/take-part/budgets/{pk}/", f"/take-part/budgets/{pk}/vote/",
        f"/take-part/budgets/{pk}/vote/check-your-email/", f"/take-part/budgets/{pk}/vote/confirm/",
        f"/take-part/budgets/{pk}/vote/thank-you/", f"/open/partnerships/{s['partnership'].pk}/",
    ):  # fmt: skip
        html = anon.get(url).content.decode()
        assert "secret.voter" not in html and "DH1 3LE" not in html, url
    # The ballot needs this browser's own confirmation: a stranger is sent to the start.
    response = anon.get(f"/take-part/budgets/{pk}/vote/ballot/")
    assert response.status_code == 302 and response.url.endswith("/vote/")
    response = anon.post(f"/take-part/budgets/{pk}/vote/ballot/", {"ideas": [1, 2, 3]})
    assert response.status_code == 302 and Vote.objects.count() == 1
    # A guessed voter id in a forged session cookie is not a session.
    anon.cookies["sessionid"] = "forged"
    assert anon.get(f"/take-part/budgets/{pk}/vote/ballot/").status_code == 302


def test_an_unpublished_partnerships_budget_is_not_public():
    s = budget_scenario()
    from partnerships.services.partnerships import partnership_unpublish

    partnership_unpublish(partnership_id=s["partnership"].pk, actor=s["chair"])
    assert Client().get(f"/take-part/budgets/{s['budget'].pk}/").status_code == 404


def test_the_public_page_switches_language_by_a_link():
    s = budget_scenario()
    pk = s["budget"].pk
    english = Client().get(f"/take-part/budgets/{pk}/").content.decode()
    assert "Make the park better" in english and 'href="?lang=cy"' in english
    welsh = Client().get(f"/take-part/budgets/{pk}/?lang=cy").content.decode()
    assert "Gwella&#x27;r parc" in welsh and 'lang="cy"' in welsh
    assert Client().get(f"/take-part/budgets/{pk}/?lang=xx").status_code == 200


def test_the_partnership_runs_the_budget_from_its_pages():
    s = budget_scenario(stage="ideas")
    idea = budgets.idea_propose(budget_id=s["budget"].pk, title="Bins", description="More bins")
    chair = signed_in(s["chair"])
    url = f"/participation/budgets/{s['budget'].pk}/"
    assert chair.get(url).status_code == 200
    chair.post(url, {"action": "moderate", "idea": idea.pk, "status": "published"})
    assert Idea.objects.get(pk=idea.pk).status == "published"
    chair.post(url, {"action": "move", "to": "costing"})
    chair.post(url, {"action": "moderate", "idea": idea.pk, "status": "shortlisted", "cost": "500"})
    chair.post(url, {"action": "move", "to": "voting"})
    assert Budget.objects.get(pk=s["budget"].pk).status == "voting"
    # LTO finance may read the page but not run the budget.
    assert signed_in(s["finance"]).post(url, {"action": "close"}).status_code == 404
    assert Budget.objects.get(pk=s["budget"].pk).status == "voting"
    new = chair.post(
        f"/participation/partnerships/{s['partnership'].pk}/budgets/new/",
        {"title": "Youth fund", "description": "For young people",
         "theme": s["themes"]["Young people"].pk, "amount": "£5,000", "method": "ranking",
         "opens_on_day": "1", "opens_on_month": "1", "opens_on_year": "2027",
         "closes_on_day": "1", "closes_on_month": "2", "closes_on_year": "2027"},
    )  # fmt: skip
    assert new.status_code == 302, new.content.decode()[:3000]
    assert Budget.objects.get(title="Youth fund").amount == Decimal("5000.00")


def test_the_budget_form_offers_every_language_the_public_pages_do():
    """Welsh, Polish, Urdu and Punjabi beside English (participation.models.LANGUAGES), each
    optional, marked with its language (Urdu right to left); what is given shows on the public
    page under its own link."""
    from participation.models import LANGUAGES

    s = budget_scenario(stage="ideas")
    chair = signed_in(s["chair"])
    url = f"/participation/partnerships/{s['partnership'].pk}/budgets/new/"
    form = chair.get(url).content.decode()
    for code in set(LANGUAGES) - {"en"}:
        assert f'name="title_{code}"' in form and f'name="description_{code}"' in form
    assert "Title, in Polish (Polski) (optional)" in form  # the field template says optional
    assert 'name="title_ur"' in form and 'lang="ur" dir="rtl"' in form
    response = chair.post(
        url,
        {"title": "Youth fund", "description": "For young people",
         "theme": s["themes"]["Young people"].pk, "amount": "5000", "method": "budget",
         "opens_on_day": "1", "opens_on_month": "1", "opens_on_year": "2027",
         "closes_on_day": "1", "closes_on_month": "2", "closes_on_year": "2027",
         "title_pl": "Fundusz młodzieżowy", "description_pl": "Dla młodych ludzi",
         "title_ur": "نوجوانوں کا فنڈ", "title_pa": "", "title_cy": ""},
    )  # fmt: skip
    assert response.status_code == 302
    budget = Budget.objects.get(title="Youth fund")
    assert budget.translations == {
        "pl": {"title": "Fundusz młodzieżowy", "description": "Dla młodych ludzi"},
        "ur": {"title": "نوجوانوں کا فنڈ"},
    }
    assert [code for code, _ in budget.languages] == ["en", "pl", "ur"]
    public = Client().get(f"/take-part/budgets/{budget.pk}/?lang=pl").content.decode()
    assert "Fundusz młodzieżowy" in public and 'href="?lang=ur"' in public


# Closing on the closing day -------------------------------------------------------------------


def test_a_budget_closes_itself_after_its_closing_day_and_publishes_the_result():
    """Votes are taken through `closes_on`; beat's hourly sweep closes the vote the day after,
    publishes the tally as the partnership's own close would, and a second run changes
    nothing. A budget not yet voting is left alone whatever its date."""
    from participation import tasks

    s = budget_scenario()
    vote(s, "first@example.org", ["Benches", "Play area"])
    waiting = budget_scenario(stage="ideas")["budget"]
    last_day = s["budget"].closes_on
    Budget.objects.filter(pk=waiting.pk).update(closes_on=last_day)

    on_the_last_day = timezone.make_aware(dt.datetime.combine(last_day, dt.time(23, 30)))
    assert budgets.budgets_close_due(now=on_the_last_day) == []
    assert Budget.objects.get(pk=s["budget"].pk).status == Budget.Status.VOTING

    next_morning = timezone.make_aware(
        dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0, 5))
    )
    assert budgets.budgets_close_due(now=next_morning) == [s["budget"].pk]
    budget = Budget.objects.get(pk=s["budget"].pk)
    assert budget.status == Budget.Status.CLOSED
    assert budget.result_published_at == next_morning
    assert sorted(r["title"] for r in budget.tally if r["won"]) == ["Benches", "Play area"]
    assert Budget.objects.get(pk=waiting.pk).status == Budget.Status.IDEAS

    assert budgets.budgets_close_due(now=next_morning + dt.timedelta(hours=1)) == []
    assert Budget.objects.get(pk=s["budget"].pk).result_published_at == next_morning
    # The task beat sends is the same sweep: today is before the closing day, so nothing is due.
    assert tasks.budgets_close_due.apply().get() == 0
    page = Client().get(f"/take-part/budgets/{budget.pk}/").content.decode()
    assert "Play area" in page and "Benches" in page


def test_the_public_budget_page_shows_ideas_25_to_a_page_without_javascript(
    django_assert_max_num_queries,
):
    from participation.views.public import IDEAS_PER_PAGE

    s = budget_scenario(stage="ideas")
    pk = s["budget"].pk
    for n in range(1, IDEAS_PER_PAGE + 3):
        idea = budgets.idea_propose(budget_id=pk, title=f"Idea {n:02d}", description="Why not.")
        budgets.idea_moderate(actor=s["resident"], idea_id=idea.pk, status="published")
    visitor = Client()
    # The budget, its result, the postcode list, the count and one page of ideas: 6 at any size.
    with django_assert_max_num_queries(6):
        first = visitor.get(f"/take-part/budgets/{pk}/?lang=cy").content.decode()
    assert "Idea 01" in first and "Idea 25" in first and "Idea 26" not in first
    assert "Ideas 1 to 25 of 27." in first
    # Plain links (no script needed), keeping the language chosen.
    assert 'href="?lang=cy&amp;page=2" rel="next"' in first
    second = visitor.get(f"/take-part/budgets/{pk}/?lang=cy&page=2").content.decode()
    assert "Idea 26" in second and "Idea 27" in second and "Idea 25" not in second
    assert 'rel="prev"' in second
    # A page past the end is the last page, not an error.
    assert "Idea 27" in visitor.get(f"/take-part/budgets/{pk}/?page=9").content.decode()
