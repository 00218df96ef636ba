"""Demo quarterly reports: years of them for every demo allocation, replayed through the real
services with the clock set back, so they are in every state: accepted on time and late,
returned then accepted (two versions), submitted, returned, drafts, overdue ones, an extension,
and one so long overdue that its partnership's next tranche is held automatically.

Each partnership with reports gets a chair, `chair.<place>@example.org` (the demo password), so
the reminders land in var/mail/."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cwf.accounts.models import RoleAssignment, User
from cwf.accounts.roles import Role
from devtools.demo.accounts import DEMO_PASSWORD
from devtools.demo.grants import MARK
from devtools.demo.replay import clock
from reporting.models import QuarterlyReport
from reporting.services import report_reviews
from reporting.services import reports as services
from reporting.services.periods import report_extend, report_periods_create
from reporting.services.reminders import reports_remind

Status = QuarterlyReport.Status


def _narrative(report: QuarterlyReport, *, extra: str = "") -> services.Narrative:
    place = report.partnership.name.split(" Big Local")[0]
    season = report.quarter_label
    return services.Narrative(
        what_happened=f"In {season} the {place} partnership met three times and funded "
        f"two local projects.{extra}",
        outcome_needs="A door-to-door survey asked 300 households what matters most.",
        outcome_skills="Eight residents finished a community leadership course.",
        outcome_difference="The youth club now opens on Saturdays, as residents asked.",
        outcome_place="Volunteers cleared the brook path and planted a wildflower verge.",
        people_involved=120 + report.pk % 80,
        volunteers=15 + report.pk % 20,
    )


def _chair(partnership) -> User:
    """The partnership's chair with an account, or a demo chair made for it."""
    existing = User.objects.filter(
        role_assignments__partnership=partnership,
        role_assignments__role=Role.PARTNERSHIP_CHAIR,
        is_active=True,
    ).first()
    if existing:
        return existing
    place = partnership.name.split(" Big Local")[0].lower().replace(" ", "-")
    user, created = User.objects.get_or_create(
        email=f"chair.{place}@example.org",
        defaults={"full_name": f"{partnership.name.split(' Big Local')[0]} Chair"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.PARTNERSHIP_CHAIR, partnership=partnership
    )
    return user


def _submit(report, chair, day, *, extra=""):
    with clock(day):
        services.report_save_draft(
            report_id=report.pk, actor=chair, narrative=_narrative(report, extra=extra)
        )
        services.report_submit(report_id=report.pk, actor=chair)


def _history(report, chair, officer, n: int) -> None:
    """A past report: mostly on time, every fifth late, every seventh returned first."""
    due = report.effective_due_on
    submitted = due + timedelta(days=12) if n % 5 == 4 else due - timedelta(days=4)
    _submit(report, chair, submitted)
    if n % 7 == 3:
        with clock(submitted + timedelta(days=5)):
            report_reviews.report_return(
                report_id=report.pk,
                actor=officer,
                comments="Please say how many of the course graduates now volunteer.",
            )
        _submit(report, chair, submitted + timedelta(days=9), extra=" Five graduates volunteer.")
        submitted += timedelta(days=9)
    with clock(submitted + timedelta(days=6)):
        report_reviews.report_accept(report_id=report.pk, actor=officer)


def _recent(report, chair, officer, role: str, today) -> None:
    """The newest reports, left in the states a real portfolio has."""
    if role == "draft":
        with clock(today - timedelta(days=2)):
            services.report_save_draft(
                report_id=report.pk,
                actor=chair,
                narrative=services.Narrative(what_happened="Notes from our last meeting."),
            )
    elif role == "submitted":
        _submit(report, chair, min(today, report.due_on) - timedelta(days=1))
    elif role == "returned":
        _submit(report, chair, min(today, report.due_on) - timedelta(days=3))
        with clock(today - timedelta(days=1)):
            report_reviews.report_return(
                report_id=report.pk,
                actor=officer,
                comments="The spend on the youth club is not in the story: please add it.",
            )
    elif role == "extended":
        with clock(report.due_on - timedelta(days=5)):
            report_extend(
                report_id=report.pk,
                actor=officer,
                extended_to=max(report.due_on, today) + timedelta(days=21),
                reason="The treasurer is in hospital; the chair asked for three more weeks.",
            )
    # "overdue" and "owed": left not started.


# For each partnership (in name order), the fates of its newest reports, newest first.
RECENT = [
    ["owed", "overdue_long"],
    ["submitted", "returned"],
    ["draft", "extended"],
    ["owed", "submitted"],
]


@transaction.atomic
def seed(*, stdout) -> None:
    # The demo's allocations: on demo partnerships, or (since the money demo funds the
    # partnerships demo's partnerships) marked in their purpose.
    demo = Q(partnership__name__endswith=MARK) | Q(allocation__purpose__endswith=MARK)
    if QuarterlyReport.objects.filter(demo).exists():
        stdout.write("Demo reports: already there.")
        return
    today = timezone.localdate()
    officer = User.objects.get(email="officer@example.org")
    report_periods_create(today=today)
    reports = QuarterlyReport.objects.filter(demo).select_related("partnership")
    by_partnership: dict = {}
    for report in reports.order_by("partnership__name", "quarter_start"):
        by_partnership.setdefault(report.partnership, []).append(report)
    for index, (partnership, rows) in enumerate(by_partnership.items()):
        if partnership.lead_officer_id is None:
            partnership.lead_officer = officer
            partnership.save(update_fields=["lead_officer"])
        chair = _chair(partnership)
        fates = RECENT[index % len(RECENT)]
        newest = rows[-len(fates) :][::-1]
        recent_ids = {r.pk for r in newest}
        for n, report in enumerate(rows):
            if report.pk not in recent_ids and report.due_on < today:
                _history(report, chair, officer, n)
        for report, fate in zip(newest, fates, strict=False):
            if fate == "overdue_long" and (today - report.due_on).days <= 60:
                fate = "owed"  # too recent to be held; the older ones are accepted
            _recent(report, chair, officer, fate, today)
    counts = reports_remind(today=today)
    states = {s.label: reports.filter(status=s.value).count() for s in QuarterlyReport.Status}
    summary = ", ".join(f"{count} {label.lower()}" for label, count in states.items())
    stdout.write(
        f"Demo reports: {reports.count()} ({summary}); "
        f"{counts['reminded']} reminders, {counts['escalated']} escalations, "
        f"{counts['held']} automatic holds. Demo chairs sign in as chair.<place>@example.org."
    )
