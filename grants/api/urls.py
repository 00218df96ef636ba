"""Paths written out (no router), so that every URL argument has a name the access matrix knows."""

from django.urls import path

from . import views

allocations = views.AllocationViewSet.as_view({"get": "list"})
allocation = views.AllocationViewSet.as_view({"get": "retrieve"})
allocation_approve = views.AllocationViewSet.as_view({"post": "approve"})
allocation_balances = views.AllocationViewSet.as_view({"get": "balances"})
tranches = views.TrancheViewSet.as_view({"get": "list"})
tranche = views.TrancheViewSet.as_view({"get": "retrieve"})

urlpatterns = [
    path("allocations/", allocations, name="api_allocation_list"),
    path("allocations/<int:allocation_pk>/", allocation, name="api_allocation_detail"),
    path(
        "allocations/<int:allocation_pk>/approve/",
        allocation_approve,
        name="api_allocation_approve",
    ),
    path(
        "allocations/<int:allocation_pk>/balances/",
        allocation_balances,
        name="api_allocation_balances",
    ),
    path(
        "allocation-balances/",
        views.AllocationBalancesList.as_view(),
        name="api_allocation_balances_list",
    ),
    path("tranches/", tranches, name="api_tranche_list"),
    path("tranches/<int:tranche_pk>/", tranche, name="api_tranche_detail"),
    path("endowment/", views.EndowmentSummaryView.as_view(), name="api_endowment"),
]
