from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
    path("", public.fund_page, name="fund"),
    path("fund.csv", public.fund_csv, name="fund_csv"),
    path("partnerships/<int:partnership_pk>/", public.partnership_page, name="partnership"),
    path(
        "partnerships/<int:partnership_pk>/spending.csv",
        public.partnership_spending_csv,
        name="partnership_spending_csv",
    ),
    path(
        "partnerships/<int:partnership_pk>/decisions/<int:decision_pk>/",
        public.decision_page,
        name="decision",
    ),
    path(
        "partnerships/<int:partnership_pk>/stories/<int:story_pk>/photo/",
        public.story_photo,
        name="story_photo",
    ),
    path("data/", public.data_page, name="data"),
    path("data/<str:name>", public.data_file, name="data_file"),
]
