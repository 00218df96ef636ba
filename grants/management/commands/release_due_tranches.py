"""Run the daily release now (what beat runs at 06:00). Safe to run at any time, any number of
times: each due tranche is released once."""

from django.core.management.base import BaseCommand

from grants.services.disbursement import tranches_release_due


class Command(BaseCommand):
    help = "Release every due, unheld tranche now, exactly once each."

    def handle(self, *args, **options):
        outcomes = tranches_release_due()
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(self.style.SUCCESS(f"Release run: {summary or 'nothing due'}."))
