from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cwf.accounts import views as account_views
from cwf.accounts import views_email, views_tokens
from cwf.core import views as core_views
from cwf.core.api import AnythingConverter, ApiIndexView, api_not_found
from cwf.core.metrics import metrics_view

register_converter(AnythingConverter, "anything")

# The admin signs in through allauth, so it gets the same rate limits and MFA as everyone else.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "CWF Grants administration"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("menu/", core_views.menu, name="menu"),
    path("health/", core_views.health, name="health"),
    path("metrics/", metrics_view, name="metrics"),
    # allauth's e-mail pages with this project's address rules, ahead of allauth's own.
    path("accounts/email/", views_email.email, name="account_email"),
    path(
        "accounts/confirm-email/<str:key>/",
        views_email.confirm_email,
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("invitations/", account_views.invitation_index, name="invitation_index"),
    path(
        "invitations/<int:invitation_pk>/resend/",
        account_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "invitations/<int:invitation_pk>/revoke/",
        account_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "invitations/<int:invitation_pk>/confirm/",
        account_views.invitation_confirm,
        name="invitation_confirm",
    ),
    path(
        "invitations/roles/<int:role_assignment_pk>/confirm/",
        account_views.role_grant_confirm,
        name="role_grant_confirm",
    ),
    path(
        "invitations/roles/<int:role_assignment_pk>/refuse/",
        account_views.role_grant_refuse,
        name="role_grant_refuse",
    ),
    path("join/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("partnerships/", include("partnerships.urls")),
    path("privacy/", include("privacy.urls")),
    path("ltos/", include("partnerships.urls_ltos")),
    path("decisions/", include("partnerships.urls_decisions")),
    path("portfolio/", include("reporting.urls")),
    path("api/v1/", ApiIndexView.as_view(), name="api_index"),
    path("api/v1/", include("partnerships.api.urls")),
    path("account/api-tokens/", views_tokens.api_token_index, name="api_token_index"),
    path(
        "account/api-tokens/<int:token_pk>/revoke/",
        views_tokens.api_token_revoke,
        name="api_token_revoke",
    ),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"
    ),
    path("neighbourhoods/", include("partnerships.urls_register")),
    path("api/v1/", include("partnerships.api.register")),
    path("grants/", include("grants.urls")),
    path("participation/", include("participation.urls")),
    path("take-part/", include("participation.urls_public")),
    path("plans/", include("grants.urls_plans")),
    path("api/v1/", include("grants.api.urls")),
    path("reports/", include("reporting.urls_reports")),
    path("learning/", include("reporting.urls_learning")),
    # The public pages and open data: no sign-in (docs/open-data.md).
    path("open/", include("reporting.urls_public")),
    path("api/v1/", include("reporting.api.urls")),
    path("api/v1/", include("reporting.api.urls_reports")),
    path("admin/", admin.site.urls),
    # Last: anything else under /api/v1/ is a JSON 404, not an HTML page.
    path("api/v1/<anything:unknown>", api_not_found, name="api_not_found"),
]
