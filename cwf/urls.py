from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

from cwf.accounts import views as account_views
from cwf.core import views as core_views

# The admin signs in through allauth, so it gets the same rate limits and MFA as everyone else.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "CWF Grants administration"

urlpatterns = [
    path("", core_views.home, name="home"),
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
    path("grants/", include("grants.urls")),
    path("api/v1/", include("grants.api.urls")),
    path(
        "api/v1/schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="api_schema",
    ),
    path("admin/", admin.site.urls),
]
