"""Fast portfolio reads, never stale (issue 21, finding 5): the trustee summary is cached by the
portfolio version, which every committed write to its tables raises, so a second read costs
almost nothing and a read after a write always shows it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from cwf.core import portfolio_version
from grants.models import Tranche
from grants.services.disbursement import tranche_release
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.grants.plan_scenario import setup_partnership, with_money_received

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _released(client) -> tuple[Decimal, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/portfolio/summary/")
    assert response.status_code == 200
    return Decimal(str(response.json()["headline"]["released"])), len(queries)


def test_the_summary_is_cached_and_a_committed_write_shows_at_once():
    with_money_received(setup_partnership())
    trustee = signed_in(user_with_role(Role.TRUSTEE))

    first, computed = _released(trustee)
    again, cached = _released(trustee)
    assert again == first
    assert cached < computed / 2

    due = Tranche.objects.filter(status=Tranche.Status.SCHEDULED, due_on__lte=timezone.localdate())
    tranche = due.order_by("due_on").first()
    tranche_release(tranche_id=tranche.pk, today=timezone.localdate())

    after, _ = _released(trustee)
    assert after > first


def test_the_version_rises_with_a_committed_write_only():
    s = with_money_received(setup_partnership())
    before = portfolio_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Tranche.objects.filter(allocation=s["allocation"]).update(due_on=timezone.localdate())
        raise RuntimeError("rolled back")
    assert portfolio_version.current() == before
    with transaction.atomic():
        Tranche.objects.filter(pk=0).update(due_on=timezone.localdate())
        # Inside a transaction that has written, the cache is not used: it must read its write.
        assert portfolio_version.current() is None
    assert portfolio_version.current() == before + 1


def _log_spend(s, amount="250.00"):
    from grants.services.spending import SpendInput, spend_log

    return spend_log(
        partnership_id=s["partnership"].pk,
        actor=s["resident"],
        data=SpendInput(
            spent_on=timezone.localdate(),
            amount=Decimal(amount),
            payee="Hall hire",
            description="The fun day",
            theme_id=s["themes"]["Community spaces"].pk,
            payee_is_organisation=True,
        ),
    )


def test_a_spend_raises_the_spend_version_only_and_money_writes_the_main_one():
    s = with_money_received(setup_partnership())
    main, spend = portfolio_version.versions()
    _log_spend(s)
    assert portfolio_version.versions() == (main, spend + 1)
    Tranche.objects.filter(pk=0).update(due_on=timezone.localdate())
    assert portfolio_version.versions() == (main + 1, spend + 1)
    # A transaction writing both raises both (main first: no deadlock between committers).
    with transaction.atomic():
        Tranche.objects.filter(pk=0).update(due_on=timezone.localdate())
        _log_spend(s)
        assert portfolio_version.versions() is None  # it must read its own writes
    assert portfolio_version.versions() == (main + 2, spend + 2)
    # Rolled back: neither.
    with pytest.raises(RuntimeError), transaction.atomic():
        _log_spend(s)
        raise RuntimeError("rolled back")
    assert portfolio_version.versions() == (main + 2, spend + 2)


def _summary(client) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/portfolio/summary/")
    assert response.status_code == 200
    return response.json(), len(queries)


def test_a_committed_spend_shows_at_once_and_recomputes_only_the_spend_parts():
    s = with_money_received(setup_partnership())
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    first, computed = _summary(trustee)
    _, cached = _summary(trustee)

    _log_spend(s, "250.00")
    after, recomposed = _summary(trustee)
    # Never stale: the spend shows in the headline and the breakdown by theme at once.
    spent = Decimal(str(after["headline"]["spent"]))
    assert spent == Decimal(str(first["headline"]["spent"])) + Decimal("250.00")
    assert Decimal(str(after["by_theme"]["total"]["spent"])) == spent
    # The money, status and reporting parts came from the cache: fewer queries than a full
    # computation, more than a cached read.
    assert cached < recomposed < computed
    # Everything not about spend is the same.
    assert after["headline"]["released"] == first["headline"]["released"]
    assert after["by_year"] == first["by_year"]
    assert after["attention"]["overdue_reports"] == first["attention"]["overdue_reports"]

    # A money write after that: the base is computed again, and shows it.
    due = Tranche.objects.filter(status=Tranche.Status.SCHEDULED).order_by("due_on").first()
    from grants.services.disbursement import tranche_release as release

    release(tranche_id=due.pk, today=due.due_on)
    latest, _ = _summary(trustee)
    assert Decimal(str(latest["headline"]["released"])) > Decimal(
        str(after["headline"]["released"])
    )
    assert Decimal(str(latest["headline"]["spent"])) == spent


def test_the_dashboard_summary_is_recomposed_after_a_spend():
    from reporting.selectors.summary import portfolio_summary

    s = with_money_received(setup_partnership())
    trustee = user_with_role(Role.TRUSTEE)
    before = portfolio_summary(viewer=trustee)
    _log_spend(s, "40.00")
    after = portfolio_summary(viewer=trustee)
    assert after.headline.spent == before.headline.spent + Decimal("40.00")
    assert after.by_year == before.by_year


def _list(client, url) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), len(queries)


def test_api_lists_are_cached_by_version_scope_and_parameters_and_never_stale():
    s = with_money_received(setup_partnership())
    officer = signed_in(s["officer"])
    url = "/api/v1/allocations/?page_size=10"
    first, computed = _list(officer, url)
    again, cached = _list(officer, url)
    assert again == first and cached < computed

    # A spend raises the spend version only: the tranche list (no spend) stays cached, and so
    # does the allocations list while no row on the page is near close-out (£900,000 of the
    # £1m is unreleased, above the threshold: the close-out flag cannot change with spend).
    tranches = "/api/v1/tranches/?page_size=10"
    _list(officer, tranches)
    _log_spend(s)
    _, after_spend = _list(officer, url)
    assert after_spend == cached
    _, tranches_after_spend = _list(officer, tranches)
    assert tranches_after_spend == cached

    # Another page or page size is another answer.
    other, _ = _list(officer, "/api/v1/tranches/?page_size=5")
    assert len(other["results"]) == 5

    # A committed release shows at once in both lists.
    due = Tranche.objects.filter(status=Tranche.Status.SCHEDULED).order_by("due_on").first()
    tranche_release(tranche_id=due.pk, today=due.due_on)
    latest, _ = _list(officer, url)
    released = Decimal(str(latest["results"][0]["released"]))
    assert released > Decimal(str(first["results"][0]["released"]))
    rows, _ = _list(officer, f"/api/v1/tranches/?page_size=100&status={Tranche.Status.RELEASED}")
    assert due.pk in {row["id"] for row in rows["results"]}


def test_an_allocations_page_near_close_out_shows_a_committed_spend_at_once():
    """Near close-out the flag reads spend (money.close_out_reads_spend): the page is then kept
    by both versions, so a spend recomputes it. With the threshold at £950,000, the allocation
    (£900,000 unreleased, £100,000 released, nothing logged, so counted as spent) is flagged;
    its first logged spend makes £99,750 of the released grant unspent, above the threshold."""
    s = with_money_received(setup_partnership())
    officer = signed_in(s["officer"])
    url = "/api/v1/allocations/?page_size=10"
    with override_settings(CLOSE_OUT_THRESHOLD=Decimal("950000.00")):
        first, computed = _list(officer, url)
        assert first["results"][0]["flagged_for_close_out"] is True
        _, cached = _list(officer, url)
        assert cached < computed
        _log_spend(s)
        after, after_spend = _list(officer, url)
        assert after_spend > cached
        assert after["results"][0]["flagged_for_close_out"] is False


def test_a_cached_list_is_never_shown_to_a_viewer_of_another_scope():
    s = with_money_received(setup_partnership())
    other = setup_partnership()
    officer = signed_in(s["officer"])
    everything, _ = _list(officer, "/api/v1/allocations/")
    assert everything["count"] == 2
    chair = signed_in(s["chair"])
    own, _ = _list(chair, "/api/v1/allocations/")
    assert [row["id"] for row in own["results"]] == [s["allocation"].pk]
    assert other["allocation"].pk not in {row["id"] for row in own["results"]}


def test_a_cached_answer_is_sent_as_it_was_rendered_with_its_etag():
    """Cached API answers are sent as the bytes rendered once (cwf.core.api.answer_with_body):
    the same bytes and ETag as computing them, 304 for the ETag, and the browsable API still
    renders them as a page."""
    s = with_money_received(setup_partnership())
    officer = signed_in(s["officer"])
    for url in ("/api/v1/portfolio/summary/", "/api/v1/allocations/?page_size=10"):
        first, again = officer.get(url), officer.get(url)
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"] == "application/json"
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == "private, no-cache"
        assert officer.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        page = officer.get(url, HTTP_ACCEPT="text/html")
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    with override_settings(PORTFOLIO_CACHE_LISTS=False):
        computed = officer.get("/api/v1/allocations/?page_size=10")
    assert computed.content == again.content and computed["ETag"] == again["ETag"]
