"""The public pages and files (docs/open-data.md): no sign-in, nothing read from the session (so
no cookie), and rendered without the request's context, so a page a proxy keeps never carries a
signed-in visitor's details."""

from __future__ import annotations

import io

from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_GET

from cwf.core.public import licence, public_view
from cwf.core.spreadsheets import csv_writer
from participation.selectors import public_budget_of_decision

from ..models import OpenDataFile
from ..selectors.public import (
    public_decision,
    public_fund,
    public_partnership_page,
    public_partnerships,
    public_purchases,
    public_story,
)
from ..services.open_data import SPEND_HEADERS, spend_rows


def _page(template: str, context: dict) -> HttpResponse:
    return HttpResponse(render_to_string(template, context))


def _csv(rows: list[list], name: str, headers: list[str]) -> HttpResponse:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@public_view
def fund_page(request):
    return _page("public/fund.html", {"fund": public_fund()})


@require_GET
@public_view
def fund_csv(request):
    fund = public_fund()
    rows = []
    if fund.by_region:
        for r in fund.by_region.rows:
            rows.append(["Region", r.label, r.partnerships, r.committed, r.paid, r.spent])
    for r in fund.by_theme.rows:
        rows.append(["Theme", r.label, r.partnerships, "", "", r.spent])
    headers = ["By", "Which", "Partnerships", "Committed", "Paid", "Spent"]
    return _csv(rows, "fund.csv", headers)


@require_GET
@public_view
def partnership_page(request, partnership_pk: int):
    partnership = get_object_or_404(public_partnerships(), pk=partnership_pk)
    return _page("public/partnership.html", {"page": public_partnership_page(partnership)})


@require_GET
@public_view
def partnership_spending_csv(request, partnership_pk: int):
    partnership = get_object_or_404(public_partnerships(), pk=partnership_pk)
    return _csv(spend_rows(partnership), f"spending-{partnership.pk}.csv", SPEND_HEADERS)


@require_GET
@public_view
def decision_page(request, partnership_pk: int, decision_pk: int):
    partnership = get_object_or_404(public_partnerships(), pk=partnership_pk)
    decision = public_decision(partnership_id=partnership.pk, decision_id=decision_pk)
    if decision is None:
        raise Http404
    purchases, withheld = public_purchases(partnership_id=partnership.pk, decision_id=decision.pk)
    context = {
        "partnership": partnership,
        "decision": decision,
        "purchases": purchases,
        "spent": sum((p.amount for p in purchases), 0),
        "withheld": withheld,
        "budget": public_budget_of_decision(decision.pk),
    }
    return _page("public/decision.html", context)


@require_GET
@public_view
def story_photo(request, partnership_pk: int, story_pk: int):
    """A shared story's photo: only a published partnership's, from an accepted report."""
    partnership = get_object_or_404(public_partnerships(), pk=partnership_pk)
    story = public_story(partnership_id=partnership.pk, story_id=story_pk)
    if story is None or not story.photo:
        raise Http404
    response = FileResponse(story.photo.open("rb"), content_type=story.photo_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@public_view
def data_page(request):
    files = OpenDataFile.objects.defer("content")
    name, url = licence()
    return _page("public/data.html", {"files": files, "licence": name, "licence_url": url})


@require_GET
@public_view
def data_file(request, name: str):
    """A published file at its stable URL, with ETag and Last-Modified (a conditional GET that
    matches gets 304)."""
    row = get_object_or_404(OpenDataFile, name=name)
    etag = f'"{row.etag}"'
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if request.headers.get("If-None-Match") == etag or (
        "If-None-Match" not in request.headers
        and since is not None
        and since >= int(row.changed_at.timestamp())
    ):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(bytes(row.content), content_type=row.content_type)
        response["Content-Disposition"] = f'attachment; filename="{row.name}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(row.changed_at.timestamp())
    return response
