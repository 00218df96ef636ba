"""The trustees' portfolio dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .common import require_portfolio


@login_required
def dashboard(request):
    require_portfolio(request)
    return render(request, "reporting/dashboard.html", {})
