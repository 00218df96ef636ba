"""Quarterly report pages: the queue, a report, writing it, its stories and photos, deciding,
extending, versions, and a partnership's reporting history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.form_pages import done, form_page
from cwf.core.forms import add_domain_error
from cwf.core.pagination import paginate
from partnerships.selectors import partnership_list

from ..forms_reports import ExtensionForm, ReportForm, ReturnForm, StoryForm
from ..models import NARRATIVE_FIELDS, OUTCOMES, QuarterlyReport
from ..selectors.outcomes import report_indicator_rows
from ..selectors.report_spend import quarter_spend, spend_corrections
from ..selectors.reports import (
    report_list,
    report_stories,
    report_versions,
    reporting_compliance,
)
from ..services import report_reviews
from ..services import reports as services
from ..services.periods import report_extend, report_extension_ask
from ..versions import version_diff

Status = QuarterlyReport.Status
OWED = QuarterlyReport.OWED_STATUSES
QUEUES = {
    "due": ("Due", lambda today: Q(status__in=OWED, effective_due__gte=today)),
    "overdue": ("Overdue", lambda today: Q(status__in=OWED, effective_due__lt=today)),
    "submitted": ("Submitted for review", lambda today: Q(status=Status.SUBMITTED)),
    "returned": ("Returned", lambda today: Q(status=Status.RETURNED)),
    "accepted": ("Accepted", lambda today: Q(status=Status.ACCEPTED)),
}
SORTS = {
    "due": ("effective_due", "pk"),
    "-due": ("-effective_due", "-pk"),
    "partnership": ("partnership__name", "effective_due", "pk"),
    "submitted": ("-submitted_at", "pk"),
}


@login_required
def report_list_view(request):
    today = timezone.localdate()
    qs = report_list(viewer=request.user)
    queue = request.GET.get("queue", "")
    if queue in QUEUES:
        qs = qs.filter(QUEUES[queue][1](today))
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(partnership__name__icontains=query)
    sort = request.GET.get("sort", "due")
    qs = qs.order_by(*SORTS.get(sort, SORTS["due"]))
    context = {
        **paginate(request, qs, per_page=25),
        "queue": queue,
        "queues": [(key, label) for key, (label, _) in QUEUES.items()],
        "q": query,
        "sort": sort,
        "today": today,
        "sees_portfolio": permissions.sees_portfolio(request.user),
    }
    return render(request, "reporting/reports/report_list.html", context)


def _report(request, report_pk: int) -> QuarterlyReport:
    return get_object_or_404(report_list(viewer=request.user), pk=report_pk)


@login_required
def report_detail(request, report_pk: int):
    report = _report(request, report_pk)
    current = quarter_spend(
        allocation_id=report.allocation_id, start=report.quarter_start, end=report.quarter_end
    )
    context = {
        "report": report,
        "fields": [(label, getattr(report, name)) for name, label in NARRATIVE_FIELDS],
        "stories": report_stories(viewer=request.user, report_id=report.pk),
        "versions": report_versions(viewer=request.user, report_id=report.pk),
        "spend": report.spend_snapshot or current,
        "spend_frozen": report.spend_snapshot is not None,
        "corrections": spend_corrections(frozen=report.spend_snapshot, current=current),
        "may_write": permissions.may_write_report(request.user, report.partnership_id)
        and report.is_editable,
        "is_officer": permissions.is_officer(request.user),
        "is_chair": permissions.is_chair_of(request.user, report.partnership_id),
        "today": timezone.localdate(),
        "days_late": report.days_late(timezone.localdate()),
        "indicator_rows": report_indicator_rows(report),
        "show_flags": permissions.is_officer(request.user),
        "may_share_story": permissions.may_write_learning_note(request.user, report.partnership_id),
    }
    return render(request, "reporting/reports/report_detail.html", context)


def _narrative(form: ReportForm) -> services.Narrative:
    return services.Narrative(**form.cleaned_data)


@login_required
def report_edit(request, report_pk: int):
    """Write the report. "Save draft" keeps what is written; "Add a story" saves it too, then
    opens the story form; "Submit" saves it too, then submits, or lists what is missing field by
    field and keeps the draft."""
    report = _report(request, report_pk)
    if not permissions.may_write_report(request.user, report.partnership_id):
        raise PermissionDenied("Only the partnership's own members can write its report.")
    initial = {name: getattr(report, name) for name, _ in NARRATIVE_FIELDS}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save_draft(
                report_id=report.pk, actor=request.user, narrative=_narrative(form)
            )
            if "outcomes" in request.POST:
                messages.success(request, "Your draft has been saved. Now give the values.")
                return redirect("reports:report_outcomes", report.pk)
            if "add_story" in request.POST:  # the story page is another form: keep this one first
                messages.success(request, "Your draft has been saved. Now add the story.")
                return redirect("reports:story_add", report.pk)
            if "submit" not in request.POST:
                messages.success(request, "Your draft has been saved.")
                return redirect("reports:report_edit", report.pk)
            services.report_submit(report_id=report.pk, actor=request.user)
        except services.ReportIncomplete as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
            messages.warning(request, exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("reports:report_detail", report.pk)
        else:
            messages.success(request, "Your report has been submitted. Thank you.")
            return redirect("reports:report_detail", report.pk)
        report.refresh_from_db()
    if not report.is_editable and request.method == "GET":
        messages.info(request, "This report has been submitted and can no longer be changed.")
        return redirect("reports:report_detail", report.pk)
    spend = quarter_spend(
        allocation_id=report.allocation_id, start=report.quarter_start, end=report.quarter_end
    )
    context = {
        "report": report,
        "form": form,
        "outcome_names": [name for name, _ in OUTCOMES],
        "stories": report_stories(viewer=request.user, report_id=report.pk),
        "spend": spend,
        "indicator_rows": report_indicator_rows(report),
    }
    return render(request, "reporting/reports/report_edit.html", context)


# The service's transaction is the request's only one, so a photo file is removed whatever
# rolls it back (cwf.core.files).
@transaction.non_atomic_requests
@login_required
def report_story_add(request, report_pk: int):
    report = _report(request, report_pk)
    if not permissions.may_write_report(request.user, report.partnership_id):
        raise PermissionDenied("Only the partnership's own members can write its report.")
    form = StoryForm(request.POST or None, request.FILES or None)

    def add():
        services.report_story_add(
            report_id=report.pk,
            actor=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            photo=form.cleaned_data["photo"],
            is_public=form.cleaned_data["is_public"],
        )
        added = "Your story has been added to the report."
        return done(request, added, "reports:report_edit", report.pk)

    return form_page(
        request, form, add, template="reporting/reports/story_add.html", context={"report": report}
    )


@login_required
def report_story_remove(request, report_pk: int, story_pk: int):
    """Confirm, then remove a story from a report still being written."""
    story = get_object_or_404(report_stories(viewer=request.user, report_id=report_pk), pk=story_pk)
    report = story.report
    if not permissions.may_write_report(request.user, report.partnership_id):
        raise PermissionDenied("Only the partnership's own members can write its report.")
    if request.method == "POST":
        try:
            services.report_story_remove(story_id=story.pk, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("reports:report_detail", report.pk)
        messages.success(request, f"The story “{story.title}” was removed.")
        return redirect("reports:report_edit", report.pk)
    return render(
        request, "reporting/reports/story_remove.html", {"report": report, "story": story}
    )


@login_required
def story_photo(request, report_pk: int, story_pk: int):
    """A story's photo, only to those who may see the report."""
    story = get_object_or_404(report_stories(viewer=request.user, report_id=report_pk), pk=story_pk)
    if not story.photo:
        raise Http404("This story has no photo.")
    response = FileResponse(story.photo.open("rb"), content_type=story.photo_type)
    response["Cache-Control"] = "private, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def report_review(request, report_pk: int):
    """An officer accepts the report, or returns it with comments."""
    report = _report(request, report_pk)
    if not permissions.can_write_fund(request.user):
        raise PermissionDenied("Only fund officers can accept or return reports.")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if "accept" in request.POST:
                report_reviews.report_accept(report_id=report.pk, actor=request.user)
                messages.success(request, "The report has been accepted.")
            else:
                report_reviews.report_return(
                    report_id=report.pk, actor=request.user, comments=form.cleaned_data["comments"]
                )
                messages.success(request, "The report has been returned with your comments.")
        except DomainError as exc:
            if exc.field == "comments":
                add_domain_error(form, exc)
                return render(
                    request,
                    "reporting/reports/report_review.html",
                    {"report": report, "form": form},
                )
            messages.error(request, exc.message)
        return redirect("reports:report_detail", report.pk)
    return render(request, "reporting/reports/report_review.html", {"report": report, "form": form})


@login_required
def report_extension(request, report_pk: int):
    """Officers extend the deadline; the partnership's chair asks for an extension (issue 24)."""
    report = _report(request, report_pk)
    officer = permissions.can_write_fund(request.user)
    if not officer and not permissions.is_chair_of(request.user, report.partnership_id):
        raise PermissionDenied("Only fund officers can extend a deadline.")
    form = ExtensionForm(request.POST or None)

    def extend():
        if officer:
            report_extend(report_id=report.pk, actor=request.user, **form.cleaned_data)
            message = "The deadline has been extended."
        else:
            report_extension_ask(report_id=report.pk, actor=request.user, **form.cleaned_data)
            message = "Your request has been sent to the fund officer."
        return done(request, message, "reports:report_detail", report.pk)

    return form_page(
        request,
        form,
        extend,
        template="reporting/reports/report_extension.html",
        context={"report": report, "asking": not officer},
    )


@login_required
def report_compare(request, report_pk: int):
    """Two submitted versions side by side: what changed between them."""
    report = _report(request, report_pk)
    versions = list(report_versions(viewer=request.user, report_id=report.pk))
    if not versions:
        raise Http404("This report has not been submitted yet.")
    by_number = {v.number: v for v in versions}

    def pick(name, default):
        try:
            return by_number.get(int(request.GET.get(name, default)), by_number[default])
        except (TypeError, ValueError):
            return by_number[default]

    new = pick("new", versions[-1].number)
    old = pick("old", max(1, new.number - 1))
    context = {
        "report": report,
        "versions": versions,
        "old": old,
        "new": new,
        "rows": version_diff(old.content, new.content),
    }
    return render(request, "reporting/reports/report_compare.html", context)


@login_required
def partnership_reports(request, partnership_pk: int):
    """A partnership's reporting history, with its on-time rate and days late."""
    partnership = get_object_or_404(partnership_list(viewer=request.user), pk=partnership_pk)
    qs = report_list(viewer=request.user).filter(partnership=partnership).order_by("-quarter_start")
    compliance = reporting_compliance(partnership_ids=[partnership.pk]).get(partnership.pk)
    context = {
        **paginate(request, qs, per_page=25),
        "partnership": partnership,
        "compliance": compliance,
        "today": timezone.localdate(),
    }
    return render(request, "reporting/reports/partnership_reports.html", context)
