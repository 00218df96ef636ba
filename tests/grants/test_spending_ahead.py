"""Spending ahead of payments (docs/money.md): a spend beyond what the LTO has received is refused,
unless (SPEND_AHEAD_OF_PAYMENTS = "confirm") the LTO's finance contact logs it confirming that
the LTO is fronting the money; the spend records that, and the partnership is on the trustees'
attention list, the API summary and the board pack until the payments catch up."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cwf.core.errors import DomainError
from grants.models import Spend
from grants.selectors.money import money_by_partnership, partnership_money, with_money
from grants.services.spend_import import ImportRefused, spend_import_confirm, spend_import_upload
from grants.services.spending import SpendInput, spend_log
from partnerships.models import Partnership
from reporting.board_pack.data import board_pack_data
from reporting.selectors.attention import spending_ahead_of_payments
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.grants.plan_scenario import setup_partnership, with_money_received

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def s(settings):
    settings.SPEND_AHEAD_OF_PAYMENTS = "confirm"
    return setup_partnership()  # approved, nothing paid: the LTO has received £0


def spend(s, amount="300.00", **kw) -> SpendInput:
    return SpendInput(
        spent_on=date(2024, 6, 1), amount=amount, payee="Hall Hire Ltd", description="Hall",
        theme_id=s["themes"]["Young people"].pk, **kw,
    )  # fmt: skip


def test_a_resident_cannot_spend_money_the_lto_has_not_received(s):
    with pytest.raises(DomainError) as refused:
        spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=spend(s))
    assert refused.value.field == "amount"
    assert (
        "The LTO has received £0.00 from the fund and £0.00 has been spent, so this spend of "
        "£300.00 would be £300.00 ahead of the payments." in refused.value.message
    )
    assert "Only the LTO's finance contact" in refused.value.message
    assert not Spend.objects.exists()


def test_lto_finance_must_confirm_it_is_fronting_the_money(s):
    with pytest.raises(DomainError) as refused:
        spend_log(partnership_id=s["partnership"].pk, actor=s["finance"], data=spend(s))
    assert refused.value.field == "fronted_by_lto"
    logged = spend_log(
        partnership_id=s["partnership"].pk, actor=s["finance"], data=spend(s, fronted_by_lto=True)
    )
    assert logged.fronted_by_lto and logged.logged_by == s["finance"]
    money = partnership_money(partnership_id=s["partnership"].pk)
    assert (money.received, money.spent, money.held, money.spent_ahead) == (
        D("0.00"), D("300.00"), D("0.00"), D("300.00"),
    )  # fmt: skip


def test_the_refuse_setting_refuses_even_lto_finance(s, settings):
    settings.SPEND_AHEAD_OF_PAYMENTS = "refuse"
    with pytest.raises(DomainError, match="once the next payment has reached the LTO"):
        spend_log(
            partnership_id=s["partnership"].pk, actor=s["finance"],
            data=spend(s, fronted_by_lto=True),
        )  # fmt: skip


def test_spends_within_what_was_received_need_no_confirmation(s):
    with_money_received(s)  # £100,000 paid to the LTO
    logged = spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=spend(s))
    assert not logged.fronted_by_lto
    assert partnership_money(partnership_id=s["partnership"].pk).held == D("99700.00")


def test_the_page_asks_lto_finance_to_confirm(s):
    client = signed_in(s["finance"])
    url = f"/plans/partnership/{s['partnership'].pk}/spending/log/"
    form = {
        "spent_on": "2024-06-01", "amount": "300.00", "payee": "Hall Hire Ltd",
        "description": "Hall", "theme": str(s["themes"]["Young people"].pk),
    }  # fmt: skip
    body = client.post(url, form).content.decode()
    assert "confirm that the LTO is fronting the money" in body
    response = client.post(url, {**form, "fronted_by_lto": "on"}, follow=True)
    assert "Spend of £300.00 to Hall Hire Ltd logged" in response.content.decode()
    money = client.get(f"/plans/partnership/{s['partnership'].pk}/money/").content.decode()
    assert "£300.00 has been spent ahead of the payments the LTO has received" in money


def test_an_import_ahead_of_payments_is_refused_by_line_unless_confirmed(s):
    rows = "Date,Payee,Description,Amount,Theme,Decision\n" + "".join(
        f"01/06/2024,Payee {n},Item,200.00,Young people,\n" for n in range(3)
    )

    def upload(**kw):
        return spend_import_upload(
            partnership_id=s["partnership"].pk, actor=s["finance"],
            upload=SimpleUploadedFile("spends.csv", rows.encode()), **kw,
        )  # fmt: skip

    with pytest.raises(ImportRefused) as refused:
        upload()
    assert refused.value.problems[0].startswith("Line 2: The LTO has received £0.00")
    assert len(refused.value.problems) == 3
    batch = upload(fronted_by_lto=True)
    created = spend_import_confirm(import_id=batch.pk, actor=s["finance"])
    assert [c.fronted_by_lto for c in created] == [True, True, True]
    assert partnership_money(partnership_id=s["partnership"].pk).spent_ahead == D("600.00")


def test_trustees_see_who_is_spending_ahead_everywhere(s):
    spend_log(
        partnership_id=s["partnership"].pk, actor=s["finance"],
        data=spend(s, "450.00", fronted_by_lto=True),
    )  # fmt: skip
    trustee = user_with_role(Role.TRUSTEE)
    ahead = spending_ahead_of_payments(viewer=trustee)
    assert [(a.partnership, a.received, a.spent, a.spent_ahead) for a in ahead] == [
        (s["partnership"], D("0.00"), D("450.00"), D("450.00"))
    ]
    client = signed_in(trustee)
    dashboard = client.get("/portfolio/").content.decode()
    assert "Spending ahead of payments (1)" in dashboard
    assert f"{s['partnership'].name}</a>: received £0.00, spent £450.00" in dashboard
    summary = client.get("/api/v1/portfolio/summary/").json()
    assert summary["attention"]["spending_ahead_of_payments"] == 1
    assert summary["headline"]["spent_ahead"] == "450.00"
    data = board_pack_data(viewer=trustee, as_of=date(2024, 6, 30), progress=lambda *a: None)
    notes = [n for e in data.appendix for n in e.attention]
    assert any(n.startswith("Spending ahead of payments") for n in notes)


def test_the_grouped_and_sql_definitions_agree(s):
    with_money_received(s)
    spend_log(partnership_id=s["partnership"].pk, actor=s["resident"], data=spend(s))
    other = setup_partnership()
    spend_log(
        partnership_id=other["partnership"].pk, actor=other["finance"],
        data=spend(other, "75.00", fronted_by_lto=True),
    )  # fmt: skip
    grouped = money_by_partnership()
    names = ("committed", "released", "paid", "received", "spent", "held", "spent_ahead")
    for row in with_money(Partnership.objects.all()):
        money = grouped.get(row.pk)
        if money is None:
            continue
        assert {n: getattr(row, n) for n in names} == {n: getattr(money, n) for n in names}
