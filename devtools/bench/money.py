"""The bench portfolio's money, written in bulk but through the same constraints as real data:
every ledger transaction balances (the PostgreSQL deferred triggers check each at commit), each
account's running balance is the sum of its entries (checked by `ledger_check` at the end), and
the tranche, release and payment rows agree with the postings."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from cwf.core.dates import add_months
from cwf.core.money import split_evenly
from grants.models import (
    Account,
    Allocation,
    CapitalSource,
    EndowmentMovement,
    Entry,
    Frequency,
    FundingAgreement,
    Release,
    Tranche,
    Transaction,
)
from grants.services.disbursement import payment_reference
from grants.services.ledger import account_key
from grants.services.schedule import contribution_on

from . import generate
from .postings import BenchPostings

RATE = Decimal("0.0500")
DECISION_AMOUNT = Decimal("2500.00")
TRANCHES = 60
KIND = Account.Kind
TXN = Transaction.Kind


def allocation_amount(i: int) -> Decimal:
    return Decimal(1_500_000 + (i % 7) * 100_000) + Decimal("0.37") * (i % 3)


def allocation_total(i: int) -> Decimal:
    amount = allocation_amount(i)
    return amount + contribution_on(amount, RATE)


def endowment_fund(*, total: Decimal, actor, rows: dict) -> None:
    """Capital from the four sources: what every allocation commits, and 10% more uncommitted."""
    capital = (total * Decimal("1.1")).quantize(Decimal("0.01"))
    parts = split_evenly(capital, len(CapitalSource.values))
    uncommitted = Account(kind=KIND.UNCOMMITTED, key=account_key(KIND.UNCOMMITTED), balance=capital)
    sources = [
        Account(kind=KIND.CAPITAL, source=s, key=account_key(KIND.CAPITAL, source=s), balance=-part)
        for s, part in zip(CapitalSource.values, parts, strict=True)
    ]
    Account.objects.bulk_create([uncommitted, *sources])
    movements = EndowmentMovement.objects.bulk_create(
        EndowmentMovement(
            kind=EndowmentMovement.Kind.CAPITAL_CONTRIBUTION,
            source=account.source,
            amount=-account.balance,
            received_on=generate.starts_on(0),
            description="Bench capital",
            recorded_by=actor,
        )
        for account in sources
    )
    txns = Transaction.objects.bulk_create(
        Transaction(
            kind=TXN.CAPITAL_CONTRIBUTION,
            memo="Bench capital",
            effective_on=movement.received_on,
            actor=actor,
            endowment_movement=movement,
            idempotency_key=f"endowment:{movement.pk}",
        )
        for movement in movements
    )
    Entry.objects.bulk_create(
        entry
        for txn, account in zip(txns, sources, strict=True)
        for entry in (
            Entry(transaction=txn, account=uncommitted, amount=-account.balance),
            Entry(transaction=txn, account=account, amount=account.balance),
        )
    )
    rows["transactions"] = rows.get("transactions", 0) + len(txns)


def allocations_create(*, chunk: list[dict], people, rows: dict) -> list[Allocation]:
    now = timezone.now()
    allocations = Allocation.objects.bulk_create(
        Allocation(
            partnership=item["partnership"],
            amount=allocation_amount(item["index"]),
            management_contribution_rate=RATE,
            management_contribution=contribution_on(allocation_amount(item["index"]), RATE),
            starts_on=generate.starts_on(item["index"]),
            term_years=generate.TERM_YEARS,
            purpose="Bench allocation",
            status=Allocation.Status.ACTIVE,
            proposed_by=people.proposer,
            approved_by=people.approver,
            approved_at=now,
            activated_at=now,
        )
        for item in chunk
    )
    FundingAgreement.objects.bulk_create(
        FundingAgreement(
            allocation=allocation,
            lto=item["lto"],
            reference=f"BENCH-{allocation.pk:06d}",
            frequency=Frequency.QUARTERLY,
            first_due_on=allocation.starts_on,
            issued_by=people.proposer,
        )
        for allocation, item in zip(allocations, chunk, strict=True)
    )
    tranches = Tranche.objects.bulk_create(
        tranche for allocation in allocations for tranche in _plan(allocation, people, now)
    )
    rows["allocations"] = rows.get("allocations", 0) + len(allocations)
    rows["tranches"] = rows.get("tranches", 0) + len(tranches)
    _ledger(allocations=allocations, chunk=chunk, tranches=tranches, people=people, rows=rows)
    return allocations


def _plan(allocation: Allocation, people, now) -> list[Tranche]:
    amounts = split_evenly(allocation.amount, TRANCHES)
    contributions = split_evenly(allocation.management_contribution, TRANCHES)
    out = []
    for k in range(TRANCHES):
        due_on = add_months(allocation.starts_on, 3 * k)
        released = due_on < generate.RUN_QUARTER_STARTS
        paid = released and add_months(due_on, 3) < generate.RUN_QUARTER_STARTS
        status = Tranche.Status.PAID if paid else Tranche.Status.RELEASED
        out.append(
            Tranche(
                allocation=allocation,
                sequence=k + 1,
                number=k + 1,
                due_on=due_on,
                amount=amounts[k],
                management_contribution=contributions[k],
                status=status if released else Tranche.Status.SCHEDULED,
                paid_on=due_on if paid else None,
                bank_reference=f"BACS{allocation.pk:06d}{k:03d}" if paid else "",
                paid_by=people.proposer if paid else None,
                paid_recorded_at=now if paid else None,
            )
        )
    return out


def _ledger(*, allocations, chunk, tranches, people, rows) -> None:
    """Commitment, release and payment postings, their accounts with final running balances,
    and the release rows, for one chunk."""
    uncommitted = Account.objects.get(key=account_key(KIND.UNCOMMITTED))
    ledger = BenchPostings()
    lto_of = {}
    for allocation, item in zip(allocations, chunk, strict=True):
        lto_of[allocation.pk] = item["lto"]
        _commit(ledger, allocation, uncommitted=uncommitted, actor=people.approver)
    by_pk = {allocation.pk: allocation for allocation in allocations}
    released = [t for t in tranches if t.status in Tranche.RELEASED_STATUSES]
    release_txns, payment_txns = {}, {}
    for tranche in released:
        allocation = by_pk[tranche.allocation_id]
        release_txns[tranche.pk] = _release(ledger, allocation, tranche)
        if tranche.status == Tranche.Status.PAID:
            payment_txns[tranche.pk] = _pay(
                ledger, allocation, tranche, lto=lto_of[allocation.pk], actor=people.proposer
            )
    moves, entries = ledger.write()
    Account.objects.filter(pk=uncommitted.pk).update(
        balance=uncommitted.balance + moves[KIND.UNCOMMITTED]
    )
    Release.objects.bulk_create(
        Release(
            tranche=tranche,
            transaction=release_txns[tranche.pk],
            lto=lto_of[tranche.allocation_id],
            payment_reference=payment_reference(tranche),
            released_on=tranche.due_on,
            payment_transaction=payment_txns.get(tranche.pk),
        )
        for tranche in released
    )
    for name, count in (
        ("transactions", len(ledger.postings)),
        ("entries", entries),
        ("releases", len(released)),
        ("accounts", len(ledger.accounts)),
    ):
        rows[name] = rows.get(name, 0) + count


def _commit(ledger: BenchPostings, allocation, *, uncommitted: Account, actor) -> Transaction:
    """An approval: uncommitted funds -> the commitment and the management contribution."""
    return ledger.post(
        Transaction(
            kind=TXN.COMMITMENT,
            memo=f"Allocation {allocation.pk} approved",
            effective_on=allocation.starts_on,
            actor=actor,
            allocation=allocation,
        ),
        [
            (uncommitted, -allocation.total_commitment),
            (ledger.account(KIND.COMMITMENT, allocation=allocation), allocation.amount),
            (
                ledger.account(KIND.MANAGEMENT_CONTRIBUTION, allocation=allocation),
                allocation.management_contribution,
            ),
        ],
    )


def _release(ledger: BenchPostings, allocation, tranche: Tranche) -> Transaction:
    """A tranche's release: the commitment and contribution -> payable."""
    return ledger.post(
        Transaction(
            kind=TXN.RELEASE,
            memo=f"Tranche {tranche.sequence} released",
            effective_on=tranche.due_on,
            allocation=allocation,
            tranche=tranche,
            idempotency_key=f"tranche:{tranche.pk}:release",
        ),
        [
            (ledger.account(KIND.PAYABLE, allocation=allocation), tranche.total),
            (ledger.account(KIND.COMMITMENT, allocation=allocation), -tranche.amount),
            (
                ledger.account(KIND.MANAGEMENT_CONTRIBUTION, allocation=allocation),
                -tranche.management_contribution,
            ),
        ],
    )


def _pay(ledger: BenchPostings, allocation, tranche: Tranche, *, lto, actor) -> Transaction:
    """A tranche's payment: payable -> paid to the LTO."""
    return ledger.post(
        Transaction(
            kind=TXN.PAYMENT,
            memo=f"Tranche {tranche.sequence} paid",
            effective_on=tranche.paid_on,
            actor=actor,
            allocation=allocation,
            tranche=tranche,
            idempotency_key=f"tranche:{tranche.pk}:payment",
        ),
        [
            (ledger.account(KIND.PAID, lto=lto), tranche.total),
            (ledger.account(KIND.PAYABLE, allocation=allocation), -tranche.total),
        ],
    )
