"""The grants API: read-only for everyone (trustees included), scoped like the pages. The one
write is approval, for officers, through the same service and its four-eyes rule."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from cwf.accounts import permissions
from cwf.core.api import SyncableApi, VersionCachedList, updated_after_filter
from cwf.core.filters import IdFilter
from cwf.core.pagination import rows_pagination

from ..models import Account, Allocation, Tranche
from ..selectors.allocations import allocation_list
from ..selectors.endowment import endowment_summary
from ..selectors.money import close_out_reads_spend
from ..selectors.tranches import tranche_list
from ..services.allocations import allocation_approve
from .serializers import (
    TRANCHE_ROW,
    AllocationBalancesSerializer,
    AllocationSerializer,
    EndowmentSummarySerializer,
    TrancheSerializer,
)


class AllocationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Allocation.Status.choices)
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    updated_after = updated_after_filter()

    class Meta:
        model = Allocation
        fields = ["status", "partnership", "updated_after"]


LEAN_ACCOUNTS = Account.objects.only("allocation_id", "kind", "balance").order_by("kind")


class AllocationViewSet(VersionCachedList, SyncableApi, viewsets.ReadOnlyModelViewSet):
    """Allocations the caller may see, with what has been released and paid."""

    # Close-out reads spend since the start, but its flag can change with spend only near an
    # allocation's end (money.close_out_reads_spend): a page with no such row is kept by the
    # main version alone, so residents' spends leave it cached.
    portfolio_concerns = VersionCachedList.SPEND_WHEN_READ

    serializer_class = AllocationSerializer
    filterset_class = AllocationFilter
    lookup_url_kwarg = "allocation_pk"
    search_fields = ["partnership__name"]
    ordering_fields = ["amount", "starts_on", "proposed_at"]
    ordering = ["pk"]

    def get_queryset(self):
        # The figures read each account's kind and balance only (docs/performance.md).
        return (
            allocation_list(viewer=self.request.user)
            .prefetch_related(None)
            .prefetch_related(Prefetch("ledger_accounts", queryset=LEAN_ACCOUNTS))
            .order_by("pk")
        )

    def paginate_queryset(self, queryset):
        self._page = super().paginate_queryset(queryset)
        return self._page

    def page_reads_spend(self) -> bool:
        page = getattr(self, "_page", None)
        return page is None or any(close_out_reads_spend(a) for a in page)

    @extend_schema(request=None, responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, allocation_pk=None):
        """Approve a proposed allocation (officers only). Refused with 400 for the officer who
        proposed it, or when uncommitted funds cannot cover it."""
        allocation = self.get_object()
        allocation = allocation_approve(allocation_id=allocation.pk, actor=request.user)
        return Response(
            self.get_serializer(allocation_list(viewer=request.user).get(pk=allocation.pk)).data
        )

    @extend_schema(responses=AllocationBalancesSerializer)
    @action(detail=True, methods=["get"])
    def balances(self, request, allocation_pk=None):
        """This allocation's ledger balances."""
        return Response(AllocationBalancesSerializer(self.get_object()).data)


class AllocationBalancesList(VersionCachedList, SyncableApi, generics.ListAPIView):
    """Ledger balances per allocation."""

    portfolio_concerns = "both"

    serializer_class = AllocationBalancesSerializer
    filterset_class = AllocationFilter
    ordering = ["pk"]

    def get_queryset(self):
        return allocation_list(viewer=self.request.user).order_by("pk")


class TrancheFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Tranche.Status.choices)
    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")
    updated_after = updated_after_filter()
    partnership = IdFilter(field_name="allocation__partnership_id", parameter="partnership")
    allocation = IdFilter(field_name="allocation_id", parameter="allocation")

    class Meta:
        model = Tranche
        fields = ["status", "due_after", "due_before", "partnership", "allocation"]


class TrancheViewSet(VersionCachedList, SyncableApi, viewsets.ReadOnlyModelViewSet):
    """Scheduled payments, filterable by status, due date range and partnership."""

    # Tranches, releases, allocations and partnerships only: a spend leaves it cached.
    portfolio_concerns = "main"

    serializer_class = TrancheSerializer
    filterset_class = TrancheFilter
    lookup_url_kwarg = "tranche_pk"
    search_fields = ["allocation__partnership__name", "release__payment_reference"]
    ordering_fields = ["due_on", "amount"]
    ordering = ["due_on", "pk"]

    # Only what the serializer shows, as values() rows: the selector's payee joins (two LTO rows
    # and the funding agreement per tranche) and the model instances cost more than the rest of
    # the page at a page size of 100; and the count is taken before the rows' joins are added
    # (docs/performance.md).
    pagination_class = rows_pagination(TRANCHE_ROW)

    def get_queryset(self):
        return tranche_list(viewer=self.request.user).select_related(None).order_by("due_on", "pk")

    def get_object(self):
        rows = self.filter_queryset(self.get_queryset()).values(*TRANCHE_ROW)
        return get_object_or_404(rows, pk=self.kwargs[self.lookup_url_kwarg])


class EndowmentSummaryView(SyncableApi, generics.GenericAPIView):
    """The endowment: capital by source, income, what is uncommitted, committed, released and
    paid. Officers, trustees and administrators only."""

    serializer_class = EndowmentSummarySerializer
    pagination_class = None
    filter_backends = []

    def get(self, request):
        summary = endowment_summary(viewer=request.user)
        if summary is None or not permissions.sees_portfolio(request.user):
            raise PermissionDenied("The endowment is visible to the fund's officers and trustees.")
        return Response(self.get_serializer(summary).data)
