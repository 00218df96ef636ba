from django.urls import path

from .views import decisions

app_name = "decisions"

# The decision log across the partnerships the viewer may see (filter by partnership within).
urlpatterns = [
    path("", decisions.decision_log, name="decision_log"),
]
