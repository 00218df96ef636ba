"""Degrade, don't fail (issue 21, findings 1 and 2): with Redis (the cache and the broker)
unreachable, pages, API reads and writes that need only the database still answer, and /health/
names what failed; with the database unreachable, /health/ still answers its 503 JSON."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from datetime import date
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from cwf.celery import app
from cwf.core import degraded
from grants.models import Spend
from reporting.models import BoardPack
from tests.conftest import signed_in
from tests.factories import Role, user_with_role


def closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def broker_at(url: str):
    """Point Celery at `url` and queue for real (tests otherwise run tasks in-process)."""
    conf = app.conf
    saved = (
        conf.broker_url, conf.broker_write_url, conf.task_always_eager,
        conf.broker_transport_options,
    )  # fmt: skip
    conf.broker_url = url
    # Celery prefers the CELERY_BROKER_URL environment variable (set by CI) to broker_url, but
    # not to broker_write_url, which is what publishing and /health/ connect with.
    conf.broker_write_url = url
    conf.task_always_eager = False
    conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        (
            conf.broker_url, conf.broker_write_url, conf.task_always_eager,
            conf.broker_transport_options,
        ) = saved  # fmt: skip
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def redis_unreachable():
    port = closed_port()
    cache = {
        "default": {
            "BACKEND": "cwf.core.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/1",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=cache), broker_at(f"redis://127.0.0.1:{port}/0"):
        yield
    degraded.reset()


@pytest.fixture
def s(settings, tmp_path):
    from grants.services.disbursement import tranches_release_due
    from grants.services.plans import plan_endorse, plan_submit
    from tests.grants.plan_scenario import drafted, pay_released, setup_partnership

    settings.MEDIA_ROOT = tmp_path
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    tranches_release_due(today=date(2024, 5, 1))
    pay_released(s)
    return s


@pytest.mark.django_db
def test_pages_api_and_a_spend_work_with_redis_down_and_health_names_it(s, redis_unreachable):
    resident = signed_in(s["resident"])
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    base = f"/plans/partnership/{s['partnership'].pk}/spending/"

    assert resident.get("/").status_code == 200
    assert resident.get(base).status_code == 200
    form = {
        "spent_on": "2024-06-01", "amount": "75.50", "payee": "Print Shop",
        "description": "Leaflets", "theme": str(s["themes"]["Young people"].pk),
    }  # fmt: skip
    response = resident.post(base + "log/", form)
    assert response.status_code == 302
    assert Spend.objects.get().payee == "Print Shop"
    assert resident.get(response.url).status_code == 200

    api = trustee.get("/api/v1/allocations/")
    assert api.status_code == 200
    assert api.json()["count"] == 1

    # Work that cannot be queued stays due in the database: the board pack is made, queued,
    # and the beat sweep (board_packs_resume) builds it once the broker is back.
    response = trustee.post("/portfolio/board-packs/", {"kind": "csv"})
    assert response.status_code == 302
    assert BoardPack.objects.get().status == BoardPack.Status.QUEUED

    health = trustee.get("/health/?format=json")
    assert health.status_code == 503
    failing = {c["name"] for c in health.json()["checks"] if not c["ok"]}
    assert {"cache", "broker"} <= failing
    assert "database" not in failing
    checks = {c["name"]: c for c in health.json()["checks"]}
    assert "unreachable" in checks["cache"]["detail"]


@pytest.mark.django_db
def test_sign_in_limits_still_hold_per_process_with_the_cache_down(s, redis_unreachable):
    """The safe fallback: allauth's counters live in the web process's memory while Redis is
    down, so five wrong passwords still lock the account in that process."""
    from django.test import Client

    from tests.factories import TEST_PASSWORD

    client = Client()
    email = s["resident"].email
    for _ in range(5):
        client.post("/accounts/login/", {"login": email, "password": "wrong-password"})
    response = client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


@contextmanager
def database_unreachable():
    """PostgreSQL: the connection pointed at a closed port. SQLite's in-memory test database
    cannot be closed, so there every connection attempt fails as an unopenable file would."""
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    if connection.vendor == "sqlite":
        error = OperationalError("unable to open database file")
        with mock.patch.object(connection, "ensure_connection", side_effect=error):
            yield
        return
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(closed_port())
    try:
        yield
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_health_answers_503_json_when_the_database_is_down(client):
    with database_unreachable():
        response = client.get("/health/")
        json_response = client.get("/health/?format=json")
    for answer in (response, json_response):
        assert answer.status_code == 503
        assert answer["Content-Type"] == "application/json", answer.content.decode()[:3000]
        checks = {c["name"]: c for c in answer.json()["checks"]}
        assert checks["database"]["ok"] is False
        assert checks["worker"]["detail"] == "unknown: the database cannot be reached"
