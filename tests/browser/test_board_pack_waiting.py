"""The board pack's waiting page never reloads itself: with JavaScript it asks for progress and
says what changed in a status region; without, "Check progress" reloads it when asked."""

from unittest import mock

import pytest
from playwright.sync_api import expect

from reporting.services import board_packs
from tests.factories import Role, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_pack(trustee):
    # As in production before the worker picks it up: asked for, not yet made.
    with mock.patch.object(board_packs, "_enqueue"):
        return board_packs.board_pack_request(actor=trustee, kind="csv")


def test_with_javascript_the_page_shows_the_pack_ready_without_reloading(page_as):
    trustee = user_with_role(Role.TRUSTEE)
    pack = _waiting_pack(trustee)
    page = page_as(trustee, phone=False, javascript=True)
    page.goto(f"/portfolio/board-packs/{pack.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")
    page.evaluate("window.notReloaded = true")

    board_packs.board_pack_build(board_pack_id=pack.pk)

    expect(page.get_by_role("link", name="Download the CSV")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("status")).to_contain_text("Ready to download")
    assert page.evaluate("window.notReloaded") is True


def test_without_javascript_check_progress_reloads_when_asked(page_as):
    trustee = user_with_role(Role.TRUSTEE)
    pack = _waiting_pack(trustee)
    page = page_as(trustee, javascript=False)
    page.goto(f"/portfolio/board-packs/{pack.pk}/")
    expect(page.get_by_text("0% done")).to_be_visible()

    assert page.locator('meta[http-equiv="refresh"]').count() == 0

    board_packs.board_pack_build(board_pack_id=pack.pk)

    page.get_by_role("button", name="Check progress").click()
    expect(page.get_by_role("link", name="Download the CSV")).to_be_visible()
