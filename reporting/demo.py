"""Demo reporting for `make run`: the assumptions with their sources (the defaults, recorded so
their history starts), and one change by the demo officer, so the history and the "in force
from" dates show. The dashboard, forecast, social value and board packs read the money the
grants demo made; any board pack can be made from it. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from cwf.accounts.models import User

from .assumptions import AssumptionKey
from .models import Assumption
from .services.assumptions import assumption_set, assumptions_ensure_defaults

OFFICER = "officer@example.org"
DEMO_CHANGE = {
    "key": AssumptionKey.RUNNING_COSTS,
    "value": "0.8",
    "source": "Demo: the fund's draft budget for its first years (0.5% investment management, "
    "0.3% operations).",
    "effective_on": datetime.date(2025, 4, 1),
    "note": "Set from the draft budget.",
}


@transaction.atomic
def seed(*, stdout) -> None:
    made = assumptions_ensure_defaults()
    officer = User.objects.filter(email=OFFICER).first()
    changed = Assumption.objects.filter(key=DEMO_CHANGE["key"], changed_by__isnull=False)
    if officer is not None and not changed.exists():
        assumption_set(actor=officer, **DEMO_CHANGE)
    stdout.write(
        f"Reporting: {len(made)} default assumption(s) recorded; "
        f"{Assumption.objects.count()} assumption value(s) in all."
    )
