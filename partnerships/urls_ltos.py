from django.urls import path

from .views import ltos

app_name = "ltos"

urlpatterns = [
    path("", ltos.lto_list_page, name="lto_list"),
    path("new/", ltos.lto_create, name="lto_create"),
    path("<int:lto_pk>/", ltos.lto_detail, name="lto_detail"),
    path("<int:lto_pk>/edit/", ltos.lto_edit, name="lto_edit"),
    path("<int:lto_pk>/contacts/new/", ltos.lto_contact_create, name="lto_contact_create"),
    path(
        "<int:lto_pk>/contacts/<int:contact_pk>/edit/",
        ltos.lto_contact_edit,
        name="lto_contact_edit",
    ),
    path(
        "<int:lto_pk>/contacts/<int:contact_pk>/remove/",
        ltos.lto_contact_remove,
        name="lto_contact_remove",
    ),
]
