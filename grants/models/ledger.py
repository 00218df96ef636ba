"""The double-entry ledger: accounts, transactions and their entries.

Amounts are signed: a positive entry is a debit, a negative entry a credit, and the entries of a
transaction sum to zero. Each account kind has a normal side (see `Account.DEBIT_KINDS`): the
balance of a debit-normal account never goes below zero and that of a credit-normal account never
above it, which is how "uncommitted funds never go below zero" and "no allocation releases more
than it commits" are held by the database itself.

The chart of accounts, as money moves through it:

    capital contribution   capital:<source>     -> uncommitted
    investment income      investment_income    -> uncommitted
    fee or cost            uncommitted          -> fees
    approval (commit)      uncommitted          -> commitment + contribution:<allocation>
    release of a tranche   commitment + contribution:<allocation> -> payable:<allocation>
    payment                payable:<allocation> -> paid:<lto>
    money returned         returned_underspend  -> uncommitted
    handover to a new LTO  paid:<old lto>       -> paid:<new lto>
    release cancelled      payable:<allocation> -> commitment + contribution:<allocation>
    withdrawal, close-out  commitment + contribution:<allocation> -> uncommitted

Restricted money (co-investment, issue 18) has its own accounts, per co-funder and pledge (a
pledge is one co-funder's money under one restriction), and never touches the fund's own:

    pledge receipt         restricted_income:<pledge> -> restricted_held:<pledge>
    restricted release     restricted_held:<pledge>   -> restricted_payable:<pledge>:<partnership>
    restricted payment     restricted_payable:<pledge>:<partnership>
                                                      -> restricted_paid:<pledge>:<partnership>
    release cancelled      restricted_payable         -> restricted_held (a reversal)

The partnership on a restricted payable or paid account is one the pledge's restriction names
(checked by `restricted_release_schedule` and again under the lock when it is released), so
restricted money can only ever pay for what its restriction names.

("a -> b" credits a and debits b.) So at any moment:

    capital + investment income + returned underspend
        = uncommitted + commitments + contributions + payable + paid + fees
    restricted income = restricted held + restricted payable + restricted paid

Entries and transactions are never updated or deleted (see grants/services/ledger.py and the
PostgreSQL triggers in migration 0002)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cwf.core.dates import display_date
from cwf.core.money import money_column


class CapitalSource(models.TextChoices):
    DORMANT_ASSETS = "dormant_assets", "Dormant assets"
    LOTTERY_MATCH = "lottery_match", "National Lottery match"
    PRIVATE_CO_INVESTMENT = "private_co_investment", "Private co-investment"
    PHILANTHROPY = "philanthropy", "Philanthropy"


CREDIT_KIND_NAMES = ["capital", "investment_income", "returned_underspend", "restricted_income"]


class Account(models.Model):
    class Kind(models.TextChoices):
        CAPITAL = "capital", "Endowment capital"
        INVESTMENT_INCOME = "investment_income", "Investment income"
        UNCOMMITTED = "uncommitted", "Uncommitted funds"
        FEES = "fees", "Fees and costs"
        COMMITMENT = "commitment", "Commitment"
        MANAGEMENT_CONTRIBUTION = "management_contribution", "LTO management contribution"
        PAYABLE = "payable", "Released, awaiting payment"
        PAID = "paid", "Paid to LTO"
        RETURNED_UNDERSPEND = "returned_underspend", "Returned underspend"
        RESTRICTED_INCOME = "restricted_income", "Restricted money received from a co-funder"
        RESTRICTED_HELD = "restricted_held", "Restricted money held by the fund"
        RESTRICTED_PAYABLE = "restricted_payable", "Restricted money released, awaiting payment"
        RESTRICTED_PAID = "restricted_paid", "Restricted money paid to a partnership's LTO"

    # Debit-normal accounts hold money (or record where it went); the rest are where it came from.
    DEBIT_KINDS = frozenset(
        {
            Kind.UNCOMMITTED,
            Kind.FEES,
            Kind.COMMITMENT,
            Kind.MANAGEMENT_CONTRIBUTION,
            Kind.PAYABLE,
            Kind.PAID,
            Kind.RESTRICTED_HELD,
            Kind.RESTRICTED_PAYABLE,
            Kind.RESTRICTED_PAID,
        }
    )
    CREDIT_KINDS = frozenset(
        {Kind.CAPITAL, Kind.INVESTMENT_INCOME, Kind.RETURNED_UNDERSPEND, Kind.RESTRICTED_INCOME}
    )
    RESTRICTED_KINDS = frozenset(
        {
            Kind.RESTRICTED_INCOME,
            Kind.RESTRICTED_HELD,
            Kind.RESTRICTED_PAYABLE,
            Kind.RESTRICTED_PAID,
        }
    )
    ALLOCATION_KINDS = frozenset({Kind.COMMITMENT, Kind.MANAGEMENT_CONTRIBUTION, Kind.PAYABLE})

    kind = models.CharField(max_length=30, choices=Kind.choices)
    source = models.CharField(max_length=30, choices=CapitalSource.choices, blank=True)
    allocation = models.ForeignKey(
        "grants.Allocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
    )
    lto = models.ForeignKey(
        "partnerships.Lto",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
    )
    # Restricted money: the pledge (one co-funder, one restriction), and for money released
    # or paid, the partnership it went to.
    pledge = models.ForeignKey(
        "grants.Pledge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restricted_ledger_accounts",
    )
    # One account per (kind, source, allocation, lto, pledge, partnership); the key spells it
    # out so that a lookup never depends on how a database compares NULLs.
    key = models.CharField(max_length=80, unique=True)
    # The running total of this account's entries, updated in the same database transaction as
    # the entries (see ledger_post). `manage.py ledger_verify` recomputes it from the entries.
    balance = money_column(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.CheckConstraint(
                name="account_scope_matches_kind",
                condition=(
                    Q(
                        kind="capital",
                        allocation__isnull=True,
                        lto__isnull=True,
                        pledge__isnull=True,
                        source__in=CapitalSource.values,
                    )
                    | Q(
                        kind__in=["commitment", "management_contribution", "payable"],
                        allocation__isnull=False,
                        lto__isnull=True,
                        pledge__isnull=True,
                        source="",
                    )
                    | Q(
                        kind="paid",
                        allocation__isnull=True,
                        lto__isnull=False,
                        pledge__isnull=True,
                        source="",
                    )
                    | Q(
                        kind__in=["restricted_income", "restricted_held"],
                        allocation__isnull=True,
                        lto__isnull=True,
                        pledge__isnull=False,
                        partnership__isnull=True,
                        source="",
                    )
                    | Q(
                        kind__in=["restricted_payable", "restricted_paid"],
                        allocation__isnull=True,
                        lto__isnull=True,
                        pledge__isnull=False,
                        partnership__isnull=False,
                        source="",
                    )
                    | Q(
                        kind__in=[
                            "investment_income",
                            "uncommitted",
                            "fees",
                            "returned_underspend",
                        ],
                        allocation__isnull=True,
                        lto__isnull=True,
                        pledge__isnull=True,
                        partnership__isnull=True,
                        source="",
                    )
                ),
            ),
            models.CheckConstraint(
                name="account_balance_on_its_normal_side",
                condition=(
                    Q(
                        kind__in=CREDIT_KIND_NAMES,
                        balance__lte=0,
                    )
                    | (~Q(kind__in=CREDIT_KIND_NAMES) & Q(balance__gte=0))
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.source:
            return f"{self.get_kind_display()}: {self.get_source_display()}"
        if self.allocation_id:
            return f"{self.get_kind_display()}: allocation {self.allocation_id}"
        if self.lto_id:
            return f"{self.get_kind_display()}: {self.lto}"
        if self.partnership_id:
            return f"{self.get_kind_display()}: pledge {self.pledge_id}, {self.partnership}"
        if self.pledge_id:
            return f"{self.get_kind_display()}: pledge {self.pledge_id}"
        return self.get_kind_display()

    @property
    def is_debit_normal(self) -> bool:
        return self.kind in self.DEBIT_KINDS

    @property
    def normal_balance(self):
        """The balance as a positive figure on the account's normal side, for people to read."""
        return self.balance if self.is_debit_normal else -self.balance


class Transaction(models.Model):
    """One business event in the ledger: who, when, why and what it refers to. Never updated or
    deleted; a mistake is put right by a reversing transaction (`reverses`)."""

    class Kind(models.TextChoices):
        CAPITAL_CONTRIBUTION = "capital_contribution", "Capital contribution"
        INVESTMENT_INCOME = "investment_income", "Investment income"
        FEE = "fee", "Fee or cost"
        COMMITMENT = "commitment", "Commitment"
        AMENDMENT = "amendment", "Amendment"
        RELEASE = "release", "Release"
        PAYMENT = "payment", "Payment"
        UNDERSPEND_RETURN = "underspend_return", "Underspend returned"
        HANDOVER = "handover", "Handed over to a new LTO"
        DECOMMITMENT = "decommitment", "Commitment released back"
        REVERSAL = "reversal", "Reversal"
        RESTRICTED_RECEIPT = "restricted_receipt", "Restricted money received"
        RESTRICTED_RELEASE = "restricted_release", "Restricted money released"
        RESTRICTED_PAYMENT = "restricted_payment", "Restricted money paid"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    memo = models.CharField("why", max_length=500)
    # The day the event happened in the world (a payment date, the day money arrived); the
    # moment it was recorded is created_at.
    effective_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Null when the system posted it (the daily release run). PROTECT, not SET_NULL: a
    # transaction is never updated, so nothing it refers to may be deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_transactions",
    )
    allocation = models.ForeignKey(
        "grants.Allocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_transactions",
    )
    tranche = models.ForeignKey(
        "grants.Tranche",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_transactions",
    )
    endowment_movement = models.ForeignKey(
        "grants.EndowmentMovement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_transactions",
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    # A business event that must post once (a tranche's release, its payment) names itself here;
    # the unique index refuses a second posting even if every other guard failed.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-effective_on", "-pk"]
        indexes = [models.Index(fields=["effective_on"], name="grants_txn_effective_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {display_date(self.effective_on)}: {self.memo}"


class Entry(models.Model):
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    # Positive is a debit, negative a credit.
    amount = money_column()

    class Meta:
        ordering = ["transaction_id", "pk"]
        verbose_name_plural = "entries"
        constraints = [
            models.CheckConstraint(name="entry_amount_not_zero", condition=~Q(amount=0)),
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.amount}"
