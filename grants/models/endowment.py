from django.conf import settings
from django.db import models
from django.db.models import Q

from cwf.core.dates import display_date
from cwf.core.money import money_column

from .ledger import CapitalSource


class EndowmentMovement(models.Model):
    """Money into or out of the endowment that is not a grant: a capital contribution from one
    of the four sources, investment income, or a fee or cost. Each posts one ledger transaction;
    a mistake is corrected by reversing it, never by editing it."""

    class Kind(models.TextChoices):
        CAPITAL_CONTRIBUTION = "capital_contribution", "Capital contribution"
        INVESTMENT_INCOME = "investment_income", "Investment income"
        FEE = "fee", "Fee or cost"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    source = models.CharField(max_length=30, choices=CapitalSource.choices, blank=True)
    amount = money_column()
    received_on = models.DateField("date")
    description = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversal_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="movement_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="movement_source_only_for_capital",
                condition=(
                    Q(kind="capital_contribution", source__in=CapitalSource.values)
                    | (~Q(kind="capital_contribution") & Q(source=""))
                ),
            ),
        ]

    def __str__(self) -> str:
        what = self.get_source_display() if self.source else self.get_kind_display()
        return f"{what} of £{self.amount:,.2f} on {display_date(self.received_on)}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None


class EndowmentValuation(models.Model):
    """What the endowment's investments were worth on a day (its market value), from a named
    source such as the custodian's statement, beside the book value the ledger showed that day
    (worked out when it is recorded and kept). Never edited: a correction is a new valuation for
    the same day, and the newest recorded for the latest day is the one in use."""

    valued_on = models.DateField("valued on")
    market_value = money_column()
    # The money the fund held on valued_on by its ledger: uncommitted, committed and not yet
    # released, released and not yet paid.
    book_value = money_column()
    source = models.TextField("source")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valued_on", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="valuation_market_value_not_negative", condition=Q(market_value__gte=0)
            ),
            models.CheckConstraint(name="valuation_has_source", condition=~Q(source="")),
        ]

    def __str__(self) -> str:
        return f"Market value of £{self.market_value:,.2f} on {display_date(self.valued_on)}"

    @property
    def difference(self):
        """Market value less book value: gains (or losses) the ledger does not record."""
        return self.market_value - self.book_value
