"""Quarterly reports: one row per allocation and calendar quarter (the reporting period and its
report in one), the stories told in it, and every submitted version, kept for comparison."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cwf.core.models import Tracked

# The four programme outcomes (DOMAIN.md), in order; the report has one progress field each.
OUTCOMES = (
    ("outcome_needs", "The community is better able to find and act on its needs"),
    ("outcome_skills", "People have more skills and confidence"),
    ("outcome_difference", "The community makes a difference on the needs it prioritises"),
    ("outcome_place", "The area is an even better place to live"),
)
# The narrative a submission must have, and what each is called on the page.
NARRATIVE_FIELDS = (
    ("what_happened", "What happened this quarter"),
    *OUTCOMES,
    ("people_involved", "People involved"),
    ("volunteers", "Volunteers"),
)


class QuarterlyReport(Tracked):
    """A partnership's report for one quarter of an allocation. Created by beat when the quarter
    ends; due REPORT_DUE_DAYS after it, unless an officer extends it."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned for changes"
        ACCEPTED = "accepted", "Accepted"

    # The one table of allowed moves; reporting.services.reports.report_transition reads it.
    # A returned report is revised in place and resubmitted (returned -> submitted).
    TRANSITIONS = {
        Status.NOT_STARTED: {Status.DRAFT, Status.SUBMITTED},
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.ACCEPTED, Status.RETURNED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.ACCEPTED: set(),
    }
    EDITABLE_STATUSES = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)
    # Still owed by the partnership: what reminders, escalation and holds look at.
    OWED_STATUSES = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)

    allocation = models.ForeignKey(
        "grants.Allocation", on_delete=models.PROTECT, related_name="reports"
    )
    # Denormalised from the allocation, so scoping and queues filter without a join.
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="reports"
    )
    quarter_start = models.DateField()
    quarter_end = models.DateField()
    due_on = models.DateField()
    # An officer's extension: the new due date and why. Reminders follow the effective date.
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)

    what_happened = models.TextField(blank=True)
    outcome_needs = models.TextField(blank=True)
    outcome_skills = models.TextField(blank=True)
    outcome_difference = models.TextField(blank=True)
    outcome_place = models.TextField(blank=True)
    people_involved = models.PositiveIntegerField(null=True, blank=True)
    volunteers = models.PositiveIntegerField(null=True, blank=True)

    # Whoever first saved a draft: a report writer, reminded with the chair.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The spend summary as it stood at the last submission (strings of pence-exact decimals).
    spend_snapshot = models.JSONField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_comments = models.TextField(blank=True)
    # The tranche this report's lateness held automatically, until the report is accepted.
    held_tranche = models.ForeignKey(
        "grants.Tranche", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-quarter_start", "partnership__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "quarter_start"], name="one_report_per_allocation_quarter"
            ),
            models.CheckConstraint(
                name="report_quarter_in_order", condition=Q(quarter_end__gt=F("quarter_start"))
            ),
            models.CheckConstraint(
                name="report_due_after_quarter", condition=Q(due_on__gt=F("quarter_end"))
            ),
            models.CheckConstraint(
                name="report_extension_is_later",
                condition=Q(extended_to__isnull=True) | Q(extended_to__gt=F("due_on")),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.partnership}: report for {self.quarter_label}"

    @property
    def quarter_label(self) -> str:
        return f"{self.quarter_start:%B} to {self.quarter_end:%B %Y}"

    @property
    def effective_due_on(self) -> date:
        return self.extended_to or self.due_on

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    def days_late(self, today: date) -> int:
        """Days past the effective due date: at submission for a submitted report, else today."""
        upto = self.first_submitted_at.date() if self.first_submitted_at else today
        return max(0, (upto - self.effective_due_on).days)


def story_photo_path(instance: ReportStory, filename: str) -> str:
    ext = "png" if filename.lower().endswith(".png") else "jpg"
    return f"reports/{instance.report_id}/stories/{instance.uid}.{ext}"


class ReportStory(models.Model):
    """A story told in a report, with an optional photo (served only through a scoped view)."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="stories")
    uid = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    photo = models.FileField(upload_to=story_photo_path, blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    # The partnership chose to share it, with its photo, on its public page (once an officer
    # has accepted the report): docs/open-data.md.
    is_public = models.BooleanField("share on the public page", default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ReportVersion(models.Model):
    """What was submitted, as submitted: narrative, stories and the frozen spend summary. One row
    per submission, never changed, so versions can be compared."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    # Filled in when an officer decides on this version.
    outcome = models.CharField(max_length=12, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_version_per_number"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of report {self.report_id}"
