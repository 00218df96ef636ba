"""The spending log's kept totals (grants.models.SpendTotal): what the portfolio reads as spend.
They must always equal the log summed, whichever service wrote it, and ledger_verify must say
so, or name the difference."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cwf.accounts.roles import Role
from grants.models import Spend, SpendTotal
from grants.selectors.spending_totals import spend_total_differences
from grants.services.spend_import import ImportRefused, spend_import_confirm, spend_import_upload
from grants.services.spending import spend_log, spend_reverse
from reporting.selectors.portfolio import portfolio_headline
from tests.factories import user_with_role
from tests.grants.test_spending_services import _csv, data
from tests.grants.test_spending_services import s as s  # the fixture

pytestmark = pytest.mark.django_db


def _trustee_sees_spent():
    return portfolio_headline(viewer=user_with_role(Role.TRUSTEE)).spent


def test_logged_reversed_and_imported_spend_reaches_the_trustees_figure(s):
    partnership = s["partnership"].pk
    first = spend_log(partnership_id=partnership, actor=s["resident"], data=data(s, "120.00"))
    spend_log(
        partnership_id=partnership,
        actor=s["resident"],
        data=data(s, "30.50", theme_id=s["themes"]["Young people"].pk),
    )
    assert _trustee_sees_spent() == Decimal("150.50")
    spend_reverse(spend_id=first.pk, actor=s["chair"], reason="Logged twice")
    assert _trustee_sees_spent() == Decimal("30.50")
    batch = spend_import_upload(
        partnership_id=partnership,
        actor=s["finance"],
        upload=_csv("01/06/2024,Hall Hire,Room,99.99,Community spaces,"),
    )
    spend_import_confirm(import_id=batch.pk, actor=s["finance"])
    assert _trustee_sees_spent() == Decimal("130.49")
    assert spend_total_differences() == []
    kept = SpendTotal.objects.get(partnership_id=partnership, theme=s["themes"]["Community spaces"])
    assert (kept.amount, kept.entries) == (Decimal("99.99"), 3)


def test_a_refused_import_changes_no_total(s):
    spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=data(s, "10.00"))
    with pytest.raises(ImportRefused):
        spend_import_upload(
            partnership_id=s["partnership"].pk,
            actor=s["finance"],
            upload=_csv("01/06/2024,Hall Hire,Room,12.00,Community spaces,", "x,y,z,1,a,"),
        )
    assert _trustee_sees_spent() == Decimal("10.00")


def test_ledger_verify_names_a_total_that_differs_from_the_log(s, capsys):
    spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=data(s, "10.00"))
    call_command("ledger_verify")
    SpendTotal.objects.update(amount=Decimal("11.00"))
    with pytest.raises(CommandError, match="1 difference"):
        call_command("ledger_verify")
    out = capsys.readouterr().out
    assert f"partnership {s['partnership'].pk}" in out
    assert "kept £11.00, the spending log sums to £10.00" in out


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["Community spaces", "Young people"]),
            st.decimals(min_value="0.01", max_value="400.00", places=2),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_totals_equal_the_log_after_any_spends_and_reversals(s, steps):
    for theme, amount, reverse in steps:
        spend = spend_log(
            partnership_id=s["partnership"].pk,
            actor=s["resident"],
            data=data(s, str(amount), theme_id=s["themes"][theme].pk, spent_on=date(2024, 6, 1)),
        )
        if reverse:
            spend_reverse(spend_id=spend.pk, actor=s["chair"], reason="Wrong amount")
    assert spend_total_differences() == []
    net = sum((sp.amount for sp in Spend.objects.all()), Decimal(0))
    assert _trustee_sees_spent() == net
