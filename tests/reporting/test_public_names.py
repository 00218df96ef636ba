"""Issue 17: the public page names nobody unless a member chooses to be named, as the chair or
as a contact, and only that member can make the choice for themselves."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from partnerships.models import Member
from partnerships.services.members import member_leave
from partnerships.services.partnerships import partnership_publish
from tests.conftest import signed_in
from tests.grants.plan_scenario import setup_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    s = setup_partnership()
    p = s["partnership"]
    for key, role in (("chair", Member.Role.CHAIR), ("resident", Member.Role.MEMBER)):
        user = s[key]
        s[f"{key}_member"] = Member.objects.create(
            partnership=p,
            full_name=user.full_name,
            email=user.email,
            user=user,
            is_resident=True,
            role=role,
            joined_on=date(2024, 1, 1),
        )
    partnership_publish(partnership_id=p.pk, actor=s["chair"])
    return s


def public_page(s) -> str:
    return Client().get(f"/open/partnerships/{s['partnership'].pk}/").content.decode()


def public_api(s) -> dict:
    return Client().get(f"/api/v1/public/partnerships/{s['partnership'].pk}/").json()


def choose(user, s, named: str):
    url = f"/partnerships/{s['partnership'].pk}/public/name/"
    return signed_in(user).post(url, {"named": named})


def test_nobody_is_named_until_they_choose(s):
    page = public_page(s)
    assert "Chidi Chair" not in page and "Rosa Resident" not in page
    assert public_api(s)["named"] == []


def test_the_chair_chooses_to_be_named_as_chair_and_a_member_as_a_contact(s):
    detail = signed_in(s["chair"]).get(f"/partnerships/{s['partnership'].pk}/").content.decode()
    assert "Name me on the public page" in detail

    assert choose(s["chair"], s, "yes").status_code == 302
    assert choose(s["resident"], s, "yes").status_code == 302

    page = public_page(s)
    assert "Chidi Chair" in page and "Rosa Resident" in page
    assert s["chair"].email not in page and s["resident"].email not in page
    assert public_api(s)["named"] == [
        {"name": "Chidi Chair", "named_as": "Chair"},
        {"name": "Rosa Resident", "named_as": "Contact"},
    ]
    detail = signed_in(s["chair"]).get(f"/partnerships/{s['partnership'].pk}/").content.decode()
    assert "Stop naming me" in detail


def test_stopping_or_leaving_takes_the_name_off_again(s):
    choose(s["chair"], s, "yes")
    choose(s["resident"], s, "yes")
    choose(s["chair"], s, "no")
    member_leave(actor=s["officer"], member_id=s["resident_member"].pk, left_on=date(2025, 1, 1))
    page = public_page(s)
    assert "Chidi Chair" not in page and "Rosa Resident" not in page
    assert public_api(s)["named"] == []


def test_nobody_can_choose_for_someone_else(s):
    # An officer is not a member: refused, and nobody is named.
    assert choose(s["officer"], s, "yes").status_code == 403
    # The chair's choice names the chair only, never another member.
    choose(s["chair"], s, "yes")
    assert [n["name"] for n in public_api(s)["named"]] == ["Chidi Chair"]
    # A GET never changes it.
    url = f"/partnerships/{s['partnership'].pk}/public/name/?named=yes"
    assert signed_in(s["resident"]).get(url).status_code == 405
    assert not Member.objects.get(pk=s["resident_member"].pk).named_publicly_since
