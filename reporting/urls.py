from django.urls import path

from .views import assumptions, board_packs, dashboard, estimates, themes, threesixtygiving

app_name = "reporting"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("partnerships/", dashboard.partnership_figures_page, name="partnership_figures"),
    path("leverage/", dashboard.leverage_partnerships_page, name="leverage_partnerships"),
    path("themes/<int:theme_pk>/", themes.theme_partnerships_page, name="theme_partnerships"),
    path("forecast/", estimates.forecast_page, name="forecast"),
    path("social-value/", estimates.social_value_page, name="social_value"),
    path("assumptions/", assumptions.assumption_list, name="assumption_list"),
    path(
        "assumptions/<str:assumption_key>/",
        assumptions.assumption_change,
        name="assumption_change",
    ),
    path("board-packs/", board_packs.board_pack_index, name="board_pack_index"),
    path(
        "board-packs/<int:board_pack_pk>/",
        board_packs.board_pack_detail,
        name="board_pack_detail",
    ),
    path(
        "board-packs/<int:board_pack_pk>/download/",
        board_packs.board_pack_download,
        name="board_pack_download",
    ),
    path("360giving/", threesixtygiving.threesixtygiving_page, name="threesixtygiving"),
    path(
        "360giving/grants.json",
        threesixtygiving.threesixtygiving_download,
        {"file_format": "json"},
        name="threesixtygiving_json",
    ),
    path(
        "360giving/grants.csv",
        threesixtygiving.threesixtygiving_download,
        {"file_format": "csv"},
        name="threesixtygiving_csv",
    ),
]
