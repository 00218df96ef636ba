from django.urls import path

from .views import learning

app_name = "learning"

urlpatterns = [
    path("", learning.note_list, name="note_list"),
    path("new/", learning.note_write, name="note_write"),
    path("<int:note_pk>/", learning.note_detail, name="note_detail"),
    path("<int:note_pk>/edit/", learning.note_edit, name="note_edit"),
    path("<int:note_pk>/ask/", learning.note_ask, name="note_ask"),
    path(
        "<int:note_pk>/questions/<int:question_pk>/",
        learning.question_detail,
        name="question_detail",
    ),
    path(
        "stories/<int:report_pk>/<int:story_pk>/",
        learning.story_promote,
        name="story_promote",
    ),
]
