"""Two partnerships, A and B, with a user in every role, and objects belonging to B.

The access matrix walks every URL of the project with B's objects in its arguments, as each of
A's users, and checks that none of them can read or change B's data. When you add a URL with a new
argument name, add how to fill it to URL_ARGUMENTS below: the matrix fails until you do, so no URL
escapes it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cwf.accounts import invitations
from tests.factories import PartnershipFactory, Role, UserFactory, user_with_role
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
    from cwf.accounts.role_grants import role_grant
    from cwf.accounts.tokens import api_token_create

    # A fund-wide role waiting for a second officer: only officers and administrators may see
    # or confirm it.
    world.b_objects["role_assignment"] = role_grant(
        user=UserFactory(email=f"{B_MARKER.lower()}-officer@matrix.test"),
        role=Role.FUND_OFFICER,
        granted_by=officer,
    )

    world.b_objects["api_token"], _ = api_token_create(user=chair_b, name=f"{B_MARKER} token")
    from privacy.services.export import export_request

    # B's chair asks for their own data: only they and the officers may see the request.
    world.b_objects["privacy_request"] = export_request(actor=chair_b, user=chair_b)
    # Each app adds B's objects here as it grows (see tests/access/README in architecture.md).
    for extend in WORLD_EXTENSIONS:
        extend(world)
    return world


# Functions(world) that add more of B's objects; apps append to this list.
WORLD_EXTENSIONS: list = [grants_objects]


def _partnership_objects(world: World) -> None:
    """B's members, LTO (with a contact and its link), a meeting with a decision and a declared
    conflict, and a composition review, all built through the partnerships services."""
    import datetime

    from django.utils import timezone

    from partnerships.models import CompositionReview
    from partnerships.services import decisions, ltos, meetings, members

    officer, b = world.users["officer"], world.b
    today = timezone.localdate()
    joined = today - datetime.timedelta(days=400)
    added = [
        members.member_add(
            actor=officer,
            partnership_id=b.pk,
            full_name=f"{B_MARKER} Member {n}",
            email=f"member{n}@{B_MARKER.lower()}.test",
            is_resident=True,
            joined_on=joined,
        ).member
        for n in range(8)
    ]
    lto = ltos.lto_save(
        actor=officer, name=f"{B_MARKER} Trust", charity_number="1099999", company_number=""
    )
    contact = ltos.lto_contact_save(actor=officer, lto_id=lto.pk, name=f"{B_MARKER} Contact")
    # B's funding agreement binds its first LTO, so a plain lto_link is refused (issue 24); the
    # world only needs a second link row for the URLs, so it is made as an agreed change is.
    link = ltos.lto_link(
        actor=officer, partnership_id=b.pk, lto_id=lto.pk, starts_on=joined, agreed_change=True
    )
    meeting = meetings.meeting_create(
        actor=officer, partnership_id=b.pk, held_on=today, kind="partnership", title=B_MARKER
    )
    meetings.meeting_attendance_record(
        actor=officer, meeting_id=meeting.pk, member_ids=[m.pk for m in added]
    )
    decision = decisions.decision_record(
        actor=officer,
        meeting_id=meeting.pk,
        data=decisions.DecisionInput(
            title=f"{B_MARKER} decision",
            decided=B_MARKER,
            outcome="agreed",
            votes_for=7,
            conflicted_member_ids=(added[0].pk,),
            interest=B_MARKER,
        ),
    )
    review = CompositionReview.objects.create(partnership=b, year=today.year, due_on=today)
    world.b_objects.update(
        member=added[0], lto=lto, contact=contact, link=link, meeting=meeting,
        decision=decision, review=review,
    )  # fmt: skip


WORLD_EXTENSIONS.append(_partnership_objects)


def _reporting_objects(world: World) -> None:
    """A board pack (it names partnership B in its appendix), asked for by the officer."""
    from reporting.services.board_packs import board_pack_request

    world.b_objects["board_pack"] = board_pack_request(actor=world.users["officer"], kind="csv")


WORLD_EXTENSIONS.append(_reporting_objects)

# How to fill each URL argument with one of B's objects. A value is a function of the world.
URL_ARGUMENTS: dict[str, object] = {
    "partnership_pk": lambda w: w.b.pk,
    "invitation_pk": lambda w: w.b_objects["invitation"].pk,
    # Fund-wide role grants waiting for a second person: officers and administrators only.
    "role_assignment_pk": lambda w: w.b_objects["role_assignment"].pk,
    # Tokens are looked up among the viewer's own, so another user's token id is simply a 404.
    "token_pk": lambda w: w.b_objects["api_token"].pk,
    # A subject access or erasure request: the person's own, or any for an officer.
    "request_pk": lambda w: w.b_objects["privacy_request"].pk,
    "allocation_pk": lambda w: w.b_objects["allocation"].pk,
    "tranche_pk": lambda w: w.b_objects["tranche"].pk,
    "amendment_pk": lambda w: w.b_objects["amendment"].pk,
    # Fund-wide, not partnership B's: only portfolio roles may open it.
    "movement_pk": lambda w: w.b_objects["movement"].pk,
    # The invitation link is a bearer token: possession is the credential, so it is not scoped.
    "token": None,
    # Any other address under /api/v1/: a JSON 404 for everyone.
    "unknown": lambda w: "no-such-endpoint/",
    "member_pk": lambda w: w.b_objects["member"].pk,
    "meeting_pk": lambda w: w.b_objects["meeting"].pk,
    "decision_pk": lambda w: w.b_objects["decision"].pk,
    "lto_pk": lambda w: w.b_objects["lto"].pk,
    "contact_pk": lambda w: w.b_objects["contact"].pk,
    "link_pk": lambda w: w.b_objects["link"].pk,
    "review_pk": lambda w: w.b_objects["review"].pk,
    # Assumptions are fund-wide, not partnership B's: scoped users must get a 404 all the same.
    "assumption_key": lambda w: "investment_return",
    # Board packs hold every partnership's figures: fund-wide roles only.
    "board_pack_pk": lambda w: w.b_objects["board_pack"].pk,
    # The neighbourhood register (issue 3): a GSS code, and a register import.
    "code": lambda w: w.b_objects["neighbourhood"].code,
    "import_batch_pk": lambda w: w.b_objects["import_batch"].pk,
    # A neighbourhood made of LSOAs (issue 23): B's, fund-wide roles only.
    "area_pk": lambda w: w.b_objects["lsoa_neighbourhood"].pk,
    # Spending plans and the spending log (issue 6).
    "plan_pk": lambda w: w.b_objects["plan"].pk,
    "spend_pk": lambda w: w.b_objects["spend"].pk,
    "spend_import_pk": lambda w: w.b_objects["spend_import"].pk,
    "plan_review_pk": lambda w: w.b_objects["plan_review"].pk,
    # Themes are fund-wide; the one B spends in, so its drill-down page names B. Only portfolio
    # roles may open it: scoped users must get a 404.
    "theme_pk": lambda w: w.b_objects["spend"].theme_id,
    # Quarterly reports (issue 7): B's report and one of its stories.
    "report_pk": lambda w: w.b_objects["report"].pk,
    "story_pk": lambda w: w.b_objects["story"].pk,
    # Co-investment (issue 18): fund-wide roles only, except B's local income, which B's own
    # people see too.
    "co_funder_pk": lambda w: w.b_objects["co_funder"].pk,
    "pledge_pk": lambda w: w.b_objects["pledge"].pk,
    "pledge_amendment_pk": lambda w: w.b_objects["pledge_amendment"].pk,
    "release_pk": lambda w: w.b_objects["restricted_release"].pk,
    "income_pk": lambda w: w.b_objects["local_income"].pk,
    # Outcome indicators and the learning library (issue 19): B's plan indicator (its pages are
    # B's chair's only), and B's learning note, which is shared with every partnership by design
    # (SHARED in test_access_matrix.py).
    "indicator_pk": lambda w: w.b_objects["indicator"].pk,
    "note_pk": lambda w: w.b_objects["learning_note"].pk,
    # A question about it (an officer's): only B's own people, officers and the asker read it,
    # and only B's chair answers (so every scoped user here gets a 404).
    "question_pk": lambda w: w.b_objects["learning_question"].pk,
    # An open-data file's stable name (issue 17).
    "name": lambda w: "360giving.json",
    # Participatory budgets and consultations (issue 20): B's.
    "budget_pk": lambda w: w.b_objects["budget"].pk,
    "consultation_pk": lambda w: w.b_objects["consultation"].pk,
}


def _register_world(world) -> None:
    from tests.partnerships.register_world import add_register

    add_register(world, B_MARKER)


WORLD_EXTENSIONS.append(_register_world)


def _plans_world(world) -> None:
    from tests.grants.plans_world import plans_objects

    plans_objects(world)


WORLD_EXTENSIONS.append(_plans_world)


def _reporting_world(world) -> None:
    from tests.reporting.access_world import reporting_objects

    reporting_objects(world)


WORLD_EXTENSIONS.append(_reporting_world)


def _learning_world(world) -> None:
    from tests.reporting.access_world import learning_objects

    learning_objects(world)


WORLD_EXTENSIONS.append(_learning_world)


def _participation_world(world) -> None:
    from tests.participation.access_world import participation_objects

    participation_objects(world)


WORLD_EXTENSIONS.append(_participation_world)
