"""The trustee API's shapes. Money is a string with two decimal places (exact pence, never a
float); ratios are strings too."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cwf.core.api import money_field
from partnerships.api.serializers import PartnershipRefSerializer


class HeadlineSerializer(serializers.Serializer):
    endowment_capital = money_field()
    money_in = money_field(help_text="Capital, investment income and returned underspend.")
    committed = money_field(help_text="Promised to partnerships, with the LTO contribution.")
    committed_unreleased = money_field()
    released = money_field()
    paid = money_field(help_text="Released and marked paid, with the LTO contribution.")
    received = money_field(help_text="Grant money paid to LTOs, without their contribution.")
    spent = money_field()
    held_by_ltos = money_field(
        help_text="Each partnership's received less spent and returned (never below 0), for "
        "partnerships that log their spending."
    )
    not_logged = money_field(
        help_text="Received less returned at partnerships that have never logged a spend: "
        "spent or held, the spending log cannot say. Not in held_by_ltos."
    )
    not_logged_partnerships = serializers.IntegerField(
        help_text="How many partnerships that received money have never logged a spend."
    )
    spent_ahead = money_field(help_text="Each partnership's spending beyond what its LTO received.")
    uncommitted = money_field()
    held_by_fund = money_field()
    fees = money_field()
    spend_is_proxy = serializers.BooleanField(
        help_text="True while paid grant money stands in for spending partnerships record."
    )


class BreakdownRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The value to filter partnerships by; empty if unknown.")
    label = serializers.CharField()
    partnerships = serializers.IntegerField()
    committed = money_field()
    released = money_field()
    paid = money_field()
    spent = money_field()


class BreakdownSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rows = BreakdownRowSerializer(many=True)


class ThemeRowSerializer(serializers.Serializer):
    theme_id = serializers.IntegerField(
        allow_null=True, help_text="The theme; null in the total row."
    )
    label = serializers.CharField()
    partnerships = serializers.IntegerField(
        help_text="Partnerships that plan or spend in the theme (in the total, each once)."
    )
    planned = money_field(help_text="Endorsed plans' costed vision over the whole term.")
    planned_to_date = money_field(
        help_text="The plan years that have ended, and the elapsed part of the current one."
    )
    spent = money_field(help_text="The spending log, net of reversals.")
    variance = money_field(
        help_text="Planned to date minus spent: above zero under plan, below over."
    )


class ThemeBreakdownSerializer(serializers.Serializer):
    rows = ThemeRowSerializer(many=True, help_text="One row per theme, by name.")
    total = ThemeRowSerializer()
    explanation = serializers.CharField()


class YearRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    committed = money_field()
    planned = money_field()
    released = money_field()
    paid = money_field()


class BenchmarkSerializer(serializers.Serializer):
    area = serializers.CharField()
    per_head = money_field()


class FundingPerHeadSerializer(serializers.Serializer):
    population = serializers.IntegerField()
    neighbourhoods_without_population = serializers.IntegerField()
    committed_per_head = money_field(allow_null=True)
    paid_per_head = money_field(allow_null=True)
    benchmarks = BenchmarkSerializer(many=True)
    source = serializers.CharField()


class VarianceSerializer(serializers.Serializer):
    partnership = serializers.SerializerMethodField()
    planned_to_date = money_field()
    spent = money_field()
    variance = money_field(
        help_text="Planned to date minus spent: above zero under plan, below over."
    )
    over = serializers.BooleanField(help_text="True when spent is more than planned to date.")
    rate = serializers.SerializerMethodField(
        help_text="The difference as a decimal fraction of planned to date (0.25 for 25%); "
        "null when nothing was planned yet."
    )

    @extend_schema_field(PartnershipRefSerializer)
    def get_partnership(self, variance) -> dict:
        return {"id": variance.partnership_id, "name": variance.partnership}

    @extend_schema_field({"type": "string", "format": "decimal", "nullable": True})
    def get_rate(self, variance) -> str | None:
        percent = variance.percent
        return None if percent is None else str(percent / 100)


class ComplianceSerializer(serializers.Serializer):
    due = serializers.IntegerField(help_text="Quarterly reports due so far, fund-wide.")
    on_time = serializers.IntegerField(help_text="Of those, submitted by their (extended) date.")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="0 to 1; null if none due.")
    mean_days_late = serializers.FloatField(help_text="Over all due reports; on time counts 0.")


class AttentionCountsSerializer(serializers.Serializer):
    overdue_reports = serializers.IntegerField(help_text="Quarterly reports still owed past due.")
    reporting_compliance = ComplianceSerializer(allow_null=True)
    held_tranches = serializers.IntegerField()
    failing_composition = serializers.IntegerField()
    close_out_candidates = serializers.IntegerField()
    large_variances = serializers.IntegerField()
    spending_ahead_of_payments = serializers.IntegerField(
        help_text="Partnerships that have logged more spending than their LTO has received."
    )
    pledges_past_due = serializers.IntegerField(
        help_text="Co-funders' pledges past their date and not fully received."
    )
    variances = VarianceSerializer(
        many=True,
        help_text="Partnerships whose spend to date differs from their endorsed plan's by more "
        "than both thresholds, largest difference first.",
    )
    variance_rate = serializers.DecimalField(
        max_digits=7,
        decimal_places=4,
        help_text="The threshold, a decimal fraction of planned to date (0.25 for 25%).",
    )
    variance_min_amount = money_field(help_text="The amount threshold.")


def per_pound(**kwargs):
    return money_field(allow_null=True, **kwargs)


class LeverageSerializer(serializers.Serializer):
    """grants.selectors.money.Leverage: docs/money.md, "Co-investment and leverage"."""

    paid = money_field(
        help_text="Paid by the fund to the partnerships' LTOs, with the contribution."
    )
    through_fund = money_field(help_text="Co-funders' restricted money the fund paid to the LTOs.")
    local = money_field(help_text="Local income the partnerships raised, verified by an officer.")
    together = money_field()
    through_fund_per_pound = per_pound(help_text="Per £1 paid by the fund; null if none paid.")
    local_per_pound = per_pound(help_text="Per £1 paid by the fund; null if none paid.")
    together_per_pound = per_pound(help_text="Per £1 paid by the fund; null if none paid.")


class LeverageRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The region or decile, the partnership's or theme's id.")
    label = serializers.CharField()
    partnerships = serializers.IntegerField()
    leverage = LeverageSerializer()


class LeverageBreakdownSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rows = LeverageRowSerializer(many=True)


class PortfolioLeverageSerializer(serializers.Serializer):
    total = LeverageSerializer()
    partnerships = LeverageRowSerializer(
        many=True, help_text="Partnerships with co-investment or verified local income."
    )
    breakdowns = LeverageBreakdownSerializer(many=True, help_text="By region, IMD and CNI decile.")
    by_theme = LeverageBreakdownSerializer(
        help_text="A partnership counts under every theme its endorsed plan spends on."
    )


class PortfolioSummarySerializer(serializers.Serializer):
    as_of = serializers.DateField()
    headline = HeadlineSerializer()
    breakdowns = BreakdownSerializer(many=True)
    by_theme = ThemeBreakdownSerializer(
        help_text="Planned (endorsed costed visions) against spent, theme by theme."
    )
    by_year = YearRowSerializer(many=True)
    funding_per_head = FundingPerHeadSerializer()
    attention = AttentionCountsSerializer()
    leverage = PortfolioLeverageSerializer(
        help_text="Co-investment through the fund and verified local income, per £1 paid."
    )
    spend_explanation = serializers.CharField()


class PartnershipFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    imd_decile = serializers.IntegerField(allow_null=True, required=False)
    cni_decile = serializers.IntegerField(allow_null=True, required=False)
    population = serializers.IntegerField(allow_null=True)
    committed = money_field()
    released = money_field()
    paid = money_field()
    received = money_field(help_text="Grant money paid to the LTO, without its contribution.")
    spent = money_field()
    held_by_lto = money_field(
        source="held",
        help_text="Received less spent and returned (never below 0); 0 when the partnership "
        "has never logged a spend (see not_logged).",
    )
    not_logged = money_field(
        help_text="Received less returned, when the partnership has never logged a spend: "
        "spent or held, the spending log cannot say."
    )
    spent_ahead = money_field(help_text="Spending beyond what the LTO has received.")
    scheduled = money_field(help_text="Tranches scheduled or held, not yet released.")
    on_hold = money_field(help_text="Tranches on hold.")


class AssumptionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(source="definition.label")
    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    unit = serializers.CharField(source="definition.unit_label")
    source = serializers.CharField()
    effective_on = serializers.DateField()


def fraction(**kwargs):
    """A rate as a decimal fraction (0.035 for 3.5%), as a string."""
    return serializers.DecimalField(max_digits=16, decimal_places=10, **kwargs)


class ForecastYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    days = serializers.IntegerField(help_text="Days projected: the rest of the year in the first.")
    real_return = fraction(
        source="rates.real_return", help_text="After inflation, a fraction a year."
    )
    inflation = fraction(source="rates.inflation")
    cash_return = fraction(
        source="rates.cash_return", help_text="(1 + real) x (1 + inflation) - 1."
    )
    fall = money_field(help_text="Value lost at the start of the year on this path.")
    opening = money_field()
    scheduled = money_field(help_text="Tranches due in the payment schedules.")
    unscheduled = money_field(help_text="Approved money not yet in a schedule, spread by days.")
    proposed = money_field(help_text="Allocations proposed and not yet approved, spread by days.")
    payments = money_field(help_text="Taken at the start of the year, before the return.")
    investment_return = money_field(help_text="In cash terms.")
    costs = money_field()
    closing = money_field(help_text="In cash terms.")
    price_index = fraction(help_text="Prices at the end of the year, today's being 1.")
    closing_real = money_field(help_text="The closing balance in today's pounds.")
    owed = money_field(help_text="Still to pay at the start of the year, pipeline included.")
    cover = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)


class ProjectionSerializer(serializers.Serializer):
    key = serializers.CharField(source="path.key")
    name = serializers.CharField(source="path.name")
    description = serializers.CharField(source="path.description")
    opening_balance = money_field()
    commitments = money_field(help_text="Approved and not yet paid.")
    pipeline = money_field(help_text="Proposed and not yet approved.")
    free_capital = money_field(help_text="Held today beyond everything approved and proposed.")
    coverage_ratio = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    lowest_cover = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    shortfall_year = serializers.IntegerField(
        allow_null=True, help_text="The first year the fund cannot pay what falls due."
    )
    end_year = serializers.IntegerField(allow_null=True)
    closing_balance = money_field(help_text="At the end of the last year, in cash terms.")
    closing_real = money_field(help_text="At the end of the last year, in today's pounds.")
    free_capital_end_real = money_field(help_text="Left after every payment, in today's pounds.")
    keeps_real_capital = serializers.BooleanField()
    owed_beyond = money_field(help_text="Falling due after the last year projected.")
    years = ForecastYearSerializer(many=True)


class StartingPointSerializer(serializers.Serializer):
    basis = serializers.ChoiceField(choices=["book", "market"])
    book_value = money_field(help_text="What the ledger records the fund holds today.")
    market_value = money_field(source="valuation.market_value", allow_null=True, default=None)
    valued_on = serializers.DateField(source="valuation.valued_on", allow_null=True, default=None)
    valuation_book_value = money_field(source="valuation.book_value", allow_null=True, default=None)
    valuation_source = serializers.CharField(
        source="valuation.source", allow_null=True, default=None
    )
    market_adjustment = money_field(help_text="Market less book value at the latest valuation.")
    opening_balance = money_field(help_text="Where the forecast starts.")


class MonteCarloSerializer(serializers.Serializer):
    paths = serializers.IntegerField()
    seed = serializers.IntegerField()
    mean = fraction(help_text="The real return's mean.")
    volatility = fraction(help_text="The real return's standard deviation.")
    inflation = fraction()
    shortfall_probability = fraction(help_text="The share of futures that run short, 0 to 1.")
    real_loss_probability = fraction(
        help_text="The share that run short or end with less real capital than is free today."
    )
    shortfall_by_year = serializers.SerializerMethodField()
    end_real_low = money_field(help_text="Left at the end in today's pounds: 5th percentile.")
    end_real_median = money_field()
    end_real_high = money_field(help_text="95th percentile.")

    def get_shortfall_by_year(self, result) -> list[dict]:
        return [
            {"year": year, "probability": str(share)} for year, share in result.shortfall_by_year
        ]


class SustainableSerializer(serializers.Serializer):
    held = money_field()
    commitments = money_field()
    pipeline = money_field()
    free_capital = money_field()
    uncommitted = money_field()
    net_real_return = fraction()
    per_year = money_field(
        help_text="What could be committed each year, in today's pounds and rising with "
        "inflation, and keep the free capital's real value to the end of the forecast."
    )
    term_years = serializers.IntegerField(help_text="Each new commitment is paid over these.")
    committed_last_year = money_field(allow_null=True, help_text="Approved in the last 12 months.")


class AchievedYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    income = money_field()
    held_start = money_field()
    held_end = money_field()
    rate = fraction(allow_null=True)


class AchievedSerializer(serializers.Serializer):
    rate = fraction(allow_null=True, help_text="Income booked over money held, cash terms.")
    assumed_cash_return = fraction()
    below_assumption = serializers.BooleanField()
    income_this_year = money_field()
    years = AchievedYearSerializer(many=True)


class PathSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()


class ForecastSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    first_year_days = serializers.IntegerField(source="inputs.first_year_days")
    real_return = fraction(source="inputs.real_return")
    inflation = fraction(source="inputs.inflation")
    running_cost_rate = fraction(source="inputs.running_cost_rate")
    start = StartingPointSerializer()
    base = ProjectionSerializer(source="forecast.base")
    stresses = ProjectionSerializer(source="forecast.stresses", many=True)
    combined = ProjectionSerializer(
        source="forecast.combined",
        allow_null=True,
        help_text="The paths named in ?paths= together; null without it.",
    )
    paths = PathSerializer(many=True, help_text="The paths ?paths= may name.")
    monte_carlo = MonteCarloSerializer()
    sustainable = SustainableSerializer()
    achieved = AchievedSerializer()
    assumptions = AssumptionSerializer(many=True)
    method = serializers.CharField()


class BenefitSerializer(serializers.Serializer):
    key = serializers.CharField(source="category.key")
    label = serializers.CharField(source="category.label")
    fiscal = serializers.BooleanField(source="category.fiscal")
    undiscounted = money_field()
    present_value = money_field()


class SocialValueSerializer(serializers.Serializer):
    spent = money_field()
    undiscounted = money_field()
    present_value = money_field()
    fiscal_present_value = money_field()
    economic_and_social_present_value = money_field()
    benefit_cost_ratio = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    benefits = BenefitSerializer(many=True)


class PartnershipSocialValueSerializer(SocialValueSerializer):
    partnership = PartnershipRefSerializer()


class SocialValueReportSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    estimate = serializers.CharField()
    spend_is_proxy = serializers.BooleanField()
    spend_explanation = serializers.CharField()
    portfolio = SocialValueSerializer()
    partnerships = PartnershipSocialValueSerializer(many=True)
    assumptions = AssumptionSerializer(many=True)
