"""The schedule arithmetic: exact pence, deterministic remainders, dates within the term."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cwf.core.dates import add_months
from cwf.core.errors import DomainError
from grants.models import Frequency
from grants.services.schedule import (
    contribution_on,
    instalments,
    schedule_dates,
    spread_proportionally,
)


def test_quarterly_over_ten_years_is_forty_dates_within_the_term():
    dates = schedule_dates(
        frequency=Frequency.QUARTERLY, starts_on=date(2026, 4, 1), ends_on=date(2036, 4, 1)
    )
    assert len(dates) == 40
    assert dates[0] == date(2026, 4, 1) and dates[-1] == date(2036, 1, 1)


def test_month_ends_do_not_drift():
    dates = schedule_dates(
        frequency=Frequency.QUARTERLY,
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 1, 1),
        first_due_on=date(2026, 1, 31),
    )
    assert dates == [date(2026, 1, 31), date(2026, 4, 30), date(2026, 7, 31), date(2026, 10, 31)]
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_custom_dates_must_fall_within_the_term():
    with pytest.raises(DomainError, match=r"must fall within the term.*1 Apr 2036 does not"):
        schedule_dates(
            frequency=Frequency.CUSTOM,
            starts_on=date(2026, 4, 1),
            ends_on=date(2036, 4, 1),
            custom_dates=[date(2027, 1, 1), date(2036, 4, 1)],
        )
    with pytest.raises(DomainError, match="only once"):
        schedule_dates(
            frequency=Frequency.CUSTOM,
            starts_on=date(2026, 4, 1),
            ends_on=date(2036, 4, 1),
            custom_dates=[date(2027, 1, 1), date(2027, 1, 1)],
        )


def test_pence_left_over_go_to_the_earliest_instalments():
    assert instalments(Decimal("1000000.02"), 3) == [
        Decimal("333333.34"),
        Decimal("333333.34"),
        Decimal("333333.34"),
    ]
    assert instalments(Decimal("100.00"), 3) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    with pytest.raises(DomainError, match="cannot be split into 3 payments"):
        instalments(Decimal("0.02"), 3)


def test_contribution_rounds_half_up():
    assert contribution_on(Decimal("1000000.10"), Decimal("0.05")) == Decimal("50000.01")
    assert contribution_on(Decimal("0.10"), Decimal("0.05")) == Decimal("0.01")


@given(
    total=st.integers(min_value=1, max_value=10**11).map(lambda p: Decimal(p) / 100),
    parts=st.integers(min_value=1, max_value=60),
)
def test_instalments_always_add_up_exactly(total, parts):
    if total * 100 < parts:
        return
    amounts = instalments(total, parts)
    assert sum(amounts) == total
    assert max(amounts) - min(amounts) <= Decimal("0.01")
    assert amounts == sorted(amounts, reverse=True)


@given(
    total=st.integers(min_value=0, max_value=10**9).map(lambda p: Decimal(p) / 100),
    weights=st.lists(
        st.integers(min_value=1, max_value=10**9).map(lambda p: Decimal(p) / 100),
        min_size=1,
        max_size=60,
    ),
)
def test_a_proportional_spread_adds_up_exactly_and_stays_within_a_penny(total, weights):
    shares = spread_proportionally(total, weights)
    assert sum(shares) == total
    whole = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - total * weight / whole) <= Decimal("0.01")
