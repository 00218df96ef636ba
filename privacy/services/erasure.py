"""Erasure: a person's names, e-mail addresses and phone numbers are replaced by a stable
pseudonym ("Former member 12") in every declared text field of every table (the decision log,
minutes, report versions, the ledger's memos and the audit log's change records included),
their files are deleted, and their account is closed. Amounts, dates and the ledger's entries
are not touched: on PostgreSQL the append-only triggers let an UPDATE through only while
`cwf.pseudonymising` is set for the transaction and only if every changed column is text
(privacy/migrations/0002).

Four eyes: one officer proposes with a reason, a second approves, and the erasure is carried
out in the approving transaction. It is refused while the person holds a role or an active
membership (the records need a person behind those), with the reason shown."""

from __future__ import annotations

import json
import re

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.errors import ScopeError
from grants.models import PendingReceipt, Spend
from partnerships.models import Member
from reporting.models import ReportStory

from ..models import PrivacyRequest
from ..selectors import Subject, erasure_blockers, places, subject_of, text_fields

PHONE_REMOVED = "[phone removed]"


def pseudonym_for(request: PrivacyRequest) -> tuple[str, str]:
    return f"Former member {request.pk}", f"former-member-{request.pk}@erased.invalid"


def erasure_propose(*, actor, reason: str, user=None, member=None) -> PrivacyRequest:
    permissions.require(
        permissions.may_erase_personal_data(actor), "Only an officer may propose an erasure."
    )
    if not reason.strip():
        raise ScopeError("Say why this person's data is to be erased.")
    subject = subject_of(user=user, member=member)
    blockers = erasure_blockers(subject)
    if blockers:
        raise ScopeError(" ".join(blockers))
    return PrivacyRequest.objects.create(
        kind=PrivacyRequest.Kind.ERASURE,
        status=PrivacyRequest.Status.PROPOSED,
        subject_user=subject.user,
        subject_member=member,
        requested_by=actor,
        reason=reason.strip(),
    )


def erasure_approve(*, actor, request_id: int) -> PrivacyRequest:
    permissions.require(
        permissions.may_erase_personal_data(actor), "Only an officer may approve an erasure."
    )
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(  # one approval
            pk=request_id, kind=PrivacyRequest.Kind.ERASURE
        )
        if request.status == PrivacyRequest.Status.ERASED:
            return request
        if request.requested_by_id == actor.pk:
            raise ScopeError("A second officer approves an erasure, not the one who proposed it.")
        subject = subject_of(user=request.subject_user, member=request.subject_member)
        blockers = erasure_blockers(subject)
        if blockers:
            raise ScopeError(" ".join(blockers))
        pseudonym, _ = pseudonym_for(request)
        changed = _erase(subject, request)
        request.status = PrivacyRequest.Status.ERASED
        request.approved_by = actor
        request.pseudonym = pseudonym
        request.places_changed = changed
        request.finished_at = timezone.now()
        request.save(
            update_fields=["status", "approved_by", "pseudonym", "places_changed", "finished_at"]
        )
    return request


def _replacer(subject: Subject, pseudonym: str, email: str):
    emails = {e.lower() for e in subject.emails}
    phones = {p.lower() for p in subject.phones}

    def instead(term: str) -> str:
        if term.lower() in emails:
            return email
        if term.lower() in phones:
            return PHONE_REMOVED
        return pseudonym

    patterns = [
        (re.compile(re.escape(term), re.IGNORECASE), instead(term)) for term in subject.terms
    ]

    def replace_text(text: str) -> str:
        for pattern, replacement in patterns:
            text = pattern.sub(replacement, text)
        return text

    def replace(value):
        if isinstance(value, str):
            return replace_text(value)
        return json.loads(replace_text(json.dumps(value, ensure_ascii=False)))

    return replace


def _erase(subject: Subject, request: PrivacyRequest) -> int:
    pseudonym, email = pseudonym_for(request)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the append-only triggers let text through, now
            cursor.execute("SET LOCAL cwf.pseudonymising = 'on'")
    _delete_files(subject)
    user = subject.user
    if user is not None:
        # The sign-in service's second addresses would collide once pseudonymised.
        user.emailaddress_set.all().delete()
        type(user).objects.filter(pk=user.pk).update(is_active=False, password="!erased")
    if subject.members:  # a pseudonym is never named on a public page
        Member.objects.filter(pk__in=[m.pk for m in subject.members]).update(
            named_publicly_since=None
        )
    replace = _replacer(subject, pseudonym, email)
    models_by_label = {label: (model, field) for model, field, label in text_fields()}
    changed = 0
    for place in list(places(subject)):
        model, field = models_by_label[place.label]
        model._default_manager.filter(pk=place.pk).update(**{field.name: replace(place.value)})
        changed += 1
    return changed


def _delete_files(subject: Subject) -> None:
    """Receipts they uploaded, photos they added, and any export of their data not collected."""
    held = []
    if subject.user is not None:
        held += [
            (s, "receipt") for s in Spend.objects.filter(logged_by=subject.user).exclude(receipt="")
        ]
        for pending in PendingReceipt.objects.filter(chosen_by=subject.user):
            pending.file.delete(save=False)
            pending.delete()
        held += [
            (s, "photo")
            for s in ReportStory.objects.filter(added_by=subject.user).exclude(photo="")
        ]
    held += [
        (r, "file")
        for r in PrivacyRequest.objects.filter(
            kind=PrivacyRequest.Kind.EXPORT, status=PrivacyRequest.Status.READY
        ).filter(_about(subject))
    ]
    for row, name in held:
        stored = getattr(row, name)
        if stored:
            stored.storage.delete(stored.name)
        type(row)._default_manager.filter(pk=row.pk).update(**{name: ""})


def _about(subject: Subject) -> Q:
    q = Q(pk__in=[])
    if subject.user is not None:
        q |= Q(subject_user=subject.user)
    if subject.members:
        q |= Q(subject_member__in=subject.members)
    return q
