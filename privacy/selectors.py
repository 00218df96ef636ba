"""Where a person's data is. A person is an account, a partnership member, or both; what names
them is their names, e-mail addresses and phone numbers, gathered from every row that is theirs
(their LTO and co-funder contact rows too, found by e-mail address or name).
Every field the register declares as text is then searched for those (one query per field), so
a name typed into minutes, a report or the audit log's change record is found as surely as the
member's own row. The export hands over what this finds; erasure replaces it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from cwf.accounts import permissions
from cwf.accounts.models import Invitation, User
from grants.models import CoFunderContact
from partnerships.models import LtoContact, Member

from .models import PrivacyRequest
from .register import PERSONAL

# A term shorter than this (a first name alone) would match strangers' text too.
_SHORTEST_TERM = 4


@dataclass
class Subject:
    user: User | None
    members: list[Member]
    names: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    contacts: list[LtoContact] = field(default_factory=list)
    co_funder_contacts: list[CoFunderContact] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        found = {t.strip() for t in self.names | self.emails | self.phones}
        # Longest first, so an address is replaced before a name inside it.
        return sorted((t for t in found if len(t) >= _SHORTEST_TERM), key=len, reverse=True)


@dataclass(frozen=True)
class Place:
    label: str  # "partnerships.Meeting.minutes"
    pk: object
    value: object


def subject_of(*, user: User | None = None, member: Member | None = None) -> Subject:
    """The person behind an account or a member row, with every row that is theirs."""
    if member is not None and user is None:
        user = member.user
    members: dict[int, Member] = {}
    if member is not None:
        members[member.pk] = member
    if user is not None:
        members.update({m.pk: m for m in Member.objects.filter(user=user)})
    subject = Subject(user=user, members=list(members.values()))
    if user is not None:
        subject.emails.add(user.email)
        subject.emails.update(user.emailaddress_set.values_list("email", flat=True))
        if user.full_name:
            subject.names.add(user.full_name)
    for m in subject.members:
        subject.names.add(m.full_name)
        if m.email:
            subject.emails.add(m.email)
    emails = {e.lower() for e in subject.emails if e}
    subject.contacts = list(
        LtoContact.objects.filter(_any_iexact("email", emails) | _any_iexact("name", subject.names))
    )
    subject.co_funder_contacts = list(
        CoFunderContact.objects.select_related("co_funder").filter(
            _any_iexact("email", emails) | _any_iexact("name", subject.names)
        )
    )
    for contact in [*subject.contacts, *subject.co_funder_contacts]:
        subject.names.add(contact.name)
        if contact.email:
            subject.emails.add(contact.email)
        if contact.phone:
            subject.phones.add(contact.phone)
    subject.invitations = list(Invitation.objects.filter(_any_iexact("email", subject.emails)))
    subject.emails.discard("")
    return subject


def _any_iexact(name: str, values) -> Q:
    q = Q(pk__in=[])
    for value in values:
        if value:
            q |= Q(**{f"{name}__iexact": value})
    return q


def text_fields() -> list[tuple[type[models.Model], models.Field, str]]:
    """Every field the register declares personal that holds text (not a file)."""
    found = []
    for label in PERSONAL:
        app_label, model_name, field_name = label.split(".")
        model = apps.get_model(app_label, model_name)
        model_field = model._meta.get_field(field_name)
        if not isinstance(model_field, models.FileField):
            found.append((model, model_field, label))
    return found


def places(subject: Subject) -> Iterator[Place]:
    """Every declared text field of every row that mentions the person."""
    terms = subject.terms
    if not terms:
        return
    for model, model_field, label in text_fields():
        searched = model._default_manager.annotate(_text=Cast(model_field.name, TextField()))
        condition = Q()
        for term in terms:
            condition |= Q(_text__icontains=term)
        for pk, value in searched.filter(condition).values_list("pk", model_field.name):
            yield Place(label=label, pk=pk, value=value)


def erasure_blockers(subject: Subject) -> list[str]:
    """Why this person cannot be erased yet, in words an officer can act on."""
    reasons = []
    if subject.user is not None:
        for role in subject.user.role_assignments.select_related("partnership"):
            reasons.append(
                f"They hold the role {role}. Take the role away first: "
                "the fund's records need a person behind every role in force."
            )
    for m in subject.members:
        if m.left_on is None:
            reasons.append(
                f"They are still a member of {m.partnership}. Record that they left first."
            )
    return reasons


def requests_for(*, viewer) -> models.QuerySet[PrivacyRequest]:
    """Officers see every request; anyone else only their own exports."""
    requests = PrivacyRequest.objects.select_related(
        "subject_user", "subject_member", "requested_by", "approved_by"
    )
    if permissions.is_officer(viewer):
        return requests
    return requests.filter(
        kind=PrivacyRequest.Kind.EXPORT, subject_user=viewer, requested_by=viewer
    )
