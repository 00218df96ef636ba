from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from partnerships.editions import EDITION_CHOICES, GEOGRAPHY_CHOICES, edition_label
from partnerships.measures import MEASURES

# ONS GSS codes: a letter, two digits, six digits. Wards are E05, LSOAs E01.
gss_code_validator = RegexValidator(
    r"^E0[15]\d{6}$",
    "Enter a ward code (E05 and six digits) or an LSOA code (E01 and six digits).",
)


def _score(label: str):
    return models.FloatField(f"{label} score", null=True, blank=True)


def _rank(label: str):
    return models.PositiveIntegerField(f"{label} rank", null=True, blank=True)


def _decile(label: str):
    return models.PositiveSmallIntegerField(f"{label} decile", null=True, blank=True)


def _decile_constraints() -> list[models.CheckConstraint]:
    """Each decile is 1 to 10 (1 = the worst 10%), each rank at least 1, when known."""
    constraints = []
    for m in MEASURES:
        constraints.append(
            models.CheckConstraint(
                name=f"neighbourhood_{m.key}_decile_1_to_10",
                condition=Q(**{f"{m.decile_field}__isnull": True})
                | Q(**{f"{m.decile_field}__gte": 1, f"{m.decile_field}__lte": 10}),
            )
        )
        constraints.append(
            models.CheckConstraint(
                name=f"neighbourhood_{m.key}_rank_from_1",
                condition=Q(**{f"{m.rank_field}__isnull": True}) | Q(**{f"{m.rank_field}__gte": 1}),
            )
        )
    return constraints


class Neighbourhood(models.Model):
    """A place in the register: a 2017 electoral ward or a 2011 LSOA, keyed by its GSS code.

    Scores come from imported files (see partnerships/services/register_imports.py). Ranks and
    deciles are computed over the imported set of the same kind: rank 1 and decile 1 are the
    most deprived, or the highest community need. The measures are declared once, in
    partnerships/measures.py."""

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
    # The geography of the last file that described it (2017 wards, 2011 or 2021 LSOAs), and the
    # edition each index's figures come from (partnerships/editions.py).
    geography = models.CharField(
        max_length=10, choices=GEOGRAPHY_CHOICES, blank=True, db_default=""
    )
    imd_edition = models.CharField(
        max_length=10, choices=EDITION_CHOICES, blank=True, db_default=""
    )
    cni_edition = models.CharField(
        max_length=10, choices=EDITION_CHOICES, blank=True, db_default=""
    )

    # Index of Multiple Deprivation 2019: the overall score and its seven domains.
    imd_score = _score("IMD")
    imd_rank = _rank("IMD")
    imd_decile = _decile("IMD")
    imd_income_score = _score("Income")
    imd_income_rank = _rank("Income")
    imd_income_decile = _decile("Income")
    imd_employment_score = _score("Employment")
    imd_employment_rank = _rank("Employment")
    imd_employment_decile = _decile("Employment")
    imd_education_score = _score("Education, skills and training")
    imd_education_rank = _rank("Education, skills and training")
    imd_education_decile = _decile("Education, skills and training")
    imd_health_score = _score("Health deprivation and disability")
    imd_health_rank = _rank("Health deprivation and disability")
    imd_health_decile = _decile("Health deprivation and disability")
    imd_crime_score = _score("Crime")
    imd_crime_rank = _rank("Crime")
    imd_crime_decile = _decile("Crime")
    imd_housing_score = _score("Barriers to housing and services")
    imd_housing_rank = _rank("Barriers to housing and services")
    imd_housing_decile = _decile("Barriers to housing and services")
    imd_environment_score = _score("Living environment")
    imd_environment_rank = _rank("Living environment")
    imd_environment_decile = _decile("Living environment")

    # Community Needs Index 2019: the overall score and its three domains.
    cni_score = _score("CNI")
    cni_rank = _rank("CNI")
    cni_decile = _decile("CNI")
    cni_civic_assets_score = _score("Civic assets")
    cni_civic_assets_rank = _rank("Civic assets")
    cni_civic_assets_decile = _decile("Civic assets")
    cni_connectedness_score = _score("Connectedness")
    cni_connectedness_rank = _rank("Connectedness")
    cni_connectedness_decile = _decile("Connectedness")
    cni_engaged_community_score = _score("Active and engaged community")
    cni_engaged_community_rank = _rank("Active and engaged community")
    cni_engaged_community_decile = _decile("Active and engaged community")

    # The official flag as the CNI file carries it; None when no imported file said.
    left_behind = models.BooleanField("left-behind (official)", null=True, blank=True)
    # Computed: in the worst NEIGHBOURHOOD_THRESHOLD_DECILE deciles on both the IMD and the CNI.
    doubly_disadvantaged = models.BooleanField("doubly disadvantaged (computed)", default=False)
    # "Least first": 1 is the first to fund. See services/register_ranking.py for the order.
    # One order per kind (wards, LSOAs): unique within the kind.
    priority_rank = models.PositiveIntegerField(null=True, blank=True)

    # The import each index's current values came from.
    imd_batch = models.ForeignKey(
        "partnerships.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cni_batch = models.ForeignKey(
        "partnerships.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="neighbourhood_code_matches_kind",
                condition=(
                    models.Q(kind="ward", code__startswith="E05")
                    | models.Q(kind="lsoa", code__startswith="E01")
                ),
            ),
            models.UniqueConstraint(fields=["kind", "priority_rank"], name="one_priority_per_kind"),
            models.CheckConstraint(
                name="neighbourhood_priority_from_1",
                condition=Q(priority_rank__isnull=True) | Q(priority_rank__gte=1),
            ),
            *_decile_constraints(),
        ]
        indexes = [
            models.Index(fields=["local_authority_code"], name="nbhd_la_idx"),
            models.Index(fields=["region"], name="nbhd_region_idx"),
            models.Index(fields=["imd_rank"], name="nbhd_imd_rank_idx"),
            models.Index(fields=["cni_rank"], name="nbhd_cni_rank_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code

    @property
    def imd_edition_label(self) -> str:
        return edition_label(self.imd_edition, self.geography)

    @property
    def cni_edition_label(self) -> str:
        return edition_label(self.cni_edition, self.geography)

    @property
    def combined_rank(self) -> int | None:
        """The IMD rank plus the CNI rank: the default measure of combined need."""
        if self.imd_rank is None or self.cni_rank is None:
            return None
        return self.imd_rank + self.cni_rank
