from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cwf.core.api import money_field
from partnerships.api.serializers import PartnershipRefSerializer

from ..models import Allocation, Tranche
from ..selectors.allocations import allocation_figures

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class WithFigures:
    """Works out an allocation's figures once per row (from the row's annotations and its
    prefetched ledger accounts: no queries), for the fields that read them."""

    def to_representation(self, allocation):
        allocation.figures = allocation_figures(allocation)
        allocation.account_balances = {
            account.kind: account.balance for account in allocation.ledger_accounts.all()
        }
        return super().to_representation(allocation)


class AllocationSerializer(WithFigures, serializers.ModelSerializer):
    partnership = PartnershipRefSerializer(read_only=True)
    ends_on = serializers.DateField(
        source="last_day", read_only=True, help_text="The term's last day."
    )
    released = serializers.DecimalField(source="figures.released", **MONEY)
    paid = serializers.DecimalField(source="figures.paid", **MONEY)
    flagged_for_close_out = serializers.BooleanField(
        source="figures.flagged_for_close_out", read_only=True
    )

    class Meta:
        model = Allocation
        fields = [
            "id",
            "partnership",
            "status",
            "amount",
            "management_contribution_rate",
            "management_contribution",
            "starts_on",
            "term_years",
            "ends_on",
            "proposed_at",
            "approved_at",
            "activated_at",
            "closed_at",
            "withdrawn_at",
            "released",
            "paid",
            "flagged_for_close_out",
            "updated_at",
        ]


class AllocationBalancesSerializer(WithFigures, serializers.Serializer):
    """An allocation's ledger balances and totals, in pounds with pence. Released and paid
    include the LTO management contribution."""

    allocation = serializers.IntegerField(source="pk", read_only=True)
    partnership = PartnershipRefSerializer(read_only=True)
    status = serializers.CharField(read_only=True)
    amount = serializers.DecimalField(**MONEY)
    management_contribution = serializers.DecimalField(**MONEY)
    committed_unreleased = serializers.DecimalField(source="figures.committed_unreleased", **MONEY)
    released = serializers.DecimalField(source="figures.released", **MONEY)
    released_unpaid = serializers.DecimalField(source="figures.released_unpaid", **MONEY)
    paid = serializers.DecimalField(source="figures.paid", **MONEY)
    underspend_returned = serializers.DecimalField(source="figures.underspend_returned", **MONEY)
    accounts = serializers.DictField(
        source="account_balances",
        child=money_field(),
        read_only=True,
        help_text="The balance of each of the allocation's ledger accounts (debits positive).",
    )


# The fields declare the shape (and the OpenAPI schema). Rows are TRANCHE_ROW dicts from
# values(), made JSON in one pass by `to_representation`, with dates and money formatted by DRF's
# own fields as the per-field walk would: a page builds no model instances (docs/performance.md).
TRANCHE_ROW = (
    "id",
    "allocation_id",
    "allocation__partnership_id",
    "allocation__partnership__name",
    "sequence",
    "number",
    "due_on",
    "amount",
    "management_contribution",
    "status",
    "release__payment_reference",
    "release__released_on",
    "paid_on",
    "bank_reference",
    "receipt_confirmed_at",
    "updated_at",
)


class TrancheSerializer(serializers.ModelSerializer):
    partnership = PartnershipRefSerializer(read_only=True)
    total = money_field(read_only=True)
    payment_reference = serializers.CharField(read_only=True, allow_null=True)
    released_on = serializers.DateField(read_only=True, allow_null=True)
    receipt_confirmed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Tranche
        fields = [
            "id",
            "allocation",
            "partnership",
            "sequence",
            "number",
            "due_on",
            "amount",
            "management_contribution",
            "total",
            "status",
            "payment_reference",
            "released_on",
            "paid_on",
            "bank_reference",
            "receipt_confirmed",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._day = serializers.DateField().to_representation
        self._money = money_field().to_representation
        self._moment = serializers.DateTimeField().to_representation

    def to_representation(self, row: dict) -> dict:
        day, money = self._day, self._money
        released_on = row["release__released_on"]
        return {
            "id": row["id"],
            "allocation": row["allocation_id"],
            "partnership": {
                "id": row["allocation__partnership_id"],
                "name": row["allocation__partnership__name"],
            },
            "sequence": row["sequence"],
            "number": row["number"],
            "due_on": day(row["due_on"]),
            "amount": money(row["amount"]),
            "management_contribution": money(row["management_contribution"]),
            "total": money(row["amount"] + row["management_contribution"]),
            "status": row["status"],
            "payment_reference": row["release__payment_reference"],
            "released_on": day(released_on) if released_on else None,
            "paid_on": day(row["paid_on"]) if row["paid_on"] else None,
            "bank_reference": row["bank_reference"],
            "receipt_confirmed": row["receipt_confirmed_at"] is not None,
            "updated_at": self._moment(row["updated_at"]),
        }


class CapitalSourceSerializer(serializers.Serializer):
    source = serializers.CharField()
    amount = money_field()


class EndowmentSummarySerializer(serializers.Serializer):
    capital_by_source = serializers.SerializerMethodField()
    capital = money_field()
    investment_income = money_field()
    returned_underspend = money_field()
    money_in = money_field()
    uncommitted = money_field()
    committed_unreleased = money_field()
    released_unpaid = money_field()
    paid = money_field()
    fees = money_field()
    held = money_field()
    balances = serializers.BooleanField()

    @extend_schema_field(CapitalSourceSerializer(many=True))
    def get_capital_by_source(self, summary):
        return CapitalSourceSerializer(
            [{"source": label, "amount": amount} for label, amount in summary.capital_by_source],
            many=True,
        ).data
