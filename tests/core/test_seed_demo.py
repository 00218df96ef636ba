"""`manage.py seed_demo` builds the demo once; running it again creates nothing twice."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

from cwf.accounts.permissions import roles_of
from cwf.accounts.roles import Role
from devtools.demo.accounts import DEMO_PASSWORD, DEMO_USERS


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_running_seed_demo_twice_creates_nothing_twice():
    first = _seed()
    after_first = _row_counts()
    second = _seed()

    assert "Demo data is ready." in first and "Demo data is ready." in second
    # Every seeder listed in DEMO_SEEDERS, on every table of the project, audit log included.
    changed = {
        label: (after_first[label], count)
        for label, count in _row_counts().items()
        if count != after_first[label]
    }
    assert changed == {}
    assert after_first["accounts.User"] >= len(DEMO_USERS)


@pytest.mark.django_db
def test_there_is_a_demo_user_for_every_role_and_they_can_sign_in():
    _seed()
    seeded_roles = set()
    for email, name, role in DEMO_USERS:
        user = authenticate(email=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert user.full_name == name
        assert role in roles_of(user)
        seeded_roles.add(role)
    assert seeded_roles == set(Role)


@pytest.mark.django_db
def test_logins_are_printed_without_changing_anything():
    before = _row_counts()
    out = StringIO()
    call_command("seed_demo", "--logins", stdout=out)
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    for email, _name, role in DEMO_USERS:
        assert email in printed
        assert Role(role).label in printed
    assert _row_counts() == before
