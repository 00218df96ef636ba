from django.conf import settings
from django.db import models


class LsoaNeighbourhood(models.Model):
    """A neighbourhood an officer defines as a named set of LSOAs (a Community Wealth Fund
    neighbourhood of 5,000 to 15,000 residents is several LSOAs, not one ward).

    Its combined figures are computed by services.lsoa_neighbourhoods.combine and stored here, so
    the portfolio's breakdowns can group by them in the database; they are recomputed whenever
    its LSOAs change and after every register import. The method is in docs/register.md: scores
    weighted by population and placed against every LSOA in England of the same edition, plus
    the share of its people living in doubly disadvantaged LSOAs. Ranks are never averaged."""

    class Weighting(models.TextChoices):
        POPULATION = "population", "Weighted by population (mid-2022)"
        EQUAL = "equal", "Equal weights: populations are missing"

    name = models.CharField(max_length=200, unique=True)
    lsoas = models.ManyToManyField(
        "partnerships.Neighbourhood", related_name="lsoa_neighbourhoods", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The combined figures (see the class's docstring).
    population = models.PositiveIntegerField(null=True, blank=True)
    population_missing = models.PositiveIntegerField(default=0)  # LSOAs without a population
    weighting = models.CharField(max_length=10, choices=Weighting.choices, blank=True)
    imd_edition = models.CharField(max_length=10, blank=True)
    cni_edition = models.CharField(max_length=10, blank=True)
    imd_score = models.FloatField(null=True, blank=True)
    imd_rank = models.PositiveIntegerField(null=True, blank=True)
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    imd_out_of = models.PositiveIntegerField(null=True, blank=True)
    cni_score = models.FloatField(null=True, blank=True)
    cni_rank = models.PositiveIntegerField(null=True, blank=True)
    cni_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    cni_out_of = models.PositiveIntegerField(null=True, blank=True)
    # The share (0 to 1) of its people (or of its LSOAs, under equal weights) living in doubly
    # disadvantaged LSOAs.
    doubly_share = models.FloatField(null=True, blank=True)
    local_authority_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=100, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "neighbourhood of LSOAs"
        verbose_name_plural = "neighbourhoods of LSOAs"
        constraints = [
            models.CheckConstraint(
                name="lsoa_neighbourhood_deciles_1_to_10",
                condition=(
                    models.Q(imd_decile__isnull=True)
                    | models.Q(imd_decile__gte=1, imd_decile__lte=10)
                )
                & (
                    models.Q(cni_decile__isnull=True)
                    | models.Q(cni_decile__gte=1, cni_decile__lte=10)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_range(self) -> bool | None:
        """Within the fund's 5,000 to 15,000 residents; None when the population is not known."""
        if self.population is None or self.population_missing:
            return None
        low, high = settings.NEIGHBOURHOOD_POPULATION_RANGE
        return low <= self.population <= high

    @property
    def doubly_percent(self) -> float | None:
        return None if self.doubly_share is None else round(100 * self.doubly_share, 1)
