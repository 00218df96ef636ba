"""The spending log: what a partnership spent, on whose decision, with receipts. Append-only: a
mistake is corrected by a reversing entry with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cwf.core.money import money_column


def receipt_path(instance, filename: str) -> str:
    # The name the user gave is never used on disk: only the checked type's extension.
    return f"receipts/{instance.partnership_id}/{instance.receipt_key}.{instance.receipt_ext}"


class Spend(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="spends"
    )
    spent_on = models.DateField()
    # Positive for a spend, negative for a reversal (and then `reverses` is set).
    amount = money_column()
    payee = models.CharField(max_length=200)
    # Public pages name a payee only when the logger said it is an organisation; a person paid
    # (a resident, a sessional worker) is shown as "a local resident" (docs/open-data.md).
    payee_is_organisation = models.BooleanField("the payee is an organisation", default=False)
    description = models.CharField(max_length=300)
    theme = models.ForeignKey("grants.Theme", on_delete=models.PROTECT, related_name="spends")
    action_line = models.ForeignKey(
        "grants.ActionLine", on_delete=models.PROTECT, null=True, blank=True, related_name="spends"
    )
    decision = models.ForeignKey(
        "partnerships.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spends",
    )
    receipt = models.FileField(upload_to=receipt_path, blank=True)
    receipt_key = models.CharField(max_length=40, blank=True)
    receipt_ext = models.CharField(max_length=4, blank=True)
    receipt_content_type = models.CharField(max_length=40, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    reason = models.TextField(blank=True)
    # Logged beyond what the LTO had received from the fund, with its finance contact (the
    # logger) confirming the LTO was fronting the money (settings.SPEND_AHEAD_OF_PAYMENTS).
    fronted_by_lto = models.BooleanField("LTO fronting the money", default=False)
    import_batch = models.ForeignKey(
        "grants.SpendImport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spends",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        indexes = [models.Index(fields=["partnership", "spent_on"], name="grants_spend_when")]
        constraints = [
            models.CheckConstraint(name="spend_amount_not_zero", condition=~Q(amount=0)),
            models.CheckConstraint(
                name="spend_negative_only_as_reversal",
                condition=Q(amount__gt=0, reverses__isnull=True)
                | (Q(amount__lt=0, reverses__isnull=False) & ~Q(reason="")),
            ),
            models.CheckConstraint(
                name="spend_does_not_reverse_itself",
                condition=Q(reverses__isnull=True) | ~Q(reverses=F("pk")),
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} to {self.payee} on {self.spent_on}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class SpendImport(models.Model):
    """A bank-export CSV, parsed and checked, waiting for the uploader to confirm it. Nothing
    reaches the spending log until it is confirmed; then every row is written, or none."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        COMMITTED = "committed", "Added to the log"
        DISCARDED = "discarded", "Discarded"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="spend_imports"
    )
    file_name = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    # The uploader confirmed the LTO fronts any of these spends beyond what it has received.
    fronted_by_lto = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.file_name}"


class SpendTotal(models.Model):
    """What a partnership has spent on a theme, net of reversals: the spending log summed, kept
    by the services that write the log, in the same transaction (grants/services/spend_totals.py).
    The portfolio's pages read these few thousand rows instead of summing millions of spends;
    `manage.py ledger_verify` recomputes them from the log and reports any difference."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="spend_totals"
    )
    theme = models.ForeignKey("grants.Theme", on_delete=models.PROTECT, related_name="+")
    amount = money_column(default=0)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "theme"], name="spend_total_unique"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} on {self.theme_id} by partnership {self.partnership_id}"


class SpendWithholding(models.Model):
    """A spend kept off every public page, file and endpoint (for safeguarding), with why and by
    whom. The public page says only that a purchase was withheld; the figures still count it."""

    spend = models.OneToOneField(Spend, on_delete=models.PROTECT, related_name="withholding")
    reason = models.TextField()
    withheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withheld_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-withheld_at"]

    def __str__(self) -> str:
        return f"Spend {self.spend_id} not for publication"


def pending_receipt_path(instance, filename: str) -> str:
    return f"receipts/pending/{instance.key}.{instance.ext}"


class PendingReceipt(models.Model):
    """A receipt chosen on a spend form that came back with an error, held so that nobody has to
    choose the file again. Usable only by the person who chose it, in the session it was chosen
    in (its key is kept in that session); used once, then deleted with its file; cleared by beat
    after settings.PENDING_RECEIPT_HOURS when the form was abandoned."""

    key = models.CharField(max_length=40, unique=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to=pending_receipt_path)
    name = models.CharField("the name the file was chosen with", max_length=120)
    ext = models.CharField(max_length=4)
    content_type = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.name
