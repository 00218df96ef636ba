"""Outcome indicators as reports see them: which indicators a report asks for, each one's trend
so far and whether this quarter's value looks wrong; and the portfolio's outcomes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from grants.models import UNIT_RULES, IndicatorUnit, PlanIndicator, SpendingPlan

from ..models import IndicatorValue, QuarterlyReport

# A value looks wrong (flagged for a question, never refused) when it falls below half the last
# measured value, or rises to ten times it or more.
DROP_SHARE = Decimal("0.5")
JUMP_TIMES = Decimal(10)


def value_flag(previous: Decimal | None, value: Decimal | None) -> str:
    """Why an officer might ask about this value, or "" when it looks ordinary."""
    if previous is None or value is None:
        return ""
    if previous > 0 and value < previous * DROP_SHARE:
        return "Fell by more than half since it was last measured"
    if value >= JUMP_TIMES * previous and (previous > 0 or value > 0):
        if previous == 0:
            return "Rose from 0 since it was last measured"
        return "Ten times or more what it was when last measured"
    return ""


def report_indicators(report: QuarterlyReport) -> list[PlanIndicator]:
    """What the report asks for: the indicators of the partnership's plan in force (endorsed),
    and any already answered in it; once submitted, only those answered (it is frozen)."""
    answered = list(
        PlanIndicator.objects.filter(values__report=report).select_related("theme", "library")
    )
    if not report.is_editable:
        return answered
    plan = SpendingPlan.objects.filter(
        partnership_id=report.partnership_id, status=SpendingPlan.Status.ENDORSED
    ).first()
    current = list(plan.indicators.select_related("theme", "library")) if plan else []
    lineages = {i.lineage for i in current}
    return current + [i for i in answered if i.lineage not in lineages]


@dataclass
class IndicatorRow:
    indicator: PlanIndicator
    current: IndicatorValue | None
    trend: list[tuple] = field(default_factory=list)  # (quarter_start, value or None)
    flag: str = ""

    @property
    def unit_label(self) -> str:
        return IndicatorUnit(self.indicator.unit).label


def report_indicator_rows(report: QuarterlyReport) -> list[IndicatorRow]:
    """One row per indicator the report asks for: its value in this report, the values of the
    partnership's earlier reports (the trend, across plan versions) and its flag. Two queries."""
    indicators = report_indicators(report)
    lineages = [i.lineage for i in indicators]
    values = IndicatorValue.objects.filter(
        partnership_id=report.partnership_id,
        lineage__in=lineages,
        quarter_start__lte=report.quarter_start,
    ).order_by("quarter_start")
    earlier: dict[str, list[IndicatorValue]] = defaultdict(list)
    current: dict[str, IndicatorValue] = {}
    for v in values:
        if v.report_id == report.pk:
            current[v.lineage] = v
        elif v.quarter_start < report.quarter_start:
            earlier[v.lineage].append(v)
    rows = []
    for indicator in indicators:
        past = earlier[indicator.lineage]
        last = next((v.value for v in reversed(past) if v.value is not None), None)
        now = current.get(indicator.lineage)
        rows.append(
            IndicatorRow(
                indicator=indicator,
                current=now,
                trend=[(v.quarter_start, v.value) for v in past],
                flag=value_flag(last, now.value if now else None),
            )
        )
    return rows


# The portfolio's outcomes ------------------------------------------------------------------


@dataclass
class OutcomeTotal:
    """One library indicator across the portfolio (or one group of it)."""

    name: str
    unit: str
    summed: bool
    partnerships: int = 0
    total: Decimal = Decimal(0)

    @property
    def unit_label(self) -> str:
        return IndicatorUnit(self.unit).label

    @property
    def figure(self) -> Decimal:
        """The sum of each partnership's latest value, or their average for a score."""
        if self.summed or not self.partnerships:
            return self.total
        return (self.total / self.partnerships).quantize(Decimal("0.1"))

    @property
    def how(self) -> str:
        return "total" if self.summed else "average"


@dataclass
class PortfolioOutcomes:
    totals: list[OutcomeTotal]
    # dimension ("theme", "region", "imd_decile") -> [(group label, [OutcomeTotal])]
    by: dict[str, list[tuple[str, list[OutcomeTotal]]]]

    @property
    def is_empty(self) -> bool:
        return not self.totals


SUBMITTED = (QuarterlyReport.Status.SUBMITTED, QuarterlyReport.Status.ACCEPTED)


def latest_library_values(partnership_ids=None) -> list[dict]:
    """Each partnership's latest measured value of each library indicator, from submitted and
    accepted reports, with the indicator's theme. One query."""
    qs = IndicatorValue.objects.filter(
        value__isnull=False,
        indicator__library__isnull=False,
        report__status__in=SUBMITTED,
    )
    if partnership_ids is not None:
        qs = qs.filter(partnership_id__in=partnership_ids)
    rows = qs.order_by("partnership_id", "indicator__library_id", "-quarter_start").values(
        "partnership_id",
        "value",
        "quarter_start",
        "indicator__library_id",
        "indicator__library__name",
        "indicator__library__unit",
        "indicator__library__is_wellbeing",
        "indicator__baseline",
        "indicator__theme__name",
        "report__people_involved",
    )
    latest: dict[tuple[int, int], dict] = {}
    for row in rows:
        latest.setdefault((row["partnership_id"], row["indicator__library_id"]), row)
    return list(latest.values())


def _totals(rows: list[dict]) -> list[OutcomeTotal]:
    by_library: dict[int, OutcomeTotal] = {}
    for row in rows:
        unit = row["indicator__library__unit"]
        total = by_library.setdefault(
            row["indicator__library_id"],
            OutcomeTotal(row["indicator__library__name"], unit, UNIT_RULES[unit].summed),
        )
        total.partnerships += 1
        total.total += row["value"]
    return sorted(by_library.values(), key=lambda t: t.name)


def portfolio_outcomes(*, places: dict[int, dict] | None = None) -> PortfolioOutcomes:
    """Library indicators added up across partnerships (counts summed, scores averaged), with how
    many partnerships measure each; by theme, and by region and IMD decile when `places` (each
    partnership's {"region", "imd_decile"}, from the dashboard's breakdowns) is given. Callers
    scope: fund-wide roles only."""
    rows = latest_library_values()
    by: dict[str, list[tuple[str, list[OutcomeTotal]]]] = {}
    groups: dict[str, dict[str, list[dict]]] = {"theme": defaultdict(list)}
    for row in rows:
        groups["theme"][row["indicator__theme__name"]].append(row)
    if places is not None:
        groups["region"] = defaultdict(list)
        groups["imd_decile"] = defaultdict(list)
        for row in rows:
            place = places.get(row["partnership_id"]) or {}
            groups["region"][place.get("region") or "Not known"].append(row)
            decile = place.get("imd_decile")
            groups["imd_decile"][f"Decile {decile}" if decile else "Not known"].append(row)
    for dimension, grouped in groups.items():
        by[dimension] = [(label, _totals(grouped[label])) for label in sorted(grouped)]
    return PortfolioOutcomes(totals=_totals(rows), by=by)
