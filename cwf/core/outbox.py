"""The outbox: every e-mail the product sends leaves from here.

The rule is the one releases follow: the database says what is owed. A service writes the message
as a row in its own transaction (`email_queue`, or a `reporting.Notification` row), so a
rolled-back event leaves no message and a committed one cannot be lost. After commit one task
(`cwf.core.tasks.outbox_send`, queued by name) sends every row that is due; beat runs the same
task every minute, so a task lost by the broker, a worker killed mid-run or a database outage
only delays a message. A failed send is retried with back-off (`OUTBOX_RETRY_SECONDS`, doubling
up to `OUTBOX_RETRY_MAX_SECONDS`) until `NOTIFICATION_MAX_ATTEMPTS`, then marked `gave_up`.

Sending once. A row is claimed by one conditional UPDATE (pending or failed and due → sending,
attempts + 1) that commits before the mail server is called, so no row lock is held while
sending and two workers (or a task delivered twice) never send the same row: the second finds
it claimed or sent. The one window that cannot be closed: the mail server accepted the message
and the process died, or lost the database, before recording it as sent. That row stays
`sending`; after `OUTBOX_SENDING_LEASE_SECONDS` the sweep takes it as unsent and sends it again,
so that person may get the message twice. Without a mail server that takes an idempotency key
nothing closes it; a second e-mail is the better failure than a lost one.

Other tables can be outboxes: a model with the same delivery fields (`email_status`, `attempts`,
`next_attempt_at`, `claimed_at`, `last_error`, `emailed_at`) registers itself with `register`,
giving the function that composes its e-mail. `reporting.Notification` does, so an in-product
notification and its e-mail are one row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxEmail
from .queue import enqueue

log = logging.getLogger(__name__)

SEND_TASK = "cwf.core.tasks.outbox_send"
PENDING, SENDING, SENT, FAILED, GAVE_UP = (
    "pending",
    "sending",
    "sent",
    "failed",
    "gave_up",
)
SCRUBBED = "(Removed once sent: it held a personal link.)"


@dataclass(frozen=True)
class Message:
    to: list[str]
    subject: str
    body: str
    key: str | None = None
    secret: bool = False


@dataclass(frozen=True)
class Outbox:
    """A table whose rows are e-mails owed: `compose(row) -> Message` builds each one."""

    model: type[models.Model]
    compose: Callable[[models.Model], Message]
    related: tuple[str, ...] = ()


def _compose_email(row: OutboxEmail) -> Message:
    return Message(to=list(row.to), subject=row.subject, body=row.body, secret=row.secret)


_OUTBOXES: list[Outbox] = [Outbox(OutboxEmail, _compose_email)]


def register(model: type[models.Model], *, compose, related: tuple[str, ...] = ()) -> None:
    """Make `model` an outbox (an app's `ready()` calls this once)."""
    if not any(o.model is model for o in _OUTBOXES):
        _OUTBOXES.append(Outbox(model, compose, related))


# Writing -------------------------------------------------------------------------------------


def emails_queue(messages: Iterable[Message]) -> int:
    """Write these e-mails in the caller's transaction and send them after it commits. A message
    whose `key` was written before is skipped (told once). Returns how many were written."""
    rows = [
        OutboxEmail(
            to=list(m.to),
            subject=m.subject[:255],
            body=m.body,
            key=m.key,
            secret=m.secret,
        )
        for m in messages
        if m.to
    ]
    if not rows:
        return 0
    keyed = [r for r in rows if r.key]
    keys = [r.key for r in keyed]
    before = OutboxEmail.objects.filter(key__in=keys).count() if keys else 0
    # Unkeyed rows cannot conflict, so they come back with their ids; keyed ones are read back.
    pks = [r.pk for r in OutboxEmail.objects.bulk_create([r for r in rows if not r.key])]
    if keyed:
        OutboxEmail.objects.bulk_create(keyed, ignore_conflicts=True)
        known = list(OutboxEmail.objects.filter(key__in=keys).values_list("pk", flat=True))
        pks += known
    written = len(rows) - len(keyed) + (len(known) - before if keyed else 0)
    if written:
        send_after_commit(OutboxEmail, pks)
    return written


def email_queue(*, to: list[str], subject: str, body: str, key: str | None = None, **kw) -> int:
    """One e-mail (to everyone in `to`, in one message), written now, sent after commit."""
    return emails_queue([Message(to=list(to), subject=subject, body=body, key=key, **kw)])


class _Send:
    """The after-commit callback that queues the send of the rows one write made: exactly
    those (older unsent ones are beat's), so every task queued does useful work however many
    a transaction queues. Registered in the writing transaction, so a rolled-back write (or
    savepoint) queues nothing."""

    def __init__(self, label: str, pks: list[int]) -> None:
        self.ids = {label: pks}

    def __call__(self) -> None:
        enqueue(SEND_TASK, ids=self.ids)


def send_after_commit(model: type[models.Model], pks: Iterable[int]) -> None:
    """Send these rows of `model` once the current transaction commits (at once outside one):
    call it in the transaction that wrote them."""
    transaction.on_commit(_Send(model._meta.label, sorted(set(pks))))


# Sending -------------------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    lease = timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
    return Q(email_status__in=[PENDING, FAILED]) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    ) | Q(email_status=SENDING, claimed_at__lt=now - lease)


def retry_delay(attempts: int) -> timedelta:
    """How long after the `attempts`-th failure the next try waits: doubling, capped."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _send_one(outbox: Outbox, pk: int, now: datetime) -> str | None:
    model = outbox.model
    # The claim: one statement, committed before sending, so no lock is held while the mail
    # server is called, and only one worker gets the row.
    claimed = model.objects.filter(_due(now), pk=pk).update(
        email_status=SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    row = model.objects.select_related(*outbox.related).get(pk=pk)
    message = outbox.compose(row)
    try:
        EmailMessage(message.subject, message.body, None, message.to).send()
    except Exception as exc:  # any transport error: recorded, and retried after the back-off
        log.warning("Outbox %s %s to %s failed: %s", model.__name__, pk, message.to, exc)
        gave_up = row.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
        model.objects.filter(pk=pk, email_status=SENDING).update(
            email_status=GAVE_UP if gave_up else FAILED,
            last_error=str(exc)[:300],
            next_attempt_at=timezone.now() + retry_delay(row.attempts),
        )
        return GAVE_UP if gave_up else FAILED
    sent = {"email_status": SENT, "emailed_at": timezone.now(), "last_error": ""}
    if message.secret:
        sent["body"] = SCRUBBED
    model.objects.filter(pk=pk, email_status=SENDING).update(**sent)
    return SENT


def outbox_send(*, ids: dict[str, list[int]] | None = None, now: datetime | None = None) -> dict:
    """Send what is due, oldest first: the rows named in `ids` (`{"app.Model": [pk, ...]}`,
    what one transaction wrote), or with no `ids` every due row in every outbox (beat's sweep).
    Safe to run twice or at once on several workers. Returns how many rows reached each
    status."""
    now = now or timezone.now()
    outcomes: dict[str, int] = {}
    for outbox in list(_OUTBOXES):
        due = outbox.model.objects.filter(_due(now))
        if ids is not None:
            due = due.filter(pk__in=ids.get(outbox.model._meta.label, []))
        for pk in list(due.order_by("pk").values_list("pk", flat=True)):
            status = _send_one(outbox, pk, now)
            if status:
                outcomes[status] = outcomes.get(status, 0) + 1
    return outcomes
