"""The trustees' portfolio dashboard and its drill-down to the partnerships."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cwf.core.filters import whole_number
from cwf.core.pagination import paginate
from grants.selectors.endowment import endowment_burn_down
from partnerships.models import Partnership

from ..chart_data import (
    breakdown_chart,
    burn_down_chart,
    per_head_chart,
    planned_actual_chart,
    theme_chart,
)
from ..selectors.portfolio import dimensions, funded, partnership_figures
from ..selectors.spend import SPEND_EXPLANATION
from ..selectors.summary import portfolio_summary
from ..selectors.trends import portfolio_trends
from ..trends import figures_of
from .access import require_portfolio

ORDERINGS = {
    "name": ("name", "Name"),
    "committed": ("-committed", "Committed, most first"),
    "released": ("-released", "Released, most first"),
    "paid": ("-paid", "Paid, most first"),
    "spent": ("-spent", "Spent, most first"),
    "held": ("-held", "Held by the LTO, most first"),
    "population": ("-population", "Population, most first"),
}


OUTCOME_DIMENSIONS = [("theme", "theme"), ("region", "region"), ("imd_decile", "IMD decile")]
# The dashboard's leverage by partnership shows this many (most money beside the fund's first)
# and links to the rest: listing every partnership made the page 770 KB at national size.
LEVERAGE_TOP = 10
LEVERAGE_PAGE_SIZE = 25  # the full list's page


@login_required
def dashboard(request):
    require_portfolio(request)
    summary = portfolio_summary(viewer=request.user)
    context = {
        "trends": portfolio_trends(
            viewer=request.user,
            now=figures_of(summary),
            before=summary.as_of + datetime.timedelta(days=1),
        ),
        "summary": summary,
        "headline": summary.headline,
        "burn_down": burn_down_chart(endowment_burn_down(viewer=request.user)),
        "planned_actual": planned_actual_chart(summary.by_year, summary.headline.committed),
        "breakdowns": [(b, breakdown_chart(b)) for b in summary.breakdowns],
        "theme_chart": theme_chart(summary.by_theme),
        "per_head": per_head_chart(summary.funding_per_head),
        "attention": summary.attention,
        "outcome_dimensions": OUTCOME_DIMENSIONS,
        "leverage_top": LEVERAGE_TOP,
    }
    return render(request, "reporting/dashboard.html", context)


@login_required
def leverage_partnerships_page(request):
    """Leverage of every partnership with money beside the fund's, in the dashboard's order
    (most co-investment and verified local income together first), a page at a time. Read
    from the summary, which is cached (never stale: cwf/core/portfolio_version.py)."""
    require_portfolio(request)
    leverage = portfolio_summary(viewer=request.user).leverage
    rows = leverage.partnerships if leverage else []
    return render(
        request,
        "reporting/leverage_partnerships.html",
        {"leverage": leverage, **paginate(request, rows, per_page=LEVERAGE_PAGE_SIZE)},
    )


@login_required
def partnership_figures_page(request):
    """The drill-down: partnerships with their figures, filtered by place or status."""
    require_portfolio(request)
    qs = partnership_figures(viewer=request.user)
    filters = {}
    for dimension in dimensions():
        value = request.GET.get(dimension.key)
        if value is None:
            continue
        if value == "":
            qs = qs.filter(**{f"{dimension.key}__isnull": True})
        elif dimension.key.endswith("decile"):
            if (decile := whole_number(value)) is None:
                continue
            qs = qs.filter(**{dimension.key: decile})
        else:
            qs = qs.filter(**{dimension.key: value})
        filters[dimension.key] = (dimension, dimension.label_for(value or None))
    status = request.GET.get("status", "")
    if status in Partnership.Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("funded") == "yes":
        qs = funded(qs)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(name__icontains=query)
    order = request.GET.get("order", "name")
    qs = qs.order_by(ORDERINGS.get(order, ORDERINGS["name"])[0], "name", "pk")
    context = {
        "filters": list(filters.values()),
        "status": status,
        "statuses": Partnership.Status.choices,
        "q": query,
        "order": order,
        "orderings": [(key, label) for key, (_, label) in ORDERINGS.items()],
        "dimensions": dimensions(),
        "hidden": {k: v for k, v in request.GET.items() if k in filters},
        "spend_explanation": SPEND_EXPLANATION,
        **paginate(request, qs),
    }
    return render(request, "reporting/partnership_figures.html", context)
