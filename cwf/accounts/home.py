"""The accounts part of the home page (cwf.core.home): an invitation waiting for the person
signed in, and invitations they sent that nobody has accepted yet."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from cwf.core.home import Action, Task, day

from . import permissions
from .models import Invitation
from .selectors import invitation_list, invitations_to


def invitation_tasks(viewer, today: datetime.date) -> list[Task]:
    tasks = []
    for invitation in invitations_to(viewer=viewer):
        role = invitation.get_role_display()
        of = f" of {invitation.partnership.name}" if invitation.partnership_id else ""
        sent = timezone.localdate(invitation.sent_at)
        expires = timezone.localdate(invitation.expires_at)
        tasks.append(
            Task(
                f"Accept your invitation to be {role}{of}",
                "",
                status="To accept",
                due=expires,
                # The link is a secret only the e-mail holds (only its hash is kept).
                hint=f"To accept, open the link in the e-mail sent to you on {day(sent)}. "
                f"It works until {day(expires)}.",
            )
        )
    if permissions.may_manage_invitations(viewer):
        waiting = (
            invitation_list(viewer=viewer)
            .filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
            .count()
        )
        if waiting:
            tasks.append(
                Task(
                    f"{waiting} invitation{'s' if waiting != 1 else ''} not accepted yet",
                    reverse("invitation_index") + "?status=pending",
                    status="Waiting",
                    colour="grey",
                    hint="Send the link again if it was lost",
                )
            )
    return tasks


def invitation_actions(viewer) -> list[Action]:
    if permissions.may_manage_invitations(viewer):
        return [Action("Invite people", reverse("invitation_index"))]
    return []
