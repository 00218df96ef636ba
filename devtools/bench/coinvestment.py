"""The bench portfolio's co-investment (issue 18), written in bulk through the same constraints
as real data: every third partnership has a co-funder's pledge restricted to it (accepted by a
second officer, £30,000 of £40,000 received, £20,000 released and paid to it), and every other
partnership has raised local income (one entry verified, one waiting). Each posting balances and
each restricted account's balance is the sum of its entries (`ledger_check`,
`restricted_money_problems`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cwf.core.money import ZERO
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
    funders = _co_funders()
    now = timezone.now()
    day = run_day - timedelta(days=100)
    with_pledge = [item for item in chunk if pledged(item["index"])]
    pledges = Pledge.objects.bulk_create(
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
        for item in with_pledge
    )
    accounts: dict[str, Account] = {}

    def account(kind: str, pledge: Pledge, partnership=None) -> Account:
        key = f"{kind}:cofunder:{pledge.co_funder_id}:pledge:{pledge.pk}"
        if partnership is not None:
            key += f":partnership:{partnership.pk}"
        if key not in accounts:
            accounts[key] = Account(kind=kind, key=key, pledge=pledge, partnership=partnership)
        return accounts[key]

    postings: list[tuple[Transaction, list]] = []
    releases = []
    for pledge, item in zip(pledges, with_pledge, strict=True):
        p = item["partnership"]
        held = account(KIND.RESTRICTED_HELD, pledge)
        payable = account(KIND.RESTRICTED_PAYABLE, pledge, p)
        receipt = Transaction(kind=TXN.RESTRICTED_RECEIPT, memo="Bench receipt", effective_on=day)
        release_txn = Transaction(
            kind=TXN.RESTRICTED_RELEASE, memo="Bench restricted release", effective_on=day
        )
        payment_txn = Transaction(
            kind=TXN.RESTRICTED_PAYMENT, memo="Bench restricted payment", effective_on=day
        )
        postings += [
            (receipt, [(held, RECEIVED), (account(KIND.RESTRICTED_INCOME, pledge), -RECEIVED)]),
            (release_txn, [(payable, PAID), (held, -PAID)]),
            (payment_txn, [(account(KIND.RESTRICTED_PAID, pledge, p), PAID), (payable, -PAID)]),
        ]
        releases.append((pledge, p, receipt, release_txn, payment_txn))
    balances: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for _txn, lines in postings:
        assert sum(amount for _, amount in lines) == ZERO, "a bench posting must balance"
        for acc, amount in lines:
            balances[acc.key] += amount
    for key, acc in accounts.items():
        acc.balance = balances[key]
    Account.objects.bulk_create(accounts.values())
    Transaction.objects.bulk_create(txn for txn, _ in postings)
    Entry.objects.bulk_create(
        (
            Entry(transaction=txn, account=acc, amount=amount)
            for txn, lines in postings
            for acc, amount in lines
            if amount != ZERO
        ),
        batch_size=5000,
    )
    PledgeReceipt.objects.bulk_create(
        PledgeReceipt(
            pledge=pledge,
            amount=RECEIVED,
            received_on=day,
            bank_reference=f"BENCH-CF-{pledge.pk}",
            transaction=receipt,
            recorded_by=people.proposer,
        )
        for pledge, _p, receipt, _r, _pay in releases
    )
    RestrictedRelease.objects.bulk_create(
        RestrictedRelease(
            pledge=pledge,
            partnership=p,
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
        for pledge, p, _receipt, release_txn, payment_txn in releases
    )
    income = LocalIncome.objects.bulk_create(
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
    for name, count in (
        ("pledges", len(pledges)),
        ("local income", len(income)),
        ("transactions", len(postings)),
        ("accounts", len(accounts)),
    ):
        rows[name] = rows.get(name, 0) + count
