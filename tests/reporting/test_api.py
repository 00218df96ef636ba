"""The trustee API: summaries with ETags (304 when unchanged), figures per partnership with
filters, ordering and pagination, throttling, tokens (401 when invalid or revoked; a trustee's
token gets 403 or 405 on any write), and the summary's query count pinned at two sizes."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from cwf.accounts.tokens import api_token_create, api_token_revoke
from reporting.services.periods import report_periods_create
from tests.conftest import signed_in
from tests.factories import give_totp
from tests.reporting import scenario

pytestmark = pytest.mark.django_db
SUMMARIES = ["/api/v1/portfolio/summary/", "/api/v1/portfolio/forecast/",
             "/api/v1/portfolio/social-value/", "/api/v1/360giving/"]  # fmt: skip
ENDPOINTS = [*SUMMARIES, "/api/v1/portfolio/partnerships/"]


@pytest.fixture
def portfolio():
    return scenario.build()


def bearer(user) -> Client:
    # Tokens are made on a page that fund-wide roles reach only with MFA set up (and the API
    # refuses them without it: tests/accounts/test_mfa_tokens.py).
    give_totp(user)
    _, raw = api_token_create(user=user, name="analyst")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_trustee_pulls_the_summary_with_a_token(portfolio, trustee):
    response = bearer(trustee).get("/api/v1/portfolio/summary/")
    assert response.status_code == 200
    data = response.json()
    assert data["headline"]["committed"] == "3150000.00"
    assert data["headline"]["spend_is_proxy"] is False
    regions = {r["label"]: r["committed"] for r in data["breakdowns"][0]["rows"]}
    assert regions == {"North East": "1050000.00", "North West": "2100000.00"}
    assert data["funding_per_head"]["committed_per_head"] == "210.00"
    assert data["attention"]["held_tranches"] == 1


def test_the_summary_counts_overdue_reports_and_the_reporting_record(portfolio, trustee):
    report_periods_create(today=date(2024, 12, 1))  # Alpha's first two quarters, both owed
    attention = bearer(trustee).get("/api/v1/portfolio/summary/").json()["attention"]
    assert attention["overdue_reports"] == 2
    compliance = attention["reporting_compliance"]
    assert (compliance["due"], compliance["on_time"], compliance["on_time_rate"]) == (2, 0, 0.0)
    assert compliance["mean_days_late"] > 600  # due in 2024, still owed now


def test_the_summary_breaks_planned_and_spent_down_by_theme(portfolio, trustee):
    from tests.reporting import theme_scenario

    theme_scenario.build(portfolio)
    data = bearer(trustee).get("/api/v1/portfolio/summary/").json()
    assert "not_yet" not in data
    rows = {r["label"]: r for r in data["by_theme"]["rows"]}
    young = rows["Young people"]
    assert (young["partnerships"], young["planned"], young["spent"]) == (1, "400000.00", "5000.00")
    assert rows["Environment"]["planned"] == "0.00" and rows["Environment"]["variance"] == (
        "-20000.00"
    )
    total = data["by_theme"]["total"]
    assert (total["theme_id"], total["planned"], total["spent"]) == (
        None,
        "1000000.00",
        "125000.00",
    )
    assert "endorsed spending plan" in data["by_theme"]["explanation"]


@pytest.mark.parametrize("url", SUMMARIES)
def test_summaries_answer_304_when_nothing_changed(portfolio, trustee, url):
    client = bearer(trustee)
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_paths_combine_on_request_and_an_unknown_path_is_a_400(portfolio, trustee):
    client = bearer(trustee)
    both = client.get("/api/v1/portfolio/forecast/?paths=lost_decade,inflation_shock").json()
    combined = both["combined"]
    assert combined["key"] == "lost_decade+inflation_shock"
    first = combined["years"][0]
    assert (first["inflation"], first["real_return"]) == ("0.1000000000", "-0.0727272728")
    refused = client.get("/api/v1/portfolio/forecast/?paths=fall,crash")
    assert refused.status_code == 400
    assert "no stress path called 'crash'" in refused.content.decode()


def test_the_etag_changes_when_the_figures_do(portfolio, trustee):
    from reporting.services.assumptions import assumption_set

    client = bearer(trustee)
    etag = client.get("/api/v1/portfolio/forecast/")["ETag"]
    import datetime

    assumption_set(actor=portfolio.officer, key="investment_return", value="2", source="x",
                   effective_on=datetime.date(2025, 1, 1))  # fmt: skip
    response = client.get("/api/v1/portfolio/forecast/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_forecast_and_social_value_carry_their_assumptions_and_sources(portfolio, trustee):
    client = bearer(trustee)
    forecast = client.get("/api/v1/portfolio/forecast/").json()
    assert len(forecast["base"]["years"]) == 15
    assert [s["key"] for s in forecast["stresses"]] == [
        "lower_return_small", "lower_return_large", "fall", "lost_decade", "inflation_shock",
        "fall+lost_decade+inflation_shock",
    ]  # fmt: skip
    assert forecast["combined"] is None
    assert forecast["inflation"] == "0.0200000000"  # rates are decimal fractions
    assert forecast["monte_carlo"]["paths"] == 10000
    assert any("Green Book" in a["source"] for a in forecast["assumptions"])
    assert any("Bank of England" in a["source"] for a in forecast["assumptions"])
    social = client.get("/api/v1/portfolio/social-value/").json()
    assert social["estimate"].startswith("This is an estimate")
    assert social["portfolio"]["spent"] == "100000.00"
    assert social["partnerships"][0]["partnership"]["name"] == "Alpha Big Local"
    assert any("Frontier Economics" in a["source"] for a in social["assumptions"])


def test_partnership_figures_filter_order_and_paginate(portfolio, trustee):
    client = bearer(trustee)
    rows = client.get("/api/v1/portfolio/partnerships/?funded=true&ordering=-committed").json()
    assert [r["name"] for r in rows["results"]] == ["Beta Big Local", "Alpha Big Local"]
    north_east = client.get("/api/v1/portfolio/partnerships/?region=North+East").json()
    assert [r["name"] for r in north_east["results"]] == ["Alpha Big Local"]
    assert north_east["results"][0]["paid"] == "105000.00"
    decile = client.get("/api/v1/portfolio/partnerships/?imd_decile=2").json()
    assert [r["name"] for r in decile["results"]] == ["Beta Big Local"]
    page = client.get("/api/v1/portfolio/partnerships/?funded=true&page_size=1").json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]


def test_invalid_or_revoked_tokens_get_401(portfolio, trustee):
    for url in ENDPOINTS:
        response = Client(HTTP_AUTHORIZATION="Bearer cwf_not-a-token").get(url)
        assert response.status_code == 401, url
    token, raw = api_token_create(user=trustee, name="old")
    api_token_revoke(user=trustee, token_id=token.pk)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(ENDPOINTS[0]).status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_trustees_token_cannot_write(portfolio, trustee, method):
    client = bearer(trustee)
    for url in ENDPOINTS:
        response = getattr(client, method)(url, data={}, content_type="application/json")
        assert response.status_code in (403, 405), (url, response.status_code)


def test_an_officers_write_is_not_allowed_either(portfolio):
    client = bearer(portfolio.officer)
    for url in ENDPOINTS:
        assert client.post(url, {}).status_code == 405


def test_partnership_people_are_refused(portfolio, chair):
    client = bearer(chair)
    for url in ENDPOINTS:
        assert client.get(url).status_code == 403, url
    assert "Alpha" not in client.get(ENDPOINTS[0]).content.decode()


def test_summaries_are_throttled(portfolio, trustee, settings):
    cache.clear()
    settings.REPORTING_API_THROTTLE_RATE = "2/minute"
    client = bearer(trustee)
    codes = [client.get("/api/v1/portfolio/summary/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    cache.clear()


def test_the_summary_query_count_does_not_grow_with_the_portfolio(
    portfolio, trustee, django_assert_num_queries
):
    client = signed_in(trustee)
    client.get("/api/v1/portfolio/summary/")
    with django_assert_num_queries(SUMMARY_QUERIES):
        client.get("/api/v1/portfolio/summary/")
    scenario.add_partnerships(5, portfolio.officer, portfolio.approver)
    with django_assert_num_queries(SUMMARY_QUERIES):
        assert client.get("/api/v1/portfolio/summary/").status_code == 200


def test_the_figures_list_query_count_does_not_grow_with_page_size(
    portfolio, trustee, django_assert_num_queries
):
    scenario.add_partnerships(5, portfolio.officer, portfolio.approver)
    client = signed_in(trustee)
    client.get("/api/v1/portfolio/partnerships/?page_size=2")
    with django_assert_num_queries(LIST_QUERIES):
        client.get("/api/v1/portfolio/partnerships/?page_size=2")
    with django_assert_num_queries(LIST_QUERIES):
        client.get("/api/v1/portfolio/partnerships/?page_size=50")


def test_the_schema_describes_the_endpoints(client):
    schema = client.get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/portfolio/summary/", "/api/v1/portfolio/forecast/",
                 "/api/v1/portfolio/social-value/", "/api/v1/portfolio/partnerships/",
                 "/api/v1/360giving/"):  # fmt: skip
        assert path in schema
    # The summary's breakdown by theme and its variances are described field by field.
    for name in ("by_theme", "ThemeRow", "planned_to_date", "large_variances", "Variance"):
        assert name in schema, name


# places, money in 5 grouped queries (with what was taken back), themes 3, overdue count,
# outcomes 2 (issue 19)
# On PostgreSQL (issue 21) the API and the summary are cached by the portfolio version
# (cwf/core/portfolio_version.py): two reads of it.
# Leverage (issue 18) adds five, whatever the portfolio's size: the partnerships' places,
# co-investment paid through the fund and verified local income (two grouped queries), the
# endorsed plans' themes, and the pledges past their date for the attention list. Outcomes
# (issue 19) add two: the library indicators' values and the partnerships' places. The cached
# base (issue 21) reads the kept spend totals once more for leverage's partnership money.
SUMMARY_QUERIES = 28 + 5 + 2 + 1 + (2 if connection.vendor == "postgresql" else 0)
LIST_QUERIES = 8
