"""Writing and submitting quarterly reports (accepting or returning them is in report_reviews.py).

Locking: a service locks the QuarterlyReport row first and re-checks its status, so a double
submit or two officers deciding at once has one outcome and a clear refusal for the other; a
tranche (through grants' hold services) is locked only after the report."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.dates import display_date_time
from cwf.core.errors import DomainError
from cwf.core.files import files_removed_on_failure
from cwf.core.transitions import check_transition

from ..models import (
    NARRATIVE_FIELDS,
    OUTCOMES,
    Notification,
    QuarterlyReport,
    ReportStory,
    ReportVersion,
)
from ..selectors.report_spend import quarter_spend
from .notify import notify
from .photos import check_photo
from .recipients import lead_officer

Status = QuarterlyReport.Status
WRITER_ROLES = permissions.PARTNERSHIP_PEOPLE  # who may write a report
TEXT_FIELDS = ("what_happened", *(name for name, _ in OUTCOMES))
COUNT_FIELDS = ("people_involved", "volunteers")


class ReportIncomplete(DomainError):
    """A submission with parts missing; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("The report is not finished. Your draft has been saved.")
        self.errors = errors


def report_transition(report: QuarterlyReport, target: str) -> None:
    """The one way a report's status changes: checks the declared table, then sets it."""
    check_transition(
        current=report.status, target=target, allowed=QuarterlyReport.TRANSITIONS, what="report"
    )
    report.status = target


def require_report_writer(actor, report: QuarterlyReport) -> None:
    permissions.require(
        permissions.may_write_report(actor, report.partnership_id),
        "Only the partnership's own members can write its report.",
    )


def report_locked(report_id: int) -> QuarterlyReport:
    # The report row is the lock for its workflow: one writer or decider at a time.
    return QuarterlyReport.objects.select_for_update(of=("self",)).get(pk=report_id)


def refuse_if_not_editable(report: QuarterlyReport) -> None:
    if not report.is_editable:
        who = report.decided_by if report.status == Status.ACCEPTED else report.submitted_by
        raise DomainError(
            f"This report was already {report.get_status_display().lower()}"
            + (f" by {who.full_name or who.email}" if who else "")
            + ", so it can no longer be changed. Nothing more was saved."
        )


@dataclass(frozen=True)
class Narrative:
    what_happened: str = ""
    outcome_needs: str = ""
    outcome_skills: str = ""
    outcome_difference: str = ""
    outcome_place: str = ""
    people_involved: int | None = None
    volunteers: int | None = None


def report_save_draft(*, report_id: int, actor, narrative: Narrative) -> QuarterlyReport:
    """Save what has been written so far. A not-started report becomes a draft; a returned one
    stays returned while it is revised."""
    with transaction.atomic():
        report = report_locked(report_id)
        require_report_writer(actor, report)
        refuse_if_not_editable(report)
        for name in (*TEXT_FIELDS, *COUNT_FIELDS):
            value = getattr(narrative, name)
            setattr(report, name, value.strip() if isinstance(value, str) else value)
        if report.status == Status.NOT_STARTED:
            report_transition(report, Status.DRAFT)
            report.started_by = actor
        report.save()
    return report


def report_story_add(
    *, report_id: int, actor, title: str, body: str, photo=None, is_public: bool = False
) -> ReportStory:
    """Add a story, with an optional photo (JPEG or PNG, checked by its content). `is_public`:
    shared on the partnership's public page once the report is accepted."""
    errors = {}
    if not title.strip():
        errors["title"] = "Give the story a title."
    if not body.strip():
        errors["body"] = "Tell the story."
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field)
    photo_type = check_photo(photo) if photo else ""
    photo_field = ReportStory._meta.get_field("photo")
    with files_removed_on_failure(photo_field) as written, transaction.atomic():
        report = report_locked(report_id)
        require_report_writer(actor, report)
        refuse_if_not_editable(report)
        story = ReportStory(
            report=report,
            uid=uuid.uuid4().hex,
            title=title.strip(),
            body=body.strip(),
            added_by=actor,
            photo_type=photo_type,
            is_public=is_public,
        )
        if photo:
            # Written before the row: a saved story always has its photo.
            story.photo.save(f"photo.{photo_type.split('/')[-1]}", photo, save=False)
            written.append(story.photo.name)
        story.save()
        if report.status == Status.NOT_STARTED:
            report_transition(report, Status.DRAFT)
            report.started_by = actor
            report.save(update_fields=["status", "started_by", "updated_at"])
    return story


def report_story_remove(*, story_id: int, actor) -> None:
    """Take a story (and its photo) out of a report that is still being written. Submitted
    versions keep their copy of it."""
    story = ReportStory.objects.get(pk=story_id)
    with transaction.atomic():
        report = report_locked(story.report_id)
        require_report_writer(actor, report)
        refuse_if_not_editable(report)
        photo = story.photo.name if story.photo else None
        storage = story.photo.storage if photo else None
        story.delete()
        if photo:
            transaction.on_commit(lambda: storage.delete(photo))


def report_problems(report: QuarterlyReport) -> dict[str, str]:
    """What a report still needs before it can be submitted, field by field."""
    labels = dict(NARRATIVE_FIELDS)
    problems = {}
    for name in TEXT_FIELDS:
        if not getattr(report, name).strip():
            problems[name] = f"Enter {labels[name][0].lower()}{labels[name][1:]}"
            if name.startswith("outcome_"):
                problems[name] = f"Say what progress there was on: {labels[name].lower()}"
    for name in COUNT_FIELDS:
        if getattr(report, name) is None:
            problems[name] = f"Enter how many {labels[name].lower()} there were (0 if none)"
    return problems


def _content(report: QuarterlyReport, spend: dict) -> dict:
    return {
        **{name: getattr(report, name) for name in (*TEXT_FIELDS, *COUNT_FIELDS)},
        "stories": [
            {"title": s.title, "body": s.body, "photo": bool(s.photo)} for s in report.stories.all()
        ],
        "spend": spend,
    }


def report_submit(*, report_id: int, actor) -> QuarterlyReport:
    """Submit (or resubmit) the report: checks it is complete, freezes the quarter's spend
    summary into it, and keeps the submission as a new version."""
    with transaction.atomic():
        report = report_locked(report_id)
        require_report_writer(actor, report)
        if report.status in (Status.SUBMITTED, Status.ACCEPTED):
            who = report.submitted_by
            raise DomainError(
                "This report was already submitted"
                + (f" by {who.full_name or who.email}" if who else "")
                + f" on {display_date_time(report.submitted_at)}. "
                "Nothing more was sent."
            )
        from .outcome_values import indicator_content, indicator_problems  # imports this module

        problems = {**report_problems(report), **indicator_problems(report)}
        if problems:
            raise ReportIncomplete(problems)
        spend = quarter_spend(
            allocation_id=report.allocation_id, start=report.quarter_start, end=report.quarter_end
        )
        now = timezone.now()
        report_transition(report, Status.SUBMITTED)
        report.spend_snapshot = spend
        report.submitted_at, report.submitted_by = now, actor
        report.first_submitted_at = report.first_submitted_at or now
        if report.started_by_id is None:
            report.started_by = actor
        report.save()
        number = report.versions.count() + 1
        ReportVersion.objects.create(
            report=report,
            number=number,
            content={**_content(report, spend), "indicators": indicator_content(report)},
            submitted_by=actor,
            submitted_at=now,
        )
        notify(
            users=lead_officer(report),
            key=f"report:{report.pk}:submitted:{number}",
            kind=Notification.Kind.SUBMITTED,
            report=report,
            subject=f"Report submitted: {report}",
            body=f"Hello,\n\n{report} has been submitted (version {number}) for your review.\n",
        )
    return report
