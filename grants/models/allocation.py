from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cwf.core.dates import add_years
from cwf.core.models import Tracked
from cwf.core.money import money_column

RATE_FIELD = {"max_digits": 5, "decimal_places": 4}


class Allocation(Tracked):
    """The fund's long-term commitment of an amount to one partnership, over a term of years."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        ACTIVE = "active", "Active"
        CLOSING = "closing", "Closing"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The one table of allowed moves; grants.services.allocations.allocation_transition reads it.
    TRANSITIONS = {
        Status.PROPOSED: {Status.APPROVED, Status.WITHDRAWN},
        Status.APPROVED: {Status.ACTIVE, Status.WITHDRAWN},
        Status.ACTIVE: {Status.CLOSING, Status.WITHDRAWN},
        Status.CLOSING: {Status.CLOSED, Status.WITHDRAWN},
        Status.CLOSED: set(),
        Status.WITHDRAWN: set(),
    }
    OPEN_STATUSES = (Status.PROPOSED, Status.APPROVED, Status.ACTIVE, Status.CLOSING)
    # Statuses in which money is committed in the ledger.
    COMMITTED_STATUSES = (Status.APPROVED, Status.ACTIVE, Status.CLOSING)

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="allocations"
    )
    amount = money_column()
    # The LTO management contribution rate is fixed when the allocation is proposed, so a later
    # change to the setting never alters a promise already made.
    management_contribution_rate = models.DecimalField(**RATE_FIELD)
    # amount x rate, to the penny, kept in step by amount amendments.
    management_contribution = money_column()
    starts_on = models.DateField()
    term_years = models.PositiveSmallIntegerField()
    purpose = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    close_out_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    close_out_started_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    underspend_returned = money_column(null=True, blank=True)
    underspend_contribution_returned = money_column(null=True, blank=True)
    # Close-out's own record (issue 24): the partnership's final report and legacy statement,
    # written by its chair (or an officer) while the allocation is closing; closing needs both.
    final_report = models.TextField(blank=True)
    legacy_statement = models.TextField(blank=True)
    closeout_statement_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closeout_statement_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="allocation_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="allocation_contribution_not_negative",
                condition=Q(management_contribution__gte=0),
            ),
            models.CheckConstraint(
                name="allocation_rate_between_0_and_1",
                condition=Q(
                    management_contribution_rate__gte=0, management_contribution_rate__lt=1
                ),
            ),
            models.CheckConstraint(name="allocation_term_positive", condition=Q(term_years__gt=0)),
            # Four eyes, held by the database as well as the service.
            models.CheckConstraint(
                name="allocation_approver_is_not_proposer",
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                violation_error_message="The officer who proposed an allocation cannot approve it.",
            ),
            models.CheckConstraint(
                name="allocation_approved_has_approver",
                condition=Q(status__in=["proposed", "withdrawn"])
                | Q(approved_by__isnull=False, approved_at__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(status__in=["proposed", "approved", "active", "closing"]),
                name="one_open_allocation_per_partnership",
                violation_error_message="This partnership already has an open allocation.",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} to {self.partnership} over {self.term_years} years"

    @property
    def ends_on(self) -> date:
        """The first day after the term (exclusive: a date belongs to the term when
        starts_on <= date < ends_on). People are shown `last_day`."""
        return add_years(self.starts_on, self.term_years)

    @property
    def last_day(self) -> date:
        """The term's last day: the one end date every page, export and 360Giving shows."""
        return self.ends_on - timedelta(days=1)

    @property
    def total_commitment(self):
        """What approval commits: the allocation plus the LTO management contribution on top."""
        return self.amount + self.management_contribution

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class AllocationAmendment(models.Model):
    """A change to an approved allocation that needs a second officer: its amount, term or
    payment schedule, its withdrawal, or its close (with the underspend returned). Append-only:
    an amendment is proposed by one officer with a reason and decided once by another; the
    record of it, and of what it changed, is kept."""

    class Kind(models.TextChoices):
        AMOUNT = "amount", "Amount"
        TERM = "term", "Term"
        SCHEDULE = "schedule", "Payment schedule"
        WITHDRAWAL = "withdrawal", "Withdrawal"
        CLOSE = "close", "Close-out"
        LTO_CHANGE = "lto_change", "Change of LTO"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    TRANSITIONS = {
        Status.PROPOSED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
    }

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="amendments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    reason = models.TextField()
    # What it proposes (only the fields of its kind are set) ...
    new_amount = money_column(null=True, blank=True)
    new_starts_on = models.DateField(null=True, blank=True)
    new_term_years = models.PositiveSmallIntegerField(null=True, blank=True)
    new_frequency = models.CharField(max_length=12, blank=True)
    new_first_due_on = models.DateField(null=True, blank=True)
    new_custom_dates = models.JSONField(default=list, blank=True)
    underspend_returned = money_column(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    # A close's bank reference for the underspend returned.
    bank_reference = models.CharField(max_length=60, blank=True)
    # A change of LTO: the new LTO, from when, and the old LTO's handover of the money it holds
    # (transferred to the new LTO, with the bank reference and date; the rest explained).
    new_lto = models.ForeignKey(
        "partnerships.Lto", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_lto_starts_on = models.DateField(null=True, blank=True)
    old_lto = models.ForeignKey(
        "partnerships.Lto", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handover_transferred = money_column(null=True, blank=True)
    handover_on = models.DateField(null=True, blank=True)
    handover_note = models.TextField(blank=True)
    # ... and what was in force when it was proposed.
    amount_before = money_column()
    starts_on_before = models.DateField()
    term_years_before = models.PositiveSmallIntegerField()

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="amendment_decider_is_not_proposer",
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                violation_error_message="The officer who proposed an amendment cannot decide it.",
            ),
            models.CheckConstraint(
                name="amendment_fields_match_kind",
                condition=(
                    Q(kind="amount", new_amount__gt=0)
                    | Q(kind="term", new_starts_on__isnull=False, new_term_years__gt=0)
                    | Q(kind="schedule", new_frequency__gt="")
                    | Q(kind="withdrawal")
                    | Q(kind="close", underspend_returned__gte=0, returned_on__isnull=False)
                    | Q(
                        kind="lto_change",
                        new_lto__isnull=False,
                        new_lto_starts_on__isnull=False,
                        handover_transferred__gte=0,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["allocation"],
                condition=Q(status="proposed"),
                name="one_pending_amendment_per_allocation",
                violation_error_message=(
                    "This allocation already has an amendment awaiting approval."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} amendment to allocation {self.allocation_id}"

    @property
    def new_frequency_display(self) -> str:
        from .disbursement import Frequency

        if self.new_frequency == "plan":
            return "Following the endorsed plan"
        return Frequency(self.new_frequency).label if self.new_frequency else ""
