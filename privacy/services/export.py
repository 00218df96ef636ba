"""Subject access: everything held about one person, as a ZIP of JSON and their files, built in
the background (the request row shows its progress), downloaded once, then deleted."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.queue import enqueue_after_commit
from grants.models import Spend
from partnerships.models import Member
from reporting.models import ReportStory

from ..models import PrivacyRequest
from ..selectors import Subject, places, subject_of, text_fields


def export_request(*, actor, user=None, member: Member | None = None) -> PrivacyRequest:
    permissions.require(
        permissions.may_export_personal_data(
            actor, subject_user_id=user.pk if user else (member.user_id if member else None)
        ),
        "Only an officer, or the person themselves, may ask for their data.",
    )
    with transaction.atomic():
        request = PrivacyRequest.objects.create(
            kind=PrivacyRequest.Kind.EXPORT,
            status=PrivacyRequest.Status.QUEUED,
            subject_user=user,
            subject_member=member,
            requested_by=actor,
        )
        enqueue_after_commit("privacy.tasks.export_build", request.pk)
    return request


def _subject(request: PrivacyRequest) -> Subject:
    return subject_of(user=request.subject_user, member=request.subject_member)


def _files(subject: Subject) -> list[tuple[str, object]]:
    """Their receipts and the photos of stories they added or that name them."""
    files = []
    if subject.user is not None:
        for spend in Spend.objects.filter(logged_by=subject.user).exclude(receipt=""):
            files.append(
                (
                    f"receipts/spend-{spend.pk}-{spend.receipt.name.rsplit('/', 1)[-1]}",
                    spend.receipt,
                )
            )
        for story in ReportStory.objects.filter(added_by=subject.user).exclude(photo=""):
            files.append(
                (f"photos/story-{story.pk}-{story.photo.name.rsplit('/', 1)[-1]}", story.photo)
            )
    return files


def _person(subject: Subject) -> dict:
    user = subject.user
    return {
        "account": None
        if user is None
        else {
            "email": user.email,
            "full_name": user.full_name,
            "joined": user.date_joined.isoformat(),
            "roles": [str(role) for role in user.role_assignments.all()],
        },
        "memberships": [
            {
                "partnership": str(m.partnership),
                "full_name": m.full_name,
                "email": m.email,
                "role": m.get_role_display(),
                "joined_on": m.joined_on.isoformat(),
                "left_on": m.left_on.isoformat() if m.left_on else None,
                "meetings_attended": [
                    {"held_on": meeting.held_on.isoformat(), "meeting": str(meeting)}
                    for meeting in m.meetings_attended.all()
                ],
                "conflicts_of_interest": [
                    {"decision": str(c.decision), "interest": c.interest}
                    for c in m.conflicts.select_related("decision")
                ],
            }
            for m in subject.members
        ],
        "lto_contacts": [
            {"organisation": str(c.lto), "name": c.name, "email": c.email, "phone": c.phone}
            for c in subject.contacts
        ],
        "co_funder_contacts": [
            {
                "organisation": str(c.co_funder),
                "name": c.name,
                "role": c.role,
                "email": c.email,
                "phone": c.phone,
            }
            for c in subject.co_funder_contacts
        ],
        "invitations": [
            {"email": i.email, "full_name": i.full_name, "sent": i.created_at.isoformat()}
            for i in subject.invitations
        ],
    }


def export_build(*, request_id: int) -> PrivacyRequest:
    """Build the ZIP. Safe to run twice: a request already built is left alone."""
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)  # one builder
        if request.status != PrivacyRequest.Status.QUEUED:
            return request
        request.status = PrivacyRequest.Status.BUILDING
        request.progress_total = len(text_fields()) + 2
        request.save(update_fields=["status", "progress_total"])
    subject = _subject(request)
    mentions: dict[str, list] = {}
    seen_labels: set[str] = set()
    for place in places(subject):
        if place.label not in seen_labels:
            seen_labels.add(place.label)
            PrivacyRequest.objects.filter(pk=request.pk).update(progress_done=len(seen_labels))
        mentions.setdefault(place.label, []).append({"id": place.pk, "text": place.value})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("person.json", json.dumps(_person(subject), indent=2, ensure_ascii=False))
        archive.writestr(
            "mentions.json", json.dumps(mentions, indent=2, ensure_ascii=False, default=str)
        )
        for name, stored in _files(subject):
            with stored.open("rb") as handle:
                archive.writestr(name, handle.read())
    request.file.save(f"export-{request.pk}.zip", ContentFile(buffer.getvalue()), save=False)
    request.status = PrivacyRequest.Status.READY
    request.progress_done = request.progress_total
    request.finished_at = timezone.now()
    request.save(update_fields=["file", "status", "progress_done", "finished_at"])
    return request


def export_download(*, actor, request_id: int) -> bytes:
    """The ZIP's bytes, once: the file is deleted as it is handed over, and the time logged."""
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(  # one download
            pk=request_id, kind=PrivacyRequest.Kind.EXPORT
        )
        permissions.require(
            permissions.is_officer(actor) or request.requested_by_id == actor.pk,
            "Only the person who asked may download an export.",
        )
        permissions.require(
            request.status == PrivacyRequest.Status.READY,
            "This export is not ready, or it has been downloaded already.",
        )
        with request.file.open("rb") as handle:
            content = handle.read()
        request.file.delete(save=False)
        request.status = PrivacyRequest.Status.DOWNLOADED
        request.downloaded_at = timezone.now()
        request.save(update_fields=["file", "status", "downloaded_at"])
    return content
