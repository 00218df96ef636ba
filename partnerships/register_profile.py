"""A neighbourhood's domain profile: each measure against England's median and decile boundaries,
as rows for the table and as the geometry of a server-drawn SVG chart (no JavaScript).

"England" is the imported set of the same kind (all wards, or all LSOAs), so the benchmarks are
those of the newest import of each index."""

from __future__ import annotations

from dataclasses import dataclass, field

from .measures import CNI, IMD, INDEX_LABELS, Measure, measures_of
from .models import Neighbourhood
from .selectors_register import latest_imports

# Chart geometry in SVG user units: a label column, then the bar track.
LABEL_WIDTH = 250
TRACK_START = 260
TRACK_END = 590
ROW_HEIGHT = 36
CHART_WIDTH = 680


@dataclass
class ProfileRow:
    measure: Measure
    score: float | None
    rank: int | None
    decile: int | None
    count: int | None = None
    median: float | None = None
    worst: list = field(default_factory=list)  # the lowest score in deciles 1..9
    low: float | None = None
    high: float | None = None
    y: int = 0  # the chart row's top

    @property
    def chart_label(self) -> str:
        return "Overall" if self.measure.overall else self.measure.label

    @property
    def known(self) -> bool:
        return self.score is not None and self.high is not None

    @property
    def worst_10_from(self) -> float | None:
        return self.worst[0] if self.worst else None

    @property
    def compared_with_median(self) -> str:
        if self.score is None or self.median is None:
            return ""
        return "above" if self.score > self.median else "at or below"

    def x(self, value: float) -> float:
        """Where `value` falls on this row's own scale, England's lowest to highest score."""
        span = (self.high - self.low) or 1.0
        return round(TRACK_START + (TRACK_END - TRACK_START) * (value - self.low) / span, 1)

    @property
    def bar_width(self) -> float:
        return round(self.x(self.score) - TRACK_START, 1)

    @property
    def median_x(self) -> float:
        return self.x(self.median)

    @property
    def worst_x(self) -> float | None:
        return self.x(self.worst[0]) if self.worst and self.worst[0] is not None else None

    @property
    def worst_zone_width(self) -> float | None:
        return None if self.worst_x is None else round(TRACK_END - self.worst_x, 1)

    @property
    def tick_xs(self) -> list[float]:
        return [self.x(value) for value in self.worst if value is not None]

    @property
    def bar_y(self) -> int:
        return self.y + 10

    @property
    def text_y(self) -> int:
        return self.y + 21


@dataclass
class Profile:
    index: str
    rows: list[ProfileRow]

    @property
    def label(self) -> str:
        return INDEX_LABELS[self.index]

    @property
    def has_scores(self) -> bool:
        return any(row.score is not None for row in self.rows)

    @property
    def chart_height(self) -> int:
        return ROW_HEIGHT * len(self.rows) + 8

    @property
    def count(self) -> int | None:
        return self.rows[0].count if self.rows else None


def neighbourhood_profile(*, neighbourhood: Neighbourhood) -> list[Profile]:
    latest = latest_imports()
    profiles = []
    for index in (IMD, CNI):
        batch = latest.get((index, neighbourhood.kind))
        marks = batch.summary.get("benchmarks", {}) if batch else {}
        rows = []
        for position, measure in enumerate(measures_of(index)):
            mark = marks.get(measure.key, {})
            rows.append(
                ProfileRow(
                    measure=measure,
                    score=getattr(neighbourhood, measure.score_field),
                    rank=getattr(neighbourhood, measure.rank_field),
                    decile=getattr(neighbourhood, measure.decile_field),
                    count=mark.get("count"),
                    median=mark.get("median"),
                    worst=mark.get("worst", []),
                    low=mark.get("min"),
                    high=mark.get("max"),
                    y=position * ROW_HEIGHT,
                )
            )
        profiles.append(Profile(index=index, rows=rows))
    return profiles


CHART = {
    "width": CHART_WIDTH,
    "label_width": LABEL_WIDTH,
    "track_start": TRACK_START,
    "track_end": TRACK_END,
    "track_width": TRACK_END - TRACK_START,
    "decile_x": TRACK_END + 10,
}
