"""The retention schedule (settings.PRIVACY_RETENTION; docs/privacy.md gives each period's
reason). Each rule is a query for the rows past their period that still hold the data, so a dry
run counts exactly what a real run would change, and a second run finds nothing. Every run,
dry or not, is logged with its counts (RetentionRun)."""

from __future__ import annotations

import datetime as dt
import json

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cwf.accounts.models import Invitation
from cwf.core.models import OutboxEmail
from grants.models import Spend
from participation.models import Voter
from participation.services.voting import outbox_key_prefix
from partnerships.models import Member

from ..models import RetentionRun


def _days(name: str) -> dt.timedelta:
    return dt.timedelta(days=settings.PRIVACY_RETENTION[name])


def last_accounting_year_past(today: dt.date, years: int) -> dt.date:
    """The last 31 March whose accounting year ended more than `years` years before today."""
    year = today.year - years
    if dt.date(today.year, 3, 31) >= today:
        year -= 1
    return dt.date(year, 3, 31)


def _rules(now: dt.datetime) -> dict[str, QuerySet]:
    today = timezone.localdate(now)
    return {
        "invitations_deleted": Invitation.objects.filter(
            accepted_at__isnull=True, expires_at__lt=now - _days("invitation_days")
        ),
        "former_member_emails_removed": Member.objects.filter(
            left_on__lt=today - _days("former_member_contact_days")
        ).exclude(email=""),
        "receipts_deleted": Spend.objects.filter(
            spent_on__lte=last_accounting_year_past(
                today, settings.PRIVACY_RETENTION["receipt_years"]
            )
        ).exclude(receipt=""),
        "sent_emails_deleted": OutboxEmail.objects.filter(
            emailed_at__lt=now - _days("sent_email_days")
        ),
        # A voter's address and postcode go once the result has been published for the period;
        # the keyed hash stays, so the address still cannot vote twice in that budget.
        "voter_emails_deleted": Voter.objects.filter(
            budget__result_published_at__lt=now - _days("voter_email_days_after_result")
        ).exclude(email="", postcode=""),
    }


def retention_run(*, dry_run: bool, now: dt.datetime | None = None) -> RetentionRun:
    now = now or timezone.now()
    with transaction.atomic():
        rules = _rules(now)
        counts = {name: rows.count() for name, rows in rules.items()}
        if not dry_run:
            _apply(rules)
        return RetentionRun.objects.create(dry_run=dry_run, counts=counts)


def _apply(rules: dict[str, QuerySet]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a spend's receipt column is text: let it through
            cursor.execute("SET LOCAL cwf.pseudonymising = 'on'")
    invitations = list(rules["invitations_deleted"].values_list("pk", flat=True))
    with disable_auditlog():  # a deletion's log entry would keep the address it removes
        Invitation.objects.filter(pk__in=invitations).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Invitation),
        object_pk__in=[str(pk) for pk in invitations],
    ).delete()
    former = list(rules["former_member_emails_removed"].values_list("pk", "email"))
    rules["former_member_emails_removed"].update(email="")
    _forget_in_audit_log(Member, former)
    for spend in rules["receipts_deleted"]:
        spend.receipt.storage.delete(spend.receipt.name)
        Spend.objects.filter(pk=spend.pk).update(receipt="")
    rules["sent_emails_deleted"].delete()
    budgets = set(rules["voter_emails_deleted"].values_list("budget_id", flat=True))
    rules["voter_emails_deleted"].update(email="", postcode="")
    for budget_id in budgets:  # the outbox's copies of their addresses go too
        OutboxEmail.objects.filter(key__startswith=outbox_key_prefix(budget_id)).delete()


def _forget_in_audit_log(model, rows: list[tuple[int, str]]) -> None:
    """The audit log's copies of the removed addresses go too (its entries for those rows)."""
    content_type = ContentType.objects.get_for_model(model)
    for pk, removed in rows:
        for entry in LogEntry.objects.filter(content_type=content_type, object_pk=str(pk)):
            changes = json.loads(json.dumps(entry.changes or {}).replace(removed, ""))
            LogEntry.objects.filter(pk=entry.pk).update(
                changes=changes, changes_text=(entry.changes_text or "").replace(removed, "")
            )
