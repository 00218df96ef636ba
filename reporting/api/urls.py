from django.urls import path

from . import learning, public, views

urlpatterns = [
    path("portfolio/summary/", views.PortfolioSummaryView.as_view(), name="api_portfolio_summary"),
    path(
        "portfolio/partnerships/",
        views.PartnershipFiguresList.as_view(),
        name="api_portfolio_partnerships",
    ),
    path("portfolio/forecast/", views.ForecastView.as_view(), name="api_portfolio_forecast"),
    path(
        "portfolio/social-value/",
        views.SocialValueView.as_view(),
        name="api_portfolio_social_value",
    ),
    path(
        "portfolio/outcomes/",
        learning.PortfolioOutcomesView.as_view(),
        name="api_portfolio_outcomes",
    ),
    path("learning-notes/", learning.LearningNoteList.as_view(), name="api_learning_notes"),
    path(
        "learning-notes/<int:note_pk>/",
        learning.LearningNoteDetail.as_view(),
        name="api_learning_note",
    ),
    path(
        "outcome-indicators/", learning.PlanIndicatorList.as_view(), name="api_outcome_indicators"
    ),
    path("indicator-values/", learning.IndicatorValueList.as_view(), name="api_indicator_values"),
    path("360giving/", views.ThreeSixtyGivingView.as_view(), name="api_360giving"),
    # The public API: no token (issue 17, docs/open-data.md).
    path("public/fund/", public.PublicFundView.as_view(), name="api_public_fund"),
    path(
        "public/partnerships/",
        public.PublicPartnershipList.as_view(),
        name="api_public_partnerships",
    ),
    path(
        "public/partnerships/<int:partnership_pk>/",
        public.PublicPartnershipDetail.as_view(),
        name="api_public_partnership",
    ),
    path("public/data/", public.OpenDataList.as_view(), name="api_public_data"),
]
