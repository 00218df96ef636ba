"""In-process measurements through the full stack (django.test.Client: middleware, sessions,
authentication, DRF), each the median of repeated runs after warm-up."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse

from . import floors, generate
from .timing import median_ms, query_count, ratio

NOT_MERGED = "not measured: the endpoint does not exist on this branch yet"


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def api_client(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _get(client: Client, url: str, **params):
    def call():
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return call


def query_counts(*, people) -> dict[str, int | None]:
    """What each measured request costs in queries: compared between two data sizes."""
    counts: dict[str, int | None] = {}
    for name, (url_name, _, who) in floors.LISTS.items():
        url = url_or_none(url_name)
        client = api_client(people.officer_token if who == "officer" else people.trustee_token)
        counts[f"list_{name}_queries"] = (
            query_count(_get(client, url, page_size=floors.PAGE), name=name) if url else None
        )
    client = api_client(people.trustee_token)
    url = url_or_none("api_portfolio_summary")
    counts["portfolio_summary_queries"] = (
        query_count(_get(client, url), name="summary") if url else None
    )
    url = url_or_none("reporting:dashboard")
    if url:
        browser = Client()
        browser.force_login(people.trustee)
        counts["dashboard_html_queries"] = query_count(_get(browser, url), name="dashboard")
    else:
        counts["dashboard_html_queries"] = None
    return counts


def lists(*, people, repeat: int) -> tuple[dict, dict]:
    factory = RequestFactory()
    results, notes = {}, {}
    for name, (url_name, floor, who) in floors.LISTS.items():
        url = url_or_none(url_name)
        client = api_client(people.officer_token if who == "officer" else people.trustee_token)
        if url is None:
            for key in ("ms", "floor_ms", "ratio"):
                results[f"list_{name}_{key}"] = None
            notes[f"list_{name}"] = NOT_MERGED
            continue
        full = median_ms(_get(client, url, page_size=floors.PAGE), repeat=repeat)
        bare = median_ms(lambda floor=floor: floor(factory.get("/")), repeat=repeat)
        with override_settings(PORTFOLIO_CACHE_LISTS=True):
            # What a repeat read costs while no write has raised the versions (the load test).
            cached = median_ms(_get(client, url, page_size=floors.PAGE), repeat=repeat)
        results[f"list_{name}_cached_ms"] = cached
        results[f"list_{name}_ms"] = full
        results[f"list_{name}_floor_ms"] = bare
        results[f"list_{name}_ratio"] = ratio(full, bare)
    return results, notes


def summary(*, people, repeat: int, summary_sql) -> tuple[dict, dict]:
    url = url_or_none("api_portfolio_summary")
    if url is None:
        keys = ("portfolio_summary_ms", "portfolio_summary_sql_ms", "portfolio_summary_ratio")
        return dict.fromkeys(keys), {"portfolio_summary": NOT_MERGED}
    get = _get(api_client(people.trustee_token), url)
    full = median_ms(get, repeat=repeat)
    sql = median_ms(summary_sql, repeat=repeat) if summary_sql else None
    notes = {} if summary_sql else {"portfolio_summary_sql": "no hand-written SQL floor yet"}

    def computed():
        # What the first read after a write costs: the bench's cache is this process's memory,
        # so clearing it leaves nothing of the summary kept (on SQLite nothing is cached anyway).
        cache.clear()
        return get()

    whole = median_ms(computed, repeat=repeat)
    return {
        "portfolio_summary_ms": full,
        "portfolio_summary_sql_ms": sql,
        "portfolio_summary_ratio": ratio(full, sql),
        "portfolio_summary_computed_ms": whole,
        "portfolio_summary_computed_ratio": ratio(whole, sql),
    }, notes


def dashboard(*, people, repeat: int) -> tuple[dict, dict]:
    url = url_or_none("reporting:dashboard")
    if url is None:
        return {"dashboard_html_ms": None, "dashboard_html_bytes": None}, {
            "dashboard_html": NOT_MERGED
        }
    browser = Client()
    browser.force_login(people.trustee)
    get = _get(browser, url)
    return {
        "dashboard_html_ms": median_ms(get, repeat=repeat),
        "dashboard_html_bytes": len(get().content),
    }, {}


def disbursement() -> dict:
    """Release the run quarter's due tranches (one per partnership) on the run day. The
    e-mails are written to the outbox with each batch; the send task queued after commit goes
    to a worker in production, and here is counted, not run."""
    from unittest import mock

    from grants.services.disbursement import Outcome, due_tranche_ids, tranches_release_due

    queued = []

    def count(name, *args, **kwargs):
        queued.append(name)

    with mock.patch("cwf.core.outbox.enqueue", count):
        due = len(due_tranche_ids(today=generate.RUN_DAY))
        holder = {}
        started = time.perf_counter()
        queries = query_count(
            lambda: holder.update(out=tranches_release_due(today=generate.RUN_DAY)), warmup=0
        )
        elapsed = (time.perf_counter() - started) * 1000
    released = holder["out"][Outcome.RELEASED]
    assert released == due, f"released {released} of {due} due tranches"
    return {
        "disbursement_run_tranches": released,
        "disbursement_run_ms_per_tranche": round(elapsed / max(released, 1), 2),
        "disbursement_run_queries_per_tranche": round(queries / max(released, 1), 2),
    }


def cni_import() -> tuple[dict, dict]:
    from partnerships.services.register_imports import import_cni_file

    path = settings.SHARED_DATA_DIR / "cni2019_england_ward17.csv"
    if not path.is_file():
        return {"cni_import_rows_per_s": None}, {"cni_import": f"no file at {path}"}
    started = time.perf_counter()
    summary = import_cni_file(path=path)
    seconds = time.perf_counter() - started
    rows = summary.rows
    return {"cni_import_rows": rows, "cni_import_rows_per_s": round(rows / seconds, 1)}, {}


def reminders() -> tuple[dict, dict]:
    """One quarter's reminder run: every owed report of the latest quarter is due soon."""
    from . import reports

    day = reports.reminder_day(generate.RUN_DAY)
    if day is None:
        return {"reminder_run_ms_per_report": None}, {"reminder_run": NOT_MERGED}
    from reporting.services.reminders import reports_remind

    started = time.perf_counter()
    counts = reports_remind(today=day)
    elapsed = (time.perf_counter() - started) * 1000
    reminded = counts.get("reminded", 0)
    return {
        "reminder_run_reports": reminded,
        "reminder_run_ms_per_report": round(elapsed / reminded, 2) if reminded else None,
    }, {} if reminded else {"reminder_run": "the run reminded about no report"}
