"""The social value estimate, against figures worked out by hand (exact pence)."""

from decimal import Decimal as D

from reporting.social_value import (
    Category,
    SocialValueAssumptions,
    annuity_factor,
    social_value,
    social_value_portfolio,
)

FRONTIER = (
    Category("fiscal", "Fiscal", D("1200000"), fiscal=True),
    Category("employment", "Employment", D("740000")),
    Category("health", "Health and wellbeing", D("670000")),
    Category("local_income", "Local income", D("500000")),
    Category("crime", "Crime", D("130000")),
)


def assumptions(rate: str, years: int) -> SocialValueAssumptions:
    return SocialValueAssumptions(categories=FRONTIER, years=years, discount_rate=D(rate))


def test_undiscounted_is_the_frontier_figures_pro_rata():
    value = social_value(D("500000.00"), assumptions("0", 10))
    assert [b.undiscounted for b in value.benefits] == [
        D("600000.00"), D("370000.00"), D("335000.00"), D("250000.00"), D("65000.00")
    ]  # fmt: skip
    # With no discounting the present value is the undiscounted total: £1.62m per £500k.
    assert value.present_value == value.undiscounted == D("1620000.00")
    assert value.benefit_cost_ratio == D("3.24")


def test_two_years_at_ten_percent_by_hand():
    # Each category's benefit is spread over 2 years and discounted: x (1/1.1 + 1/1.21) / 2.
    # Fiscal: 600,000/1.1 + 600,000/1.21 = 545,454.5454... + 495,867.7685... = 1,041,322.31
    value = social_value(D("1000000.00"), assumptions("0.10", 2))
    assert [b.present_value for b in value.benefits] == [
        D("1041322.31"), D("642148.76"), D("581404.96"), D("433884.30"), D("112809.92")
    ]  # fmt: skip
    assert value.fiscal_present_value == D("1041322.31")
    assert value.economic_and_social_present_value == D("1770247.94")
    assert value.present_value == D("2811570.25")
    assert value.benefit_cost_ratio == D("2.81")


def test_green_book_rate_over_ten_years():
    # sum of 1/1.035^t for t = 1..10 is 8.316605323...; fiscal £120,000 a year for 10 years.
    assert annuity_factor(D("0.035"), 10).quantize(D("0.000001")) == D("8.316605")
    value = social_value(D("1000000.00"), assumptions("0.035", 10))
    assert value.benefits[0].present_value == D("997992.64")
    assert value.undiscounted == D("3240000.00")
    assert value.present_value == D("2694580.13")
    assert value.benefit_cost_ratio == D("2.69")


def test_nothing_spent_has_no_ratio():
    value = social_value(D("0.00"), assumptions("0.035", 10))
    assert value.present_value == D("0.00")
    assert value.benefit_cost_ratio is None


def test_the_portfolio_is_the_sum_of_its_partnerships():
    result = social_value_portfolio(
        {"a": D("333333.33"), "b": D("666666.67")}, assumptions("0.035", 10)
    )
    a, b = (value for _, value in result.rows)
    assert result.total.spent == D("1000000.00")
    assert result.total.present_value == a.present_value + b.present_value
    for i, benefit in enumerate(result.total.benefits):
        assert benefit.present_value == a.benefits[i].present_value + b.benefits[i].present_value
    # Rounding per partnership can differ from the whole by a penny or two, never more.
    whole = social_value(D("1000000.00"), assumptions("0.035", 10))
    assert abs(result.total.present_value - whole.present_value) <= D("0.05")
