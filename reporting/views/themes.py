"""The drill-down from the dashboard's breakdown by theme: each partnership that plans or spends
in one theme, with its planned and spent figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cwf.core.pagination import paginate

from ..selectors.themes import THEME_EXPLANATION, Figures, theme_list, theme_partnerships
from .access import require_portfolio


@login_required
def theme_partnerships_page(request, theme_pk: int):
    require_portfolio(request)
    theme = get_object_or_404(theme_list(viewer=request.user), pk=theme_pk)
    today = timezone.localdate()
    rows = theme_partnerships(viewer=request.user, theme=theme, today=today)
    context = {
        "theme": theme,
        "as_of": today,
        "total": sum(rows, Figures()),
        "count": len(rows),
        "explanation": THEME_EXPLANATION,
        **paginate(request, rows, per_page=50),
    }
    return render(request, "reporting/theme_partnerships.html", context)
