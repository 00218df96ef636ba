"""The return the books show: investment income booked in the ledger each year, over the money
the fund held that year, against the assumption."""

from decimal import Decimal as D

from reporting.achieved import achieved_return
from reporting.forecast import Rates


def test_income_over_the_average_money_held_year_by_year_and_overall():
    result = achieved_return(
        # 2020: capital in; 2021: 10,000 income, 50,000 paid out; 2022: 12,000 income.
        held_changes={2020: D("1000000.00"), 2021: D("-40000.00"), 2022: D("12000.00"),
                      2023: D("5000.00")},
        income={2021: D("10000.00"), 2022: D("12000.00"), 2023: D("5000.00")},
        this_year=2023,
        assumed=Rates(D("0.035"), D("0.02")),
    )  # fmt: skip
    # 2020 is left out: the fund held nothing at its start, so no year's return can be told.
    rows = [(y.year, y.held_start, y.held_end, y.average_held, y.income, y.rate)
            for y in result.years]  # fmt: skip
    assert rows == [
        (2021, D("1000000.00"), D("960000.00"), D("980000.00"), D("10000.00"), D("0.0102")),
        (2022, D("960000.00"), D("972000.00"), D("966000.00"), D("12000.00"), D("0.0124")),
    ]
    # 22,000 over 1,946,000 of average balances: money-weighted, 1.13% a year.
    assert result.rate == D("0.0113")
    assert (result.first_year, result.last_year) == (2021, 2022)
    assert result.income_this_year == D("5000.00")
    assert result.assumed_cash_return == D("0.0557")
    assert result.below_assumption


def test_no_complete_year_yet_says_so():
    result = achieved_return(held_changes={2026: D("5.00")}, income={}, this_year=2026,
                             assumed=Rates(D("0.035"), D("0.02")))  # fmt: skip
    assert result.years == [] and result.rate is None and not result.below_assumption
