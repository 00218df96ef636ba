"""Paths written out (no router), so that every URL argument has a name the access matrix knows."""

from django.urls import path

from . import plans, views

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
    path(
        "spending-plans/",
        plans.SpendingPlanViewSet.as_view({"get": "list"}),
        name="api_plan_list",
    ),
    path(
        "spending-plans/<int:plan_pk>/",
        plans.SpendingPlanViewSet.as_view({"get": "retrieve"}),
        name="api_plan_detail",
    ),
    path("spend-by-theme/", plans.SpendByThemeList.as_view(), name="api_spend_by_theme"),
    path("spends/", plans.SpendViewSet.as_view({"get": "list"}), name="api_spend_list"),
    path(
        "spends/<int:spend_pk>/",
        plans.SpendViewSet.as_view({"get": "retrieve"}),
        name="api_spend_detail",
    ),
]
