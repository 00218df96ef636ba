"""Paths written out (no router), so that every URL argument has a name the access matrix knows."""

from django.urls import path

from . import coinvestment, plans, views

allocations = views.AllocationViewSet.as_view({"get": "list"})
allocation = views.AllocationViewSet.as_view({"get": "retrieve"})
allocation_approve = views.AllocationViewSet.as_view({"post": "approve"})
allocation_balances = views.AllocationViewSet.as_view({"get": "balances"})
tranches = views.TrancheViewSet.as_view({"get": "list"})
tranche = views.TrancheViewSet.as_view({"get": "retrieve"})

pledges = coinvestment.PledgeViewSet.as_view({"get": "list", "post": "create"})
pledge = coinvestment.PledgeViewSet.as_view({"get": "retrieve"})

urlpatterns = [
    # Co-investment (issue 18)
    path(
        "co-funders/",
        coinvestment.CoFunderViewSet.as_view({"get": "list"}),
        name="api_co_funder_list",
    ),
    path(
        "co-funders/<int:co_funder_pk>/",
        coinvestment.CoFunderViewSet.as_view({"get": "retrieve"}),
        name="api_co_funder_detail",
    ),
    path("pledges/", pledges, name="api_pledge_list"),
    path("pledges/<int:pledge_pk>/", pledge, name="api_pledge_detail"),
    path(
        "pledges/<int:pledge_pk>/accept/",
        coinvestment.PledgeViewSet.as_view({"post": "accept"}),
        name="api_pledge_accept",
    ),
    path(
        "pledges/<int:pledge_pk>/receipts/",
        coinvestment.PledgeViewSet.as_view({"post": "receipts"}),
        name="api_pledge_receipts",
    ),
    path(
        "pledges/<int:pledge_pk>/amendments/",
        coinvestment.PledgeAmendmentViewSet.as_view({"post": "propose"}),
        name="api_pledge_amendment_propose",
    ),
    path(
        "pledge-amendments/<int:pledge_amendment_pk>/",
        coinvestment.PledgeAmendmentViewSet.as_view({"get": "retrieve"}),
        name="api_pledge_amendment_detail",
    ),
    path(
        "pledge-amendments/<int:pledge_amendment_pk>/approve/",
        coinvestment.PledgeAmendmentViewSet.as_view({"post": "approve"}),
        name="api_pledge_amendment_approve",
    ),
    path(
        "pledge-amendments/<int:pledge_amendment_pk>/reject/",
        coinvestment.PledgeAmendmentViewSet.as_view({"post": "reject"}),
        name="api_pledge_amendment_reject",
    ),
    path(
        "restricted-releases/",
        coinvestment.RestrictedReleaseList.as_view(),
        name="api_restricted_release_list",
    ),
    path("local-income/", coinvestment.LocalIncomeList.as_view(), name="api_local_income_list"),
    path("leverage/", coinvestment.LeverageList.as_view(), name="api_leverage_list"),
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
