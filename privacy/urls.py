from django.urls import path

from . import views

urlpatterns = [
    path("", views.privacy_page, name="privacy"),
    path("requests/", views.request_index, name="privacy_requests"),
    path("requests/<int:request_pk>/", views.request_detail, name="privacy_request"),
    path(
        "requests/<int:request_pk>/download/",
        views.request_download,
        name="privacy_request_download",
    ),
    path(
        "requests/<int:request_pk>/approve/", views.request_approve, name="privacy_request_approve"
    ),
]
