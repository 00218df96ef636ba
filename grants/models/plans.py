"""Spending plans: themes, versioned plans with a costed vision, an action plan and a legacy
statement, and the yearly plan reviews."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from cwf.core.dates import add_years
from cwf.core.models import Tracked
from cwf.core.money import money_column


class Outcome(models.TextChoices):
    """The four programme outcomes (DOMAIN.md)."""

    FIND_AND_ACT = "find_and_act", "The community is better able to find and act on its needs"
    SKILLS = "skills", "People have more skills and confidence"
    DIFFERENCE = "difference", "The community makes a difference on the needs it prioritises"
    BETTER_PLACE = "better_place", "The area is an even better place to live"


class Theme(models.Model):
    """A managed list of what money is spent on; each theme serves one or more outcomes."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    outcomes = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def outcome_labels(self) -> list[str]:
        return [Outcome(o).label for o in self.outcomes if o in Outcome.values]


class SpendingPlan(Tracked):
    """One version of a partnership's plan. A partnership has at most one plan being drafted or
    considered at a time, and at most one endorsed plan in force."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ENDORSED = "endorsed", "Endorsed"
        RETURNED = "returned", "Returned"
        SUPERSEDED = "superseded", "Superseded"

    # The one table of allowed moves; grants.services.plans.plan_transition reads it.
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.ENDORSED, Status.RETURNED},
        Status.RETURNED: {Status.DRAFT},
        Status.ENDORSED: {Status.SUPERSEDED},
        Status.SUPERSEDED: set(),
    }
    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="spending_plans"
    )
    allocation = models.ForeignKey(
        "grants.Allocation", on_delete=models.PROTECT, related_name="spending_plans"
    )
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    legacy_statement = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comments = models.TextField(blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="plan_version_unique"),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="one_open_plan_per_partnership",
                violation_error_message="This partnership already has a plan being drafted.",
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(status="endorsed"),
                name="one_endorsed_plan_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan version {self.version} of {self.partnership}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


def plan_year_starts(allocation, year: int) -> date:
    return add_years(allocation.starts_on, year - 1)


class VisionLine(models.Model):
    """Costed vision: how much of the allocation goes to a theme in a year of the term."""

    plan = models.ForeignKey(SpendingPlan, on_delete=models.CASCADE, related_name="vision_lines")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    amount = money_column()

    class Meta:
        ordering = ["year", "theme__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "theme", "year"], name="vision_line_unique"),
            models.CheckConstraint(name="vision_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(name="vision_year_positive", condition=Q(year__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.theme} in year {self.year}"


class ActionLine(models.Model):
    """Action plan: one activity of the next period, with its budget and who leads it."""

    plan = models.ForeignKey(SpendingPlan, on_delete=models.CASCADE, related_name="action_lines")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()
    budget = money_column()
    lead = models.CharField("who leads it", max_length=120)

    class Meta:
        ordering = ["year", "pk"]
        constraints = [
            models.CheckConstraint(name="action_budget_positive", condition=Q(budget__gt=0)),
            models.CheckConstraint(name="action_year_positive", condition=Q(year__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.description} (year {self.year})"


class PlanReview(models.Model):
    """The yearly review of a plan: due on the endorsement anniversary, submitted by the chair,
    acknowledged by an officer. A due row: the beat task reminds once, over due rows."""

    class Status(models.TextChoices):
        DUE = "due", "Due"
        SUBMITTED = "submitted", "Submitted"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"

    TRANSITIONS = {
        Status.DUE: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.ACKNOWLEDGED},
        Status.ACKNOWLEDGED: set(),
    }

    plan = models.ForeignKey(SpendingPlan, on_delete=models.PROTECT, related_name="reviews")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="plan_reviews"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DUE)
    delivery = models.TextField(blank=True)
    spend = models.TextField(blank=True)
    impact = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    vision = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    new_plan_needed = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "due_on"], name="one_plan_review_per_due_date"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan review of {self.partnership} due {self.due_on}"
