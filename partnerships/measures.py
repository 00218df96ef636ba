"""The measures the neighbourhood register holds: the Index of Multiple Deprivation (IMD) with its
seven domains, and the Community Needs Index (CNI) with its three. One table, read by the model
checks, the importers, the ranking, the pages, the API and the CSV export, so a measure is named
in one place.

For every measure a higher score means more need, so rank 1 is the neighbourhood in most need and
decile 1 is the worst 10% of the imported set."""

from __future__ import annotations

from dataclasses import dataclass

IMD = "imd"
CNI = "cni"
INDEX_LABELS = {IMD: "Index of Multiple Deprivation", CNI: "Community Needs Index"}


@dataclass(frozen=True)
class Measure:
    key: str  # the field prefix on Neighbourhood: <key>_score, <key>_rank, <key>_decile
    label: str
    index: str  # IMD or CNI
    overall: bool = False
    about: str = ""

    @property
    def score_field(self) -> str:
        return f"{self.key}_score"

    @property
    def rank_field(self) -> str:
        return f"{self.key}_rank"

    @property
    def decile_field(self) -> str:
        return f"{self.key}_decile"

    @property
    def fields(self) -> tuple[str, str, str]:
        return (self.score_field, self.rank_field, self.decile_field)


MEASURES: tuple[Measure, ...] = (
    Measure("imd", "Index of Multiple Deprivation", IMD, overall=True, about="All seven domains"),
    Measure("imd_income", "Income", IMD, about="People on low incomes"),
    Measure("imd_employment", "Employment", IMD, about="People of working age out of work"),
    Measure("imd_education", "Education, skills and training", IMD),
    Measure("imd_health", "Health deprivation and disability", IMD),
    Measure("imd_crime", "Crime", IMD, about="Risk of personal and material victimisation"),
    Measure("imd_housing", "Barriers to housing and services", IMD),
    Measure("imd_environment", "Living environment", IMD),
    Measure("cni", "Community Needs Index", CNI, overall=True, about="All three domains"),
    Measure("cni_civic_assets", "Civic assets", CNI, about="Places to meet"),
    Measure(
        "cni_connectedness",
        "Connectedness",
        CNI,
        about="Physical and digital connections, to services and to jobs",
    ),
    Measure(
        "cni_engaged_community",
        "Active and engaged community",
        CNI,
        about="Local groups and organisations",
    ),
)
MEASURES_BY_KEY = {m.key: m for m in MEASURES}


def measures_of(index: str) -> tuple[Measure, ...]:
    return tuple(m for m in MEASURES if m.index == index)


def score_fields(index: str | None = None) -> list[str]:
    """Every score, rank and decile field name, of one index or of both."""
    return [f for m in MEASURES if index in (None, m.index) for f in m.fields]
