"""Neighbourhoods made of LSOAs, under /neighbourhoods/areas/: the list, building one (by
searching the register, by pasting or uploading codes), its page (population against the fund's
range, combined figures and the method), adding LSOAs near one, and creating its partnership.
Fund-wide roles see them; officers build and change them. Every page works without JavaScript."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from partnerships.editions import EDITIONS
from partnerships.models import LsoaNeighbourhood, Neighbourhood
from partnerships.services.lsoa_neighbourhoods import (
    codes_in,
    codes_in_upload,
    lsoa_neighbourhood_change,
    lsoa_neighbourhood_create,
    nearby_lsoas,
)
from partnerships.services.partnerships import partnership_create

from .register import register_only

SEARCH_LIMIT = 50


def _search(q: str, exclude=()) -> list[Neighbourhood]:
    q = q.strip()
    if not q:
        return []
    found = Neighbourhood.objects.filter(kind="lsoa").filter(
        Q(name__icontains=q) | Q(code__iexact=q) | Q(local_authority_name__icontains=q)
    )
    return list(found.exclude(code__in=list(exclude)).order_by("code")[:SEARCH_LIMIT])


def _officer(request, doing: str) -> None:
    if not permissions.can_write_fund(request.user):
        raise PermissionDenied(f"Only fund officers can {doing}.")


@login_required
def area_index(request):
    register_only(request)
    areas = LsoaNeighbourhood.objects.prefetch_related("partnerships").all()
    context = {
        "areas": areas,
        "can_build": permissions.can_write_fund(request.user),
        "lsoas_in_register": Neighbourhood.objects.filter(kind="lsoa").exists(),
        "here": "areas",
    }
    return render(request, "partnerships/register/area_index.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def area_new(request):
    register_only(request)
    _officer(request, "build neighbourhoods")
    source = request.POST if request.method == "POST" else request.GET
    name = source.get("name", "")
    pasted = source.get("codes", "")
    chosen = source.getlist("chosen")
    errors = {}
    if request.method == "POST":
        try:
            codes = [*chosen, *codes_in(pasted), *codes_in_upload(request.FILES.get("file"))]
            area = lsoa_neighbourhood_create(actor=request.user, name=name, codes=codes)
        except DomainError as exc:
            errors[exc.field or "codes"] = str(exc)
        else:
            messages.success(request, f"{area.name} is built from {area.lsoas.count()} LSOAs.")
            return redirect("lsoa_neighbourhood_detail", area_pk=area.pk)
    q = request.GET.get("q", "")
    context = {
        "name": name,
        "codes": pasted,
        "chosen": set(chosen),
        "q": q,
        "results": _search(q),
        "errors": errors,
        "here": "areas",
    }
    return render(request, "partnerships/register/area_new.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def area_detail(request, area_pk: int):
    register_only(request)
    area = get_object_or_404(LsoaNeighbourhood, pk=area_pk)
    errors = {}
    if request.method == "POST":
        _officer(request, "change neighbourhoods")
        try:
            if request.POST.get("action") == "remove":
                lsoa_neighbourhood_change(
                    actor=request.user, area_id=area.pk, remove=request.POST.getlist("remove")
                )
            else:
                add = [
                    *request.POST.getlist("add"),
                    *codes_in(request.POST.get("codes", "")),
                    *codes_in_upload(request.FILES.get("file")),
                ]
                if not add:
                    raise DomainError("Choose or enter at least one LSOA to add.", field="codes")
                lsoa_neighbourhood_change(actor=request.user, area_id=area.pk, add=add)
        except DomainError as exc:
            errors[exc.field or "codes"] = str(exc)
        else:
            messages.success(request, "The neighbourhood's LSOAs and figures are updated.")
            return redirect("lsoa_neighbourhood_detail", area_pk=area.pk)
    area.refresh_from_db()
    lsoas = list(area.lsoas.order_by("code"))
    codes = [n.code for n in lsoas]
    near = request.GET.get("near", "").strip().upper()
    low, high = settings.NEIGHBOURHOOD_POPULATION_RANGE
    context = {
        "area": area,
        "lsoas": lsoas,
        "q": request.GET.get("q", ""),
        "results": _search(request.GET.get("q", ""), exclude=codes),
        "near": near,
        "nearby": nearby_lsoas(code=near, exclude=codes) if near else [],
        "errors": errors,
        "can_change": permissions.can_write_fund(request.user),
        "range_low": low,
        "range_high": high,
        "imd_edition": EDITIONS.get(area.imd_edition),
        "cni_edition": EDITIONS.get(area.cni_edition),
        "partnerships": area.partnerships.all(),
        "here": "areas",
    }
    return render(request, "partnerships/register/area_detail.html", context)


@login_required
@require_POST
def area_partnership(request, area_pk: int):
    register_only(request)
    _officer(request, "create partnerships")
    area = get_object_or_404(LsoaNeighbourhood, pk=area_pk)
    try:
        partnership = partnership_create(
            actor=request.user,
            name=request.POST.get("partnership_name", "") or area.name,
            lsoa_neighbourhood_id=area.pk,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("lsoa_neighbourhood_detail", area_pk=area.pk)
    messages.success(request, f"{partnership.name} is created for {area.name}.")
    return redirect("partnerships:partnership_detail", partnership_pk=partnership.pk)
