"""How the product writes a date: "6 Dec 2026", on every page, in every message, e-mail and
ledger memo (templates use the same with `|date:"j M Y"`). One way, so a resident never meets
"06/12/2026" on one page and "6 December 2026" on the next."""

from __future__ import annotations

import datetime


def display_date(value: datetime.date | datetime.datetime | None) -> str:
    """6 Dec 2026 (a datetime is written as its date; strftime's %-d is not portable)."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def display_date_time(value: datetime.datetime) -> str:
    """6 Dec 2026 at 14:05, in local time."""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{display_date(local)} at {local:%H:%M}"
