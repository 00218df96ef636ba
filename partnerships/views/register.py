"""The neighbourhood register: the searchable list, a neighbourhood's page, and the priority list
with its CSV export. The register and the priority list are for fund-wide roles (officers,
trustees, admins); anyone else gets a 404, and sees only their own partnerships' neighbourhoods."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cwf.core.pagination import paginate
from cwf.core.spreadsheets import csv_writer
from partnerships.forms_register import RegisterFilterForm
from partnerships.measures import MEASURES
from partnerships.regions import REGIONS
from partnerships.register_profile import CHART, neighbourhood_profile
from partnerships.selectors import partnership_list
from partnerships.selectors_register import (
    local_authority_choices,
    may_see_register,
    neighbourhood_list,
    priority_kind,
    priority_list,
    register_counts,
    register_search,
    score_history,
)
from partnerships.services.register_ranking import eligibility

PER_PAGE = 50


def register_only(request) -> None:
    """The register's pages (neighbourhoods, LSOAs, imports) are a 404 to anyone who may not see
    it, so they do not admit they exist."""
    if not may_see_register(request.user):
        raise Http404


@login_required
@require_safe
def neighbourhood_index(request):
    register_only(request)
    form = RegisterFilterForm(
        request.GET or None,
        local_authorities=local_authority_choices(viewer=request.user),
    )
    neighbourhoods = register_search(viewer=request.user, filters=form.filters())
    context = {
        "form": form,
        "counts": register_counts(),
        "rules": eligibility(),
        **paginate(request, neighbourhoods, per_page=PER_PAGE),
    }
    return render(request, "partnerships/register/index.html", context)


@login_required
@require_safe
def neighbourhood_detail(request, code: str):
    neighbourhood = get_object_or_404(neighbourhood_list(viewer=request.user), code=code)
    context = {
        "neighbourhood": neighbourhood,
        "profiles": neighbourhood_profile(neighbourhood=neighbourhood),
        "chart": CHART,
        "partnerships": partnership_list(viewer=request.user).filter(neighbourhoods=neighbourhood),
        "history": score_history(neighbourhood=neighbourhood)[:20],
        "rules": eligibility(),
        "sees_register": may_see_register(request.user),
    }
    return render(request, "partnerships/register/detail.html", context)


def _priority_filters(request) -> dict:
    region = request.GET.get("region", "")
    return {
        "everyone": request.GET.get("show") == "all",
        "region": region if region in REGIONS else "",
        "local_authority": request.GET.get("local_authority", "")[:9],
        "kind": priority_kind(request.GET.get("kind", "")),
    }


@login_required
@require_safe
def priority_index(request):
    register_only(request)
    filters = _priority_filters(request)
    context = {
        "filters": filters,
        "regions": REGIONS,
        "local_authorities": local_authority_choices(viewer=request.user),
        "rules": eligibility(),
        "counts": register_counts(),
        **paginate(request, priority_list(viewer=request.user, **filters), per_page=PER_PAGE),
    }
    return render(request, "partnerships/register/priority.html", context)


CSV_COLUMNS = [
    ("Priority", "priority_rank"),
    ("Code", "code"),
    ("Name", "name"),
    ("Local authority code", "local_authority_code"),
    ("Local authority", "local_authority_name"),
    ("Region", "region"),
    ("Officially left-behind", "left_behind"),
    ("Doubly disadvantaged (computed)", "doubly_disadvantaged"),
    ("Combined rank (IMD + CNI)", "combined_rank"),
    *[
        (f"{m.label} {part}", name)
        for m in MEASURES
        for part, name in zip(("score", "rank", "decile"), m.fields, strict=True)
    ],
]


@login_required
@require_safe
def priority_csv(request):
    register_only(request)
    rows = priority_list(viewer=request.user, **_priority_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="priority-list-{date.today().isoformat()}.csv"'
    )
    writer = csv_writer(response)
    writer.writerow([label for label, _ in CSV_COLUMNS])
    for neighbourhood in rows.iterator(chunk_size=2000):
        writer.writerow([_cell(getattr(neighbourhood, name)) for _, name in CSV_COLUMNS])
    return response


def _cell(value):
    """Plain values for a spreadsheet (the writer keeps text from running as a formula, since
    names come from imported files)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value
