"""Reads of partnerships and everything that belongs to them, always scoped to the viewer.

Who sees what:
- officers, trustees and admins see every partnership, its composition figures, LTO and
  decisions; only officers see LTO contacts;
- a partnership's own people (residents, chair, LTO finance) see their partnership only;
- members' names and e-mails, meetings (attendance and minutes) and who declared a conflict are
  for officers and the partnership's own people, never trustees: trustees see figures."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from cwf.accounts import permissions

from .models import (
    CompositionReview,
    Decision,
    Lto,
    LtoContact,
    Meeting,
    Member,
    Partnership,
    PartnershipLto,
    PartnershipStatusChange,
)


def partnership_list(*, viewer) -> QuerySet[Partnership]:
    """Fund-wide roles see every partnership; everyone else only their own."""
    qs = Partnership.objects.all()
    if permissions.sees_portfolio(viewer):
        return qs
    return qs.filter(pk__in=permissions.partnership_ids(viewer))


def partnership_overview_list(*, viewer) -> QuerySet[Partnership]:
    """partnership_list with what a list page or the API shows: composition figures (annotated),
    neighbourhoods and LTO links (prefetched), in a fixed number of queries."""
    active = Q(members__left_on__isnull=True)
    voting = active & Q(members__has_vote=True)
    return (
        partnership_list(viewer=viewer)
        .select_related("lead_officer", "lsoa_neighbourhood")
        .annotate(
            member_count=Count("members", filter=active),
            voting_members=Count("members", filter=voting),
            resident_voting_members=Count("members", filter=voting & Q(members__is_resident=True)),
        )
        .prefetch_related(
            "neighbourhoods",
            Prefetch("lto_links", queryset=PartnershipLto.objects.select_related("lto")),
        )
    )


def _own_partnership_ids(viewer) -> frozenset[int]:
    return permissions.partnership_ids(viewer)


def _people_scope(viewer, qs: QuerySet, partnership_field: str = "partnership_id") -> QuerySet:
    """Officers see everyone's people data; partnership users their own; trustees none."""
    if permissions.is_officer(viewer):
        return qs
    return qs.filter(**{f"{partnership_field}__in": _own_partnership_ids(viewer)})


def member_list(*, viewer, partnership_id: int | None = None) -> QuerySet[Member]:
    qs = _people_scope(viewer, Member.objects.select_related("user", "partnership"))
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    return qs


def meeting_list(*, viewer, partnership_id: int | None = None) -> QuerySet[Meeting]:
    qs = _people_scope(viewer, Meeting.objects.select_related("partnership"))
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    return qs.annotate(attendee_count=Count("attendees", distinct=True))


def decision_list(*, viewer, partnership_id: int | None = None) -> QuerySet[Decision]:
    """Decisions the viewer may read: every partnership's for fund-wide roles, their own for
    partnership users. Later features (spends over £500) look a decision up here."""
    qs = Decision.objects.filter(partnership__in=partnership_list(viewer=viewer)).select_related(
        "meeting", "partnership", "corrects"
    )
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    return qs.annotate(conflict_count=Count("conflicts", distinct=True)).prefetch_related(
        Prefetch("corrections", queryset=Decision.objects.only("pk", "corrects_id", "title"))
    )


def chair_names(*, viewer, partnership_id: int) -> list[str]:
    """Who to ask for what only the chair may do (record a decision, say): the names of the
    partnership's chairs with an account, for officers and the partnership's own people."""
    from cwf.accounts.models import RoleAssignment
    from cwf.accounts.roles import Role

    if not (permissions.is_officer(viewer) or partnership_id in _own_partnership_ids(viewer)):
        return []
    rows = RoleAssignment.objects.filter(
        partnership_id=partnership_id, role=Role.PARTNERSHIP_CHAIR, user__is_active=True
    ).select_related("user")
    return sorted({r.user.full_name or r.user.email for r in rows})


def lto_list(*, viewer) -> QuerySet[Lto]:
    """The LTO register is a fund-wide record: officers and trustees see all of it; partnership
    users see only the LTOs linked to their own partnership."""
    qs = Lto.objects.all()
    if permissions.sees_portfolio(viewer):
        return qs
    return qs.filter(partnership_links__partnership_id__in=_own_partnership_ids(viewer)).distinct()


def lto_link_list(*, viewer, partnership_id: int | None = None) -> QuerySet[PartnershipLto]:
    qs = PartnershipLto.objects.filter(
        partnership__in=partnership_list(viewer=viewer)
    ).select_related("lto", "partnership", "created_by")
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    return qs


def lto_contact_list(*, viewer, lto_id: int | None = None) -> QuerySet[LtoContact]:
    """Contacts are people: officers see them all, partnership users their own LTO's, trustees
    none."""
    if permissions.is_officer(viewer):
        qs = LtoContact.objects.all()
    elif permissions.is_trustee(viewer) and not _own_partnership_ids(viewer):
        qs = LtoContact.objects.none()
    else:
        qs = LtoContact.objects.filter(lto__in=lto_list(viewer=viewer))
    if lto_id is not None:
        qs = qs.filter(lto_id=lto_id)
    return qs


def status_change_list(*, viewer, partnership_id: int) -> QuerySet[PartnershipStatusChange]:
    return PartnershipStatusChange.objects.filter(
        partnership__in=partnership_list(viewer=viewer), partnership_id=partnership_id
    ).select_related("changed_by")


def composition_review_list(*, viewer, partnership_id: int) -> QuerySet[CompositionReview]:
    return CompositionReview.objects.filter(
        partnership__in=partnership_list(viewer=viewer), partnership_id=partnership_id
    ).select_related("completed_by")


def composition_reviews_open(*, viewer, today) -> QuerySet[CompositionReview]:
    """The yearly membership reviews due by `today` and not done, for those who do them: the
    partnership's chair, and officers."""
    from cwf.accounts.roles import Role

    qs = CompositionReview.objects.filter(
        completed_at__isnull=True, due_on__lte=today
    ).select_related("partnership")
    if not permissions.is_officer(viewer):
        chaired = permissions.partnership_ids(viewer, [Role.PARTNERSHIP_CHAIR])
        qs = qs.filter(partnership_id__in=chaired)
    return qs.order_by("due_on", "pk")
