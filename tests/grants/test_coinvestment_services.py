"""Co-funders, pledges, receipts of restricted money and its release (issue 18)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cwf.accounts.roles import Role
from cwf.core.errors import DomainError, TransitionError
from grants.models import (
    Account,
    CoFunder,
    Entry,
    LocalIncome,
    Pledge,
    PledgeReceipt,
    RestrictedRelease,
    Transaction,
)
from grants.services.coinvestment import (
    co_funder_save,
    pledge_accept,
    pledge_amendment_approve,
    pledge_amendment_propose,
    pledge_lapse,
    pledge_match_due,
    pledge_receipt_record,
    pledge_received,
)
from grants.services.disbursement import tranches_release_due
from grants.services.local_income import local_income_decide, local_income_record
from grants.services.plans import themes_ensure
from grants.services.restricted_money import (
    restricted_release,
    restricted_release_schedule,
    restricted_releases_mark_paid,
)
from tests.factories import PartnershipFactory, user_with_role
from tests.grants import scenario as money
from tests.grants.coinvestment_scenario import START, accepted, co_funder, pledge, received

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def officers():
    return money.officers()


def balance(key_part: str, kind: str) -> Decimal:
    account = Account.objects.filter(kind=kind, key__contains=key_part).first()
    return account.balance if account else D("0")


# --- Co-funders --------------------------------------------------------------------------------
def test_a_co_funder_has_org_ids_and_contacts(officers):
    officer, _ = officers
    funder = co_funder(officer, charity_number="1123456", company_number="01234567")
    assert funder.org_ids == ["GB-CHC-1123456", "GB-COH-01234567"]
    assert [c.name for c in funder.contacts.all()] == ["Ada Grants"]


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("charity_number", {"charity_number": "12"}),
        ("company_number", {"company_number": "ABC"}),
        ("name", {"name": " "}),
        ("region", {"funds": CoFunder.Funds.REGION}),
        ("theme", {"funds": CoFunder.Funds.THEME}),
        ("partnerships", {"funds": CoFunder.Funds.PARTNERSHIPS}),
    ],
)
def test_a_bad_co_funder_is_refused_naming_the_field(officers, field, kwargs):
    officer, _ = officers
    kwargs = {"name": "Trust", **kwargs}
    with pytest.raises(DomainError) as refused:
        co_funder_save(actor=officer, **kwargs)
    assert refused.value.field == field
    assert not CoFunder.objects.exists()


def test_only_officers_record_co_funders():
    trustee = user_with_role(Role.TRUSTEE)
    with pytest.raises(DomainError):
        co_funder_save(actor=trustee, name="Trust")


# --- Pledges -----------------------------------------------------------------------------------
def test_a_pledge_in_another_currency_is_refused_naming_the_field(officers):
    officer, _ = officers
    with pytest.raises(DomainError) as refused:
        pledge(officer, partnership=PartnershipFactory(), currency="EUR")
    assert refused.value.field == "currency"
    assert "GBP" in refused.value.message
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("region", {"restriction": Pledge.Restriction.REGION, "region": "Atlantis"}),
        ("region", {"restriction": Pledge.Restriction.REGION, "region": ""}),
        ("partnership", {"restriction": Pledge.Restriction.PARTNERSHIP, "partnership_id": None}),
        ("theme", {"restriction": Pledge.Restriction.THEME, "theme_id": None}),
        ("amount", {"amount": "-5"}),
        ("amount", {"amount": "10.001"}),
        ("ends_on", {"ends_on": date(2020, 1, 1)}),
        ("match_ratio", {"match_ratio": "lots", "match_cap": "100"}),
    ],
)
def test_a_bad_pledge_is_refused_naming_the_field(officers, field, kwargs):
    officer, _ = officers
    funder = co_funder(officer)
    with pytest.raises(DomainError) as refused:
        pledge(officer, funder=funder, partnership=PartnershipFactory(), **kwargs)
    assert refused.value.field == field
    assert not Pledge.objects.exists()


def test_a_theme_restriction_that_matches_no_partnership_is_refused(officers):
    officer, _ = officers
    theme = themes_ensure()[0]
    with pytest.raises(DomainError) as refused:
        pledge(officer, restriction=Pledge.Restriction.THEME, theme_id=theme.pk)
    assert refused.value.field == "theme"
    assert "matches no partnership" in refused.value.message


def test_a_pledge_outside_what_the_co_funder_funds_is_refused(officers):
    officer, _ = officers
    named, other = PartnershipFactory(), PartnershipFactory()
    funder = co_funder(officer, funds=CoFunder.Funds.PARTNERSHIPS, partnership_ids=[named.pk])
    with pytest.raises(DomainError) as refused:
        pledge(officer, funder=funder, partnership=other)
    assert refused.value.field == "partnership"
    assert pledge(officer, funder=funder, partnership=named).pk


def test_four_eyes_a_second_officer_accepts(officers):
    officer, approver = officers
    recorded = pledge(officer, partnership=PartnershipFactory())
    with pytest.raises(DomainError, match="different officer"):
        pledge_accept(pledge_id=recorded.pk, actor=officer)
    accepted_pledge = pledge_accept(pledge_id=recorded.pk, actor=approver)
    assert accepted_pledge.status == Pledge.Status.ACCEPTED
    assert accepted_pledge.accepted_by == approver
    with pytest.raises(TransitionError):
        pledge_accept(pledge_id=recorded.pk, actor=approver)


def test_lifecycle_through_receipts_to_fulfilled(officers):
    officer, approver = officers
    accepted_pledge = accepted(officer, approver, partnership=PartnershipFactory())
    pledge_receipt_record(
        pledge_id=accepted_pledge.pk, actor=officer, amount="20000.00",
        received_on=START, bank_reference="A1",
    )  # fmt: skip
    accepted_pledge.refresh_from_db()
    assert accepted_pledge.status == Pledge.Status.PARTLY_RECEIVED
    pledge_receipt_record(
        pledge_id=accepted_pledge.pk, actor=officer, amount="30000.00",
        received_on=START, bank_reference="A2",
    )  # fmt: skip
    accepted_pledge.refresh_from_db()
    assert accepted_pledge.status == Pledge.Status.FULFILLED
    key = f"pledge:{accepted_pledge.pk}"
    assert balance(key, Account.Kind.RESTRICTED_HELD) == D("50000.00")
    assert balance(key, Account.Kind.RESTRICTED_INCOME) == D("-50000.00")


def test_a_receipt_before_acceptance_is_refused(officers):
    officer, _ = officers
    recorded = pledge(officer, partnership=PartnershipFactory())
    with pytest.raises(DomainError) as refused:
        pledge_receipt_record(
            pledge_id=recorded.pk, actor=officer, amount="10.00", received_on=START,
            bank_reference="X",
        )  # fmt: skip
    assert refused.value.field == "pledge"


def test_an_over_receipt_is_refused_until_an_officer_amends_the_pledge(officers):
    officer, approver = officers
    p = received(officer, approver, partnership=PartnershipFactory(), receive="40000.00")
    transactions = Transaction.objects.count()
    with pytest.raises(DomainError) as refused:
        pledge_receipt_record(
            pledge_id=p.pk, actor=officer, amount="10000.01", received_on=START,
            bank_reference="OVER",
        )  # fmt: skip
    assert refused.value.field == "amount"
    assert "amends the pledge" in refused.value.message
    # Atomic: nothing written, not even the ledger transaction.
    assert Transaction.objects.count() == transactions
    assert PledgeReceipt.objects.count() == 1
    change = pledge_amendment_propose(
        pledge_id=p.pk, actor=officer, reason="The trust gives more", amount="60000.00"
    )
    pledge_amendment_approve(amendment_id=change.pk, actor=approver)
    pledge_receipt_record(
        pledge_id=p.pk, actor=officer, amount="10000.01", received_on=START,
        bank_reference="OVER",
    )  # fmt: skip
    p.refresh_from_db()
    assert p.status == Pledge.Status.PARTLY_RECEIVED


def test_an_amendment_never_goes_below_what_was_received(officers):
    officer, approver = officers
    p = received(officer, approver, partnership=PartnershipFactory(), receive="40000.00")
    with pytest.raises(DomainError) as refused:
        pledge_amendment_propose(pledge_id=p.pk, actor=officer, reason="Less", amount="39999.99")
    assert refused.value.field == "amount"


def test_a_lapsed_pledge_takes_no_money(officers):
    officer, approver = officers
    p = accepted(officer, approver, partnership=PartnershipFactory())
    with pytest.raises(DomainError) as refused:
        pledge_lapse(pledge_id=p.pk, actor=officer, reason="")
    assert refused.value.field == "reason"
    pledge_lapse(pledge_id=p.pk, actor=officer, reason="The trust wound up")
    with pytest.raises(DomainError):
        pledge_receipt_record(
            pledge_id=p.pk, actor=officer, amount="1.00", received_on=START, bank_reference="L"
        )


# --- Restricted money to a partnership --------------------------------------------------------
def test_restricted_money_is_released_once_and_paid(officers):
    officer, approver = officers
    partnership = PartnershipFactory()
    money.lto_for(partnership)
    p = received(officer, approver, partnership=partnership)
    release = restricted_release_schedule(
        pledge_id=p.pk, actor=officer, partnership_id=partnership.pk, amount="30000.00",
        due_on=date(2024, 5, 1),
    )  # fmt: skip
    assert restricted_release(release_id=release.pk, today=date(2024, 4, 30)) == "not_due"
    outcomes = tranches_release_due(today=date(2024, 5, 1))
    assert outcomes["restricted released"] == 1
    assert restricted_release(release_id=release.pk, today=date(2024, 5, 2)) == "not_due"
    assert tranches_release_due(today=date(2024, 5, 2)).get("restricted released") is None
    restricted_releases_mark_paid(
        release_ids=[release.pk], actor=officer, bank_reference="PAY-1", paid_on=date(2024, 5, 3)
    )
    release.refresh_from_db()
    assert release.status == RestrictedRelease.Status.PAID
    key = f"pledge:{p.pk}"
    assert balance(key, Account.Kind.RESTRICTED_HELD) == D("20000.00")
    assert balance(f"{key}:partnership:{partnership.pk}", Account.Kind.RESTRICTED_PAID) == D(
        "30000.00"
    )
    # A second payment of the same release is refused.
    with pytest.raises(DomainError):
        restricted_releases_mark_paid(
            release_ids=[release.pk], actor=officer, bank_reference="PAY-2",
            paid_on=date(2024, 5, 3),
        )  # fmt: skip
    for txn in Transaction.objects.all():
        assert sum(e.amount for e in Entry.objects.filter(transaction=txn)) == 0


def test_restricted_money_rides_with_a_tranche(officers):
    officer, approver = officers
    money.fund(officer)
    allocation = money.active(officer, approver)
    partnership = allocation.partnership
    p = received(officer, approver, partnership=partnership)
    first = allocation.tranches.order_by("sequence").first()
    release = restricted_release_schedule(
        pledge_id=p.pk, actor=officer, partnership_id=partnership.pk, amount="50000.00",
        tranche_id=first.pk,
    )  # fmt: skip
    outcomes = tranches_release_due(today=first.due_on)
    assert outcomes["restricted released"] == 1
    release.refresh_from_db()
    assert release.status == RestrictedRelease.Status.RELEASED


def test_restricted_money_never_pays_outside_its_restriction(officers):
    officer, approver = officers
    named, other = PartnershipFactory(), PartnershipFactory()
    p = received(officer, approver, partnership=named)
    with pytest.raises(DomainError) as refused:
        restricted_release_schedule(
            pledge_id=p.pk, actor=officer, partnership_id=other.pk, amount="1.00",
            due_on=START,
        )  # fmt: skip
    assert refused.value.field == "partnership"
    assert not RestrictedRelease.objects.exists()


def test_no_more_is_scheduled_than_was_received(officers):
    officer, approver = officers
    partnership = PartnershipFactory()
    p = received(officer, approver, partnership=partnership, receive="10000.00")
    with pytest.raises(DomainError) as refused:
        restricted_release_schedule(
            pledge_id=p.pk, actor=officer, partnership_id=partnership.pk, amount="10000.01",
            due_on=START,
        )  # fmt: skip
    assert refused.value.field == "amount"


# --- Local income ------------------------------------------------------------------------------
def test_lto_finance_records_local_income_and_an_officer_verifies_it(officers):
    officer, _ = officers
    partnership = PartnershipFactory()
    finance = user_with_role(Role.LTO_FINANCE, partnership)
    transactions = Transaction.objects.count()
    income = local_income_record(
        actor=finance, partnership_id=partnership.pk, kind=LocalIncome.Kind.DONATION,
        source="Village fete", amount="1250.00", received_on=START,
        evidence_reference="Bank statement 2024-04",
    )  # fmt: skip
    local_income_decide(income_id=income.pk, actor=officer, verified=True)
    income.refresh_from_db()
    assert income.status == LocalIncome.Status.VERIFIED
    assert Transaction.objects.count() == transactions  # never the fund's money


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("evidence", {"evidence_reference": ""}),
        ("amount", {"amount": "0"}),
        ("source", {"source": ""}),
        ("kind", {"kind": "lottery_win"}),
    ],
)
def test_bad_local_income_is_refused_naming_the_field(field, kwargs):
    partnership = PartnershipFactory()
    finance = user_with_role(Role.LTO_FINANCE, partnership)
    values = {
        "kind": LocalIncome.Kind.EARNED, "source": "Cafe", "amount": "10.00",
        "received_on": START, "evidence_reference": "Till roll", **kwargs,
    }  # fmt: skip
    with pytest.raises(DomainError) as refused:
        local_income_record(actor=finance, partnership_id=partnership.pk, **values)
    assert refused.value.field == field
    assert not LocalIncome.objects.exists()


def test_a_resident_cannot_record_local_income():
    partnership = PartnershipFactory()
    resident = user_with_role(Role.RESIDENT_MEMBER, partnership)
    with pytest.raises(DomainError):
        local_income_record(
            actor=resident, partnership_id=partnership.pk, kind=LocalIncome.Kind.EARNED,
            source="Cafe", amount="10.00", received_on=START, evidence_reference="x",
        )  # fmt: skip


def test_a_match_rule_follows_verified_local_income(officers):
    officer, approver = officers
    partnership = PartnershipFactory()
    p = accepted(
        officer, approver, partnership=partnership, match_ratio="1", match_cap="50000.00",
        conditions="Match the partnership's own fundraising 1:1 up to £50,000",
    )  # fmt: skip
    assert pledge_match_due(p) == D("0.00")
    for amount in ("30000.00", "40000.00"):
        income = local_income_record(
            actor=officer, partnership_id=partnership.pk, kind=LocalIncome.Kind.OTHER_GRANT,
            source="Council", amount=amount, received_on=START, evidence_reference="letter",
        )  # fmt: skip
        local_income_decide(income_id=income.pk, actor=approver, verified=True)
    assert pledge_match_due(p) == D("50000.00")


def _verified_income(officer, approver, partnership, amount):
    income = local_income_record(
        actor=officer, partnership_id=partnership.pk, kind=LocalIncome.Kind.OTHER_GRANT,
        source="Council", amount=amount, received_on=START, evidence_reference="letter",
    )  # fmt: skip
    local_income_decide(income_id=income.pk, actor=approver, verified=True)


def test_a_match_rule_limits_what_may_be_received(officers):
    """1:1 up to £50,000: nothing may arrive before the partnership raises its own; then as
    much as it raised, never beyond the cap; the refusal says how much the rule still allows."""
    officer, approver = officers
    partnership = PartnershipFactory()
    p = accepted(
        officer, approver, partnership=partnership, amount="60000.00", match_ratio="1",
        match_cap="50000.00",
    )  # fmt: skip

    def receive(amount, ref):
        return pledge_receipt_record(
            pledge_id=p.pk, actor=officer, amount=amount, received_on=START, bank_reference=ref
        )

    with pytest.raises(DomainError) as refused:
        receive("0.01", "M0")
    assert refused.value.field == "amount"
    assert "it still allows £0.00" in refused.value.message
    _verified_income(officer, approver, partnership, "30000.00")
    receive("20000.00", "M1")
    with pytest.raises(DomainError) as refused:
        receive("10000.01", "M2")
    message = refused.value.message
    assert "£1.00 for each £1 of the partnership's verified local income, up to £50,000.00" in (
        message
    )
    assert "allows £30,000.00 so far" in message and "still allows £10,000.00" in message
    receive("10000.00", "M2")
    _verified_income(officer, approver, partnership, "40000.00")  # raised 70,000: cap binds
    with pytest.raises(DomainError) as refused:
        receive("20000.01", "M3")
    assert "still allows £20,000.00" in refused.value.message
    receive("20000.00", "M3")
    assert pledge_received(p) == D("50000.00")
    assert PledgeReceipt.objects.filter(pledge=p).count() == 3
    assert Transaction.objects.filter(kind=Transaction.Kind.RESTRICTED_RECEIPT).count() == 3


def test_a_pledge_without_a_match_rule_is_limited_only_by_its_amount(officers):
    officer, approver = officers
    p = received(officer, approver, partnership=PartnershipFactory(), receive="50000.00")
    assert p.status == Pledge.Status.FULFILLED


# --- ledger_verify covers restricted money -----------------------------------------------
def test_ledger_verify_checks_restricted_money(officers, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from grants.services import ledger

    officer, approver = officers
    named, other = PartnershipFactory(), PartnershipFactory()
    p = received(officer, approver, partnership=named)
    call_command("ledger_verify")
    assert "0 differences" in capsys.readouterr().out
    # Money moved by hand to a partnership outside the restriction (bypassing the services) is
    # found, though every transaction balances.
    ledger.ledger_post(
        lines=ledger.lines(
            (ledger.account_for(Account.Kind.RESTRICTED_PAYABLE, pledge=p, partnership=other), 5),
            (ledger.account_for(Account.Kind.RESTRICTED_HELD, pledge=p), -5),
        ),
        memo="Tampering",
        kind=Transaction.Kind.RESTRICTED_RELEASE,
    )
    with pytest.raises(CommandError, match="1 difference"):
        call_command("ledger_verify")
    assert "which its restriction does not name" in capsys.readouterr().out
