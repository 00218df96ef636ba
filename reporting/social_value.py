"""An estimate of the social value of money spent, from stated, cited assumptions: a plain
function with no database. reporting/selectors/social_value.py gathers the spend and the
assumptions in force.

For each £1m spent, Frontier Economics (2021) estimates benefits in five categories over ten
years. This applies those figures pro rata, spreads each category's benefit evenly over the
years, and discounts each year's benefit at the Green Book rate:

    benefit     = spent / £1m x figure per £1m               (undiscounted, to the penny)
    present     = benefit / years x sum over t = 1..years of 1 / (1 + rate)^t
    ratio       = total present value / spent

Benefits start the year after the money is spent (t = 1), a cautious reading: the present value
is the value at the time of spending. Each category is rounded to the penny once, at the end; a
portfolio's figures are the sums of its partnerships', so the tables add up."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cwf.core.money import PENNY, ZERO, pence

MILLION = Decimal(1_000_000)
RATIO = Decimal("0.01")


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    per_million: Decimal  # £ of benefit for each £1m spent, over all the years
    fiscal: bool = False  # fiscal, or economic and social


@dataclass(frozen=True)
class SocialValueAssumptions:
    categories: tuple[Category, ...]
    years: int
    discount_rate: Decimal  # a fraction: 0.035 for 3.5%


@dataclass(frozen=True)
class Benefit:
    category: Category
    undiscounted: Decimal
    present_value: Decimal


@dataclass(frozen=True)
class SocialValue:
    spent: Decimal
    benefits: tuple[Benefit, ...]

    @property
    def undiscounted(self) -> Decimal:
        return sum((b.undiscounted for b in self.benefits), ZERO)

    @property
    def present_value(self) -> Decimal:
        return sum((b.present_value for b in self.benefits), ZERO)

    @property
    def fiscal_present_value(self) -> Decimal:
        return sum((b.present_value for b in self.benefits if b.category.fiscal), ZERO)

    @property
    def economic_and_social_present_value(self) -> Decimal:
        return sum((b.present_value for b in self.benefits if not b.category.fiscal), ZERO)

    @property
    def benefit_cost_ratio(self) -> Decimal | None:
        """Present value of the benefits for each £1 spent; None when nothing was spent."""
        if self.spent <= ZERO:
            return None
        return (self.present_value / self.spent).quantize(RATIO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PortfolioSocialValue:
    rows: list[tuple[Hashable, SocialValue]]  # (partnership key, its social value)
    total: SocialValue


def annuity_factor(rate: Decimal, years: int) -> Decimal:
    """sum over t = 1..years of 1 / (1 + rate)^t: today's value of £1 a year for `years` years."""
    one = Decimal(1)
    return sum((one / (one + rate) ** t for t in range(1, years + 1)), Decimal(0))


def social_value(spent: Decimal, assumptions: SocialValueAssumptions) -> SocialValue:
    factor = annuity_factor(assumptions.discount_rate, assumptions.years)
    benefits = []
    for category in assumptions.categories:
        undiscounted = (spent * category.per_million / MILLION).quantize(
            PENNY, rounding=ROUND_HALF_UP
        )
        present = (undiscounted * factor / assumptions.years).quantize(
            PENNY, rounding=ROUND_HALF_UP
        )
        benefits.append(Benefit(category, undiscounted, present))
    return SocialValue(spent=spent, benefits=tuple(benefits))


def social_value_portfolio(
    spent_by_partnership: Mapping[Hashable, Decimal], assumptions: SocialValueAssumptions
) -> PortfolioSocialValue:
    """Each partnership's estimate, and the portfolio's as their sum."""
    rows = [(key, social_value(spent, assumptions)) for key, spent in spent_by_partnership.items()]
    totals = []
    for i, category in enumerate(assumptions.categories):
        totals.append(
            Benefit(
                category,
                sum((sv.benefits[i].undiscounted for _, sv in rows), ZERO),
                sum((sv.benefits[i].present_value for _, sv in rows), ZERO),
            )
        )
    spent = sum((sv.spent for _, sv in rows), ZERO)
    return PortfolioSocialValue(rows=rows, total=SocialValue(spent=spent, benefits=tuple(totals)))


@dataclass(frozen=True)
class WellbeingMeasured:
    """An estimate from measured wellbeing (issue 19): for each partnership that measures life
    satisfaction on the ONS question (a library indicator), the change from its baseline to its
    latest submitted value, times the people involved in that quarter's report, is that many
    WELLBYs for a year; each valued at the WELLBY assumption. An estimate, beside (never added
    to) the spend-based one: the same benefit may be in both."""

    partnerships: int
    wellbys: Decimal
    value: Decimal


def wellbeing_measured(
    rows: list[tuple[Decimal, Decimal, int | None]], wellby_value: Decimal
) -> WellbeingMeasured:
    """`rows`: (baseline, latest score, people involved) per partnership; a row without people is
    left out (the change cannot be scaled)."""
    counted = [(b, v, n) for b, v, n in rows if n]
    wellbys = sum(((v - b) * n for b, v, n in counted), Decimal(0))
    value = pence(wellbys * wellby_value)
    return WellbeingMeasured(len(counted), wellbys.quantize(Decimal("0.01")), value)
