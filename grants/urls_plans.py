"""Spending plans, plan reviews, the spending log and where the money is (issue 6)."""

from django.urls import path

from .views import coinvestment, money, plan_reviews, plans, spending

app_name = "plans"

P = "partnership/<int:partnership_pk>/"
urlpatterns = [
    path("", plans.plan_index, name="index"),
    path(P, plans.plan_home, name="home"),
    path(P + "new/", plans.plan_start, name="start"),
    path(P + "spending/", spending.spend_list_view, name="spend_list"),
    path(P + "spending/log/", spending.spend_log_view, name="spend_log"),
    path(P + "spending/log/decision/", spending.spend_decision_view, name="spend_decision"),
    path(P + "spending/import/", spending.spend_import_view, name="spend_import"),
    path(P + "money/", money.money_view, name="money"),
    path(P + "local-income/", coinvestment.local_income_view, name="local_income"),
    path(P + "money.csv", money.money_csv, name="money_csv"),
    path(P + "money.xlsx", money.money_xlsx, name="money_xlsx"),
    path("<int:plan_pk>/", plans.plan_detail_view, name="detail"),
    path("<int:plan_pk>/edit/", plans.plan_edit, name="edit"),
    path("<int:plan_pk>/submit/", plans.plan_submit_view, name="submit"),
    path("<int:plan_pk>/decide/", plans.plan_decide, name="decide"),
    path("spends/<int:spend_pk>/", spending.spend_detail, name="spend_detail"),
    path("spends/<int:spend_pk>/reverse/", spending.spend_reverse_view, name="spend_reverse"),
    path("spends/<int:spend_pk>/withhold/", spending.spend_withhold_view, name="spend_withhold"),
    path("spends/<int:spend_pk>/edit/", spending.spend_change_refused, name="spend_edit"),
    path("spends/<int:spend_pk>/delete/", spending.spend_change_refused, name="spend_delete"),
    path("spends/<int:spend_pk>/receipt/", spending.spend_receipt, name="spend_receipt"),
    path("imports/<int:spend_import_pk>/", spending.spend_import_preview, name="import_preview"),
    path("reviews/<int:plan_review_pk>/", plan_reviews.plan_review_view, name="review"),
]
