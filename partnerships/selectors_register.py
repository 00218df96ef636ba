"""Reads of the neighbourhood register, always scoped to the viewer.

Officers, trustees and admins see the whole register, the priority list and the imports. Anyone
else sees only the neighbourhoods their own partnerships work in."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from cwf.accounts import permissions

from .models import ImportBatch, Neighbourhood, Partnership, ScoreRevision
from .services.register_ranking import eligibility

# How the register can be sorted: (label, order). Unranked neighbourhoods sort last.
SORTS = {
    "priority": ("Priority (least first)", [F("priority_rank").asc(nulls_last=True), "code"]),
    "imd": ("IMD rank (most deprived first)", [F("imd_rank").asc(nulls_last=True), "code"]),
    "cni": ("CNI rank (highest need first)", [F("cni_rank").asc(nulls_last=True), "code"]),
    "name": ("Name (A to Z)", ["name", "code"]),
    "local_authority": ("Local authority (A to Z)", ["local_authority_name", "name", "code"]),
    "code": ("Code", ["code"]),
}
FLAGS = {
    "eligible": "Eligible under the current rule",
    "official": "Officially left-behind",
    "computed": "Doubly disadvantaged (computed)",
    "both": "On both lists",
    "official_only": "Officially left-behind, not computed",
    "computed_only": "Computed, not officially left-behind",
}


def may_see_register(viewer) -> bool:
    """The whole register, the priority list and the imports are for fund-wide roles."""
    return permissions.sees_portfolio(viewer)


def neighbourhood_list(*, viewer) -> QuerySet[Neighbourhood]:
    """Fund-wide roles see every neighbourhood; everyone else those of their partnerships."""
    qs = Neighbourhood.objects.all()
    if permissions.sees_portfolio(viewer):
        return qs
    links = Partnership.neighbourhoods.through.objects.filter(
        partnership_id__in=permissions.partnership_ids(viewer)
    )
    return qs.filter(pk__in=links.values("neighbourhood_id"))


def eligible_q() -> Q:
    if eligibility().rule == "official":
        return Q(left_behind=True)
    return Q(doubly_disadvantaged=True)


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    local_authority: str = ""
    region: str = ""
    flag: str = ""
    imd_decile: int | None = None
    cni_decile: int | None = None
    sort: str = "priority"


def register_search(*, viewer, filters: RegisterFilters) -> QuerySet[Neighbourhood]:
    qs = neighbourhood_list(viewer=viewer)
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q)
            | Q(code__iexact=filters.q)
            | Q(local_authority_name__icontains=filters.q)
        )
    if filters.local_authority:
        qs = qs.filter(local_authority_code=filters.local_authority)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.imd_decile:
        qs = qs.filter(imd_decile=filters.imd_decile)
    if filters.cni_decile:
        qs = qs.filter(cni_decile=filters.cni_decile)
    qs = _flag_filter(qs, filters.flag)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["priority"])[1])


def _flag_filter(qs: QuerySet, flag: str) -> QuerySet:
    official, computed = Q(left_behind=True), Q(doubly_disadvantaged=True)
    conditions = {
        "eligible": eligible_q(),
        "official": official,
        "computed": computed,
        "both": official & computed,
        "official_only": official & ~computed,
        "computed_only": computed & ~official,
    }
    return qs.filter(conditions[flag]) if flag in conditions else qs


def local_authority_choices(*, viewer) -> list[tuple[str, str]]:
    rows = (
        neighbourhood_list(viewer=viewer)
        .exclude(local_authority_code="")
        .order_by("local_authority_name", "local_authority_code")
        .values_list("local_authority_code", "local_authority_name")
        .distinct()
    )
    return [(code, name or code) for code, name in rows]


def priority_kind(kind: str = "") -> str:
    """The kind of neighbourhood a priority list is of: the one asked for, else wards if any
    are ranked, else LSOAs."""
    if kind in Neighbourhood.Kind.values:
        return kind
    ranked_wards = Neighbourhood.objects.filter(kind="ward", priority_rank__isnull=False)
    return "ward" if ranked_wards.exists() else "lsoa"


def priority_list(
    *,
    viewer,
    everyone: bool = False,
    region: str = "",
    local_authority: str = "",
    kind: str = "",
):
    """Neighbourhoods of one kind (wards or LSOAs) in priority order, eligible ones only unless
    `everyone`."""
    if not may_see_register(viewer):
        return Neighbourhood.objects.none()
    qs = Neighbourhood.objects.filter(priority_rank__isnull=False, kind=priority_kind(kind))
    if not everyone:
        qs = qs.filter(eligible_q())
    if region:
        qs = qs.filter(region=region)
    if local_authority:
        qs = qs.filter(local_authority_code=local_authority)
    return qs.order_by("priority_rank")


def import_batch_list(*, viewer) -> QuerySet[ImportBatch]:
    if not may_see_register(viewer):
        return ImportBatch.objects.none()
    return ImportBatch.objects.select_related("created_by", "same_as")


def latest_imports() -> dict[tuple[str, str], ImportBatch]:
    """The newest successful import of each index and kind: it defines the ranked set."""
    latest = {}
    for batch in ImportBatch.objects.filter(status=ImportBatch.Status.IMPORTED).order_by("pk"):
        latest[(batch.index, batch.kind)] = batch
    return latest


def score_history(*, neighbourhood: Neighbourhood) -> QuerySet[ScoreRevision]:
    return neighbourhood.score_revisions.select_related("batch").order_by("-batch_id")


def register_counts() -> dict:
    """How many wards are on each list now, in one query; {} while the register is empty."""
    official, computed = Q(left_behind=True), Q(doubly_disadvantaged=True)
    counts = Neighbourhood.objects.aggregate(
        total=Count("pk"),
        official=Count("pk", filter=official),
        computed=Count("pk", filter=computed),
        overlap=Count("pk", filter=official & computed),
    )
    if not counts["total"]:
        return {}
    return {**counts, "threshold_decile": eligibility().threshold_decile}
