"""The one place that answers "may this person do that?". Views, services, APIs and selectors
ask here, and require an answer one way: `require(allowed, message)` (or `require_officer`),
which raises `NotAllowed`, a ScopeError to a service's caller (a form error, an API 400) and a
403 where a view lets it through.

Roles are read once per request and cached on the user object, so asking many questions costs
one query."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from cwf.core.errors import ScopeError

from .roles import GLOBAL_ROLES, MFA_REQUIRED_ROLES, Role

__all__ = ["SYSTEM_READER", "Role"]

_CACHE_ATTR = "_cwf_role_pairs"
_LINKS_ATTR = "_cwf_four_eyes_links"


class _SystemReader:
    """The product itself reading fund-wide figures for scheduled work with no person behind
    it (the quarterly portfolio snapshot): it sees what a trustee sees and may write nothing."""

    is_authenticated = True
    is_superuser = False
    is_active = True
    pk = None

    def __str__(self) -> str:
        return "CWF Grants (scheduled work)"


SYSTEM_READER = _SystemReader()


def _pairs(user) -> frozenset[tuple[str, int | None]]:
    if user is SYSTEM_READER:
        return frozenset({(Role.TRUSTEE, None)})
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        in_force = _in_force(user.role_assignments.all())
        cached = frozenset(in_force.values_list("role", "partnership_id"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _in_force(assignments):
    # Only roles in force: a fund-wide role counts once a second person has confirmed it.
    return assignments.filter(Q(partnership__isnull=False) | Q(confirmed_at__isnull=False))


def roles_in_force_subquery(user_id_sql: str):
    """The roles in force of the user whose id is `user_id_sql` (the outer query's column, as
    SQL), as one array of "role:partnership id" strings, for a query that reads that user anyway:
    API token authentication reads the token, the user and the roles in one query instead of two
    (the roles are read in the request as ever, never kept beyond it). Written as SQL, with the
    rule of `_in_force`: compiling the same subquery from Django's expressions took longer than
    running it (docs/performance.md); tests hold the two to the same answer. PostgreSQL only:
    None elsewhere (the roles are then read by their own query)."""
    from django.contrib.postgres.fields import ArrayField
    from django.db import connection
    from django.db.models import CharField
    from django.db.models.expressions import RawSQL

    if connection.vendor != "postgresql":
        return None
    from .models import RoleAssignment

    # Names from the models' metadata and the caller's column, never input.
    table = connection.ops.quote_name(RoleAssignment._meta.db_table)
    sql = (
        "SELECT coalesce(array_agg(r.role || ':' || coalesce(r.partnership_id::text, '')), "  # noqa: S608
        f"'{{}}') FROM {table} r WHERE r.user_id = {user_id_sql} "
        "AND (r.partnership_id IS NOT NULL OR r.confirmed_at IS NOT NULL)"
    )
    return RawSQL(sql, [], output_field=ArrayField(CharField()))  # noqa: S611


def roles_in_force_remember(user, packed: list[str]) -> None:
    """Keep the roles `roles_in_force_subquery` read as this user's for the request, as the
    first question about them would have read them."""
    pairs = set()
    for item in packed:
        role, _, partnership = item.partition(":")
        pairs.add((role, int(partnership) if partnership else None))
    setattr(user, _CACHE_ATTR, frozenset(pairs))


def forget_roles(user) -> None:
    """Drop the cached roles, after a role is granted or removed during the same request."""
    for attr in (_CACHE_ATTR, _LINKS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def role_pairs(user) -> frozenset[tuple[str, int | None]]:
    """(role, partnership id or None) for each role in force: what the user may see depends on
    these alone (with the admin flag, given as ("admin", None))."""
    pairs = _pairs(user)
    if getattr(user, "is_superuser", False):
        pairs = pairs | {(Role.ADMIN, None)}
    return pairs


def roles_of(user) -> frozenset[str]:
    roles = {role for role, _ in _pairs(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return frozenset(roles)


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_officer(user) -> bool:
    """Fund officers and administrators run the fund day to day."""
    return has_role(user, Role.FUND_OFFICER, Role.ADMIN)


def is_trustee(user) -> bool:
    return has_role(user, Role.TRUSTEE)


def sees_portfolio(user) -> bool:
    """Fund-wide roles see every partnership; everyone else sees only their own."""
    return bool(roles_of(user) & GLOBAL_ROLES)


def can_write_fund(user) -> bool:
    """Trustees read and never write: only officers and admins change fund-wide records."""
    return is_officer(user)


def partnership_ids(user, roles: Iterable[str] | None = None) -> frozenset[int]:
    """The partnerships where the user holds any of `roles` (any scoped role if None)."""
    wanted = set(roles) if roles is not None else None
    return frozenset(
        pid for role, pid in _pairs(user) if pid is not None and (wanted is None or role in wanted)
    )


def is_chair_of(user, partnership_id: int) -> bool:
    return partnership_id in partnership_ids(user, [Role.PARTNERSHIP_CHAIR])


def may_manage_invitations(user) -> bool:
    """Officers invite anyone; a chair invites people to the partnerships they chair."""
    return is_officer(user) or bool(partnership_ids(user, [Role.PARTNERSHIP_CHAIR]))


def requires_mfa(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or roles_of(user) & MFA_REQUIRED_ROLES)


def can_run_partnership(user, partnership_id: int) -> bool:
    """Officers, and the partnership's own chair, record its members, meetings and decisions."""
    return is_officer(user) or is_chair_of(user, partnership_id)


# --- A partnership's own people ---------------------------------------------------------------
# Residents, chairs and LTO finance: they log spends and write the quarterly report.
PARTNERSHIP_PEOPLE = (Role.PARTNERSHIP_CHAIR, Role.RESIDENT_MEMBER, Role.LTO_FINANCE)


def sees_people(user, partnership_id: int) -> bool:
    """Names, attendance and minutes: officers and the partnership's own people, not trustees."""
    return is_officer(user) or partnership_id in partnership_ids(user)


def may_log_spend(user, partnership_id: int) -> bool:
    """Its own people log a partnership's spending (residents, on their phones); officers read."""
    return partnership_id in partnership_ids(user, PARTNERSHIP_PEOPLE)


def may_record_decision(user, partnership_id: int) -> bool:
    """Who may record, from the spend form, the decision a spend needs: someone who logs this
    partnership's spending and runs its meetings (its chair)."""
    return may_log_spend(user, partnership_id) and can_run_partnership(user, partnership_id)


def may_import_spends(user, partnership_id: int) -> bool:
    return partnership_id in partnership_ids(user, [Role.LTO_FINANCE])


def may_publish_partnership(user, partnership_id: int) -> bool:
    """A partnership opts in to its public page through its chair (or an officer, on its
    behalf)."""
    return is_officer(user) or is_chair_of(user, partnership_id)


def may_unpublish_partnership(user, partnership_id: int) -> bool:
    """Its chair can take the public page down again, and so can any officer."""
    return is_officer(user) or is_chair_of(user, partnership_id)


def may_withhold_spend(user, partnership_id: int) -> bool:
    """LTO finance and officers keep a spend off the public pages (for safeguarding)."""
    return is_officer(user) or partnership_id in partnership_ids(user, [Role.LTO_FINANCE])


def may_record_local_income(user, partnership_id: int) -> bool:
    """Money a partnership raised for itself is recorded by its LTO finance staff (or an
    officer, from the evidence sent in); an officer verifies it."""
    return is_officer(user) or partnership_id in partnership_ids(user, [Role.LTO_FINANCE])


def sees_co_funder_contacts(user) -> bool:
    """A co-funder's contacts are people: officers, who keep in touch with the co-funder, see
    them; trustees read the co-funder and its pledges without them (as with LTO contacts)."""
    return is_officer(user)


def may_verify_local_income(user) -> bool:
    return can_write_fund(user)


def may_write_report(user, partnership_id: int) -> bool:
    """The partnership's own people write its quarterly report; officers decide on it."""
    return partnership_id in partnership_ids(user, PARTNERSHIP_PEOPLE)


def may_write_learning_note(user, partnership_id: int) -> bool:
    """A partnership's own people write its learning notes; officers may write one with it."""
    return is_officer(user) or partnership_id in partnership_ids(user, PARTNERSHIP_PEOPLE)


def may_read_learning(user) -> bool:
    """The learning library is shared: every signed-in person with a role reads and searches it."""
    return bool(getattr(user, "is_authenticated", False)) and bool(roles_of(user))


def may_ask_learning_question(user) -> bool:
    """Partnership people and officers ask a note's partnership a question; trustees read only
    (a question is a write: a notification to the chair)."""
    return is_officer(user) or bool(partnership_ids(user, PARTNERSHIP_PEOPLE))


def may_answer_learning_question(user, partnership_id: int) -> bool:
    """A question about a note reaches the writing partnership's chairs, and they answer it;
    its other people read the questions, officers and trustees do not answer for it."""
    return partnership_id in partnership_ids(user, [Role.PARTNERSHIP_CHAIR])


def learning_question_reader_partnerships(user) -> set[int] | None:
    """The partnerships whose notes' questions `user` reads beyond their own questions: all
    (None) for officers, as with the notes they may write; the partnership's own people."""
    if is_officer(user):
        return None
    return set(partnership_ids(user, PARTNERSHIP_PEOPLE))


def may_run_participation(user, partnership_id: int) -> bool:
    """Participatory budgets and consultations (issue 20) are run by the partnership's members
    with write rights, its chair and resident members: they moderate ideas, cost them, open and
    close the vote, and enter paper responses. Officers read; LTO finance keeps the books."""
    return partnership_id in partnership_ids(user, [Role.PARTNERSHIP_CHAIR, Role.RESIDENT_MEMBER])


def may_decide_from_vote(user, partnership_id: int) -> bool:
    """After the vote, the decision in the log and the winning projects' plan lines are the
    chair's, as every decision and the plan are (can_run_partnership, require_chair)."""
    return may_run_participation(user, partnership_id) and is_chair_of(user, partnership_id)


def sees_participation(user, partnership_id: int) -> bool:
    """The partnership-side pages of budgets and consultations (held ideas, paper responses,
    the suspicious-pattern counts): officers and the partnership's own people."""
    return sees_people(user, partnership_id)


def may_import_postcodes(user) -> bool:
    """The neighbourhood's postcodes (an ONS postcode directory extract) are an officer's
    import: they decide who counts as local in every vote there."""
    return can_write_fund(user)


def may_invite(user, *, role: str, partnership_id: int | None) -> bool:
    if is_officer(user):
        return True
    # A chair invites residents and LTO finance staff to their own partnership, nothing else.
    return (
        partnership_id is not None
        and role in {Role.RESIDENT_MEMBER, Role.LTO_FINANCE}
        and is_chair_of(user, partnership_id)
    )


def may_use_api(user) -> bool:
    """The API serves the portfolio: fund-wide roles only."""
    return sees_portfolio(user)


# --- Requiring an answer ----------------------------------------------------------------------


class NotAllowed(ScopeError, PermissionDenied):
    """A permission refused: a DomainError to whoever called the service, a 403 from a view."""


def require(allowed: bool, message: str) -> None:
    """The one way views and services require a permission: `require(may_x(user, ...), why)`."""
    if not allowed:
        raise NotAllowed(message)


def require_chair(user, partnership_id: int, *, to: str) -> None:
    """Only the partnership's chair writes its plan (and the plan's outcome indicators). `to`
    finishes "Only the partnership's chair can ..."."""
    require(
        user is not None and is_chair_of(user, partnership_id),
        f"Only the partnership's chair can {to}.",
    )


def require_officer(user, *, to: str) -> None:
    """Only fund officers (and administrators) change the fund's records; trustees never
    write. `to` finishes "Only a fund officer can ...", as the person will read it."""
    require(user is not None and can_write_fund(user), f"Only a fund officer can {to}.")


# --- Four eyes ------------------------------------------------------------------------------------
# Whatever one officer starts (proposes an allocation or an amendment, a withdrawal or a close,
# grants a fund-wide role, invites to one), a second person finishes. The second person is
# neither the first nor anyone the first brought in (or who brought the first in): otherwise
# one person with a second account could satisfy four eyes alone.

SAME_PERSON = "same person"
BROUGHT_IN_BY_FIRST = "brought in by the first"
BROUGHT_IN_THE_FIRST = "brought in the first"


def _links(actor) -> tuple[frozenset[int], frozenset[int]]:
    """(who granted the actor a fund-wide role, whom the actor granted one), read once per
    request like the roles, so a list of things to confirm costs one query."""
    cached = getattr(actor, _LINKS_ATTR, None)
    if cached is None:
        from .models import RoleAssignment

        pairs = RoleAssignment.objects.filter(role__in=GLOBAL_ROLES).filter(
            Q(user_id=actor.pk, granted_by__isnull=False) | Q(granted_by_id=actor.pk)
        )
        granted_me, i_granted = set(), set()
        for user_id, granted_by_id in pairs.values_list("user_id", "granted_by_id"):
            if user_id == actor.pk:
                granted_me.add(granted_by_id)
            else:
                i_granted.add(user_id)
        cached = (frozenset(granted_me), frozenset(i_granted))
        setattr(actor, _LINKS_ATTR, cached)
    return cached


def four_eyes_problem(actor, *, first_id: int | None) -> str | None:
    """Why `actor` may not be the second pair of eyes on what user `first_id` started, or None
    when they may. (Whether the actor may act at all, as an officer, is asked separately.)"""
    if actor is None or first_id is None or not getattr(actor, "is_authenticated", False):
        return None
    if actor.pk == first_id:
        return SAME_PERSON
    granted_me, i_granted = _links(actor)
    if first_id in granted_me:
        return BROUGHT_IN_BY_FIRST
    if first_id in i_granted:
        return BROUGHT_IN_THE_FIRST
    return None


def may_second(actor, *, first_id: int | None) -> bool:
    """May `actor` be the second pair of eyes on what user `first_id` started?"""
    return can_write_fund(actor) and four_eyes_problem(actor, first_id=first_id) is None


def four_eyes_refusal(actor, *, first, did: str, to: str) -> str | None:
    """The sentence a person reads when they may not be the second pair of eyes, or None.
    `did` completes "You ..." ("proposed this allocation"); `to` completes "a different
    officer must ..." ("approve it")."""
    problem = four_eyes_problem(actor, first_id=getattr(first, "pk", None))
    if problem == SAME_PERSON:
        return f"You {did}, so a different officer must {to}."
    if problem == BROUGHT_IN_BY_FIRST:
        return (
            f"{first} gave you your fund-wide role, so a different officer must {to}: nobody "
            f"is the second pair of eyes for the person who brought them in."
        )
    if problem == BROUGHT_IN_THE_FIRST:
        return (
            f"You gave {first} their fund-wide role, so a different officer must {to}: nobody "
            f"is the second pair of eyes for someone they brought in."
        )
    return None


def may_confirm_role_grants(user) -> bool:
    """Officers and administrators confirm the fund-wide roles someone else granted."""
    return is_officer(user)


def may_export_personal_data(user, *, subject_user_id: int | None) -> bool:
    """Officers answer subject access requests for anyone; a person asks for their own."""
    if is_officer(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and subject_user_id == user.pk)


def may_erase_personal_data(user) -> bool:
    """Only officers propose or approve an erasure (and never the same officer both)."""
    return is_officer(user)
