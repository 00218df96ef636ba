"""Asking for a board pack: made once in the background even when asked for twice at once,
progress shown while it is made, kept and listed with who asked, downloaded when ready. The
content of the packs is tested in test_board_pack_content.py; here the writer is a stand-in."""

import datetime

import pytest
from django.utils import timezone

from cwf.core.errors import DomainError, ScopeError
from reporting import board_pack
from reporting.models import BoardPack
from reporting.services.board_packs import (
    board_pack_build,
    board_pack_request,
    board_packs_resume,
)
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(monkeypatch):
    calls = []

    def fake(pack, *, progress):
        progress(50, "Halfway")
        calls.append(pack.pk)
        if pack.kind == "xlsx" and getattr(fake, "fail", False):
            raise RuntimeError("disk full")
        return f"pack {pack.pk}".encode()

    monkeypatch.setattr(board_pack, "render", fake)
    fake.calls = calls
    return fake


def test_asking_twice_at_once_makes_one_pack_and_both_get_the_file(
    officer, trustee, writer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        first = board_pack_request(actor=officer, kind="pdf")
        second = board_pack_request(actor=trustee, kind="pdf")
    assert first.pk == second.pk
    assert len(enqueued) == 1  # one build enqueued
    assert [r.requested_by for r in first.requests.all()] == [officer, trustee]
    for callback in enqueued:
        callback()  # the eager task builds it
    assert writer.calls == [first.pk]
    for user in (officer, trustee):
        response = signed_in(user).get(f"/portfolio/board-packs/{first.pk}/download/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == f"pack {first.pk}".encode()
        assert 'filename="board-pack-' in response["Content-Disposition"]


def test_a_pack_already_made_is_not_reused_and_other_formats_are_separate(officer, writer):
    pdf = board_pack_request(actor=officer, kind="pdf")
    csv = board_pack_request(actor=officer, kind="csv")
    assert pdf.pk != csv.pk
    board_pack_build(board_pack_id=pdf.pk)
    again = board_pack_request(actor=officer, kind="pdf")
    assert again.pk != pdf.pk


def test_the_database_allows_one_pack_in_flight_per_format_and_day(officer):
    from django.db import IntegrityError, transaction

    today = timezone.localdate()
    BoardPack.objects.create(kind="pdf", as_of=today, requested_by=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardPack.objects.create(kind="pdf", as_of=today, requested_by=officer)


def test_building_twice_builds_once_and_a_failure_is_recorded(officer, writer):
    pack = board_pack_request(actor=officer, kind="xlsx")
    writer.fail = True
    failed = board_pack_build(board_pack_id=pack.pk)
    assert failed.status == "failed" and "disk full" in failed.error
    assert board_pack_build(board_pack_id=pack.pk).status == "failed"
    assert writer.calls == [pack.pk]
    page = signed_in(officer).get(f"/portfolio/board-packs/{pack.pk}/").content.decode()
    assert "could not be made" in page and "disk full" in page


def test_the_page_shows_progress_and_refreshes_only_when_asked(officer, writer):
    pack = board_pack_request(actor=officer, kind="pdf")
    BoardPack.objects.filter(pk=pack.pk).update(status="running", progress=40, stage="Charts")
    client = signed_in(officer)
    page = client.get(f"/portfolio/board-packs/{pack.pk}/").content.decode()
    # A page that reloads itself takes the reader's place away (WCAG 2.2.1, axe's meta-refresh):
    # without JavaScript it reloads when asked; with it, a status region says what changed.
    assert 'http-equiv="refresh"' not in page
    address = f"/portfolio/board-packs/{pack.pk}/"
    assert f'<a class="govuk-button govuk-button--secondary" href="{address}"' in page
    assert ">Check progress</a>" in page
    assert '<div id="board-pack-status" role="status" aria-live="polite">' in page
    assert "data-cwf-poll" in page
    assert '<progress id="progress" class="cwf-progress" max="100" value="40">' in page
    assert "Charts: 40% done" in page
    # Not ready yet: the download link takes you back to the progress page.
    response = client.get(f"/portfolio/board-packs/{pack.pk}/download/")
    assert response.status_code == 302


def test_a_trustee_asks_from_the_page_and_it_is_listed_with_who_asked(trustee, writer):
    client = signed_in(trustee)
    response = client.post("/portfolio/board-packs/", {"kind": "csv"})
    pack = BoardPack.objects.get()
    assert response.status_code == 302 and response.url == f"/portfolio/board-packs/{pack.pk}/"
    listing = client.get("/portfolio/board-packs/").content.decode()
    assert trustee.full_name in listing and "CSV" in listing


def test_no_format_chosen_is_refused_on_the_field(officer_client):
    body = officer_client.post("/portfolio/board-packs/", {}).content.decode()
    assert "There is a problem" in body and "Choose a format: PDF, spreadsheet or CSV." in body
    assert not BoardPack.objects.exists()


def test_only_fund_wide_roles_ask_or_see_packs(chair, officer):
    with pytest.raises(ScopeError):
        board_pack_request(actor=chair, kind="pdf")
    with pytest.raises(DomainError):
        board_pack_request(actor=officer, kind="docx")
    pack = board_pack_request(actor=officer, kind="pdf")
    client = signed_in(chair)
    for url in ("/portfolio/board-packs/", f"/portfolio/board-packs/{pack.pk}/",
                f"/portfolio/board-packs/{pack.pk}/download/"):  # fmt: skip
        assert client.get(url).status_code == 404


def test_beat_builds_a_pack_whose_message_was_lost_and_restarts_a_dead_worker(officer, writer):
    lost = board_pack_request(actor=officer, kind="pdf")
    dead = board_pack_request(actor=officer, kind="csv")
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    BoardPack.objects.filter(pk=lost.pk).update(requested_at=hour_ago)
    BoardPack.objects.filter(pk=dead.pk).update(
        status="running", started_at=hour_ago, requested_at=hour_ago
    )
    assert board_packs_resume() == 2
    assert set(BoardPack.objects.values_list("status", flat=True)) == {"ready"}
    assert board_packs_resume() == 0


def test_the_list_page_pins_its_query_count(officer, writer, django_assert_num_queries):
    client = signed_in(officer)
    board_pack_request(actor=officer, kind="pdf")
    client.get("/portfolio/board-packs/")
    with django_assert_num_queries(QUERIES) as small:
        client.get("/portfolio/board-packs/")
    for kind in ("csv", "xlsx"):
        board_pack_request(actor=officer, kind=kind)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/portfolio/board-packs/")


QUERIES = 9
