"""Ranks, deciles, the computed flag and the "least first" priority order of the register.

- **Rank** within the imported set of one kind (wards, or LSOAs), highest score first: rank 1 is
  the most deprived, or the highest community need. Equal scores share the better rank, as the
  published CNI ranks do (1, 2, 2, 4).
- **Decile** from the rank: decile = ceil(10 × rank / n), so decile 1 is the worst 10%.
- **Doubly disadvantaged** (computed), per edition: IMD decile and CNI decile both at most the
  threshold (NEIGHBOURHOOD_THRESHOLD_DECILE, default 1, the worst 10% on both; an edition can have
  its own in NEIGHBOURHOOD_EDITION_THRESHOLDS), and only for a pair of editions published for the
  same places: IoD2019 with CNI 2019 (2017 wards), IoD2025 with CNI 2023 (2021 LSOAs).
- **Eligible**: the computed flag or the official left-behind flag, as
  NEIGHBOURHOOD_ELIGIBILITY_FLAG says ("computed" by default, or "official").
- **Priority**: eligible neighbourhoods first, then by combined need, the IMD rank plus the CNI
  rank, lowest first. Equal sums go to the higher community need (the lower CNI rank), then to the
  higher deprivation (the lower IMD rank), then by code, so the order never depends on chance.
  Only neighbourhoods with both ranks get a priority. Wards and LSOAs each have their own order
  (priority 1 is the first ward, and the first LSOA)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from partnerships.editions import EDITIONS, paired
from partnerships.models import Neighbourhood

from .bulk_sql import update_rows

ELIGIBILITY_RULES = {
    "computed": "in the worst deciles on both the IMD and the CNI (computed)",
    "official": "on the official left-behind list",
}


@dataclass(frozen=True)
class Eligibility:
    threshold_decile: int
    rule: str  # "computed" or "official"
    by_edition: dict = None  # edition key -> threshold decile, where it differs

    def threshold_for(self, edition: str) -> int:
        return (self.by_edition or {}).get(edition, self.threshold_decile)

    @property
    def describe(self) -> str:
        worst = f"worst {self.threshold_decile * 10}%"
        if self.rule == "official":
            return "Eligible: on the official left-behind list (the CNI file's flag)."
        return f"Eligible: in the {worst} of the imported set on both the IMD and the CNI."


def eligibility() -> Eligibility:
    """The eligibility rules from settings, checked."""
    threshold = settings.NEIGHBOURHOOD_THRESHOLD_DECILE
    rule = settings.NEIGHBOURHOOD_ELIGIBILITY_FLAG
    if not isinstance(threshold, int) or not 1 <= threshold <= 10:
        raise ImproperlyConfigured(
            "NEIGHBOURHOOD_THRESHOLD_DECILE must be a whole number, 1 to 10."
        )
    if rule not in ELIGIBILITY_RULES:
        raise ImproperlyConfigured(
            f"NEIGHBOURHOOD_ELIGIBILITY_FLAG must be one of {', '.join(ELIGIBILITY_RULES)}."
        )
    by_edition = dict(getattr(settings, "NEIGHBOURHOOD_EDITION_THRESHOLDS", {}) or {})
    for key, value in by_edition.items():
        if key not in EDITIONS or not isinstance(value, int) or not 1 <= value <= 10:
            raise ImproperlyConfigured(
                "NEIGHBOURHOOD_EDITION_THRESHOLDS maps an edition "
                f"({', '.join(EDITIONS)}) to a whole number, 1 to 10."
            )
    return Eligibility(threshold_decile=threshold, rule=rule, by_edition=by_edition)


def rank_and_decile(scores: dict) -> dict:
    """{key: score} -> {key: (rank, decile)}, highest score first."""
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    total = len(ordered)
    result = {}
    rank, previous = 0, None
    for position, (key, score) in enumerate(ordered, start=1):
        if score != previous:
            rank, previous = position, score
        result[key] = (rank, -(-10 * rank // total))  # ceil(10 * rank / total)
    return result


def benchmarks(scores: list[float], deciles: list[int]) -> dict:
    """England's median and decile boundaries for one measure over the imported set.
    `worst[d - 1]` is the lowest score still in decile d or worse: a score at or above
    worst[0] is in the worst 10%."""
    floor_of = {}
    for score, decile in zip(scores, deciles, strict=True):
        floor_of[decile] = min(score, floor_of.get(decile, score))
    return {
        "count": len(scores),
        "median": statistics.median(scores),
        "min": min(scores),
        "max": max(scores),
        "worst": [floor_of.get(decile) for decile in range(1, 10)],
    }


@dataclass(frozen=True)
class RegisterCounts:
    official: int
    computed: int
    overlap: int
    eligible: int
    ranked: int
    threshold_decile: int
    rule: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class _Ranked(NamedTuple):
    pk: int
    code: str
    kind: str
    imd_edition: str
    cni_edition: str
    imd_rank: int | None
    cni_rank: int | None
    imd_decile: int | None
    cni_decile: int | None
    left_behind: bool | None
    doubly_disadvantaged: bool
    priority_rank: int | None


def register_rerank() -> RegisterCounts:
    """Recompute the computed flag and the priority order of every neighbourhood from its
    stored ranks, under the eligibility settings now in force. Safe to run at any time; run it
    (manage.py rank_neighbourhoods) after changing the settings."""
    rules = eligibility()
    with transaction.atomic():
        rows = [_Ranked(*values) for values in Neighbourhood.objects.values_list(*_Ranked._fields)]
        doubly = {row.pk: _in_worst(row, rules) for row in rows}

        def is_eligible(row: _Ranked) -> bool:
            return bool(row.left_behind) if rules.rule == "official" else doubly[row.pk]

        # One priority order per kind of neighbourhood: wards and LSOAs are ranked over
        # different sets, so their ranks cannot be added up against each other.
        ranked = sorted(
            (row for row in rows if row.imd_rank is not None and row.cni_rank is not None),
            key=lambda row: (
                row.kind,
                not is_eligible(row),
                row.imd_rank + row.cni_rank,
                row.cni_rank,
                row.imd_rank,
                row.code,
            ),
        )
        priority, position_in = {}, {}
        for row in ranked:
            position_in[row.kind] = position_in.get(row.kind, 0) + 1
            priority[row.pk] = position_in[row.kind]
        changed = [
            row
            for row in rows
            if (row.doubly_disadvantaged, row.priority_rank)
            != (doubly[row.pk], priority.get(row.pk))
        ]
        # priority_rank is unique: clear the ranks that move before setting the new ones, so
        # two rows never hold the same rank half-way through.
        update_rows(
            Neighbourhood,
            ["priority_rank"],
            [(row.pk, None) for row in changed if row.priority_rank is not None],
        )
        update_rows(
            Neighbourhood,
            ["doubly_disadvantaged", "priority_rank"],
            [(row.pk, doubly[row.pk], priority.get(row.pk)) for row in changed],
        )
    official = {row.pk for row in rows if row.left_behind}
    computed = {pk for pk, flag in doubly.items() if flag}
    return RegisterCounts(
        official=len(official),
        computed=len(computed),
        overlap=len(official & computed),
        eligible=sum(1 for row in rows if is_eligible(row)),
        ranked=len(ranked),
        threshold_decile=rules.threshold_decile,
        rule=rules.rule,
    )


def _in_worst(row: _Ranked, rules: Eligibility) -> bool:
    """In the worst deciles on both indices, each edition's threshold, and only when the two
    editions are published for the same places (editions.PAIRS)."""
    if row.imd_decile is None or row.cni_decile is None:
        return False
    if not paired(row.imd_edition, row.cni_edition):
        return False
    return row.imd_decile <= rules.threshold_for(
        row.imd_edition
    ) and row.cni_decile <= rules.threshold_for(row.cni_edition)
