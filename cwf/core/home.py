"""The home page's tasks and everyday actions, by role.

The home page answers "what needs doing now, and by when?" (GOV.UK's task list), then offers the
everyday actions ("Log a spend"). Each app knows its own work, so each registers the functions
that list it (`<app>/home.py`, registered in its AppConfig.ready) and the kernel never imports a
feature. A task source is `source(viewer, today) -> Iterable[Task]` and reads only through the
app's selectors, scoped to the viewer; an action source is `source(viewer) -> Iterable[Action]`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# How many tasks of one kind are listed one by one before a "N more" task links to the list.
SHOWN_EACH = 5


@dataclass(frozen=True)
class Task:
    # What to do, as a link: "Write the quarterly report for April to June 2026".
    text: str
    url: str
    # The status tag, and its GOV.UK colour (govuk-tag--<colour>; "" for the default).
    status: str = "To do"
    colour: str = "blue"
    due: datetime.date | None = None
    # A line under the link: whose, how much, what was asked.
    hint: str = ""

    def overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    # Lower first: what people do most ("Log a spend") leads the list, as a button.
    rank: int = 50
    primary: bool = False


TaskSource = Callable[[object, datetime.date], Iterable[Task]]
ActionSource = Callable[[object], Iterable[Action]]
TASK_SOURCES: list[TaskSource] = []
ACTION_SOURCES: list[ActionSource] = []


def register_tasks(source: TaskSource) -> None:
    if source not in TASK_SOURCES:
        TASK_SOURCES.append(source)


def register_actions(source: ActionSource) -> None:
    if source not in ACTION_SOURCES:
        ACTION_SOURCES.append(source)


def tasks_for(*, viewer, today: datetime.date) -> list[Task]:
    """Every source's tasks for `viewer`: overdue first, then by due date, then the rest."""
    tasks = [task for source in TASK_SOURCES for task in source(viewer, today)]
    return sorted(
        tasks,
        key=lambda t: (not t.overdue(today), t.due is None, t.due or datetime.date.max),
    )


def actions_for(*, viewer) -> list[Action]:
    actions = [action for source in ACTION_SOURCES for action in source(viewer)]
    return sorted(actions, key=lambda action: action.rank)


def dated(text: str, url: str, *, due: datetime.date, today: datetime.date, hint: str = "") -> Task:
    """A task with a deadline: "Overdue" in red once `due` has passed, "Due" until then."""
    late = due < today
    return Task(
        text,
        url,
        status="Overdue" if late else "Due",
        colour="red" if late else "blue",
        due=due,
        hint=hint or f"due {day(due)}",
    )


def first_few(queryset, make: Callable[[object], Task], more: Callable[[int], Task]) -> list[Task]:
    """A task per row for the first SHOWN_EACH rows, then one task for the rest ("3 more
    reports to review"), counted only when there are more."""
    rows = list(queryset[: SHOWN_EACH + 1])
    tasks = [make(row) for row in rows[:SHOWN_EACH]]
    if len(rows) > SHOWN_EACH:
        tasks.append(more(queryset.count() - SHOWN_EACH))
    return tasks


def day(value: datetime.date | None) -> str:
    """6 Dec 2026: how the product writes a date (cwf.core.dates)."""
    from .dates import display_date

    return display_date(value)


__all__ = [
    "SHOWN_EACH",
    "Action",
    "Task",
    "actions_for",
    "dated",
    "day",
    "first_few",
    "register_actions",
    "register_tasks",
    "tasks_for",
]
