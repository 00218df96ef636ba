"""E-mails about money. Sent by tasks, which services enqueue with transaction.on_commit, so a
refused or rolled-back action sends nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cwf.accounts.models import User
from cwf.accounts.roles import Role
from cwf.core.money import format_gbp

from ..models import Release
from .common import long_date


def release_recipients(release: Release) -> list[str]:
    """The partnership's chair(s) and LTO finance users, and the LTO's contacts."""
    partnership_id = release.tranche.allocation.partnership_id
    users = User.objects.filter(
        is_active=True,
        role_assignments__partnership_id=partnership_id,
        role_assignments__role__in=[Role.PARTNERSHIP_CHAIR, Role.LTO_FINANCE],
    ).values_list("email", flat=True)
    contacts = release.lto.contacts.exclude(email="").values_list("email", flat=True)
    return sorted({email.lower() for email in [*users, *contacts]})


def tranche_released_notify(*, tranche_id: int) -> int:
    """Tell the chair and the LTO that a tranche has been released. Sends once per release:
    a repeated task finds it marked notified. Returns how many people were e-mailed."""
    with transaction.atomic():
        release = (
            Release.objects.select_for_update(of=("self",))
            .select_related("tranche__allocation__partnership", "lto")
            .filter(tranche_id=tranche_id)
            .first()
        )
        if release is None or release.notified_at is not None:
            return 0
        recipients = release_recipients(release)
        tranche = release.tranche
        link = settings.SITE_URL.rstrip("/") + reverse("grants:tranche_detail", args=[tranche.pk])
        body = (
            f"Hello,\n\n"
            f"{settings.FUND_NAME} has released a payment to {release.lto} for "
            f"{tranche.allocation.partnership}.\n\n"
            f"Payment reference: {release.payment_reference}\n"
            f"Tranche: {tranche.number}, due {long_date(tranche.due_on)}\n"
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
        # One message each, so no recipient sees the others' addresses.
        send_mass_mail([(subject, body, None, [email]) for email in recipients])
        release.notified_at = timezone.now()
        release.save(update_fields=["notified_at"])
    return len(recipients)
