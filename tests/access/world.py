"""Two partnerships, A and B, with a user in every role, and objects belonging to B.

The access matrix walks every URL of the project with B's objects in its arguments, as each of
A's users, and checks that none of them can read or change B's data. When you add a URL with a new
argument name, add how to fill it to URL_ARGUMENTS below: the matrix fails until you do, so no URL
escapes it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cwf.accounts import invitations
from tests.factories import PartnershipFactory, Role, user_with_role
from tests.grants.access_world import grants_objects

# Text that appears in B's objects and must never appear on a page A's users can see.
B_MARKER = "Zebedee-Marker"


@dataclass
class World:
    a: object
    b: object
    users: dict[str, object]
    # Objects of partnership B, by URL argument name.
    b_objects: dict[str, object] = field(default_factory=dict)


def build_world() -> World:
    a = PartnershipFactory(name="Alpha Fields Partnership")
    b = PartnershipFactory(name=f"{B_MARKER} Partnership")
    officer = user_with_role(Role.FUND_OFFICER, email="officer@matrix.test")
    users = {
        "resident_a": user_with_role(Role.RESIDENT_MEMBER, a, email="resident-a@matrix.test"),
        "chair_a": user_with_role(Role.PARTNERSHIP_CHAIR, a, email="chair-a@matrix.test"),
        "finance_a": user_with_role(Role.LTO_FINANCE, a, email="finance-a@matrix.test"),
        "no_role": user_with_role(Role.RESIDENT_MEMBER, a, email="norole@matrix.test"),
        "officer": officer,
        "trustee": user_with_role(Role.TRUSTEE, email="trustee@matrix.test"),
    }
    users["no_role"].role_assignments.all().delete()
    chair_b = user_with_role(Role.PARTNERSHIP_CHAIR, b, email=f"{B_MARKER.lower()}@matrix.test")
    world = World(a=a, b=b, users=users)
    world.b_objects["partnership"] = b
    world.b_objects["invitation"] = invitations.invitation_create(
        actor=chair_b,
        email=f"{B_MARKER.lower()}-invitee@matrix.test",
        role=Role.RESIDENT_MEMBER,
        partnership_id=b.pk,
    )
    # Each app adds B's objects here as it grows (see tests/access/README in architecture.md).
    for extend in WORLD_EXTENSIONS:
        extend(world)
    return world


# Functions(world) that add more of B's objects; apps append to this list.
WORLD_EXTENSIONS: list = [grants_objects]

# How to fill each URL argument with one of B's objects. A value is a function of the world.
URL_ARGUMENTS: dict[str, object] = {
    "partnership_pk": lambda w: w.b.pk,
    "invitation_pk": lambda w: w.b_objects["invitation"].pk,
    "allocation_pk": lambda w: w.b_objects["allocation"].pk,
    "tranche_pk": lambda w: w.b_objects["tranche"].pk,
    "amendment_pk": lambda w: w.b_objects["amendment"].pk,
    # Fund-wide, not partnership B's: only portfolio roles may open it.
    "movement_pk": lambda w: w.b_objects["movement"].pk,
    # The invitation link is a bearer token: possession is the credential, so it is not scoped.
    "token": None,
}
