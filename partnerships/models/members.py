from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cwf.core.models import Tracked


class Member(Tracked):
    """A person on a partnership, with or without a login account. A member who leaves keeps
    their row (with the date they left), so past meetings still show who was there."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice chair"
        TREASURER = "treasurer", "Treasurer"
        MEMBER = "member", "Member"
        CO_OPTED = "co_opted", "Co-opted member"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    is_resident = models.BooleanField(
        "lives in the area", help_text="Lives in the partnership's neighbourhood."
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    has_vote = models.BooleanField("has voting rights", default=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    named_publicly_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text=(
            "When the member chose to be named on the partnership's public page (as its chair, "
            "or as a contact). Empty: never named. Only the member can set it."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="member_leaves_after_joining",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(role="chair", left_on__isnull=True),
                name="one_chair_per_partnership",
                violation_error_message="This partnership already has a chair.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "user"],
                condition=Q(user__isnull=False, left_on__isnull=True),
                name="one_active_membership_per_account",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    @property
    def is_voting(self) -> bool:
        return self.left_on is None and self.has_vote


class CompositionReview(models.Model):
    """The yearly reminder to a partnership's chair to review who is on the partnership. One row
    per partnership per year; the beat task sends the due ones once."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="composition_reviews"
    )
    year = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="one_composition_review_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"Composition review {self.year} for {self.partnership}"
