"""The order of a bench run: database, generation at the small size, query counts, growth to
the full size, query counts again, timings, the release and reminder runs, the CNI import, the
load test, then the table and results.json."""

from __future__ import annotations

import os
import subprocess
import time

from django.db import connection
from django.test.utils import override_settings

from grants.models import Spend
from grants.selectors.ledger import ledger_check
from grants.selectors.spending_totals import spend_total_differences

from . import generate, load, measure, report, summary_sql, timing
from .database import drop_bench_database, use_bench_database
from .learning import learning_notes_generate, learning_search_timing

SETTINGS = {
    "DEBUG": False,
    "ALLOWED_HOSTS": ["testserver", "127.0.0.1"],
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "CELERY_TASK_ALWAYS_EAGER": True,
    # The summary's own throttle (120 a minute) would refuse the in-process repeats.
    "REPORTING_API_THROTTLE_RATE": "1000000/minute",
    # The lists' timings and query counts are of their computation (the budgets compare it with
    # the floors); measure.lists times the cached read apart, and the load test's server caches.
    "PORTFOLIO_CACHE_LISTS": False,
}


def _no_broker() -> None:
    """Tasks run in-process (e-mail to memory): the bench never queues work on a broker that a
    dev worker might be reading."""
    from cwf.celery import app

    app.conf.task_always_eager = True


def _unthrottled() -> None:
    """In-process timings repeat one trustee's requests far faster than any person: the user
    throttle stays in the stack (its cache look-up is timed) but with a rate nobody reaches."""
    from rest_framework.throttling import UserRateThrottle

    UserRateThrottle.THROTTLE_RATES = {**UserRateThrottle.THROTTLE_RATES, "user": "1000000/min"}


def _analyze() -> None:
    """Planner statistics for the freshly loaded tables, as autovacuum would gather them on a
    real database (without them PostgreSQL plans the first queries for empty tables)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_run(
    *,
    partnerships: int,
    small: bool,
    load_seconds: int,
    keep: bool,
    stdout,
    reuse: bool = False,
    load_only: bool = False,
):
    sizes = (20, partnerships) if small else (100, partnerships)
    repeat = 5 if small else 9
    with override_settings(**SETTINGS):
        _unthrottled()
        _no_broker()
        if reuse:
            database_url = use_bench_database(reuse=True)
            return _rerun(repeat, load_seconds, database_url, load_only, stdout)
        database_url = use_bench_database()
        try:
            spends = 200 if small else 2000
            return _run(sizes, repeat, spends, load_seconds, database_url, stdout)
        finally:
            if not keep:
                drop_bench_database()


def _run(sizes, repeat, spends, load_seconds, database_url, stdout) -> list[str]:
    problems: list[str] = []
    notes: dict[str, str] = {}
    small_n, full_n = sizes
    stdout.write(f"Generating {small_n} partnerships, then growing to {full_n} ...")
    started = time.perf_counter()
    portfolio = generate.portfolio_start(partnerships=full_n, spends_per_partnership=spends)
    generate.portfolio_grow(portfolio, upto=small_n, stdout=stdout)
    counts_small = measure.query_counts(people=portfolio.people)
    generate.portfolio_grow(portfolio, upto=full_n, stdout=stdout)
    generation_s = round(time.perf_counter() - started, 1)
    _analyze()
    stdout.write(f"Generation took {generation_s}s: {portfolio.rows}")
    check = ledger_check()
    if check.balance_differences or check.unbalanced_transactions:
        problems.append("the generated ledger does not balance")
    if spend_total_differences():
        problems.append("the kept spend totals differ from the generated spending log")
    counts_full = measure.query_counts(people=portfolio.people)
    for key, value in counts_full.items():
        if value != counts_small[key]:
            problems.append(
                f"{key}: {counts_small[key]} queries at N={small_n}, {value} at N={full_n}"
            )

    results: dict = {"partnerships": full_n, "generation_s": generation_s, "rows": portfolio.rows}
    results["ledger_balances"] = not (check.balance_differences or check.unbalanced_transactions)
    summary, more = measure.summary(
        people=portfolio.people, repeat=repeat, summary_sql=summary_sql.summary_sql
    )
    results.update(summary)
    notes.update(more)
    results["portfolio_summary_queries"] = {
        f"N={small_n}": counts_small["portfolio_summary_queries"],
        f"N={full_n}": counts_full["portfolio_summary_queries"],
    }
    lists, more = measure.lists(people=portfolio.people, repeat=repeat)
    for name in ("allocations", "tranches", "spends", "reports"):
        for key in ("ms", "floor_ms", "ratio", "cached_ms"):
            results[f"list_{name}_{key}"] = lists.get(f"list_{name}_{key}")
        results[f"list_{name}_queries"] = counts_full[f"list_{name}_queries"]
    notes.update(more)
    page, more = measure.dashboard(people=portfolio.people, repeat=repeat)
    results.update(page)
    results["dashboard_html_queries"] = counts_full["dashboard_html_queries"]
    notes.update(more)
    stdout.write("Writing 10,000 learning notes ...")
    learning_notes_generate(writer=portfolio.people.proposer)
    _analyze()
    results.update(learning_search_timing(viewer=portfolio.people.trustee, repeat=repeat))
    results.update(measure.disbursement())
    reminded, more = measure.reminders()
    results.update(reminded)
    notes.update(more)
    cni, more = measure.cni_import()
    results.update(cni)
    notes.update(more)
    _load(
        results,
        notes,
        problems,
        people=portfolio.people,
        load_seconds=load_seconds,
        database_url=database_url,
        stdout=stdout,
    )
    return _written(results, notes, problems, stdout=stdout)


def _rerun(repeat, load_seconds, database_url, load_only, stdout) -> list[str]:
    """`bench --reuse`: the kept bench database measured again as it is, without generating
    (so no query counts at two sizes, no release or reminder run, no import: those change the
    data). The timings (unless `load_only`) and the load test, to iterate in a minute."""
    from .people import people_find

    problems: list[str] = []
    notes: dict[str, str] = {"reuse": "a rerun on a kept bench database (--reuse)"}
    people = people_find(load_trustees=LOAD_TRUSTEES)
    from partnerships.models import Partnership

    results: dict = {"partnerships": Partnership.objects.count()}
    if not load_only:
        summary, more = measure.summary(
            people=people, repeat=repeat, summary_sql=summary_sql.summary_sql
        )
        results.update(summary)
        notes.update(more)
        lists, more = measure.lists(people=people, repeat=repeat)
        results.update(lists)
        notes.update(more)
        counts = measure.query_counts(people=people)
        for name in ("allocations", "tranches", "spends", "reports"):
            results[f"list_{name}_queries"] = counts[f"list_{name}_queries"]
        page, more = measure.dashboard(people=people, repeat=repeat)
        results.update(page)
        results["dashboard_html_queries"] = counts["dashboard_html_queries"]
        notes.update(more)
    _load(
        results,
        notes,
        problems,
        people=people,
        load_seconds=load_seconds,
        database_url=database_url,
        stdout=stdout,
    )
    return _written(results, notes, problems, stdout=stdout)


def _written(results: dict, notes: dict, problems: list[str], *, stdout) -> list[str]:
    """The run's figures with its environment, notes, query log and problems: printed and
    written to results.json. Returns the problems."""
    results["environment"] = report.environment()
    results["notes"] = notes
    results["query_log"] = timing.QUERY_LOG
    results["problems"] = problems
    report.write(results, stdout=stdout)
    return problems


def _load(results, notes, problems, *, people, load_seconds, database_url, stdout) -> None:
    """The load test (load.py) with the people given, into `results`."""
    paths = [p for p in (measure.url_or_none("api_portfolio_summary"),) if p]
    paths.append(measure.url_or_none("api_allocation_list") + "?page_size=100")
    officer_paths = [measure.url_or_none("api_tranche_list") + "?page_size=100"]
    secret_key = "bench-" + os.urandom(24).hex()
    residents = load_residents(count=LOAD_RESIDENTS, secret_key=secret_key)
    officer_tokens = load_officer_tokens(count=LOAD_OFFICERS, people=people)
    stdout.write(
        f"Load test: {len(people.load_tokens)} trustees, {len(officer_tokens)} "
        f"officers and {len(residents)} residents for {load_seconds}s ..."
    )
    stored_before = _load_spends()
    try:
        results.update(
            load.load_test(
                database_url=database_url,
                secret_key=secret_key,
                tokens=people.load_tokens,
                paths=paths,
                seconds=load_seconds,
                officer_tokens=officer_tokens,
                officer_paths=officer_paths,
                residents=residents,
                warm=True,  # production servers are warm (docs/performance.md)
            )
        )
        # Counted after the drain (no POST can still be running), as a difference, so a rerun
        # on a kept database (--reuse) counts only its own.
        results["load_spends_stored"] = _load_spends() - stored_before
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        # A timing, never a failure of the run: recorded as not measured, with why.
        results.update(dict.fromkeys(("load_p95_ms", "load_rps", "load_5xx", "load_no_answer")))
        notes["load"] = f"the load test could not run: {exc}"
    if results.get("load_spends_acknowledged") != results.get("load_spends_stored"):
        problems.append(
            f"the load test's residents were told {results.get('load_spends_acknowledged')} "
            f"spends were logged, and {results.get('load_spends_stored')} are stored"
        )
    if results["load_5xx"] or results["load_no_answer"]:
        notes["load"] = (
            f"{results['load_5xx']} server errors and {results['load_no_answer']} requests "
            f"unanswered by the end of the drain ({load.DRAIN_SECONDS} s after the window) in the "
            "load test: see var/bench/var/gunicorn.log"
        )


def _load_spends() -> int:
    return Spend.objects.filter(payee__startswith=LOAD_PAYEE).count()


LOAD_RESIDENTS = 10
LOAD_TRUSTEES = 20  # generate.portfolio_start's default
LOAD_OFFICERS = 5
LOAD_PAYEE = "Load resident"


def load_residents(*, count: int, secret_key: str) -> list[load.Resident]:
    """Residents of the first `count` partnerships, each signed in by a session made here (under
    the load server's SECRET_KEY, which signs it), logging £10 spends through the page."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import override_settings
    from django.urls import reverse

    from cwf.accounts.models import User
    from cwf.accounts.role_grants import role_grant
    from cwf.accounts.roles import Role
    from grants.models import Theme
    from partnerships.models import Partnership

    theme = Theme.objects.order_by("pk").first()
    residents = []
    for i, partnership in enumerate(Partnership.objects.order_by("pk")[:count]):
        email = f"resident.{i:02d}@bench.invalid"
        user = User.objects.filter(email=email).first()  # made by an earlier run (--reuse)
        if user is None:
            user = User.objects.create_user(email, password=None, full_name=f"Resident {i:02d}")
            role_grant(
                user=user, role=Role.RESIDENT_MEMBER, partnership_id=partnership.pk, by_system=True
            )
        with override_settings(SECRET_KEY=secret_key):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
        residents.append(
            load.Resident(
                session_key=session.session_key,
                url=reverse("plans:spend_log", args=[partnership.pk]),
                theme_id=theme.pk,
                payee=f"{LOAD_PAYEE} {i:02d}",
            )
        )
    return residents


def load_officer_tokens(*, count: int, people) -> list[str]:
    """API tokens of `count` officers (the bench's proposing officer's, and more officers')."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from cwf.accounts.models import User
    from cwf.accounts.role_grants import role_grant
    from cwf.accounts.roles import Role
    from cwf.accounts.tokens import api_token_create

    tokens = [people.officer_token]
    for i in range(1, count):
        email = f"officer.load.{i:02d}@bench.invalid"
        officer = User.objects.filter(email=email).first()  # made by an earlier run (--reuse)
        if officer is None:
            officer = User.objects.create_user(email, password=None, full_name=f"Officer {i:02d}")
            role_grant(user=officer, role=Role.FUND_OFFICER, by_system=True)
            TOTP.activate(officer, generate_totp_secret())  # the API refuses officers without MFA
        # A token's name is unique per person: a rerun (--reuse) makes another.
        tokens.append(api_token_create(user=officer, name=f"load {time.time_ns()}")[1])
    return tokens
