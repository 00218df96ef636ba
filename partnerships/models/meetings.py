from django.conf import settings
from django.db import models
from django.db.models import Q

from cwf.core.dates import display_date
from cwf.core.models import Tracked
from cwf.core.money import money_column


class Meeting(models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership meeting"
        AGM = "agm", "Annual general meeting"
        SUB_GROUP = "sub_group", "Sub-group meeting"
        # Agreed in writing without meeting: "attendance" is who signed, and the quorum is that
        # of a partnership meeting, so a written resolution needs as many as a meeting would.
        WRITTEN = "written", "Written resolution"

    class Minutes(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PARTNERSHIP)
    title = models.CharField(max_length=200, blank=True)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(max_length=10, choices=Minutes.choices, default=Minutes.DRAFT)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Worked out from the settings and the voting members on the day, when attendance is taken,
    # so a later change to the rules does not rewrite history.
    quorum_required = models.PositiveSmallIntegerField(default=0)
    attendees = models.ManyToManyField(
        "partnerships.Member", related_name="meetings_attended", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} on {display_date(self.held_on)}"

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_status == self.Minutes.APPROVED


class Decision(Tracked):
    """What a meeting decided. Append-only once the meeting's minutes are approved: a mistake is
    put right by a new decision that names the one it corrects."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        NOT_AGREED = "not_agreed", "Not agreed"
        DEFERRED = "deferred", "Deferred"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="decisions"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    title = models.CharField(max_length=200)
    decided = models.TextField("what was decided")
    amount = money_column(null=True, blank=True)
    theme = models.CharField(max_length=100, blank=True)
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    votes_abstaining = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting__held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="decision_amount_positive", condition=Q(amount__isnull=True) | Q(amount__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return f"D{self.pk}"


class ConflictOfInterest(models.Model):
    """A member's declared interest in a decision. Their vote on it does not count."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(
        "partnerships.Member", on_delete=models.PROTECT, related_name="conflicts"
    )
    interest = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["member__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "member"], name="one_conflict_per_member_per_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.decision}"
