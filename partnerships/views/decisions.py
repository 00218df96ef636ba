"""Decision pages: recording a decision at a meeting, changing it while the minutes are a draft,
correcting it once they are approved, and the searchable decision log with its CSV export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from cwf.accounts import permissions
from cwf.core.filters import whole_number
from cwf.core.form_pages import done
from cwf.core.forms import date_from_query
from cwf.core.pagination import paginate
from cwf.core.spreadsheets import csv_writer

from ..forms.fields import confirm_form
from ..forms.meetings import CorrectionMeetingForm, DecisionForm
from ..models import Decision
from ..selectors import decision_list, meeting_list, partnership_list
from ..services import decisions as services
from .access import get_partnership, require_runner
from .form_pages import form_page
from .meetings import get_meeting


def _input(form) -> services.DecisionInput:
    data = form.cleaned_data
    return services.DecisionInput(
        title=data["title"],
        decided=data["decided"],
        outcome=data["outcome"],
        votes_for=data["votes_for"],
        votes_against=data["votes_against"],
        votes_abstaining=data["votes_abstaining"],
        amount=data["amount"] or None,
        theme=data["theme"],
        conflicted_member_ids=tuple(data["conflicts"]),
        interest=data["interest"],
    )


def _initial(decision: Decision) -> dict:
    conflicts = list(decision.conflicts.all())
    return {
        "title": decision.title,
        "decided": decision.decided,
        "amount": decision.amount or "",
        "theme": decision.theme,
        "votes_for": decision.votes_for,
        "votes_against": decision.votes_against,
        "votes_abstaining": decision.votes_abstaining,
        "outcome": decision.outcome,
        "conflicts": [c.member_id for c in conflicts],
        "interest": conflicts[0].interest if conflicts else "",
    }


def _decision_page(request, partnership, meeting, *, decision=None, corrects=None):
    """Record (or, with `decision`, change) one decision at `meeting`."""
    attendees = list(meeting.attendees.all())
    initial = _initial(decision or corrects) if (decision or corrects) else {}
    if corrects is not None:
        initial["conflicts"] = []
    form = DecisionForm(request.POST or None, attendees=attendees, initial=initial)

    def save():
        if decision is None:
            saved = services.decision_record(
                actor=request.user,
                meeting_id=meeting.pk,
                data=_input(form),
                corrects_id=corrects.pk if corrects else None,
            )
            message = f"Decision {saved.reference} was recorded."
        else:
            saved = services.decision_update(
                actor=request.user, decision_id=decision.pk, data=_input(form)
            )
            message = f"Decision {saved.reference} was saved."
        return done(request, message, "partnerships:meeting_detail", partnership.pk, meeting.pk)

    if decision is not None:
        title = f"Change decision {decision.reference}"
    elif corrects is not None:
        title = f"Correct decision {corrects.reference}: {corrects.title}"
    else:
        title = "Record a decision"
    return form_page(
        request,
        form,
        save,
        context={
            "title": title,
            "partnership": partnership,
            "meeting": meeting,
            "corrects": corrects,
            "attendees": attendees,
            "voting_present": sum(1 for m in attendees if m.has_vote),
            "button": "Save decision",
            "cancel": reverse("partnerships:meeting_detail", args=[partnership.pk, meeting.pk]),
        },
        template="partnerships/decision_form.html",
    )


@login_required
def decision_create(request, partnership_pk: int, meeting_pk: int):
    partnership = get_partnership(request, partnership_pk)
    meeting = get_meeting(request, partnership, meeting_pk)
    require_runner(request, partnership)
    return _decision_page(request, partnership, meeting)


def get_decision(request, partnership, decision_pk: int) -> Decision:
    return get_object_or_404(
        decision_list(viewer=request.user, partnership_id=partnership.pk), pk=decision_pk
    )


@login_required
def decision_detail(request, partnership_pk: int, decision_pk: int):
    partnership = get_partnership(request, partnership_pk)
    decision = get_decision(request, partnership, decision_pk)
    people = permissions.sees_people(request.user, partnership.pk)
    context = {
        "partnership": partnership,
        "decision": decision,
        "sees_people": people,
        "conflicts": list(decision.conflicts.select_related("member")) if people else [],
        "can_run": permissions.can_run_partnership(request.user, partnership.pk)
        and not partnership.is_closed,
    }
    return render(request, "partnerships/decision_detail.html", context)


@login_required
def decision_edit(request, partnership_pk: int, decision_pk: int):
    partnership = get_partnership(request, partnership_pk)
    decision = get_decision(request, partnership, decision_pk)
    require_runner(request, partnership)
    return _decision_page(request, partnership, decision.meeting, decision=decision)


@login_required
def decision_delete(request, partnership_pk: int, decision_pk: int):
    partnership = get_partnership(request, partnership_pk)
    decision = get_decision(request, partnership, decision_pk)
    require_runner(request, partnership)
    meeting = decision.meeting

    def delete():
        services.decision_delete(actor=request.user, decision_id=decision.pk)
        return done(
            request,
            f"Decision {decision.reference} was deleted.",
            "partnerships:meeting_detail",
            partnership.pk,
            meeting.pk,
        )

    return form_page(
        request,
        confirm_form(request),
        delete,
        context={
            "title": f"Delete decision {decision.reference}: {decision.title}?",
            "partnership": partnership,
            "warning": "The minutes are still a draft, so the decision can be deleted. This "
            "cannot be undone.",
            "button": "Delete decision",
            "button_class": "govuk-button--warning",
            "cancel": reverse("partnerships:decision_detail", args=[partnership.pk, decision.pk]),
        },
    )


@login_required
def decision_correct(request, partnership_pk: int, decision_pk: int):
    """Two steps: choose the (draft) meeting where the correction was agreed, then record it."""
    partnership = get_partnership(request, partnership_pk)
    original = get_decision(request, partnership, decision_pk)
    require_runner(request, partnership)
    meetings = meeting_list(viewer=request.user, partnership_id=partnership.pk).filter(
        minutes_status="draft", held_on__gte=original.meeting.held_on
    )
    chosen = request.GET.get("meeting") or request.POST.get("meeting_pk")
    if chosen:
        meeting = get_meeting(request, partnership, whole_number(chosen) or 0)
        return _decision_page(request, partnership, meeting, corrects=original)
    form = CorrectionMeetingForm(request.GET or None, meetings=meetings)
    return render(
        request,
        "partnerships/decision_correct.html",
        {"form": form, "partnership": partnership, "original": original, "meetings": meetings},
    )


LOG_PAGE_SIZE = 25


def _filtered_log(request):
    qs = decision_list(viewer=request.user)
    params = request.GET
    if (partnership_id := whole_number(params.get("partnership"))) is not None:
        qs = qs.filter(partnership_id=partnership_id)
    query = params.get("q", "").strip()
    if query:
        qs = qs.filter(
            Q(title__icontains=query) | Q(decided__icontains=query) | Q(theme__icontains=query)
        )
    if params.get("outcome") in Decision.Outcome.values:
        qs = qs.filter(outcome=params["outcome"])
    if params.get("theme", "").strip():
        qs = qs.filter(theme__iexact=params["theme"].strip())
    if params.get("money") == "yes":
        qs = qs.filter(amount__isnull=False)
    for name, lookup in (("from", "meeting__held_on__gte"), ("to", "meeting__held_on__lte")):
        day = date_from_query(params, name)
        if day:
            qs = qs.filter(**{lookup: day})
    return qs.order_by("-meeting__held_on", "-pk")


CSV_COLUMNS = [
    "reference", "partnership", "meeting_date", "meeting_type", "title", "decided", "amount",
    "theme", "votes_for", "votes_against", "votes_abstaining", "conflicts_declared", "outcome",
    "corrects", "minutes",
]  # fmt: skip


def _csv(qs) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    writer = csv_writer(response)
    writer.writerow(CSV_COLUMNS)
    for d in qs:
        writer.writerow(
            [
                d.reference, d.partnership.name, d.meeting.held_on.isoformat(),
                d.meeting.get_kind_display(), d.title, d.decided,
                "" if d.amount is None else f"{d.amount:.2f}", d.theme, d.votes_for,
                d.votes_against, d.votes_abstaining, d.conflict_count, d.get_outcome_display(),
                d.corrects.reference if d.corrects_id else "",
                d.meeting.get_minutes_status_display(),
            ]
        )  # fmt: skip
    return response


@login_required
def decision_log(request):
    qs = _filtered_log(request)
    if request.GET.get("format") == "csv":
        return _csv(qs)
    params = request.GET.copy()
    params["format"] = "csv"
    params.pop("page", None)
    context = {
        "params": request.GET,
        "dates": {name: date_from_query(request.GET, name) for name in ("from", "to")},
        "partnerships": partnership_list(viewer=request.user).only("pk", "name"),
        "outcomes": Decision.Outcome.choices,
        "csv_query": params.urlencode(),
        **paginate(request, qs, per_page=LOG_PAGE_SIZE),
    }
    return render(request, "partnerships/decision_log.html", context)
