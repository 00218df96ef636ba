"""The API's new writes (issues 18 and 19) with a token, as another partnership's people and as
a trustee: nothing is written to partnership B, whatever the body names. The access matrix
posts empty bodies; these post valid ones."""

from __future__ import annotations

import pytest
from django.test import Client

from cwf.accounts.tokens import api_token_create
from grants.models import Pledge, PledgeAmendment, PledgeReceipt
from reporting.models import IndicatorValue, LearningNote
from tests.access.test_access_matrix import writes
from tests.access.world import build_world
from tests.factories import give_totp


def _api(user) -> Client:
    give_totp(user)
    _, raw = api_token_create(user=user, name="attacker")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.django_db
def test_no_token_writes_to_another_partnership_or_as_a_trustee():
    world = build_world()
    b = world.b_objects
    note = {"partnership": world.b.pk, "theme": b["learning_note"].theme_id, "title": "Ours",
            "tried": "x", "happened": "y"}  # fmt: skip
    value = {"report": b["report"].pk, "indicator": b["indicator"].pk, "value": "7"}
    pledge = {"co_funder": b["co_funder"].pk, "amount": "10.00", "starts_on": "2024-04-01",
              "ends_on": "2025-03-31", "restriction": "partnership",
              "partnership": world.b.pk}  # fmt: skip
    receipt = {"amount": "1.00", "received_on": "2024-05-01", "bank_reference": "X-1"}
    posts = [
        ("/api/v1/learning-notes/", note),
        ("/api/v1/indicator-values/", value),
        ("/api/v1/pledges/", pledge),
        (f"/api/v1/pledges/{b['pledge'].pk}/accept/", {}),
        (f"/api/v1/pledges/{b['pledge'].pk}/receipts/", receipt),
        (f"/api/v1/pledges/{b['pledge'].pk}/amendments/", {"reason": "x", "amount": "9.00"}),
        (f"/api/v1/pledge-amendments/{b['pledge_amendment'].pk}/approve/", {}),
        (f"/api/v1/pledge-amendments/{b['pledge_amendment'].pk}/reject/", {"note": "No"}),
    ]
    counts = (LearningNote, IndicatorValue, Pledge, PledgeReceipt, PledgeAmendment)
    before = [m.objects.count() for m in counts]
    problems = []
    for name in ("resident_a", "chair_a", "finance_a", "trustee"):
        client = _api(world.users[name])
        for url, body in posts:
            with writes() as written:
                response = client.post(url, body, content_type="application/json")
            # The token's own last_used_at is its bookkeeping, not B's data.
            data = [sql for sql in written if "accounts_apitoken" not in sql]
            if response.status_code < 400 or data:
                problems.append(f"{name} POST {url}: {response.status_code} {data[:1]}")
    assert not problems, "\n".join(problems)
    assert [m.objects.count() for m in counts] == before
