"""Demo users, one per role. The password is printed by `make run` and is for demos only."""

from django.db import transaction

from cwf.accounts.models import User
from cwf.accounts.role_grants import role_grant
from cwf.accounts.roles import GLOBAL_ROLES, Role
from partnerships.models import Partnership

DEMO_PASSWORD = "cwf-demo-2026"

# (e-mail, name, role). Two officers, so that four-eyes approval can be shown.
DEMO_USERS = [
    ("officer@example.org", "Olu Officer", Role.FUND_OFFICER),
    ("officer2@example.org", "Priya Second-Officer", Role.FUND_OFFICER),
    ("trustee@example.org", "Tom Trustee", Role.TRUSTEE),
    ("admin@example.org", "Ada Admin", Role.ADMIN),
    ("chair@example.org", "Chris Chair", Role.PARTNERSHIP_CHAIR),
    ("resident@example.org", "Rosa Resident", Role.RESIDENT_MEMBER),
    ("finance@example.org", "Fin LTO-Finance", Role.LTO_FINANCE),
]


def demo_partnership():
    """The partnership the demo's partnership-scoped users belong to."""
    partnership, _ = Partnership.objects.get_or_create(name="Grange Estate Big Local (demo)")
    return partnership


@transaction.atomic
def seed(*, stdout) -> None:
    for email, name, role in DEMO_USERS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            if role == Role.ADMIN:
                user.is_staff = True
                user.is_superuser = True
            user.save()
        partnership = None if role in GLOBAL_ROLES else demo_partnership()
        # The demo's people are the system's own: their fund-wide roles are in force at once.
        role_grant(
            user=user,
            role=role,
            partnership_id=partnership.pk if partnership else None,
            by_system=True,
        )
    stdout.write(f"Demo users: {len(DEMO_USERS)} (password {DEMO_PASSWORD}).")


def print_logins(*, stdout) -> None:
    stdout.write(f"  Demo logins (the password for all of them is {DEMO_PASSWORD}):")
    for email, _name, role in DEMO_USERS:
        stdout.write(f"    {email:<22} {role.label}")
