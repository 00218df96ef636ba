"""Meeting pages: the list, recording a meeting, attendance, minutes and their approval."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.form_pages import done
from cwf.core.pagination import paginate

from ..forms.fields import confirm_form
from ..forms.meetings import AttendanceForm, MeetingEditForm, MeetingForm
from ..models import Meeting
from ..quorum import quorum_problem
from ..selectors import decision_list, meeting_list
from ..services import meetings as services
from ..services.meetings import members_on
from .access import get_partnership, require_people, require_runner
from .form_pages import form_page


def get_meeting(request, partnership, meeting_pk: int) -> Meeting:
    require_people(request, partnership)
    return get_object_or_404(
        meeting_list(viewer=request.user, partnership_id=partnership.pk), pk=meeting_pk
    )


def _meeting_url(meeting) -> str:
    return reverse("partnerships:meeting_detail", args=[meeting.partnership_id, meeting.pk])


@login_required
def meeting_list_page(request, partnership_pk: int):
    partnership = get_partnership(request, partnership_pk)
    require_people(request, partnership)
    qs = meeting_list(viewer=request.user, partnership_id=partnership.pk)
    kind = request.GET.get("kind", "")
    if kind in Meeting.Kind.values:
        qs = qs.filter(kind=kind)
    context = {
        "partnership": partnership,
        "kind": kind,
        "kinds": Meeting.Kind.choices,
        "can_run": permissions.can_run_partnership(request.user, partnership.pk)
        and not partnership.is_closed,
        # Ordered here: Meta.ordering does not survive the selector's annotate (GROUP BY).
        **paginate(request, qs.order_by("-held_on", "-pk")),
    }
    return render(request, "partnerships/meeting_list.html", context)


@login_required
def meeting_create(request, partnership_pk: int):
    partnership = get_partnership(request, partnership_pk)
    require_runner(request, partnership)
    form = MeetingForm(
        request.POST or None,
        initial={"held_on": timezone.localdate(), "kind": Meeting.Kind.PARTNERSHIP},
    )

    def create():
        meeting = services.meeting_create(
            actor=request.user, partnership_id=partnership.pk, **form.cleaned_data
        )
        return done(
            request,
            "The meeting was recorded. Next, record who attended.",
            "partnerships:meeting_attendance",
            partnership.pk,
            meeting.pk,
        )

    return form_page(
        request,
        form,
        create,
        context={
            "title": "Record a meeting",
            "partnership": partnership,
            "button": "Save and record attendance",
            "cancel": reverse("partnerships:meeting_list", args=[partnership.pk]),
        },
    )


@login_required
def meeting_detail(request, partnership_pk: int, meeting_pk: int):
    partnership = get_partnership(request, partnership_pk)
    meeting = get_meeting(request, partnership, meeting_pk)
    attendees = list(meeting.attendees.all())
    context = {
        "partnership": partnership,
        "meeting": meeting,
        "attendees": attendees,
        "voting_present": sum(1 for m in attendees if m.has_vote),
        "quorum_problem": quorum_problem(meeting, attendees) if attendees else None,
        "decisions": decision_list(viewer=request.user, partnership_id=partnership.pk).filter(
            meeting=meeting
        ),
        "can_run": permissions.can_run_partnership(request.user, partnership.pk)
        and not partnership.is_closed
        and not meeting.minutes_approved,
        "held": meeting.held_on <= timezone.localdate(),
    }
    return render(request, "partnerships/meeting_detail.html", context)


@login_required
def meeting_edit(request, partnership_pk: int, meeting_pk: int):
    partnership = get_partnership(request, partnership_pk)
    meeting = get_meeting(request, partnership, meeting_pk)
    require_runner(request, partnership)
    initial = {f: getattr(meeting, f) for f in ("held_on", "kind", "title", "agenda", "minutes")}
    form = MeetingEditForm(request.POST or None, initial=initial)

    def save():
        services.meeting_update(actor=request.user, meeting_id=meeting.pk, **form.cleaned_data)
        return done(
            request,
            "The meeting was saved.",
            "partnerships:meeting_detail",
            partnership.pk,
            meeting.pk,
        )

    return form_page(
        request,
        form,
        save,
        context={
            "title": f"Change {meeting}",
            "partnership": partnership,
            "button": "Save",
            "cancel": _meeting_url(meeting),
        },
    )


@login_required
def meeting_attendance(request, partnership_pk: int, meeting_pk: int):
    partnership = get_partnership(request, partnership_pk)
    meeting = get_meeting(request, partnership, meeting_pk)
    require_runner(request, partnership)
    members = members_on(partnership.pk, meeting.held_on).order_by("full_name")
    form = AttendanceForm(
        request.POST or None,
        members=members,
        initial={"attendees": list(meeting.attendees.values_list("pk", flat=True))},
    )

    def save():
        services.meeting_attendance_record(
            actor=request.user, meeting_id=meeting.pk, member_ids=form.cleaned_data["attendees"]
        )
        return done(
            request,
            "Attendance was saved.",
            "partnerships:meeting_detail",
            partnership.pk,
            meeting.pk,
        )

    return form_page(
        request,
        form,
        save,
        context={
            "title": f"Who attended {meeting}?",
            "partnership": partnership,
            "button": "Save attendance",
            "cancel": _meeting_url(meeting),
        },
    )


@login_required
def meeting_approve(request, partnership_pk: int, meeting_pk: int):
    partnership = get_partnership(request, partnership_pk)
    meeting = get_meeting(request, partnership, meeting_pk)
    require_runner(request, partnership)
    form = confirm_form(request)

    def approve():
        services.meeting_minutes_approve(actor=request.user, meeting_id=meeting.pk)
        return done(
            request,
            "The minutes are approved. The meeting's decisions are now kept as recorded.",
            "partnerships:meeting_detail",
            partnership.pk,
            meeting.pk,
        )

    return form_page(
        request,
        form,
        approve,
        context={
            "title": f"Approve the minutes of {meeting}?",
            "partnership": partnership,
            "warning": "Once approved, the meeting, its attendance and its decisions cannot be "
            "changed. A mistake is put right by a correction recorded at a later meeting.",
            "button": "Approve minutes",
            "cancel": _meeting_url(meeting),
        },
    )
