from django.urls import path

from . import views

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
    path("360giving/", views.ThreeSixtyGivingView.as_view(), name="api_360giving"),
]
