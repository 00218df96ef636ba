from django.core.validators import RegexValidator
from django.db import models

# ONS GSS codes: a letter, two digits, six digits. Wards are E05, LSOAs E01.
gss_code_validator = RegexValidator(
    r"^E0[15]\d{6}$",
    "Enter a ward code (E05 and six digits) or an LSOA code (E01 and six digits).",
)


class Neighbourhood(models.Model):
    """A place in the register: a 2017 electoral ward or a 2011 LSOA, keyed by its GSS code."""

    class Kind(models.TextChoices):
        WARD = "ward", "Ward"
        LSOA = "lsoa", "LSOA"

    code = models.CharField(max_length=9, unique=True, validators=[gss_code_validator])
    kind = models.CharField(max_length=4, choices=Kind.choices)
    name = models.CharField(max_length=200, blank=True)
    local_authority_code = models.CharField(max_length=9, blank=True)
    local_authority_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=100, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="neighbourhood_code_matches_kind",
                condition=(
                    models.Q(kind="ward", code__startswith="E05")
                    | models.Q(kind="lsoa", code__startswith="E01")
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code
