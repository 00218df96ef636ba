"""Demo reporting for `make run`: the assumptions with their sources (the defaults, recorded so
their history starts), and one change by the demo officer, so the history and the "in force
from" dates show; a market valuation at the last year end (a made-up figure, 4% above book
value, labelled as the demo's), so the forecast starts from market value; and the snapshot of
the quarter that ended last, so the dashboard's trends have a first column. The dashboard,
forecast, social value and board packs read the money the grants demo made; any board pack can
be made from it. Idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cwf.accounts.models import User
from cwf.core.dates import display_date
from grants.models import EndowmentValuation
from grants.selectors.endowment import book_value_on
from grants.services.valuations import endowment_valuation_record
from reporting.assumptions import AssumptionKey
from reporting.models import Assumption
from reporting.services.assumptions import assumption_set, assumptions_ensure_defaults
from reporting.services.snapshots import portfolio_snapshots_take_due

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
    valued = _valuation(officer)
    taken = portfolio_snapshots_take_due()
    stdout.write(
        f"Reporting: {len(made)} default assumption(s) recorded; "
        f"{Assumption.objects.count()} assumption value(s) in all; "
        f"{'a market valuation, ' if valued else ''}{taken} quarterly snapshot(s) taken."
    )


def _valuation(officer) -> bool:
    """A market value at the last year end, 4% above the ledger's book value that day."""
    if officer is None or EndowmentValuation.objects.exists():
        return False
    year_end = datetime.date(timezone.localdate().year - 1, 12, 31)
    book = book_value_on(year_end)
    if book <= 0:
        return False
    endowment_valuation_record(
        actor=officer,
        valued_on=year_end,
        market_value=(book * Decimal("1.04")).quantize(Decimal("0.01")),
        source=f"Demo: the custodian's statement at {display_date(year_end)} (a made-up figure).",
    )
    return True
