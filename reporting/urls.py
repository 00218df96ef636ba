from django.urls import path

from .views import assumptions, dashboard

app_name = "reporting"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("assumptions/", assumptions.assumption_list, name="assumption_list"),
    path(
        "assumptions/<str:assumption_key>/",
        assumptions.assumption_change,
        name="assumption_change",
    ),
]
