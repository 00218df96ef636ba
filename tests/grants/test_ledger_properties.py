"""The ledger property test: random sequences of contribute, propose, approve, amend, issue,
release, hold, pay, return (close-out) and withdraw, through the real services. After every
step the ledger's invariants must hold, whatever was refused along the way:

- every transaction sums to zero and has at least two entries;
- every running balance equals the sum of its account's entries;
- no allocation releases more than it commits, or pays more than it releases;
- uncommitted funds never go below zero;
- the schedule agrees with the ledger: what is still scheduled is exactly what is committed;
- restricted money (co-investment, issue 18: pledges received, scheduled, released and paid,
  sometimes to a partnership outside the restriction) never pays for anything outside its
  restriction, and what each pledge received is what it holds, released and paid."""

import os
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from cwf.core.errors import DomainError
from cwf.core.money import pence
from grants.models import (
    Account,
    Allocation,
    AllocationAmendment,
    CapitalSource,
    EndowmentMovement,
    Frequency,
    Pledge,
    RestrictedRelease,
    Tranche,
    Transaction,
)
from grants.selectors.coinvestment import pledge_partnerships, restricted_money_problems
from grants.services.agreements import funding_agreement_issue
from grants.services.allocations import allocation_approve, allocation_propose
from grants.services.amendments import amendment_approve, amendment_propose
from grants.services.closeout import allocation_close_out_start
from grants.services.coinvestment import (
    co_funder_save,
    pledge_accept,
    pledge_receipt_record,
    pledge_record,
)
from grants.services.disbursement import tranches_release_due
from grants.services.endowment import endowment_movement_record
from grants.services.payments import tranches_mark_paid
from grants.services.restricted_money import (
    restricted_release_schedule,
    restricted_releases_mark_paid,
)
from grants.services.tranches import tranche_hold, tranche_release_hold
from tests.factories import PartnershipFactory
from tests.grants import scenario
from tests.reporting.scenario import ward

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
ZERO = Decimal("0.00")


def pounds(low: int, high: int):
    """Amounts in whole pence between £low and £high, so rounding is exercised."""
    return st.integers(min_value=low * 100, max_value=high * 100).map(lambda p: Decimal(p) / 100)


class LedgerMachine(RuleBasedStateMachine):
    allocations = Bundle("allocations")
    pledges = Bundle("pledges")

    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint rolled back at the end: a fresh ledger every time.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.first, self.second = scenario.officers()
        self.partnerships = [PartnershipFactory() for _ in range(3)]
        for n, partnership in enumerate(self.partnerships):
            scenario.lto_for(partnership, contact_email="")
            # Two in one region, one in another: a region's restriction names two of three.
            region = "North East" if n < 2 else "North West"
            partnership.neighbourhoods.add(ward(f"E0590000{n}", f"Ward {n}", region, 5000, 1, 1))
        self.co_funder = co_funder_save(actor=self.first, name="A trust")
        self.receipts = 0
        self.today = date(1995, 1, 1)
        # Enough for two or three allocations, so approvals both succeed and get refused.
        self.contribute(amount=Decimal("5000000.00"), source=CapitalSource.DORMANT_ASSETS)

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def attempt(self, action, *args, **kwargs):
        """Run a service; a refusal is a legitimate outcome, not a failure."""
        try:
            result = action(*args, **kwargs)
        except DomainError:
            event(f"{action.__name__}: refused")
            return None
        event(f"{action.__name__}: done")
        return result

    @rule(amount=pounds(1, 3_000_000), source=st.sampled_from(CapitalSource.values))
    def contribute(self, amount, source):
        endowment_movement_record(
            actor=self.first,
            kind=EndowmentMovement.Kind.CAPITAL_CONTRIBUTION,
            source=source,
            amount=amount,
            received_on=self.today,
            description="Capital",
        )

    @rule(amount=pounds(1, 200_000))
    def pay_a_fee(self, amount):
        self.attempt(
            endowment_movement_record,
            actor=self.first,
            kind=EndowmentMovement.Kind.FEE,
            amount=amount,
            received_on=self.today,
            description="Fee",
        )

    @rule(
        target=allocations,
        which=st.integers(0, 2),
        amount=pounds(1_000_000, 2_500_000),
        years=st.integers(10, 15),
    )
    def propose(self, which, amount, years):
        allocation = self.attempt(
            allocation_propose,
            actor=self.first,
            partnership_id=self.partnerships[which].pk,
            amount=amount,
            starts_on=self.today,
            term_years=years,
        )
        return allocation.pk if allocation else multiple()

    @rule(
        target=allocations,
        which=st.integers(0, 2),
        amount=pounds(1_000_000, 2_500_000),
        frequency=st.sampled_from(Frequency.values[:3]),
    )
    def activate(self, which, amount, frequency):
        """The usual path in one step (propose, approve, issue), so that runs reach releases."""
        allocation = self.attempt(
            allocation_propose,
            actor=self.second,
            partnership_id=self.partnerships[which].pk,
            amount=amount,
            starts_on=self.today,
            term_years=10,
        )
        if allocation is None:
            return multiple()
        self.attempt(allocation_approve, allocation_id=allocation.pk, actor=self.first)
        self.attempt(
            funding_agreement_issue,
            allocation_id=allocation.pk,
            actor=self.first,
            frequency=frequency,
        )
        return allocation.pk

    @rule(allocation=allocations, self_approve=st.sampled_from([False, False, False, True]))
    def approve(self, allocation, self_approve):
        self.attempt(
            allocation_approve,
            allocation_id=allocation,
            actor=self.first if self_approve else self.second,
        )

    @rule(allocation=allocations, frequency=st.sampled_from(Frequency.values))
    def issue_agreement(self, allocation, frequency):
        custom = [self.today + timedelta(days=d) for d in (0, 200, 1000)]
        self.attempt(
            funding_agreement_issue,
            allocation_id=allocation,
            actor=self.first,
            frequency=frequency,
            custom_dates=custom if frequency == Frequency.CUSTOM else (),
        )

    @rule(allocation=allocations, new_amount=pounds(1_000_000, 2_500_000))
    def amend_amount(self, allocation, new_amount):
        amendment = self.attempt(
            amendment_propose,
            allocation_id=allocation,
            actor=self.second,
            kind=AllocationAmendment.Kind.AMOUNT,
            new_amount=new_amount,
            reason="Revised plan",
        )
        if amendment:
            self.attempt(amendment_approve, amendment_id=amendment.pk, actor=self.first)

    @rule(allocation=allocations, frequency=st.sampled_from(Frequency.values[:3]))
    def amend_schedule(self, allocation, frequency):
        amendment = self.attempt(
            amendment_propose,
            allocation_id=allocation,
            actor=self.first,
            kind=AllocationAmendment.Kind.SCHEDULE,
            new_frequency=frequency,
            new_first_due_on=self.today + timedelta(days=31),
            reason="New rhythm",
        )
        if amendment:
            self.attempt(amendment_approve, amendment_id=amendment.pk, actor=self.second)

    @rule(days=st.one_of(st.integers(1, 500), st.integers(3000, 4000)))
    def release_due(self, days):
        # Now and then a leap of about ten years, so that allocations reach close-out. The clock
        # stays in the past: a payment date cannot be in the future.
        self.today = min(self.today + timedelta(days=days), date(2025, 12, 31))
        released = tranches_release_due(today=self.today)
        event(f"release run: {'released' if released else 'nothing due'}")

    @rule(allocation=allocations, lift=st.booleans())
    def hold_or_lift(self, allocation, lift):
        tranche = Tranche.objects.filter(
            allocation_id=allocation, status__in=Tranche.OPEN_STATUSES
        ).first()
        if tranche is None:
            return
        if lift:
            self.attempt(
                tranche_release_hold, tranche_id=tranche.pk, actor=self.second, reason="Done"
            )
        else:
            self.attempt(tranche_hold, tranche_id=tranche.pk, actor=self.first, reason="Query")

    @rule(allocation=allocations, include_other=st.booleans())
    def pay(self, allocation, include_other):
        ids = list(
            Tranche.objects.filter(
                allocation_id=allocation, status=Tranche.Status.RELEASED
            ).values_list("pk", flat=True)
        )
        if include_other:  # sometimes slip in a tranche that is not payable
            ids += list(Tranche.objects.exclude(pk__in=ids).values_list("pk", flat=True)[:1])
        if ids:
            self.attempt(
                tranches_mark_paid,
                tranche_ids=ids,
                actor=self.second,
                bank_reference="BACS",
                paid_on=self.today,
            )

    @rule(allocation=allocations, share=st.integers(0, 100))
    def close_out_and_return(self, allocation, share):
        self.attempt(allocation_close_out_start, allocation_id=allocation, actor=self.first)
        paid = Tranche.objects.filter(
            allocation_id=allocation, status=Tranche.Status.PAID
        ).aggregate(s=Sum("amount"))["s"]
        underspend = (pence(paid) * share / 100).quantize(Decimal("0.01"))
        self.attempt(
            scenario.close,
            allocation,
            self.first,
            self.second,
            underspend_returned=underspend,
            returned_on=self.today,
        )

    @rule(allocation=allocations, share=st.integers(0, 100))
    def run_to_the_end(self, allocation, share):
        """Release and pay everything due over the next twelve years, then close out."""
        self.release_due(days=12 * 366)
        self.pay(allocation=allocation, include_other=False)
        self.close_out_and_return(allocation=allocation, share=share)

    @rule(allocation=allocations)
    def withdraw(self, allocation):
        self.attempt(scenario.withdraw, allocation, self.first, self.second, reason="Stop")

    # --- restricted money (co-investment) -------------------------------------------------------

    @rule(
        target=pledges,
        which=st.integers(0, 2),
        by_region=st.booleans(),
        amount=pounds(1, 200_000),
    )
    def pledge(self, which, by_region, amount):
        region = "North East" if which < 2 else "North West"
        pledge = self.attempt(
            pledge_record,
            actor=self.first,
            co_funder_id=self.co_funder.pk,
            amount=amount,
            starts_on=self.today,
            ends_on=self.today + timedelta(days=365),
            restriction="region" if by_region else "partnership",
            partnership_id=None if by_region else self.partnerships[which].pk,
            region=region if by_region else "",
        )
        if pledge is None:
            return multiple()
        self.attempt(pledge_accept, pledge_id=pledge.pk, actor=self.second)
        return pledge.pk

    @rule(pledge=pledges, share=st.integers(1, 120))
    def receive(self, pledge, share):
        """Sometimes more than was pledged: refused."""
        amount = (Pledge.objects.get(pk=pledge).amount * share / 100).quantize(Decimal("0.01"))
        self.receipts += 1
        self.attempt(
            pledge_receipt_record,
            pledge_id=pledge,
            actor=self.first,
            amount=max(amount, Decimal("0.01")),
            received_on=self.today,
            bank_reference=f"R{self.receipts}",
        )

    @rule(
        pledge=pledges,
        which=st.integers(0, 2),
        share=st.integers(1, 100),
        days=st.integers(0, 400),
        with_tranche=st.booleans(),
    )
    def schedule_restricted(self, pledge, which, share, days, with_tranche):
        """To any of the three partnerships: outside the restriction it must be refused."""
        partnership = self.partnerships[which]
        tranche = (
            Tranche.objects.filter(
                allocation__partnership=partnership, status=Tranche.Status.SCHEDULED
            ).first()
            if with_tranche
            else None
        )
        amount = (Pledge.objects.get(pk=pledge).amount * share / 100).quantize(Decimal("0.01"))
        self.attempt(
            restricted_release_schedule,
            pledge_id=pledge,
            actor=self.first,
            partnership_id=partnership.pk,
            amount=max(amount, Decimal("0.01")),
            due_on=self.today + timedelta(days=days),
            tranche_id=tranche.pk if tranche else None,
        )

    @rule()
    def pay_restricted(self):
        ids = list(
            RestrictedRelease.objects.filter(
                status=RestrictedRelease.Status.RELEASED, released_on__lte=self.today
            ).values_list("pk", flat=True)
        )
        if ids:
            self.attempt(
                restricted_releases_mark_paid,
                release_ids=ids,
                actor=self.second,
                bank_reference="BACS-R",
                paid_on=self.today,
            )

    # --- invariants, checked after every step -------------------------------------------------

    @invariant()
    def every_transaction_balances(self):
        for txn in Transaction.objects.prefetch_related("entries"):
            entries = list(txn.entries.all())
            assert len(entries) >= 2, txn
            assert sum(e.amount for e in entries) == ZERO, txn

    @invariant()
    def every_balance_is_the_sum_of_its_entries(self):
        for account in Account.objects.annotate(total=Sum("entries__amount")):
            assert account.balance == pence(account.total), account

    @invariant()
    def restricted_money_never_pays_outside_its_restriction(self):
        for account in Account.objects.filter(
            kind__in=[Account.Kind.RESTRICTED_PAYABLE, Account.Kind.RESTRICTED_PAID]
        ).select_related("pledge"):
            if account.balance != ZERO:
                assert (
                    pledge_partnerships(account.pledge).filter(pk=account.partnership_id).exists()
                ), account
        for release in RestrictedRelease.objects.exclude(
            status=RestrictedRelease.Status.CANCELLED
        ).select_related("pledge"):
            assert pledge_partnerships(release.pledge).filter(pk=release.partnership_id).exists()
        assert restricted_money_problems() == []

    @invariant()
    def restricted_money_never_exceeds_what_was_pledged(self):
        for pledge in Pledge.objects.all():
            income = Account.objects.filter(
                kind=Account.Kind.RESTRICTED_INCOME, pledge=pledge
            ).first()
            received = -(income.balance if income else ZERO)
            assert received <= pledge.amount, pledge
            released = pence(
                pledge.releases.exclude(status=RestrictedRelease.Status.CANCELLED).aggregate(
                    s=Sum("amount")
                )["s"]
            )
            assert released <= received, pledge

    @invariant()
    def uncommitted_funds_never_go_below_zero(self):
        for account in Account.objects.filter(kind=Account.Kind.UNCOMMITTED):
            assert account.balance >= ZERO

    @invariant()
    def no_allocation_pays_out_more_than_it_commits(self):
        for allocation in Allocation.objects.prefetch_related("ledger_accounts", "tranches"):
            balances = {a.kind: a.balance for a in allocation.ledger_accounts.all()}
            tranches = list(allocation.tranches.all())
            released = sum(
                (t.total for t in tranches if t.status in Tranche.RELEASED_STATUSES), ZERO
            )
            paid = sum((t.total for t in tranches if t.status == Tranche.Status.PAID), ZERO)
            committed = allocation.amount + allocation.management_contribution
            assert paid <= released <= committed, allocation
            assert all(balance >= ZERO for balance in balances.values()), balances
            assert balances.get(Account.Kind.PAYABLE, ZERO) == released - paid
            ledger_paid = sum(
                (
                    e.amount
                    for txn in allocation.ledger_transactions.filter(kind="payment")
                    for e in txn.entries.filter(account__kind=Account.Kind.PAID)
                ),
                ZERO,
            )
            assert ledger_paid == paid
            returned = (allocation.underspend_returned or ZERO) + (
                allocation.underspend_contribution_returned or ZERO
            )
            assert returned <= paid

    @invariant()
    def what_is_scheduled_is_what_is_committed(self):
        for allocation in Allocation.objects.prefetch_related("ledger_accounts", "tranches"):
            balances = {a.kind: a.balance for a in allocation.ledger_accounts.all()}
            commitment = balances.get(Account.Kind.COMMITMENT, ZERO)
            contribution = balances.get(Account.Kind.MANAGEMENT_CONTRIBUTION, ZERO)
            if allocation.status in (Allocation.Status.ACTIVE, Allocation.Status.CLOSING):
                open_tranches = [t for t in allocation.tranches.all() if t.is_open]
                assert sum((t.amount for t in open_tranches), ZERO) == commitment
                assert sum((t.management_contribution for t in open_tranches), ZERO) == (
                    contribution
                )
            elif allocation.status == Allocation.Status.APPROVED:
                assert (commitment, contribution) == (
                    allocation.amount,
                    allocation.management_contribution,
                )
            else:
                assert (commitment, contribution) == (ZERO, ZERO)


def test_the_ledger_holds_under_random_sequences_of_operations():
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            # Modest by default, to keep the suite quick; LEDGER_EXAMPLES=500 for a deep run.
            max_examples=int(os.environ.get("LEDGER_EXAMPLES", "15")),
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
