"""The neighbourhood register's pages, under /neighbourhoods/."""

from django.urls import path

from .views import lsoa_neighbourhoods as areas
from .views import register, register_imports

urlpatterns = [
    path("", register.neighbourhood_index, name="neighbourhood_index"),
    path("priority/", register.priority_index, name="neighbourhood_priority"),
    path("priority.csv", register.priority_csv, name="neighbourhood_priority_csv"),
    path("imports/", register_imports.import_index, name="register_import_index"),
    path("imports/new/", register_imports.import_new, name="register_import_new"),
    path(
        "imports/<int:import_batch_pk>/",
        register_imports.import_detail,
        name="register_import_detail",
    ),
    path("areas/", areas.area_index, name="lsoa_neighbourhood_index"),
    path("areas/new/", areas.area_new, name="lsoa_neighbourhood_new"),
    path("areas/<int:area_pk>/", areas.area_detail, name="lsoa_neighbourhood_detail"),
    path(
        "areas/<int:area_pk>/partnership/",
        areas.area_partnership,
        name="lsoa_neighbourhood_partnership",
    ),
    path("<str:code>/", register.neighbourhood_detail, name="neighbourhood_detail"),
]
