from django.urls import path

from .views import assumptions, board_packs, dashboard

app_name = "reporting"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
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
]
