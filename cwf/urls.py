from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cwf.accounts import views as account_views
from cwf.accounts import views_tokens
from cwf.core import views as core_views

# The admin signs in through allauth, so it gets the same rate limits and MFA as everyone else.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "CWF Grants administration"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("menu/", core_views.menu, name="menu"),
    path("health/", core_views.health, name="health"),
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
    path("join/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("partnerships/", include("partnerships.urls")),
    path("ltos/", include("partnerships.urls_ltos")),
    path("decisions/", include("partnerships.urls_decisions")),
    path("portfolio/", include("reporting.urls")),
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
    path("plans/", include("grants.urls_plans")),
    path("api/v1/", include("grants.api.urls")),
    path("reports/", include("reporting.urls_reports")),
    path("api/v1/", include("reporting.api.urls")),
    path("api/v1/", include("reporting.api.urls_reports")),
    path("admin/", admin.site.urls),
]
