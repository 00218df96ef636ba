from django.urls import path

from .views import decisions, ltos, meetings, members, partnerships

app_name = "partnerships"

P = "<int:partnership_pk>/"
M = P + "meetings/<int:meeting_pk>/"
D = P + "decisions/<int:decision_pk>/"

urlpatterns = [
    path("", partnerships.partnership_list, name="partnership_list"),
    path("new/", partnerships.partnership_create, name="partnership_create"),
    path(P, partnerships.partnership_detail, name="partnership_detail"),
    path(P + "edit/", partnerships.partnership_edit, name="partnership_edit"),
    path(P + "public/", partnerships.partnership_publication, name="partnership_publication"),
    path(P + "public/name/", partnerships.member_public_name, name="member_public_name"),
    path(P + "endorse/", partnerships.partnership_endorse, name="partnership_endorse"),
    path(P + "status/", partnerships.partnership_transition, name="partnership_transition"),
    path(P + "lto/", ltos.partnership_lto_link, name="lto_link"),
    path(P + "lto/<int:link_pk>/end/", ltos.partnership_lto_end, name="lto_link_end"),
    # Members, invitations and the yearly composition review.
    path(P + "members/", members.member_list_page, name="member_list"),
    path(P + "members/new/", members.member_create, name="member_create"),
    path(P + "members/<int:member_pk>/edit/", members.member_edit, name="member_edit"),
    path(P + "members/<int:member_pk>/leave/", members.member_leave, name="member_leave"),
    path(P + "members/<int:member_pk>/invite/", members.member_invite, name="member_invite"),
    path(
        P + "invitations/<int:invitation_pk>/resend/",
        members.partnership_invitation_resend,
        name="invitation_resend",
    ),
    path(
        P + "invitations/<int:invitation_pk>/revoke/",
        members.partnership_invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        P + "reviews/<int:review_pk>/done/",
        members.composition_review_done,
        name="composition_review_done",
    ),
    # Meetings and decisions.
    path(P + "meetings/", meetings.meeting_list_page, name="meeting_list"),
    path(P + "meetings/new/", meetings.meeting_create, name="meeting_create"),
    path(M, meetings.meeting_detail, name="meeting_detail"),
    path(M + "edit/", meetings.meeting_edit, name="meeting_edit"),
    path(M + "attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path(M + "approve/", meetings.meeting_approve, name="meeting_approve"),
    path(M + "decisions/new/", decisions.decision_create, name="decision_create"),
    path(D, decisions.decision_detail, name="decision_detail"),
    path(D + "edit/", decisions.decision_edit, name="decision_edit"),
    path(D + "delete/", decisions.decision_delete, name="decision_delete"),
    path(D + "correct/", decisions.decision_correct, name="decision_correct"),
]
