"""Funding agreements, their payment schedules (tranches), holds and releases."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cwf.core.models import Tracked
from cwf.core.money import money_column

from .allocation import Allocation


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Every 3 months"
    HALF_YEARLY = "half_yearly", "Every 6 months"
    ANNUAL = "annual", "Every year"
    CUSTOM = "custom", "On dates I choose"


MONTHS_BETWEEN = {Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.ANNUAL: 12}


class FundingAgreement(models.Model):
    """The agreement with the partnership's LTO, the one document that binds in law. Issuing it
    sets the payment schedule and makes the allocation active."""

    allocation = models.OneToOneField(
        Allocation, on_delete=models.PROTECT, related_name="funding_agreement"
    )
    lto = models.ForeignKey(
        "partnerships.Lto", on_delete=models.PROTECT, related_name="funding_agreements"
    )
    reference = models.CharField(max_length=30, unique=True)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    first_due_on = models.DateField()
    terms = models.TextField(blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"Funding agreement {self.reference} with {self.lto}"


class Tranche(Tracked):
    """One scheduled payment to the LTO: a due row. The daily release run finds the due ones."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "On hold"
        RELEASED = "released", "Released"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"

    # The one table of allowed moves; grants.services.tranches.tranche_transition reads it.
    TRANSITIONS = {
        Status.SCHEDULED: {Status.RELEASED, Status.HELD, Status.CANCELLED},
        Status.HELD: {Status.SCHEDULED, Status.CANCELLED},
        # Released and unpaid, then withdrawn: the release is reversed in the ledger.
        Status.RELEASED: {Status.PAID, Status.CANCELLED},
        Status.PAID: set(),
        Status.CANCELLED: set(),
    }
    # Not yet released and not cancelled: still part of the schedule's promise.
    OPEN_STATUSES = (Status.SCHEDULED, Status.HELD)
    # Released (and perhaps paid): money that has left the commitment.
    RELEASED_STATUSES = (Status.RELEASED, Status.PAID)

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="tranches")
    # Never reused within an allocation: payment references are built from it.
    sequence = models.PositiveIntegerField()
    # What people call it: its place in the live schedule (1, 2, ...), renumbered whenever the
    # schedule changes (grants.services.tranches.tranches_renumber); a cancelled tranche keeps
    # the number it had, as history.
    number = models.PositiveIntegerField(default=0)
    due_on = models.DateField()
    amount = money_column()
    # Paid on top of `amount` to the LTO: its management contribution for this drawdown.
    management_contribution = money_column(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    bank_reference = models.CharField(max_length=60, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_recorded_at = models.DateTimeField(null=True, blank=True)
    receipt_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receipt_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["allocation_id", "due_on", "sequence"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="grants_tranche_due"),
            # The tranche lists (page and API) are ordered by due date: this serves that order.
            models.Index(fields=["due_on", "id"], name="grants_tranche_due_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "sequence"], name="tranche_sequence_unique"
            ),
            models.CheckConstraint(name="tranche_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="tranche_contribution_not_negative",
                condition=Q(management_contribution__gte=0),
            ),
            models.CheckConstraint(
                name="tranche_paid_has_bank_reference",
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & ~Q(bank_reference="")),
            ),
            models.CheckConstraint(
                name="tranche_receipt_only_when_paid",
                condition=Q(receipt_confirmed_at__isnull=True) | Q(status="paid"),
            ),
        ]

    def __str__(self) -> str:
        return f"Tranche {self.number} of allocation {self.allocation_id}, due {self.due_on}"

    @property
    def total(self):
        """What the LTO receives: the drawdown plus its management contribution."""
        return self.amount + self.management_contribution

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class TrancheHold(models.Model):
    """Why a tranche is not being released. A tranche is held while any hold is in force. Manual
    holds are placed by officers; automatic ones by the system (a later issue holds tranches when
    a quarterly report is overdue), and each kind is lifted separately."""

    class Kind(models.TextChoices):
        MANUAL = "manual", "Placed by an officer"
        AUTOMATIC = "automatic", "Placed automatically"

    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, related_name="holds")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tranche", "kind"],
                condition=Q(lifted_at__isnull=True),
                name="one_hold_in_force_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} hold on tranche {self.tranche_id}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class Release(models.Model):
    """A tranche's release: the fund pays it out. One per tranche, by a unique constraint, so no
    tranche is ever released twice whatever a worker or a broker does."""

    tranche = models.OneToOneField(Tranche, on_delete=models.PROTECT, related_name="release")
    transaction = models.OneToOneField(
        "grants.Transaction", on_delete=models.PROTECT, related_name="release"
    )
    # The payee: the LTO party to the funding agreement when the tranche was released.
    lto = models.ForeignKey("partnerships.Lto", on_delete=models.PROTECT, related_name="+")
    payment_reference = models.CharField(max_length=30, unique=True)
    released_on = models.DateField()
    released_at = models.DateTimeField(auto_now_add=True)
    # Null when the daily release run released it.
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the chair and the LTO were told; a repeated notification task sends nothing.
    notified_at = models.DateTimeField(null=True, blank=True)
    payment_transaction = models.OneToOneField(
        "grants.Transaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_of",
    )

    class Meta:
        ordering = ["-released_on", "-pk"]

    def __str__(self) -> str:
        return f"Release {self.payment_reference}"


class MoneyReturn(models.Model):
    """Money the LTO paid back to the fund: the underspend at close-out, or what it held when
    the allocation was withdrawn. `amount` is grant money (what the partnership's "returned"
    figure counts); `contribution` the LTO management contribution returned with it. Written
    once, with its ledger posting, by grants.services.returns.money_return_post."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="money_returns"
    )
    amount = money_column()
    contribution = money_column(default=0)
    returned_on = models.DateField()
    # Blank only on returns recorded before the bank reference was asked for.
    bank_reference = models.CharField(max_length=60, blank=True)
    transaction = models.OneToOneField(
        "grants.Transaction", on_delete=models.PROTECT, related_name="money_return"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-returned_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="money_return_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="money_return_contribution_not_negative", condition=Q(contribution__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} returned for allocation {self.allocation_id}"

    @property
    def total(self):
        return self.amount + self.contribution
