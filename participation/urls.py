from django.urls import path

from .views import partnership

app_name = "participation"

urlpatterns = [
    path("partnerships/<int:partnership_pk>/", partnership.index, name="index"),
    path(
        "partnerships/<int:partnership_pk>/budgets/new/", partnership.budget_new, name="budget_new"
    ),
    path("partnerships/<int:partnership_pk>/postcodes/", partnership.postcodes, name="postcodes"),
    path(
        "partnerships/<int:partnership_pk>/consultations/new/",
        partnership.consultation_new,
        name="consultation_new",
    ),
    path("budgets/<int:budget_pk>/", partnership.budget_manage, name="budget"),
    path("budgets/<int:budget_pk>/decision/", partnership.budget_decision, name="budget_decision"),
    path(
        "consultations/<int:consultation_pk>/",
        partnership.consultation_manage,
        name="consultation",
    ),
]
