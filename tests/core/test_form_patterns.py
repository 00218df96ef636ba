"""GOV.UK form patterns, as a screen reader and a password manager meet them: errors that say
what to do, linked from the summary to the field, announced with the field, and 'Error: ' first
in the page title; sign-in fields that say what they hold."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from grants.services.disbursement import tranches_release_due
from grants.services.plans import plan_endorse, plan_submit
from tests.conftest import signed_in
from tests.factories import TEST_PASSWORD, user_with_role
from tests.grants.plan_scenario import drafted, setup_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    tranches_release_due(today=date(2024, 5, 1))
    return s


def _tag(body: str, element_id: str) -> str:
    match = re.search(rf'<[a-z]+[^>]*\sid="{re.escape(element_id)}"[^>]*>', body)
    assert match, f"no element with id {element_id}"
    return match.group(0)


def _summary_links(body: str) -> list[tuple[str, str]]:
    summary = body.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', summary)


def test_an_empty_spend_says_what_to_do_for_each_field_and_links_to_it(s):
    client = signed_in(s["resident"])
    url = f"/plans/partnership/{s['partnership'].pk}/spending/log/"
    body = client.post(url, {"payee": ""}).content
    body = body.decode()
    assert re.search(r"<title>\s*Error: Log a spend", body)
    assert "This field is required" not in body
    assert "Enter the amount spent, for example 25.50" in body
    links = _summary_links(body)
    assert len(links) >= 4
    for href, _text in links:
        assert href.startswith("#") and len(href) > 1, href
        tag = _tag(body, href[1:])
        assert tag.startswith(("<input", "<select", "<textarea")), tag
    # The amount field is marked invalid and read out with its message.
    amount = _tag(body, "id_amount")
    assert 'aria-invalid="true"' in amount
    described = re.search(r'aria-describedby="([^"]+)"', amount).group(1).split()
    assert "id_amount-error" in described
    message = body.split('id="id_amount-error"', 1)[1].split("</p>", 1)[0]
    assert "Enter the amount spent, for example 25.50" in message
    # A valid field is not marked invalid.
    client2 = signed_in(s["resident"])
    body = client2.post(
        f"/plans/partnership/{s['partnership'].pk}/spending/log/", {"payee": "Print Shop"}
    ).content.decode()
    assert "aria-invalid" not in _tag(body, "id_payee")


def test_a_radio_question_in_error_is_linked_to_its_first_option():
    s = setup_partnership()
    officer = s["officer"]
    client = signed_in(officer)
    body = client.post(
        f"/partnerships/{s['partnership'].pk}/members/new/", {"full_name": "Ann"}
    ).content.decode()
    assert 'href="#"' not in body
    for href, _text in _summary_links(body):
        assert _tag(body, href[1:])
    assert "This field is required" not in body


def test_a_page_without_errors_has_a_plain_title(s):
    body = (
        signed_in(s["resident"])
        .get(f"/plans/partnership/{s['partnership'].pk}/spending/log/")
        .content.decode()
    )
    assert not re.search(r"<title>\s*Error:", body)
    assert "aria-invalid" not in body


def test_sign_in_fields_say_what_they_hold_and_errors_are_titled():
    body = Client().get("/accounts/login/").content.decode()
    assert 'autocomplete="email"' in _tag(body, "id_login")
    assert 'autocomplete="current-password"' in _tag(body, "id_password")
    assert "placeholder" not in _tag(body, "id_login")
    body = Client().post("/accounts/login/", {}).content.decode()
    assert re.search(r"<title>\s*Error: Sign in", body)
    assert "This field is required" not in body


def test_the_authenticator_code_field_asks_for_a_number():
    user = user_with_role("fund_officer", None)
    from tests.factories import give_totp

    give_totp(user)
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    body = client.get("/accounts/2fa/authenticate/").content.decode()
    code = _tag(body, "id_code")
    assert 'autocomplete="one-time-code"' in code
    assert 'inputmode="numeric"' in code
