"""Issue 13, finding 6: nothing a signed-in person sees may be kept by a shared cache, or by the
browser's own cache after they sign out: pages, exports, receipts, board packs and the API all
say `Cache-Control: no-store` (the API's summaries keep their ETag with `private, no-cache`)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from cwf.accounts.tokens import api_token_create
from grants.services.spending import SpendInput, spend_log
from reporting.services.board_packs import board_pack_build, board_pack_request
from tests.conftest import signed_in
from tests.grants.plan_scenario import setup_partnership, with_money_received

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _not_stored(response) -> None:
    header = response.get("Cache-Control", "")
    directives = {d.strip() for d in header.split(",")}
    assert "no-store" in directives or {"private", "no-cache"} <= directives, header


@pytest.fixture
def s():
    s = with_money_received(setup_partnership())  # the LTO has the money it spends
    s["spend"] = spend_log(
        partnership_id=s["partnership"].pk,
        actor=s["resident"],
        data=SpendInput(
            spent_on=date(2024, 6, 1),
            amount="75.50",
            payee="Print Shop",
            description="Leaflets",
            theme_id=s["themes"]["Young people"].pk,
        ),
        receipt=SimpleUploadedFile("r.png", PNG),
    )
    return s


def test_pages_and_downloads_for_officers_are_never_stored(s):
    officer = signed_in(s["officer"])
    p = s["partnership"].pk
    pack = board_pack_request(actor=s["officer"], kind="csv")
    board_pack_build(board_pack_id=pack.pk)
    for path in (
        "/",
        f"/partnerships/{p}/",
        "/decisions/?format=csv",
        f"/plans/partnership/{p}/money.csv",
        f"/plans/partnership/{p}/money.xlsx",
        f"/plans/spends/{s['spend'].pk}/receipt/",
        "/grants/payments/batch.csv",
        "/neighbourhoods/priority.csv",
        "/portfolio/360giving/grants.csv",
        f"/portfolio/board-packs/{pack.pk}/download/",
        "/api/v1/partnerships/",
        "/api/v1/portfolio/summary/",
    ):
        response = officer.get(path)
        assert response.status_code == 200, path
        _not_stored(response)


def test_a_residents_receipt_and_pages_are_never_stored(s):
    resident = signed_in(s["resident"])
    for path in ("/", f"/plans/spends/{s['spend'].pk}/receipt/"):
        response = resident.get(path)
        assert response.status_code == 200, path
        _not_stored(response)


def test_api_answers_to_a_token_are_never_stored(s):
    _token, raw = api_token_create(user=s["officer"], name="Spreadsheet")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    signed_in(s["officer"])  # gives the officer TOTP, which the token needs
    for path in ("/api/v1/allocations/", "/api/v1/portfolio/forecast/"):
        response = api.get(path)
        assert response.status_code == 200, path
        _not_stored(response)
