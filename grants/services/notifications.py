"""E-mails about money. Written into the kernel outbox in the release's own transaction, so a
refused or rolled-back release sends nothing and a committed one cannot lose its e-mails."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cwf.accounts.models import User
from cwf.accounts.roles import Role
from cwf.core import outbox
from cwf.core.dates import display_date
from cwf.core.money import format_gbp
from partnerships.models import LtoContact

from ..models import Release


def _recipients_by_partnership(releases: list[Release]) -> dict[int, list[str]]:
    """Each partnership's chair(s) and LTO finance users, and the LTO's contacts: two queries
    however many releases."""
    partnership_ids = {r.tranche.allocation.partnership_id for r in releases}
    found: dict[int, set[str]] = {pk: set() for pk in partnership_ids}
    for partnership_id, email in User.objects.filter(
        is_active=True,
        role_assignments__partnership_id__in=partnership_ids,
        role_assignments__role__in=[Role.PARTNERSHIP_CHAIR, Role.LTO_FINANCE],
    ).values_list("role_assignments__partnership_id", "email"):
        found[partnership_id].add(email.lower())
    lto_ids = {r.lto_id for r in releases}
    contacts: dict[int, set[str]] = {}
    rows = LtoContact.objects.filter(lto_id__in=lto_ids).exclude(email="")
    for lto_id, email in rows.values_list("lto_id", "email"):
        contacts.setdefault(lto_id, set()).add(email.lower())
    return {
        r.pk: sorted(found[r.tranche.allocation.partnership_id] | contacts.get(r.lto_id, set()))
        for r in releases
    }


def _message(release: Release) -> tuple[str, str]:
    tranche = release.tranche
    link = settings.SITE_URL.rstrip("/") + reverse("grants:tranche_detail", args=[tranche.pk])
    body = (
        f"Hello,\n\n"
        f"{settings.FUND_NAME} has released a payment to {release.lto} for "
        f"{tranche.allocation.partnership}.\n\n"
        f"Payment reference: {release.payment_reference}\n"
        f"Tranche: {tranche.number}, due {display_date(tranche.due_on)}\n"
        f"Grant: {format_gbp(tranche.amount)}\n"
        f"LTO management contribution: {format_gbp(tranche.management_contribution)}\n"
        f"Total: {format_gbp(tranche.total)}\n\n"
        f"The money should reach the LTO's bank account within a few working days. When it "
        f"arrives, the LTO's finance contact can confirm receipt here:\n\n{link}\n"
    )
    subject = (
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Payment released: "
        f"{format_gbp(tranche.total)} for {tranche.allocation.partnership}"
    )
    return subject, body


def releases_notify(*, releases: list[Release]) -> int:
    """Write the e-mails telling each release's chair and LTO that it was released, in the
    caller's transaction (the release's). One message each, so no recipient sees the others'
    addresses; keyed by release and address, so each is told once. Returns how many."""
    releases = [r for r in releases if r.notified_at is None]
    if not releases:
        return 0
    recipients = _recipients_by_partnership(releases)
    messages = []
    for release in releases:
        subject, body = _message(release)
        messages += [
            outbox.Message(
                to=[email], subject=subject, body=body, key=f"release:{release.pk}:{email}"
            )
            for email in recipients[release.pk]
        ]
    written = outbox.emails_queue(messages)
    Release.objects.filter(pk__in=[r.pk for r in releases]).update(notified_at=timezone.now())
    return written


def tranche_released_notify(*, tranche_id: int) -> int:
    """Write the release e-mails for one tranche if they were not written with its release (a
    release made before the outbox). Safe to run any number of times."""
    with transaction.atomic():
        release = (
            Release.objects.select_for_update(of=("self",))
            .select_related("tranche__allocation__partnership", "lto")
            .filter(tranche_id=tranche_id)
            .first()
        )
        if release is None:
            return 0
        return releases_notify(releases=[release])
