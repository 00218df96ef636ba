"""The trustee API's shapes. Money is a string with two decimal places (exact pence, never a
float); ratios are strings too."""

from rest_framework import serializers

MONEY = {"max_digits": 14, "decimal_places": 2}


def money(**kwargs):
    return serializers.DecimalField(**MONEY, **kwargs)


class HeadlineSerializer(serializers.Serializer):
    endowment_capital = money()
    money_in = money(help_text="Capital, investment income and returned underspend.")
    committed = money(help_text="Promised to partnerships, with the LTO contribution.")
    committed_unreleased = money()
    released = money()
    paid = money(help_text="Released and marked paid, with the LTO contribution.")
    received = money(help_text="Grant money paid to LTOs, without their contribution.")
    spent = money()
    held_by_ltos = money(help_text="Each partnership's received less spent (never below 0).")
    spent_ahead = money(help_text="Each partnership's spending beyond what its LTO received.")
    uncommitted = money()
    held_by_fund = money()
    fees = money()
    spend_is_proxy = serializers.BooleanField(
        help_text="True while paid grant money stands in for spending partnerships record."
    )


class BreakdownRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The value to filter partnerships by; empty if unknown.")
    label = serializers.CharField()
    partnerships = serializers.IntegerField()
    committed = money()
    released = money()
    paid = money()
    spent = money()


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
    planned = money(help_text="Endorsed plans' costed vision over the whole term.")
    planned_to_date = money(
        help_text="The plan years that have ended, and the elapsed part of the current one."
    )
    spent = money(help_text="The spending log, net of reversals.")
    variance = money(help_text="Planned to date minus spent: above zero under plan, below over.")


class ThemeBreakdownSerializer(serializers.Serializer):
    rows = ThemeRowSerializer(many=True, help_text="One row per theme, by name.")
    total = ThemeRowSerializer()
    explanation = serializers.CharField()


class YearRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    committed = money()
    planned = money()
    released = money()
    paid = money()


class BenchmarkSerializer(serializers.Serializer):
    area = serializers.CharField()
    per_head = money()


class FundingPerHeadSerializer(serializers.Serializer):
    population = serializers.IntegerField()
    neighbourhoods_without_population = serializers.IntegerField()
    committed_per_head = money(allow_null=True)
    paid_per_head = money(allow_null=True)
    benchmarks = BenchmarkSerializer(many=True)
    source = serializers.CharField()


class VarianceSerializer(serializers.Serializer):
    partnership_id = serializers.IntegerField()
    partnership = serializers.CharField()
    planned_to_date = money()
    spent = money()
    variance = money(help_text="Planned to date minus spent: above zero under plan, below over.")
    over = serializers.BooleanField(help_text="True when spent is more than planned to date.")
    percent = serializers.DecimalField(
        max_digits=10,
        decimal_places=1,
        allow_null=True,
        help_text="The difference as a percentage of planned to date; null when nothing was "
        "planned yet.",
    )


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
    variances = VarianceSerializer(
        many=True,
        help_text="Partnerships whose spend to date differs from their endorsed plan's by more "
        "than both thresholds, largest difference first.",
    )
    variance_percent = serializers.DecimalField(
        max_digits=6, decimal_places=2, help_text="The percentage threshold."
    )
    variance_min_amount = money(help_text="The amount threshold.")


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
    spend_explanation = serializers.CharField()


class PartnershipFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    imd_decile = serializers.IntegerField(allow_null=True, required=False)
    cni_decile = serializers.IntegerField(allow_null=True, required=False)
    population = serializers.IntegerField(allow_null=True)
    committed = money()
    released = money()
    paid = money()
    received = money(help_text="Grant money paid to the LTO, without its contribution.")
    spent = money()
    held_by_lto = money(source="held", help_text="Received less spent (never below 0).")
    spent_ahead = money(help_text="Spending beyond what the LTO has received.")
    scheduled = money(help_text="Tranches scheduled or held, not yet released.")
    on_hold = money(help_text="Tranches on hold.")


class AssumptionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(source="definition.label")
    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    unit = serializers.CharField(source="definition.unit_label")
    source = serializers.CharField()
    effective_on = serializers.DateField()


class ForecastYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    opening = money()
    investment_return = money()
    costs = money()
    scheduled = money()
    unscheduled = money()
    payments = money()
    closing = money()
    commitments_remaining = money()
    coverage = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)


class ProjectionSerializer(serializers.Serializer):
    name = serializers.CharField(source="case.name")
    description = serializers.CharField(source="case.description")
    return_rate = serializers.DecimalField(max_digits=8, decimal_places=4)
    opening_balance = money()
    commitments = money()
    commitments_beyond = money()
    coverage_ratio = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    shortfall_year = serializers.IntegerField(allow_null=True)
    closing_balance = money()
    years = ForecastYearSerializer(many=True)


class ForecastSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    base = ProjectionSerializer()
    stresses = ProjectionSerializer(many=True)
    assumptions = AssumptionSerializer(many=True)
    method = serializers.CharField()


class BenefitSerializer(serializers.Serializer):
    key = serializers.CharField(source="category.key")
    label = serializers.CharField(source="category.label")
    fiscal = serializers.BooleanField(source="category.fiscal")
    undiscounted = money()
    present_value = money()


class SocialValueSerializer(serializers.Serializer):
    spent = money()
    undiscounted = money()
    present_value = money()
    fiscal_present_value = money()
    economic_and_social_present_value = money()
    benefit_cost_ratio = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    benefits = BenefitSerializer(many=True)


class PartnershipSocialValueSerializer(SocialValueSerializer):
    partnership_id = serializers.IntegerField()
    partnership = serializers.CharField()


class SocialValueReportSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    estimate = serializers.CharField()
    spend_is_proxy = serializers.BooleanField()
    spend_explanation = serializers.CharField()
    portfolio = SocialValueSerializer()
    partnerships = PartnershipSocialValueSerializer(many=True)
    assumptions = AssumptionSerializer(many=True)
