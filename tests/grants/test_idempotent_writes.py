"""Double submits (issue 21, finding 3): a form or API request sent twice is done once, and
the repeat gets the first answer (cwf/core/idempotency.py)."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from grants.models import Spend
from tests.conftest import signed_in
from tests.grants.plan_scenario import drafted, pay_released, setup_partnership

FORM = {
    "spent_on": "2024-06-01",
    "amount": "75.50",
    "payee": "Print Shop",
    "description": "Leaflets",
}


def _scenario():
    from grants.services.disbursement import tranches_release_due
    from grants.services.plans import plan_endorse, plan_submit

    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    tranches_release_due(today=date(2024, 5, 1))
    pay_released(s)
    s["url"] = f"/plans/partnership/{s['partnership'].pk}/spending/log/"
    s["form"] = {**FORM, "theme": str(s["themes"]["Young people"].pk)}
    return s


def _key_from(page: str) -> str:
    return re.search(r'name="submission_key" value="([0-9a-f]{32})"', page).group(1)


def test_every_post_form_of_ours_carries_a_one_time_key():
    """Every POST form in the project's templates (allauth's own sign-in pages aside) has
    {% submission_key %} next to its {% csrf_token %}."""
    root = Path(__file__).resolve().parents[2] / "templates"
    missing = []
    for template in root.rglob("*.html"):
        if template.relative_to(root).parts[0] == "account":
            continue
        text = template.read_text()
        posts = len(re.findall(r"\{% csrf_token %\}", text))
        keys = len(re.findall(r"\{% csrf_token %\}\{% submission_key %\}", text))
        if posts != keys:
            missing.append(str(template.relative_to(root)))
    assert missing == []


@pytest.mark.django_db
def test_the_spend_form_sent_twice_logs_one_spend_and_both_land_on_the_same_page(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    s = _scenario()
    client = signed_in(s["resident"])
    key = _key_from(client.get(s["url"]).content.decode())

    first = client.post(s["url"], {**s["form"], "submission_key": key})
    second = client.post(s["url"], {**s["form"], "submission_key": key}, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain[0] == (first.url, 302)
    assert "You sent this twice. It was done once." in second.content.decode()
    assert Spend.objects.count() == 1
    # A new form (a new key) is a new spend.
    third_key = _key_from(client.get(s["url"]).content.decode())
    client.post(s["url"], {**s["form"], "submission_key": third_key})
    assert Spend.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_form_comes_back_with_a_new_key_so_the_corrected_one_is_logged(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    s = _scenario()
    client = signed_in(s["resident"])
    refused = client.post(s["url"], {**s["form"], "amount": "", "submission_key": "k1"})
    assert refused.status_code == 200
    assert "Enter" in refused.content.decode()
    again = client.post(
        s["url"], {**s["form"], "submission_key": _key_from(refused.content.decode())}
    )
    assert again.status_code == 302
    assert Spend.objects.count() == 1


@pytest.mark.django_db
def test_an_idempotency_key_header_has_the_same_effect_and_names_one_request(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = _scenario()
    client = signed_in(s["resident"])
    headers = {"Idempotency-Key": "retry-7f3a"}
    first = client.post(s["url"], s["form"], headers=headers)
    second = client.post(s["url"], s["form"], headers=headers)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first.url == second.url
    assert Spend.objects.count() == 1

    elsewhere = client.post("/portfolio/board-packs/", {"kind": "csv"}, headers=headers)
    assert elsewhere.status_code == 422
    assert "already used" in elsewhere.json()["detail"]


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_ten_identical_spend_posts_at_once_store_one_spend(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = _scenario()
    resident = s["resident"]
    key = "ten-at-once"
    start = threading.Barrier(10)
    answers: list = []
    errors: list = []

    def post():
        client = Client()
        client.force_login(resident)
        try:
            start.wait()
            response = client.post(s["url"], {**s["form"], "submission_key": key})
            answers.append((response.status_code, response.get("Location")))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Spend.objects.count() == 1
    assert len(answers) == 10
    assert {status for status, _ in answers} == {302}
    assert len({location for _, location in answers}) == 1
