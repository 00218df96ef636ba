from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

# org-id.guide identifiers: GB-CHC (Charity Commission for England and Wales, 6-7 digits),
# GB-SC (OSCR, SC + 6 digits), GB-NIC (Northern Ireland, 6 digits) and GB-COH (Companies House,
# 8 characters: digits, or two letters and six digits).
charity_number_validator = RegexValidator(
    r"^(\d{6,7}|SC\d{6}|NIC?\d{6})$",
    "Enter a charity number: 6 or 7 digits (England and Wales), SC and 6 digits (Scotland) or "
    "NIC and 6 digits (Northern Ireland).",
)
company_number_validator = RegexValidator(
    r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$",
    "Enter a company number: 8 digits, or 2 capital letters and 6 digits (for example SC123456).",
)


class Lto(models.Model):
    """A Locally Trusted Organisation: receives, holds and accounts for a partnership's money."""

    class DueDiligence(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=200)
    charity_number = models.CharField(
        max_length=10, blank=True, validators=[charity_number_validator]
    )
    company_number = models.CharField(
        max_length=8, blank=True, validators=[company_number_validator]
    )
    address = models.TextField(blank=True)
    # The LTO's supplier reference in the fund's finance system, for payment batch files.
    supplier_reference = models.CharField(max_length=50, blank=True)
    due_diligence_status = models.CharField(
        max_length=12, choices=DueDiligence.choices, default=DueDiligence.NOT_STARTED
    )
    due_diligence_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "LTO"
        verbose_name_plural = "LTOs"
        constraints = [
            models.UniqueConstraint(
                fields=["charity_number"],
                condition=~Q(charity_number=""),
                name="lto_unique_charity_number",
            ),
            models.UniqueConstraint(
                fields=["company_number"],
                condition=~Q(company_number=""),
                name="lto_unique_company_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def org_ids(self) -> list[str]:
        """360Giving org-id style identifiers, charity first."""
        ids = []
        if self.charity_number:
            if self.charity_number.startswith("SC"):
                ids.append(f"GB-SC-{self.charity_number}")
            elif self.charity_number.startswith("NI"):
                ids.append(f"GB-NIC-{self.charity_number.removeprefix('NIC').removeprefix('NI')}")
            else:
                ids.append(f"GB-CHC-{self.charity_number}")
        if self.company_number:
            ids.append(f"GB-COH-{self.company_number}")
        return ids

    @property
    def org_id(self) -> str:
        return self.org_ids[0] if self.org_ids else ""


class LtoContact(models.Model):
    lto = models.ForeignKey(Lto, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipLto(models.Model):
    """Which LTO is accountable for a partnership's money, and when. One active link at a time
    (ends_on is null); past links are kept as history."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="lto_links"
    )
    lto = models.ForeignKey(Lto, on_delete=models.PROTECT, related_name="partnership_links")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(ends_on__isnull=True),
                name="one_active_lto_per_partnership",
            ),
            models.CheckConstraint(
                name="lto_link_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lto} for {self.partnership}"
