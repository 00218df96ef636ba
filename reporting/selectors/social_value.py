"""The social value estimate for the portfolio and each partnership, from the money spent and
the assumptions in force; and, beside it, the estimate from measured wellbeing. Fund-wide roles
only. Four queries."""

from __future__ import annotations

from dataclasses import dataclass

from cwf.accounts import permissions
from partnerships.models import Partnership

from ..assumptions import AssumptionKey
from ..social_value import (
    PortfolioSocialValue,
    WellbeingMeasured,
    social_value_portfolio,
    wellbeing_measured,
)
from .assumptions import Assumptions, assumptions_in_force
from .spend import SPEND_EXPLANATION, SPEND_IS_PROXY, spent_by_partnership


@dataclass(frozen=True)
class PortfolioSocialValueReport:
    result: PortfolioSocialValue
    names: dict[int, str]
    assumptions: Assumptions
    spend_is_proxy: bool = SPEND_IS_PROXY
    spend_explanation: str = SPEND_EXPLANATION
    wellbeing: WellbeingMeasured | None = None

    @property
    def wellby(self):
        return self.assumptions[AssumptionKey.WELLBY]

    @property
    def rows(self):
        """(partnership id, name, social value), by name."""
        return sorted(
            ((pk, self.names.get(pk, ""), value) for pk, value in self.result.rows),
            key=lambda row: row[1],
        )


def portfolio_social_value(*, viewer) -> PortfolioSocialValueReport | None:
    if not permissions.sees_portfolio(viewer):
        return None
    assumptions = assumptions_in_force()
    spent = spent_by_partnership(viewer=viewer)
    names = dict(Partnership.objects.filter(pk__in=spent).values_list("pk", "name"))
    result = social_value_portfolio(spent, assumptions.social_value())
    return PortfolioSocialValueReport(
        result, names, assumptions, wellbeing=measured_wellbeing(assumptions)
    )


def measured_wellbeing(assumptions: Assumptions) -> WellbeingMeasured:
    """From each partnership's latest submitted life-satisfaction value (one query)."""
    from .outcomes import latest_library_values

    rows = [
        (r["indicator__baseline"], r["value"], r["report__people_involved"])
        for r in latest_library_values()
        if r["indicator__library__is_wellbeing"]
    ]
    return wellbeing_measured(rows, assumptions[AssumptionKey.WELLBY].value)
