"""360Giving: every approved allocation as open grants data, to download as JSON or the flat
CSV (and from the API, and `manage.py export_360giving`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import threesixtygiving
from .access import require_portfolio


@require_GET
@login_required
def threesixtygiving_page(request):
    require_portfolio(request)
    grants = threesixtygiving.grants(threesixtygiving.allocations_for_export(viewer=request.user))
    context = {
        "grants": grants,
        "prefix": settings.THREESIXTYGIVING_PREFIX,
        "funder": threesixtygiving.funder(),
        "funder_id_is_set": bool(settings.FUND_ORG_ID),
    }
    return render(request, "reporting/threesixtygiving.html", context)


@require_GET
@login_required
def threesixtygiving_download(request, file_format: str):
    require_portfolio(request)
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        body = threesixtygiving.package_csv(viewer=request.user)
        content_type = "text/csv; charset=utf-8"
    else:
        body = threesixtygiving.package_json(viewer=request.user)
        content_type = "application/json; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    name = f"{settings.THREESIXTYGIVING_PREFIX}-grants-{stamp}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
