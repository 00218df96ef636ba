"""Apply the retention schedule now (beat runs it daily), or with --dry-run say what it would
change without changing anything. Either way the run is logged with its counts."""

from django.core.management.base import BaseCommand

from privacy.services.retention import retention_run


class Command(BaseCommand):
    help = "Apply the personal data retention schedule (--dry-run: only count)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        run = retention_run(dry_run=dry_run)
        verb = "would change" if dry_run else "changed"
        for rule, count in run.counts.items():
            self.stdout.write(f"{rule.replace('_', ' ')}: {verb} {count}")
