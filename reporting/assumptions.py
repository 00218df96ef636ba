"""The catalogue of forecast and social-value assumptions: what each one means, its unit, the
bounds a value must keep to, and the default with its source. The values in force are rows of
`Assumption` (see reporting/models/assumptions.py), each dated and with its source beside it; the
defaults here apply only until an officer records a value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models


class Unit(models.TextChoices):
    PERCENT = "percent", "% a year"
    POINTS = "points", "percentage points"
    SHARE = "share", "% of the balance"
    GBP_PER_MILLION = "gbp_per_million", "£ for each £1m spent"
    YEARS = "years", "years"
    GBP_PER_WELLBY = "gbp_per_wellby", "£ for each WELLBY"


class AssumptionKey(models.TextChoices):
    INVESTMENT_RETURN = "investment_return", "Investment return (real)"
    INFLATION = "inflation", "Inflation (CPI)"
    RUNNING_COSTS = "running_costs", "Running costs"
    STRESS_RETURN_DROP_SMALL = "stress_return_drop_small", "Stress path: lower return, first"
    STRESS_RETURN_DROP_LARGE = "stress_return_drop_large", "Stress path: lower return, second"
    STRESS_CAPITAL_FALL = "stress_capital_fall", "Stress path: fall in value"
    STRESS_RECOVERY_YEARS = "stress_recovery_years", "Stress path: years to recover from the fall"
    STRESS_LOST_DECADE_YEARS = "stress_lost_decade_years", "Stress path: years with no real return"
    STRESS_INFLATION_SHOCK = "stress_inflation_shock", "Stress path: inflation in a shock"
    STRESS_INFLATION_SHOCK_YEARS = "stress_inflation_shock_years", "Stress path: years of the shock"
    VOLATILITY = "return_volatility", "Volatility of the real return"
    DISCOUNT_RATE = "discount_rate", "Discount rate (real)"
    BENEFIT_YEARS = "benefit_years", "Years over which benefits arise"
    FISCAL = "fiscal_per_million", "Fiscal benefit"
    EMPLOYMENT = "employment_per_million", "Employment benefit"
    HEALTH = "health_per_million", "Health and wellbeing benefit"
    LOCAL_INCOME = "local_income_per_million", "Local income benefit"
    CRIME = "crime_per_million", "Crime reduction benefit"
    WELLBY = "wellby_value", "Value of a WELLBY"


FRONTIER = (
    "Frontier Economics (2021), for Local Trust: the estimated value of £1m invested in "
    "community-led social infrastructure in one left-behind neighbourhood over ten years "
    "(about £3.2m: £1.2m fiscal and £2m economic and social). Frontier calls it a "
    "conservative lower bound."
)
WELLBY_SOURCE = (
    "HM Treasury, Green Book supplementary guidance: wellbeing guidance for appraisal (July "
    "2021): one WELLBY (a one-point change in life satisfaction, 0 to 10, for one person for "
    "one year) is valued at £13,000 in 2019 prices, within a range of £10,000 to £16,000. "
    "Update it to current prices with the GDP deflator."
)
GREEN_BOOK = (
    "HM Treasury, The Green Book (2022): the social time preference rate of 3.5% a year, "
    "real, for years 0 to 30."
)


@dataclass(frozen=True)
class Definition:
    key: str
    group: str  # "forecast" or "social_value"
    unit: str
    minimum: Decimal
    maximum: Decimal
    default: Decimal
    default_source: str
    help: str
    whole_number: bool = False

    @property
    def label(self) -> str:
        return AssumptionKey(self.key).label

    @property
    def unit_label(self) -> str:
        return Unit(self.unit).label


def _d(value: str) -> Decimal:
    return Decimal(value)


K = AssumptionKey
DEFINITIONS: dict[str, Definition] = {
    d.key: d
    for d in [
        Definition(
            K.INVESTMENT_RETURN,
            "forecast",
            Unit.PERCENT,
            _d("0"),
            _d("20"),
            _d("3.5"),
            "Assumed long-run real return on the endowment, set at the Green Book's 3.5% real "
            "rate (HM Treasury, The Green Book, 2022) until the fund's investment policy sets "
            "its own target.",
            "The return the endowment earns each year after inflation.",
        ),
        Definition(
            K.INFLATION,
            "forecast",
            Unit.PERCENT,
            _d("0"),
            _d("20"),
            _d("2.0"),
            "The Bank of England's inflation target: consumer prices (CPI) rising 2% a year, "
            "the target the Chancellor sets the Monetary Policy Committee each year. For the "
            "nearer years the Office for Budget Responsibility's latest CPI forecast is an "
            "alternative.",
            "How fast prices rise each year. Grants are fixed sums of pounds, so this turns the "
            "real return into a return in cash terms, and says future balances in today's "
            "pounds.",
        ),
        Definition(
            K.RUNNING_COSTS,
            "forecast",
            Unit.SHARE,
            _d("0"),
            _d("10"),
            _d("1.0"),
            "The fund's own estimate of investment management and operating costs; replace it "
            "with the approved budget.",
            "What running the fund and managing its investments costs each year, as a share of "
            "the balance at the start of the year.",
        ),
        Definition(
            K.STRESS_RETURN_DROP_SMALL,
            "forecast",
            Unit.POINTS,
            _d("0"),
            _d("10"),
            _d("1"),
            "The issue's stress test: a return one point lower than assumed.",
            "How far below the assumed return the first stress case's return is.",
        ),
        Definition(
            K.STRESS_RETURN_DROP_LARGE,
            "forecast",
            Unit.POINTS,
            _d("0"),
            _d("10"),
            _d("2"),
            "The issue's stress test: a return two points lower than assumed.",
            "How far below the assumed return the second stress case's return is.",
        ),
        Definition(
            K.STRESS_CAPITAL_FALL,
            "forecast",
            Unit.SHARE,
            _d("0"),
            _d("90"),
            _d("20"),
            "An illustrative market fall of a fifth, in the range of the falls in global "
            "equities in 2008 and 2020; set it to the fund's own risk appetite.",
            "A fall in the value of the endowment at the start of the first year; it then "
            "recovers over the years below.",
        ),
        Definition(
            K.STRESS_RECOVERY_YEARS,
            "forecast",
            Unit.YEARS,
            _d("0"),
            _d("20"),
            _d("3"),
            "Illustrative: shares regained their losses within months after the fall of 2020 "
            "and took about five years after 2008; set it to the fund's own view. 0 means the "
            "value never recovers.",
            "How many years the endowment takes to get back to where the assumed return would "
            "have taken it without the fall.",
            whole_number=True,
        ),
        Definition(
            K.STRESS_LOST_DECADE_YEARS,
            "forecast",
            Unit.YEARS,
            _d("0"),
            _d("30"),
            _d("10"),
            "Illustrative: a 'lost decade' like the 2000s, when UK and US shares returned "
            "little or nothing after inflation.",
            "How many years, from now, the endowment earns no real return at all: cash "
            "returns only keep up with inflation.",
            whole_number=True,
        ),
        Definition(
            K.STRESS_INFLATION_SHOCK,
            "forecast",
            Unit.PERCENT,
            _d("0"),
            _d("30"),
            _d("10"),
            "UK CPI inflation reached 11.1% in October 2022, its highest for 40 years "
            "(Office for National Statistics).",
            "Inflation during a shock, while cash returns stay where they were assumed to be, "
            "so the real return falls.",
        ),
        Definition(
            K.STRESS_INFLATION_SHOCK_YEARS,
            "forecast",
            Unit.YEARS,
            _d("0"),
            _d("10"),
            _d("2"),
            "UK CPI inflation was above 5% for about two years, from late 2021 to late 2023 "
            "(Office for National Statistics).",
            "How many years, from now, the inflation shock lasts.",
            whole_number=True,
        ),
        Definition(
            K.VOLATILITY,
            "forecast",
            Unit.PERCENT,
            _d("0"),
            _d("40"),
            _d("10"),
            "Illustrative: about the long-run volatility of a balanced portfolio of shares and "
            "bonds (shares alone have been nearer 15 to 20% a year); replace it with the "
            "figure from the fund's investment adviser.",
            "How much the real return varies from year to year (its standard deviation), for "
            "the simulation of many possible futures. The average is the assumed real return.",
        ),
        Definition(
            K.DISCOUNT_RATE,
            "social_value",
            Unit.PERCENT,
            _d("0"),
            _d("10"),
            _d("3.5"),
            GREEN_BOOK,
            "The rate at which future benefits are discounted to today's money.",
        ),
        Definition(
            K.BENEFIT_YEARS,
            "social_value",
            Unit.YEARS,
            _d("1"),
            _d("30"),
            _d("10"),
            FRONTIER,
            "The years over which the benefits of money spent arise, evenly.",
            whole_number=True,
        ),
        Definition(
            K.FISCAL,
            "social_value",
            Unit.GBP_PER_MILLION,
            _d("0"),
            _d("10000000"),
            _d("1200000"),
            FRONTIER,
            "Tax and benefit savings to the public purse.",
        ),
        Definition(
            K.EMPLOYMENT,
            "social_value",
            Unit.GBP_PER_MILLION,
            _d("0"),
            _d("10000000"),
            _d("740000"),
            FRONTIER,
            "Economic and social value from more people in work.",
        ),
        Definition(
            K.HEALTH,
            "social_value",
            Unit.GBP_PER_MILLION,
            _d("0"),
            _d("10000000"),
            _d("670000"),
            FRONTIER,
            "Economic and social value from better health and wellbeing.",
        ),
        Definition(
            K.LOCAL_INCOME,
            "social_value",
            Unit.GBP_PER_MILLION,
            _d("0"),
            _d("10000000"),
            _d("500000"),
            FRONTIER,
            "Economic and social value from more income staying in the area.",
        ),
        Definition(
            K.CRIME,
            "social_value",
            Unit.GBP_PER_MILLION,
            _d("0"),
            _d("10000000"),
            _d("130000"),
            FRONTIER,
            "Economic and social value from less crime.",
        ),
        Definition(
            K.WELLBY,
            "social_value",
            Unit.GBP_PER_WELLBY,
            _d("0"),
            _d("100000"),
            _d("13000"),
            WELLBY_SOURCE,
            "The value of one WELLBY, for the estimate from measured wellbeing: used only where "
            "partnerships measure life satisfaction on the ONS question.",
        ),
    ]
}

# The social-value categories in the order they are shown, and which are economic and social.
BENEFIT_KEYS = (K.FISCAL, K.EMPLOYMENT, K.HEALTH, K.LOCAL_INCOME, K.CRIME)
ECONOMIC_AND_SOCIAL_KEYS = (K.EMPLOYMENT, K.HEALTH, K.LOCAL_INCOME, K.CRIME)


def definition(key: str) -> Definition:
    return DEFINITIONS[key]
