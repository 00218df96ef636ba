"""The floors: bare Django view functions that return the same page as the API, by values() and
JsonResponse, with no middleware, authentication, DRF or serialisers. Called in-process."""

from __future__ import annotations

from django.http import JsonResponse

from grants.models import Allocation, Tranche
from grants.selectors.money import allocation_tranche_annotations

PAGE = 100


def _page(qs, fields) -> JsonResponse:
    rows = list(qs.values(*fields)[:PAGE])
    return JsonResponse({"count": qs.count(), "results": rows})


def allocations_floor(request) -> JsonResponse:
    # The same figures the API's rows carry (grants.selectors.money defines them).
    annotations = allocation_tranche_annotations()
    qs = Allocation.objects.annotate(**annotations).order_by("pk")
    fields = [
        "id",
        "partnership_id",
        "partnership__name",
        "status",
        "amount",
        "management_contribution_rate",
        "management_contribution",
        "starts_on",
        "term_years",
        "proposed_at",
        "approved_at",
        "activated_at",
        "closed_at",
        "withdrawn_at",
        *annotations,
    ]
    return _page(qs, fields)


def tranches_floor(request) -> JsonResponse:
    from grants.api.serializers import TRANCHE_ROW  # the API's own column list

    return _page(Tranche.objects.order_by("due_on", "pk"), list(TRANCHE_ROW))


def spends_floor(request) -> JsonResponse:
    from grants.models import Spend

    fields = [
        "id",
        "partnership_id",
        "spent_on",
        "amount",
        "payee",
        "description",
        "theme__name",
        "action_line_id",
        "decision_id",
        "reverses_id",
        "reason",
        "logged_at",
    ]
    return _page(Spend.objects.order_by("pk"), fields)


def reports_floor(request) -> JsonResponse:
    from django.db.models.functions import Coalesce

    from reporting.models import QuarterlyReport
    from reporting.selectors.reports import REPORT_ROW_FIELDS

    # The columns the API reads for its rows (the same tuple, so the two cannot drift apart).
    qs = QuarterlyReport.objects.annotate(effective_due=Coalesce("extended_to", "due_on"))
    return _page(qs.order_by("pk"), REPORT_ROW_FIELDS)


# name -> (API URL name, floor view, who asks). The spending log is for officers only.
LISTS = {
    "allocations": ("api_allocation_list", allocations_floor, "trustee"),
    "tranches": ("api_tranche_list", tranches_floor, "trustee"),
    "spends": ("api_spend_list", spends_floor, "officer"),
    "reports": ("api_report_list", reports_floor, "trustee"),
}
