from django.conf import settings
from django.db import models
from django.db.models import Q

from ..assumptions import AssumptionKey


class Assumption(models.Model):
    """One value of a forecast or social-value assumption, from a date, with its source. Rows are
    never changed: a new value is a new row, so the history of every assumption is kept and a
    board pack can say which values it used. The value in force on a day is the latest row
    effective on or before it (see reporting/selectors/assumptions.py)."""

    key = models.CharField(max_length=40, choices=AssumptionKey.choices)
    # Percentages are stored as written (3.5 for 3.5%), money in pounds, years as whole numbers.
    value = models.DecimalField(max_digits=14, decimal_places=4)
    source = models.TextField("source or citation")
    effective_on = models.DateField("in force from")
    note = models.TextField("why it changed", blank=True)
    # Null for the defaults the system recorded.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-effective_on", "-pk"]
        indexes = [models.Index(fields=["key", "effective_on"], name="reporting_assumption_key")]
        constraints = [
            models.CheckConstraint(name="assumption_value_not_negative", condition=Q(value__gte=0)),
            models.CheckConstraint(name="assumption_has_source", condition=~Q(source="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.value.normalize():f} from {self.effective_on}"
