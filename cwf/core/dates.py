"""How the product writes a date: "6 Dec 2026", on every page, in every message, e-mail and
ledger memo (templates use the same with `|date:"j M Y"`). One way, so a resident never meets
"06/12/2026" on one page and "6 December 2026" on the next. And the date arithmetic every app
shares: a year or a month on, the end of a shorter month kept in it."""

from __future__ import annotations

import calendar
import datetime


def display_date(value: datetime.date | datetime.datetime | None) -> str:
    """6 Dec 2026 (a datetime is written as its date; strftime's %-d is not portable)."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved on by whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def display_date_time(value: datetime.datetime) -> str:
    """6 Dec 2026 at 14:05, in local time."""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{display_date(local)} at {local:%H:%M}"
