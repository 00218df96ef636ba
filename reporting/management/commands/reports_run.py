"""Run the reporting beat job now: create ended quarters' reports, remind, escalate, hold, then
send the e-mails. Safe at any time, any number of times: each step happens once."""

from datetime import date

from django.core.management.base import BaseCommand

from cwf.core.outbox import outbox_send
from reporting.services.reminders import reports_hourly


class Command(BaseCommand):
    help = "Create due quarterly reports and send reminders, escalations and holds, once each."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=date.fromisoformat, help="Run as if it were this day (YYYY-MM-DD)."
        )

    def handle(self, *args, today=None, **options):
        counts = reports_hourly(today=today)
        sent = outbox_send()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        emails = ", ".join(f"{count} {status}" for status, count in sorted(sent.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Reports run: {summary}; e-mails: {emails or 'none waiting'}.")
        )
