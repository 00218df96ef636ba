from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Allocation, Tranche
from ..selectors.allocations import allocation_figures


class PartnershipRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AllocationSerializer(serializers.ModelSerializer):
    partnership = PartnershipRefSerializer(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    released = serializers.SerializerMethodField()
    paid = serializers.SerializerMethodField()
    flagged_for_close_out = serializers.SerializerMethodField()

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
        ]

    def _figures(self, allocation):
        cache = self.context.setdefault("_figures", {})
        if allocation.pk not in cache:
            cache[allocation.pk] = allocation_figures(allocation)
        return cache[allocation.pk]

    def get_released(self, allocation) -> Decimal:
        """Released so far, with the LTO management contribution."""
        return self._figures(allocation).released

    def get_paid(self, allocation) -> Decimal:
        """Paid so far, with the LTO management contribution."""
        return self._figures(allocation).paid

    def get_flagged_for_close_out(self, allocation) -> bool:
        return self._figures(allocation).flagged_for_close_out


class AllocationBalancesSerializer(serializers.Serializer):
    """An allocation's ledger balances and totals, in pounds with pence."""

    allocation = serializers.IntegerField(source="pk")
    partnership = PartnershipRefSerializer()
    status = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    management_contribution = serializers.DecimalField(max_digits=14, decimal_places=2)
    committed_unreleased = serializers.SerializerMethodField()
    released = serializers.SerializerMethodField()
    released_unpaid = serializers.SerializerMethodField()
    paid = serializers.SerializerMethodField()
    underspend_returned = serializers.SerializerMethodField()
    accounts = serializers.SerializerMethodField()

    def _figures(self, allocation):
        cache = self.context.setdefault("_figures", {})
        if allocation.pk not in cache:
            cache[allocation.pk] = allocation_figures(allocation)
        return cache[allocation.pk]

    def get_committed_unreleased(self, allocation) -> Decimal:
        return self._figures(allocation).committed_unreleased

    def get_released(self, allocation) -> Decimal:
        return self._figures(allocation).released

    def get_released_unpaid(self, allocation) -> Decimal:
        return self._figures(allocation).released_unpaid

    def get_paid(self, allocation) -> Decimal:
        return self._figures(allocation).paid

    def get_underspend_returned(self, allocation) -> Decimal:
        return self._figures(allocation).underspend_returned

    def get_accounts(self, allocation) -> dict[str, Decimal]:
        """The balance of each of the allocation's ledger accounts (debits positive)."""
        return {account.kind: account.balance for account in allocation.ledger_accounts.all()}


class TrancheSerializer(serializers.ModelSerializer):
    partnership = PartnershipRefSerializer(source="allocation.partnership", read_only=True)
    total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    payment_reference = serializers.CharField(
        source="release.payment_reference", read_only=True, default=None
    )
    released_on = serializers.DateField(source="release.released_on", read_only=True, default=None)
    receipt_confirmed = serializers.SerializerMethodField()

    class Meta:
        model = Tranche
        fields = [
            "id",
            "allocation",
            "partnership",
            "sequence",
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
        ]

    def get_receipt_confirmed(self, tranche) -> bool:
        return tranche.receipt_confirmed_at is not None


class CapitalSourceSerializer(serializers.Serializer):
    source = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class EndowmentSummarySerializer(serializers.Serializer):
    capital_by_source = serializers.SerializerMethodField()
    capital = serializers.DecimalField(max_digits=14, decimal_places=2)
    investment_income = serializers.DecimalField(max_digits=14, decimal_places=2)
    returned_underspend = serializers.DecimalField(max_digits=14, decimal_places=2)
    money_in = serializers.DecimalField(max_digits=14, decimal_places=2)
    uncommitted = serializers.DecimalField(max_digits=14, decimal_places=2)
    committed_unreleased = serializers.DecimalField(max_digits=14, decimal_places=2)
    released_unpaid = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    fees = serializers.DecimalField(max_digits=14, decimal_places=2)
    held = serializers.DecimalField(max_digits=14, decimal_places=2)
    balances = serializers.BooleanField()

    @extend_schema_field(CapitalSourceSerializer(many=True))
    def get_capital_by_source(self, summary):
        return CapitalSourceSerializer(
            [{"source": label, "amount": amount} for label, amount in summary.capital_by_source],
            many=True,
        ).data
