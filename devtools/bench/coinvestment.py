"""The bench portfolio's co-investment (issue 18), written in bulk through the same constraints
as real data: every third partnership has a co-funder's pledge restricted to it (accepted by a
second officer, £30,000 of £40,000 received, £20,000 released and paid to it), and every other
partnership has raised local income (one entry verified, one waiting). Each posting balances and
each restricted account's balance is the sum of its entries (`ledger_check`,
`restricted_money_problems`)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants.models import (
    Account,
    CoFunder,
    LocalIncome,
    Pledge,
    PledgeReceipt,
    RestrictedRelease,
    Transaction,
)

from .postings import BenchPostings

CO_FUNDERS = 5
PLEDGED, RECEIVED, PAID = Decimal("40000.00"), Decimal("30000.00"), Decimal("20000.00")
LOCAL = (Decimal("12500.00"), Decimal("800.00"))  # verified, waiting
KIND = Account.Kind
TXN = Transaction.Kind


def pledged(index: int) -> bool:
    return index % 3 == 0


def raised(index: int) -> bool:
    return index % 2 == 0


def _co_funders() -> list[CoFunder]:
    return [
        CoFunder.objects.get_or_create(
            name=f"Bench co-funder {n}", defaults={"charity_number": f"{1100000 + n}"}
        )[0]
        for n in range(CO_FUNDERS)
    ]


def coinvestment_create(*, chunk: list[dict], people, run_day, rows: dict) -> None:
    day = run_day - timedelta(days=100)
    pledges = _pledges_create(chunk=chunk, people=people, run_day=run_day, day=day)
    ledger = BenchPostings()
    moved = [_restricted_postings(ledger, pledge, day=day) for pledge in pledges]
    ledger.write()
    PledgeReceipt.objects.bulk_create(
        PledgeReceipt(
            pledge=pledge,
            amount=RECEIVED,
            received_on=day,
            bank_reference=f"BENCH-CF-{pledge.pk}",
            transaction=receipt,
            recorded_by=people.proposer,
        )
        for pledge, (receipt, _release, _payment) in zip(pledges, moved, strict=True)
    )
    RestrictedRelease.objects.bulk_create(
        RestrictedRelease(
            pledge=pledge,
            partnership=pledge.partnership,
            amount=PAID,
            due_on=day,
            status=RestrictedRelease.Status.PAID,
            release_transaction=release_txn,
            payment_transaction=payment_txn,
            released_on=day,
            paid_on=day,
            bank_reference=f"BENCH-R-{pledge.pk}",
            created_by=people.proposer,
            paid_by=people.proposer,
        )
        for pledge, (_receipt, release_txn, payment_txn) in zip(pledges, moved, strict=True)
    )
    income = _local_income_create(chunk=chunk, people=people, day=day)
    for name, count in (
        ("pledges", len(pledges)),
        ("local income", len(income)),
        ("transactions", len(ledger.postings)),
        ("accounts", len(ledger.accounts)),
    ):
        rows[name] = rows.get(name, 0) + count


def _pledges_create(*, chunk: list[dict], people, run_day, day) -> list[Pledge]:
    """Every third partnership's pledge, accepted by a second officer, partly received."""
    funders = _co_funders()
    now = timezone.now()
    return Pledge.objects.bulk_create(
        Pledge(
            co_funder=funders[item["index"] % CO_FUNDERS],
            amount=PLEDGED,
            starts_on=day - timedelta(days=200),
            ends_on=run_day + timedelta(days=365),
            restriction=Pledge.Restriction.PARTNERSHIP,
            partnership=item["partnership"],
            conditions="Bench pledge",
            status=Pledge.Status.PARTLY_RECEIVED,
            recorded_by=people.proposer,
            accepted_by=people.approver,
            accepted_at=now,
        )
        for item in chunk
        if pledged(item["index"])
    )


def _restricted_postings(ledger: BenchPostings, pledge: Pledge, *, day) -> list[Transaction]:
    """A pledge's receipt, release and payment to its partnership: the three postings."""
    p = pledge.partnership
    held = ledger.account(KIND.RESTRICTED_HELD, pledge=pledge)
    payable = ledger.account(KIND.RESTRICTED_PAYABLE, pledge=pledge, partnership=p)
    income = ledger.account(KIND.RESTRICTED_INCOME, pledge=pledge)
    paid = ledger.account(KIND.RESTRICTED_PAID, pledge=pledge, partnership=p)
    return [
        ledger.post(
            Transaction(kind=TXN.RESTRICTED_RECEIPT, memo="Bench receipt", effective_on=day),
            [(held, RECEIVED), (income, -RECEIVED)],
        ),
        ledger.post(
            Transaction(
                kind=TXN.RESTRICTED_RELEASE, memo="Bench restricted release", effective_on=day
            ),
            [(payable, PAID), (held, -PAID)],
        ),
        ledger.post(
            Transaction(
                kind=TXN.RESTRICTED_PAYMENT, memo="Bench restricted payment", effective_on=day
            ),
            [(paid, PAID), (payable, -PAID)],
        ),
    ]


def _local_income_create(*, chunk: list[dict], people, day) -> list[LocalIncome]:
    """Every other partnership's local income: one entry verified, one waiting."""
    now = timezone.now()
    return LocalIncome.objects.bulk_create(
        LocalIncome(
            partnership=item["partnership"],
            kind=LocalIncome.Kind.EARNED,
            source="Bench community cafe",
            amount=amount,
            received_on=day,
            evidence_reference="Bench accounts",
            status=status,
            recorded_by=people.proposer,
            verified_by=people.approver if status == LocalIncome.Status.VERIFIED else None,
            verified_at=now if status == LocalIncome.Status.VERIFIED else None,
        )
        for item in chunk
        if raised(item["index"])
        for amount, status in zip(
            LOCAL, (LocalIncome.Status.VERIFIED, LocalIncome.Status.RECORDED), strict=True
        )
    )
