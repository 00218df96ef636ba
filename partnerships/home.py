"""Partnerships' part of the home page (cwf.core.home): the yearly review of who is on the
partnership; and the everyday actions of running one ("Record a meeting")."""

from __future__ import annotations

import datetime

from django.urls import reverse

from cwf.accounts import permissions
from cwf.accounts.roles import Role
from cwf.core.home import Action, Task, dated, day, first_few

from .selectors import composition_reviews_open, partnership_list


def composition_tasks(viewer, today: datetime.date) -> list[Task]:
    """Reviews sent (or due) and not yet done: for the partnership's chair, and officers."""
    return first_few(
        composition_reviews_open(viewer=viewer, today=today),
        lambda review: dated(
            f"Review who is on {review.partnership.name}",
            reverse("partnerships:member_list", args=[review.partnership_id]),
            due=review.due_on,
            today=today,
            hint=f"The {review.year} review of the members, due {day(review.due_on)}",
        ),
        lambda left: Task(
            f"{left} more partnerships to review the members of",
            reverse("partnerships:partnership_list"),
        ),
    )


def partnership_actions(viewer) -> list[Action]:
    actions = []
    chaired = sorted(permissions.partnership_ids(viewer, [Role.PARTNERSHIP_CHAIR]))
    if chaired:
        names = dict(
            partnership_list(viewer=viewer).filter(pk__in=chaired).values_list("pk", "name")
        )
        for partnership_id in chaired:
            suffix = f" of {names.get(partnership_id, '')}" if len(chaired) > 1 else ""
            actions.append(
                Action(
                    f"Record a meeting{suffix}",
                    reverse("partnerships:meeting_create", args=[partnership_id]),
                    rank=20,
                )
            )
    if permissions.partnership_ids(viewer):
        actions.append(Action("See the decisions made", reverse("decisions:decision_log")))
    if permissions.is_officer(viewer):
        actions.append(Action("Create a partnership", reverse("partnerships:partnership_create")))
    return actions
