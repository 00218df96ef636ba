"""Events other apps may listen to without grants knowing them (dependencies point one way:
reporting → grants → partnerships → cwf, so grants cannot call reporting's notifications).

`plan_status_changed` is sent inside the service's transaction, after the plan's new status is
saved, with `plan` and `actor`: a listener that writes rows (reporting's notifications) commits
or rolls back with the change itself, and schedules its own side effects on commit."""

from django.dispatch import Signal

plan_status_changed = Signal()

# Sent inside the service's transaction, with `allocation`, `event`, `actor` and, for the
# amendment events, `amendment`: "amendment_proposed" ("ending_proposed" for a withdrawal or a
# close), "amendment_approved", "amendment_rejected", "close_out_started". Reporting tells the
# people concerned (issue 24).
allocation_event = Signal()

# Sent inside the service's transaction with `review`, `event` ("submitted", "acknowledged")
# and `actor`.
plan_review_event = Signal()

# Sent inside the service's transaction with `amendment` (a PledgeAmendment), `event`
# ("proposed", "approved", "rejected") and `actor`. Reporting tells the fund's officers.
pledge_event = Signal()
