"""Co-investment: the money others put in beside the fund (issue 18).

- A **co-funder** is an organisation (a trust, a company, a council) with org-ids built the way
  the LTO register builds them, contacts, and what it funds.
- A **pledge** is its promise of an amount in GBP over a period, restricted to one partnership,
  a theme or a region, with conditions (and optionally a match rule). pledged -> accepted ->
  partly received -> fulfilled, or lapsed (`Pledge.TRANSITIONS`, `pledge_transition`). One
  officer records it, a second accepts it.
- A **pledge receipt** is money the fund received against an accepted pledge: restricted money,
  posted to the pledge's own ledger accounts (see grants/models/ledger.py).
- A **restricted release** pays restricted money to a partnership its pledge's restriction
  names, on its own date or with one of the partnership's tranches, exactly once.
- **Local income** is money a partnership raised for itself, recorded by LTO finance with
  evidence and verified by an officer. It is the partnership's, never the fund's: it has no
  ledger account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cwf.core.money import money_column
from partnerships.models.lto import charity_number_validator, company_number_validator


def org_ids_for(*, charity_number: str, company_number: str) -> list[str]:
    """org-id.guide identifiers, charity first: the LTO register's rule."""
    ids = []
    if charity_number:
        if charity_number.startswith("SC"):
            ids.append(f"GB-SC-{charity_number}")
        elif charity_number.startswith("NI"):
            ids.append(f"GB-NIC-{charity_number.removeprefix('NIC').removeprefix('NI')}")
        else:
            ids.append(f"GB-CHC-{charity_number}")
    if company_number:
        ids.append(f"GB-COH-{company_number}")
    return ids


class CoFunder(models.Model):
    class Funds(models.TextChoices):
        ANY = "any", "Any partnership"
        REGION = "region", "Partnerships in a region"
        THEME = "theme", "A theme"
        PARTNERSHIPS = "partnerships", "Named partnerships"

    name = models.CharField(max_length=200, unique=True)
    charity_number = models.CharField(
        max_length=10, blank=True, validators=[charity_number_validator]
    )
    company_number = models.CharField(
        max_length=8, blank=True, validators=[company_number_validator]
    )
    # An org-id from another list (GB-GOR, GB-LAE, XI-...): for a council or a body abroad.
    other_org_id = models.CharField(max_length=60, blank=True)
    # A private person (a philanthropist), not an organisation: officers see the name, but
    # wherever the fund names co-funders publicly (360Giving, open data) it says PRIVATE_DONOR.
    is_individual = models.BooleanField(default=False)
    funds = models.CharField(max_length=20, choices=Funds.choices, default=Funds.ANY)
    region = models.CharField(max_length=100, blank=True)
    theme = models.ForeignKey(
        "grants.Theme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partnerships = models.ManyToManyField(
        "partnerships.Partnership", blank=True, related_name="co_funders"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["charity_number"],
                condition=~Q(charity_number=""),
                name="cofunder_unique_charity_number",
            ),
            models.UniqueConstraint(
                fields=["company_number"],
                condition=~Q(company_number=""),
                name="cofunder_unique_company_number",
            ),
        ]

    PRIVATE_DONOR = "A private donor"

    def __str__(self) -> str:
        return self.name

    @property
    def public_name(self) -> str:
        """The name the public reads: a private person is never named, as people paid are not."""
        return self.PRIVATE_DONOR if self.is_individual else self.name

    @property
    def org_ids(self) -> list[str]:
        ids = org_ids_for(charity_number=self.charity_number, company_number=self.company_number)
        return ids + ([self.other_org_id] if self.other_org_id else [])

    @property
    def org_id(self) -> str:
        return self.org_ids[0] if self.org_ids else ""

    @property
    def funds_label(self) -> str:
        if self.funds == self.Funds.REGION:
            return f"Partnerships in {self.region}"
        if self.funds == self.Funds.THEME and self.theme_id:
            return f"The theme {self.theme}"
        return self.get_funds_display()


class CoFunderContact(models.Model):
    co_funder = models.ForeignKey(CoFunder, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Pledge(models.Model):
    class Status(models.TextChoices):
        PLEDGED = "pledged", "Pledged"
        ACCEPTED = "accepted", "Accepted"
        PARTLY_RECEIVED = "partly_received", "Partly received"
        FULFILLED = "fulfilled", "Fulfilled"
        LAPSED = "lapsed", "Lapsed"

    class Restriction(models.TextChoices):
        PARTNERSHIP = "partnership", "One partnership"
        THEME = "theme", "A theme"
        REGION = "region", "A region"

    # The one table of allowed moves; grants.services.coinvestment.pledge_transition reads it.
    # Fulfilled can go back to partly received when an officer raises the amount.
    TRANSITIONS = {
        Status.PLEDGED: {Status.ACCEPTED, Status.LAPSED},
        Status.ACCEPTED: {Status.PARTLY_RECEIVED, Status.FULFILLED, Status.LAPSED},
        Status.PARTLY_RECEIVED: {Status.FULFILLED, Status.LAPSED},
        Status.FULFILLED: {Status.PARTLY_RECEIVED},
        Status.LAPSED: set(),
    }
    RECEIVABLE = (Status.ACCEPTED, Status.PARTLY_RECEIVED)
    OPEN = (Status.PLEDGED, Status.ACCEPTED, Status.PARTLY_RECEIVED)

    co_funder = models.ForeignKey(CoFunder, on_delete=models.PROTECT, related_name="pledges")
    amount = money_column()
    # Pledges are in pounds sterling; the column says so, and the services refuse any other.
    currency = models.CharField(max_length=3, default="GBP")
    starts_on = models.DateField()
    ends_on = models.DateField()  # the day by which the money should have arrived
    restriction = models.CharField(max_length=20, choices=Restriction.choices)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
    )
    theme = models.ForeignKey(
        "grants.Theme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.CharField(max_length=100, blank=True)
    conditions = models.TextField(blank=True)
    # The match rule, when there is one: the co-funder gives `match_ratio` pounds for each
    # pound of the partnership's own verified local income, up to `match_cap`.
    match_ratio = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    match_cap = money_column(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLEDGED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    lapsed_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="pledge_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(name="pledge_in_gbp", condition=Q(currency="GBP")),
            models.CheckConstraint(
                name="pledge_period_in_order", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(
                name="pledge_restriction_names_one_thing",
                condition=(
                    Q(restriction="partnership", partnership__isnull=False, theme__isnull=True)
                    & Q(region="")
                )
                | (
                    Q(restriction="theme", partnership__isnull=True, theme__isnull=False)
                    & Q(region="")
                )
                | (
                    Q(restriction="region", partnership__isnull=True, theme__isnull=True)
                    & ~Q(region="")
                ),
            ),
            # Four eyes, held by the database too.
            models.CheckConstraint(
                name="pledge_accepted_by_a_second_officer",
                condition=Q(accepted_by__isnull=True) | ~Q(accepted_by=models.F("recorded_by")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.co_funder}: {self.restriction_label}"

    @property
    def restriction_label(self) -> str:
        if self.restriction == self.Restriction.PARTNERSHIP:
            return str(self.partnership)
        if self.restriction == self.Restriction.THEME:
            return f"Theme: {self.theme}"
        return f"Region: {self.region}"

    @property
    def has_match_rule(self) -> bool:
        return self.match_ratio is not None


class PledgeAmendment(models.Model):
    """A change to an accepted pledge that needs a second officer: its amount, the day its money
    is due by and its match rule (what caps receipts and counts in leverage). One officer
    proposes it with a reason; a different officer approves or rejects it, once. Until it is
    approved the pledge, and every figure read from it, is unchanged. A pledge not yet accepted
    is still changed by one officer (`pledge_amend`): its acceptance is the second pair of eyes.
    The proposal holds the values after the change and those in force when it was proposed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    # The one table of allowed moves; grants.services.coinvestment.pledge_amendment_transition.
    TRANSITIONS = {
        Status.PROPOSED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
    }

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="amendments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    reason = models.TextField()
    new_amount = money_column()
    new_ends_on = models.DateField()
    new_match_ratio = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    new_match_cap = money_column(null=True, blank=True)
    amount_before = money_column()
    ends_on_before = models.DateField()
    match_ratio_before = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    match_cap_before = money_column(null=True, blank=True)
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
                name="pledge_amendment_amount_positive", condition=Q(new_amount__gt=0)
            ),
            # Four eyes, held by the database too.
            models.CheckConstraint(
                name="pledge_amendment_decider_is_not_proposer",
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("proposed_by")),
            ),
            models.UniqueConstraint(
                fields=["pledge"],
                condition=Q(status="proposed"),
                name="one_pledge_amendment_awaiting_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"Amendment to {self.pledge}"


class PledgeReceipt(models.Model):
    """Money the fund received against a pledge: restricted money in the ledger."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="receipts")
    amount = money_column()
    received_on = models.DateField()
    bank_reference = models.CharField(max_length=100)
    transaction = models.OneToOneField(
        "grants.Transaction", on_delete=models.PROTECT, related_name="pledge_receipt"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="pledge_receipt_positive", condition=Q(amount__gt=0)),
            models.UniqueConstraint(
                fields=["pledge", "bank_reference"], name="one_receipt_per_bank_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge}: {self.amount}"


class RestrictedRelease(models.Model):
    """Restricted money paid to a partnership that its pledge's restriction names: released on
    `due_on` or with `tranche`, then marked paid; each step posts once."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        RELEASED = "released", "Released, awaiting payment"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"

    TRANSITIONS = {
        Status.SCHEDULED: {Status.RELEASED, Status.CANCELLED},
        Status.RELEASED: {Status.PAID},
        Status.PAID: set(),
        Status.CANCELLED: set(),
    }

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="releases")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="restricted_releases"
    )
    amount = money_column()
    due_on = models.DateField()
    # Released with this tranche of the partnership's allocation, when it is released.
    tranche = models.ForeignKey(
        "grants.Tranche",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restricted_releases",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    release_transaction = models.OneToOneField(
        "grants.Transaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restricted_release",
    )
    payment_transaction = models.OneToOneField(
        "grants.Transaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restricted_payment",
    )
    released_on = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    bank_reference = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(name="restricted_release_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.pledge.co_funder} to {self.partnership}: {self.amount}"


class LocalIncome(models.Model):
    """Money a partnership raised for itself. Never the fund's: it has no ledger account."""

    class Kind(models.TextChoices):
        OTHER_GRANT = "other_grant", "Another grant"
        EARNED = "earned", "Earned income"
        DONATION = "donation", "Donations"
        IN_KIND = "in_kind", "In kind (at a stated value)"

    class Status(models.TextChoices):
        RECORDED = "recorded", "Waiting for an officer to verify"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Not verified"

    TRANSITIONS = {
        Status.RECORDED: {Status.VERIFIED, Status.REJECTED},
        Status.VERIFIED: set(),
        Status.REJECTED: set(),
    }

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="local_income"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.CharField("who gave it or paid it", max_length=200)
    description = models.TextField(blank=True)
    amount = money_column()
    received_on = models.DateField()
    evidence = models.FileField(upload_to="local-income/%Y/%m/", blank=True)
    evidence_reference = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECORDED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name_plural = "local income"
        constraints = [
            models.CheckConstraint(name="local_income_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="local_income_has_evidence",
                condition=~Q(evidence="") | ~Q(evidence_reference=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_kind_display()} {self.amount}"
